import { quantileOfSorted } from '../../common/domain/statistics';
import { recordWinsorizedObservation, winsorize } from '../stats';
import { histogramBucketOf, histogramUpperEdge, winsorizedStatistics } from './continuous-histograms';
import { exposureIncrement, ExposureObservation, sumCounters } from './experiment-aggregates';

const empiricalQuantile = (values: readonly number[], q: number) => quantileOfSorted(Float64Array.from(values).sort(), q);

function observation(latencyMs: number, costUsd = 0.001): ExposureObservation {
  return { cached: false, latencyMs, inputTokens: 1000, outputTokens: 200, costUsd, success: true, fallback: false, validOutput: true };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const on = { winsorization: true };

describe('winsorizedStatistics (cap on a bucket edge from the pooled histogram)', () => {
  const uniform = mulberry32(7);
  const arms = [0, 1].map((arm) =>
    Array.from({ length: 5000 }, (_, i) => (i % 997 === 0 ? 60_000 + i : (arm ? 450 : 400) * Math.exp(0.6 * (uniform() + uniform() + uniform() - 1.5)))),
  );
  const counters = arms.map((values) => sumCounters(values.map((v) => exposureIncrement(observation(v), false, on))));
  const outcome = winsorizedStatistics('latencyMs', counters, 0.999);

  it('equals capping every value with winsorize() at the reported cap', () => {
    if (outcome.status !== 'applied') throw new Error(outcome.reason);
    arms.forEach((values, arm) => {
      const reference = values.reduce((agg, v) => recordWinsorizedObservation(agg, v, { upper: outcome.cap }), {
        raw: { n: 0, sum: 0, sumOfSquares: 0 },
        winsorized: { n: 0, sum: 0, sumOfSquares: 0 },
      });
      const got = outcome.statistics[arm];
      expect(got?.n).toBe(reference.winsorized.n);
      expect(got?.sum).toBeCloseTo(reference.winsorized.sum, 6);
      expect((got?.sumOfSquares ?? 0) / reference.winsorized.sumOfSquares).toBeCloseTo(1, 12);
      expect(outcome.cappedObservations[arm]).toBe(values.filter((v) => winsorize(v, { upper: outcome.cap }) !== v || v === outcome.cap).length);
    });
  });

  it('caps at the upper edge of the bucket holding the pooled percentile: at most 0.1 % capped, within one bucket of the quantile', () => {
    if (outcome.status !== 'applied') throw new Error(outcome.reason);
    const pooled = [...arms[0]!, ...arms[1]!].sort((a, b) => a - b);
    const rankValue = pooled[Math.ceil(0.999 * pooled.length) - 1] as number;
    expect(outcome.cap).toBe(histogramUpperEdge('latencyMs', histogramBucketOf('latencyMs', rankValue)));
    expect(outcome.cap).toBeGreaterThan(rankValue);
    expect(outcome.cap / rankValue).toBeLessThanOrEqual(10 ** 0.1 + 1e-12);
    expect(outcome.cap).toBeGreaterThanOrEqual(empiricalQuantile(pooled, 0.999) * 0.99);
    const capped = outcome.cappedObservations.reduce((a, b) => a + b, 0);
    expect(capped).toBeGreaterThan(0);
    expect(capped).toBeLessThanOrEqual(0.001 * pooled.length);
  });

  it('works in micro-USD for cost', () => {
    const cost = [0, 1].map((arm) =>
      sumCounters(Array.from({ length: 2000 }, (_, i) => exposureIncrement(observation(100, i === 5 && arm ? 4.2 : 0.0005 + (i % 10) * 1e-5), false, on))),
    );
    const result = winsorizedStatistics('costUsd', cost, 0.999);
    if (result.status !== 'applied') throw new Error(result.reason);
    expect(result.cappedObservations).toEqual([0, 1]);
    expect(result.cap).toBeCloseTo(10 ** 2.8 / 1e6, 15);
    expect(result.statistics[1]?.sum).toBeCloseTo(2000 * 0.0005 + 200 * 45e-5 - (0.0005 + 5e-5) + result.cap, 12);
  });

  it('is not applied without values, on counters recorded without the bucket sums, or when the percentile is in the open top bucket', () => {
    expect(winsorizedStatistics('latencyMs', [{}, {}], 0.999)).toMatchObject({ status: 'not_applied', reason: 'no values yet' });
    const plain = [sumCounters([exposureIncrement(observation(100), false, { winsorization: false })]), {}];
    expect(winsorizedStatistics('latencyMs', plain, 0.999).status).toBe('not_applied');
    expect(winsorizedStatistics('inputTokens', plain, 0.999).status).toBe('not_applied');
    const huge = [sumCounters([exposureIncrement(observation(5e6), false, on)]), {}];
    expect(winsorizedStatistics('latencyMs', huge, 0.999)).toMatchObject({ status: 'not_applied', reason: expect.stringMatching(/open top bucket/) });
  });
});
