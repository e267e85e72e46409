import fc from 'fast-check';
import {
  buildRfmSegmentMap,
  DEFAULT_RFM_SEGMENT_MAP,
  DEFAULT_RFM_SEGMENT_RULES,
  rfmSegmentOf,
} from './rfm-segment-map';

describe('RFM named-segment map', () => {
  it('every (R, F) cell maps to exactly one named segment', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (r, f) => {
        const matching = DEFAULT_RFM_SEGMENT_RULES.filter(
          (rule) => r >= rule.r[0] && r <= rule.r[1] && f >= rule.f[0] && f <= rule.f[1],
        );
        expect(matching).toHaveLength(1);
        expect(rfmSegmentOf(r, f)).toBe(matching[0].segment);
      }),
    );
  });

  it('is the spec §B table', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegmentOf(r, f)));
    expect(grid).toEqual([
      ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
      ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal_customers', 'loyal_customers'],
      ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal_customers', 'loyal_customers'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
    ]);
    expect(DEFAULT_RFM_SEGMENT_MAP.cells).toHaveLength(25);
  });

  it('rejects maps with a gap, an overlap or a score outside 1..5', () => {
    const withoutChampions = DEFAULT_RFM_SEGMENT_RULES.filter((r) => r.segment !== 'champions');
    expect(() => buildRfmSegmentMap(withoutChampions)).toThrow('cell R5F4 has no segment');
    expect(() =>
      buildRfmSegmentMap([...DEFAULT_RFM_SEGMENT_RULES, { segment: 'champions', r: [4, 4], f: [5, 5] }]),
    ).toThrow('cell R4F5 is in both loyal_customers and champions');
    expect(() => buildRfmSegmentMap([{ segment: 'all', r: [0, 5], f: [1, 5] }])).toThrow(RangeError);
  });

  it('accepts a custom partition', () => {
    const map = buildRfmSegmentMap([
      { segment: 'recent', r: [4, 5], f: [1, 5] },
      { segment: 'older', r: [1, 3], f: [1, 5] },
    ]);
    expect(rfmSegmentOf(5, 1, map)).toBe('recent');
    expect(rfmSegmentOf(3, 5, map)).toBe('older');
  });

  it('rejects scores outside 1..5', () => {
    expect(() => rfmSegmentOf(0, 3)).toThrow(RangeError);
    expect(() => rfmSegmentOf(2.5, 3)).toThrow(RangeError);
  });
});
