import { quantileOfSorted } from '../../common/domain/statistics';
import fc from 'fast-check';
import { binOf, quantileEdges, quantileScores, rankFirst } from './quintiles';

describe('quantileOfSorted', () => {
  it('matches numpy.quantile (method="linear") to the bit', () => {
    // numpy.quantile([1, 2, 2, 3, 10], [0.1, 0.25, 0.5, 0.75, 0.9]) — scripts/rfm-quintile-reference.py
    expect([0.1, 0.25, 0.5, 0.75, 0.9].map((p) => quantileOfSorted([1, 2, 2, 3, 10], p))).toEqual([
      1.4, 2.0, 2.0, 3.0, 7.200000000000001,
    ]);
  });

  it('returns the extremes at 0 and 1 and the single value of a one-element sample', () => {
    expect(quantileOfSorted([3, 4, 9], 0)).toBe(3);
    expect(quantileOfSorted([3, 4, 9], 1)).toBe(9);
    expect(quantileOfSorted([7], 0.5)).toBe(7);
  });

  it('rejects an empty sample and probabilities outside [0, 1]', () => {
    expect(() => quantileOfSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileOfSorted([1], 1.5)).toThrow(RangeError);
    expect(() => quantileOfSorted([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('binOf (right-closed bins, lowest included)', () => {
  const edges = [0, 10, 20, 30, 40, 50];
  it.each([
    [0, 1],
    [10, 1],
    [10.0001, 2],
    [20, 2],
    [30, 3],
    [40, 4],
    [40.5, 5],
    [50, 5],
    [-5, 1],
    [99, 5],
  ])('%d → bin %d', (x, bin) => {
    expect(binOf(edges, x)).toBe(bin);
  });

  it('skips the empty bins between duplicate edges', () => {
    const tied = [1, 1, 1, 2, 5, 9];
    expect(binOf(tied, 1)).toBe(1);
    expect(binOf(tied, 2)).toBe(3);
    expect(binOf(tied, 3)).toBe(4);
  });
});

describe('quantileScores', () => {
  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 });

  it('scores are in 1..5', () => {
    fc.assert(
      fc.property(sample, fc.boolean(), (values, descending) => {
        const { scores } = quantileScores(values, 5, descending);
        for (const s of scores) expect(s >= 1 && s <= 5).toBe(true);
      }),
    );
  });

  it('scores are monotone in the feature (non-increasing when descending)', () => {
    fc.assert(
      fc.property(sample, fc.boolean(), (values, descending) => {
        const { scores } = quantileScores(values, 5, descending);
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if (values[i] < values[j]) {
              if (descending) expect(scores[i]).toBeGreaterThanOrEqual(scores[j]);
              else expect(scores[i]).toBeLessThanOrEqual(scores[j]);
            }
          }
        }
      }),
    );
  });

  it('distinct values fill the five bins equally', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    const { scores } = quantileScores(values);
    const counts = [0, 0, 0, 0, 0];
    for (const s of scores) counts[s - 1]++;
    expect(counts).toEqual([20, 20, 20, 20, 20]);
  });

  it('edges are the quantiles at 0, .2, .4, .6, .8, 1', () => {
    expect(Array.from(quantileEdges([5, 1, 4, 2, 3, 6]))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('rankFirst', () => {
  it('breaks ties by the given order, as pandas rank(method="first")', () => {
    const values = [3, 1, 3, 1, 2];
    expect(Array.from(rankFirst(values, [0, 1, 2, 3, 4]))).toEqual([4, 1, 5, 2, 3]);
    expect(Array.from(rankFirst(values, [4, 3, 2, 1, 0]))).toEqual([5, 2, 4, 1, 3]);
  });

  it('is a permutation of 1..n consistent with the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 }), (values) => {
        const order = values.map((_, i) => i);
        const rank = rankFirst(values, order);
        expect(Array.from(rank).sort((a, b) => a - b)).toEqual(order.map((i) => i + 1));
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) if (values[i] < values[j]) expect(rank[i]).toBeLessThan(rank[j]);
        }
      }),
    );
  });
});
