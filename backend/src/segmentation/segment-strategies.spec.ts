import { DEFAULT_SEGMENT_STRATEGIES, FALLBACK_STRATEGY, parseSegmentStrategies } from './segment-strategies';
import { LIFECYCLE_SEGMENT_NAMES, RFM_SEGMENT_NAMES } from './domain/segment-schemes';

describe('segment strategies', () => {
  it('every RFM and lifecycle segment has a default strategy', () => {
    for (const segment of [...Object.keys(RFM_SEGMENT_NAMES), ...Object.keys(LIFECYCLE_SEGMENT_NAMES)]) {
      expect(DEFAULT_SEGMENT_STRATEGIES[segment]).toEqual(expect.objectContaining({ strategy: expect.any(String), channel: expect.any(String) }));
    }
  });

  it('no override: the defaults', () => {
    expect(parseSegmentStrategies(undefined)).toEqual({ strategies: { ...DEFAULT_SEGMENT_STRATEGIES }, problems: [] });
    expect(parseSegmentStrategies('  ').problems).toEqual([]);
  });

  it('an override merges into the default of its segment; a new segment needs every field', () => {
    const { strategies, problems } = parseSegmentStrategies(
      JSON.stringify({ champions: { channel: 'sms' }, vip_b2b: { strategy: 'vip-care', channel: 'phone', cadence: 'monthly', offer: 'account manager' } }),
    );
    expect(problems).toEqual([]);
    expect(strategies.champions).toEqual({ ...DEFAULT_SEGMENT_STRATEGIES.champions, channel: 'sms' });
    expect(strategies.vip_b2b).toEqual({ ...FALLBACK_STRATEGY, strategy: 'vip-care', channel: 'phone', cadence: 'monthly', offer: 'account manager' });
  });

  it('names every problem', () => {
    expect(parseSegmentStrategies('{').problems).toEqual(['SEGMENT_STRATEGIES: must be valid JSON']);
    expect(parseSegmentStrategies('[]').problems).toEqual(['SEGMENT_STRATEGIES: must be a JSON object keyed by segment id']);
    const { problems } = parseSegmentStrategies(JSON.stringify({ champions: { strategy: 'spam', colour: 'red', actions: [1] }, odd: { channel: 'x' } }));
    expect(problems).toEqual([
      'SEGMENT_STRATEGIES: champions.colour: unknown field',
      'SEGMENT_STRATEGIES: champions.strategy: must be one of retention, upsell, win-back, reactivation, nurture, onboarding, vip-care',
      'SEGMENT_STRATEGIES: champions.actions: must be an array of at most 20 strings of 1..200 characters',
      'SEGMENT_STRATEGIES: odd.strategy: required for a segment without a default',
      'SEGMENT_STRATEGIES: odd.cadence: required for a segment without a default',
      'SEGMENT_STRATEGIES: odd.offer: required for a segment without a default',
    ]);
  });
});
