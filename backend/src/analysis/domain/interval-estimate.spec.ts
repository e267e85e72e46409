import fc from 'fast-check';
import { estimateNextIntervalDays, recencyWeightedMean, regularityConfidence } from './interval-estimate';

describe('estimateNextIntervalDays', () => {
  it('returns the interval itself for perfectly regular buying (CV 0: the prior has no weight)', () => {
    expect(estimateNextIntervalDays([10, 10, 10, 10])).toBe(10);
  });

  it('blends median and recent mean, then shrinks towards the prior by k = 4·min(1, CV)', () => {
    const intervals = [10, 20, 30];
    // median 20; weights 0.5^(2/3), 0.5^(1/3), 1 → recent mean; CV = 10/20 = 0.5 → k = 2
    const w = [0.5 ** (2 / 3), 0.5 ** (1 / 3), 1];
    const recent = (10 * w[0] + 20 * w[1] + 30 * w[2]) / (w[0] + w[1] + w[2]);
    expect(recencyWeightedMean(intervals)).toBeCloseTo(recent, 12);
    const centre = 0.7 * 20 + 0.3 * recent;
    expect(estimateNextIntervalDays(intervals)).toBeCloseTo((3 * centre + 2 * 30) / (3 + 2), 12);
    expect(estimateNextIntervalDays(intervals, { priorDays: 10 })).toBeCloseTo((3 * centre + 2 * 10) / 5, 12);
  });

  it('gives one interval the full prior weight (CV unknown → 1)', () => {
    expect(estimateNextIntervalDays([70])).toBeCloseTo((70 + 4 * 30) / 5, 12);
  });

  it('is null without intervals', () => {
    expect(estimateNextIntervalDays([])).toBeNull();
    expect(recencyWeightedMean([])).toBeNull();
  });

  it('stays between the smallest of (intervals, prior) and the largest', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.double({ min: 1, max: 100, noNaN: true }), (xs, prior) => {
        const e = estimateNextIntervalDays(xs, { priorDays: prior }) as number;
        return e >= Math.min(prior, ...xs) - 1e-9 && e <= Math.max(prior, ...xs) + 1e-9;
      }),
    );
  });
});

describe('regularityConfidence = exp(−CV) · n/(n+1)', () => {
  it('matches hand-computed values', () => {
    expect(regularityConfidence(0, 5)).toBeCloseTo(5 / 6, 12);
    expect(regularityConfidence(0.5, 3)).toBeCloseTo(Math.exp(-0.5) * 0.75, 12);
    expect(regularityConfidence(null, 1)).toBeCloseTo(Math.exp(-1) / 2, 12);
    expect(regularityConfidence(0.2, 0)).toBe(0);
  });

  const cv = fc.double({ min: 0, max: 50, noNaN: true });
  const n = fc.integer({ min: 0, max: 500 });

  it('is in [0, 1]', () => {
    fc.assert(fc.property(cv, n, (c, k) => regularityConfidence(c, k) >= 0 && regularityConfidence(c, k) <= 1));
  });

  it('decreases as the CV grows', () => {
    fc.assert(
      fc.property(cv, cv, fc.integer({ min: 1, max: 500 }), (a, b, k) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return regularityConfidence(hi, k) <= regularityConfidence(lo, k);
      }),
    );
  });

  it('grows with the number of repeats', () => {
    fc.assert(fc.property(cv, fc.integer({ min: 0, max: 500 }), (c, k) => regularityConfidence(c, k + 1) >= regularityConfidence(c, k)));
  });
});
