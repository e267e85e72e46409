import { quantileOfSorted } from '../../common/domain/statistics';
import { LATENCY_BUCKET_COUNT, latencyBucketBounds, latencyBucketIndex, latencyQuantileFromHistogram } from './latency-histogram';

const empiricalQuantile = (values: readonly number[], q: number) => quantileOfSorted(Float64Array.from(values).sort(), q);

function histogramOf(values: readonly number[]): number[] {
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const v of values) counts[latencyBucketIndex(v)] += 1;
  return counts;
}

describe('latency histogram', () => {
  it('puts every value inside its bucket bounds, edges in the bucket above', () => {
    for (const v of [0, 0.5, 1, 1.2589254117941673, 9.99, 10, 250, 999_999, 1_000_000, 5e6, -3, Number.NaN]) {
      const index = latencyBucketIndex(v);
      const [lower, upper] = latencyBucketBounds(index);
      if (Number.isFinite(v) && v >= 0) {
        expect(v).toBeGreaterThanOrEqual(lower);
        expect(v).toBeLessThan(upper);
      } else {
        expect(index).toBe(0);
      }
    }
    expect(latencyBucketIndex(10)).toBe(11);
    expect(latencyBucketIndex(1e7)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it('estimates p50/p95 of a log-normal sample within a few percent of the exact quantiles', () => {
    let state = 12345;
    const uniform = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state + 0.5) / 4294967296;
    };
    const values = Array.from({ length: 20_000 }, () => {
      const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      return Math.exp(Math.log(400) + 0.6 * z);
    });
    const counts = histogramOf(values);
    for (const q of [0.5, 0.95]) {
      const estimate = latencyQuantileFromHistogram(counts, q) ?? 0;
      const exact = empiricalQuantile(values, q);
      expect(Math.abs(estimate / exact - 1)).toBeLessThan(0.03);
    }
  });

  it('stays inside the worst-case bound of one bucket for a single value', () => {
    const counts = histogramOf([123]);
    const p50 = latencyQuantileFromHistogram(counts, 0.5) ?? 0;
    expect(Math.abs(p50 / 123 - 1)).toBeLessThan(0.26);
  });

  it('returns null when empty and rejects quantiles outside [0, 1]', () => {
    expect(latencyQuantileFromHistogram(new Array<number>(LATENCY_BUCKET_COUNT).fill(0), 0.5)).toBeNull();
    expect(() => latencyQuantileFromHistogram([1], 1.5)).toThrow(RangeError);
  });
});
