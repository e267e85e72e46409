import fc from 'fast-check';
import { median, medianOfSorted, quantileOfSorted, welchSatterthwaiteDegreesOfFreedom } from './statistics';

describe('quantileOfSorted', () => {
  it('matches numpy.quantile (linear) on a small sample', () => {
    expect([0, 0.1, 0.25, 0.5, 0.75, 0.9, 1].map((p) => quantileOfSorted([1, 2, 2, 3, 10], p))).toEqual([1, 1.4, 2, 2, 3, 7.200000000000001, 10]);
  });

  it('is monotone in p and stays within [min, max]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p, q) => {
        const sorted = Float64Array.from(values).sort();
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        expect(quantileOfSorted(sorted, lo)).toBeLessThanOrEqual(quantileOfSorted(sorted, hi));
        expect(quantileOfSorted(sorted, lo)).toBeGreaterThanOrEqual(sorted[0]);
        expect(quantileOfSorted(sorted, hi)).toBeLessThanOrEqual(sorted[sorted.length - 1]);
      }),
    );
  });

  it('rejects an empty sample and a probability outside [0, 1]', () => {
    expect(() => quantileOfSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileOfSorted([1], 1.5)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle values (numpy.median)', () => {
    expect(median([30, 4, 10])).toBe(10);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(medianOfSorted([1, 2, 3, 4])).toBe(2.5);
  });
});

describe('welchSatterthwaiteDegreesOfFreedom', () => {
  it('matches scipy.stats.ttest_ind(equal_var=False) df for s² = 4, 9 and n = 10, 15', () => {
    // va = 0.4, vb = 0.6: (1.0)² / (0.16/9 + 0.36/14) = 22.9090...
    expect(welchSatterthwaiteDegreesOfFreedom(0.4, 10, 0.6, 15)).toBeCloseTo(1 / (0.16 / 9 + 0.36 / 14), 12);
  });

  it('is n_A + n_B − 2 for equal variances and equal sizes', () => {
    expect(welchSatterthwaiteDegreesOfFreedom(0.5, 20, 0.5, 20)).toBeCloseTo(38, 12);
  });
});
