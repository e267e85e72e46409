import type { MeanSufficientStatistics } from '../stats';
import type { ExperimentMetricKey } from './experiment-metrics';
import { LATENCY_BUCKET_COUNT, latencyBucketBounds, latencyBucketIndex } from './latency-histogram';

/** Named counters of one variant (the `Counters` of `experiment-aggregates.ts`). */
type Counters = Readonly<Record<string, number>>;

/** The per-call continuous metrics that winsorization caps (rating is bounded 1–5; outcome errors are not capped). */
export const WINSORIZED_METRICS = ['latencyMs', 'inputTokens', 'outputTokens', 'costUsd'] as const;
export type WinsorizedMetricKey = (typeof WINSORIZED_METRICS)[number];

/**
 * Counter prefix and scale of each metric's histogram. Values are bucketed on the latency histogram's
 * log-spaced edges (10 per decade from 1) after multiplying by `scale`: ms and tokens as they are,
 * cost in micro-USD. Latency reuses the always-recorded `lh_<i>` counts.
 */
const HISTOGRAMS: Readonly<Record<WinsorizedMetricKey, { readonly prefix: string; readonly scale: number }>> = {
  latencyMs: { prefix: 'l', scale: 1 },
  inputTokens: { prefix: 'i', scale: 1 },
  outputTokens: { prefix: 'o', scale: 1 },
  costUsd: { prefix: 'c', scale: 1e6 },
};

const countName = (metric: WinsorizedMetricKey, i: number) => `${HISTOGRAMS[metric].prefix}h_${i}`;
const sumName = (metric: WinsorizedMetricKey, i: number) => `${HISTOGRAMS[metric].prefix}hs_${i}`;
const squaresName = (metric: WinsorizedMetricKey, i: number) => `${HISTOGRAMS[metric].prefix}hq_${i}`;

/** Bucket of `value` (metric unit) in the metric's histogram. */
export function histogramBucketOf(metric: WinsorizedMetricKey, value: number): number {
  return latencyBucketIndex(value * HISTOGRAMS[metric].scale);
}

/** Upper edge of bucket `index` in the metric's unit (Infinity for the open top bucket). */
export function histogramUpperEdge(metric: WinsorizedMetricKey, index: number): number {
  return latencyBucketBounds(index)[1] / HISTOGRAMS[metric].scale;
}

/**
 * Counter deltas of one value: count, Σx and Σx² of its bucket. Kept per bucket so that a cap placed
 * on a bucket edge at results time gives exact winsorized sums (see {@link winsorizedStatistics}).
 */
export function histogramIncrement(metric: WinsorizedMetricKey, value: number): Record<string, number> {
  const i = histogramBucketOf(metric, value);
  return { [countName(metric, i)]: 1, [sumName(metric, i)]: value, [squaresName(metric, i)]: value * value };
}

/** How a metric was winsorized, for the results and the settings shown with them. */
export type WinsorizationOutcome =
  | {
      readonly status: 'applied';
      readonly percentile: number;
      /** Upper cap in the metric's unit; every value ≥ cap counts as the cap. */
      readonly cap: number;
      /** Values replaced by the cap, per variant (control first). */
      readonly cappedObservations: readonly number[];
      /** Capped sufficient statistics per variant (control first). */
      readonly statistics: readonly MeanSufficientStatistics[];
    }
  | { readonly status: 'not_applied'; readonly percentile: number; readonly reason: string };

/**
 * Winsorized sufficient statistics of a metric across variants, from the bucket counters.
 *
 * Cap rule (reproducible from the stored counters): pool the variants' histograms (one cap for every
 * arm, as GrowthBook's percentile capping does), find the first bucket b whose cumulative count
 * reaches `percentile × N`, and cap at b's upper edge. Every value in buckets ≤ b is below the cap
 * and stays; every value in buckets > b is ≥ the cap and becomes the cap, so
 * Σx_w = Σ_{i≤b} Σx_i + cap·Σ_{i>b} n_i and Σx_w² = Σ_{i≤b} Σx²_i + cap²·Σ_{i>b} n_i exactly
 * (identical to applying `winsorize(x, { upper: cap })` to each value). At most (1 − percentile)·N
 * values are capped, and the cap is at most one bucket (25.9 %) above the exact pooled quantile.
 *
 * `not_applied` when there are no values, when a variant's histogram does not account for all its
 * values (aggregates recorded without winsorization: recompute them), or when the quantile falls in
 * the open top bucket.
 */
export function winsorizedStatistics(
  metric: WinsorizedMetricKey,
  countersByVariant: readonly Counters[],
  percentile: number,
): WinsorizationOutcome {
  const notApplied = (reason: string): WinsorizationOutcome => ({ status: 'not_applied', percentile, reason });
  const value = (counters: Counters, name: string) => counters[name] ?? 0;
  const pooled = Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) =>
    countersByVariant.reduce((sum, c) => sum + value(c, countName(metric, i)), 0),
  );
  const total = pooled.reduce((a, b) => a + b, 0);
  if (total <= 0) return notApplied('no values yet');
  const incomplete = countersByVariant.some((c) => {
    let counted = 0;
    let summed = 0;
    for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) {
      counted += value(c, countName(metric, i));
      summed += value(c, sumName(metric, i));
    }
    const sum = value(c, `${metric}_s`);
    return counted !== value(c, `${metric}_n`) || Math.abs(summed - sum) > 1e-9 * Math.max(1, Math.abs(sum));
  });
  if (incomplete) return notApplied('the bucket counters do not cover every value (recorded before winsorization was enabled): recompute the aggregates');
  const target = percentile * total;
  let cumulative = 0;
  let capBucket = LATENCY_BUCKET_COUNT - 1;
  for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) {
    cumulative += pooled[i] ?? 0;
    if ((pooled[i] ?? 0) > 0 && cumulative >= target) {
      capBucket = i;
      break;
    }
  }
  const cap = histogramUpperEdge(metric, capBucket);
  if (!Number.isFinite(cap)) return notApplied('the percentile falls in the open top bucket: no finite cap');
  const cappedObservations: number[] = [];
  const statistics = countersByVariant.map((c): MeanSufficientStatistics => {
    let sum = 0;
    let sumOfSquares = 0;
    let capped = 0;
    for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) {
      if (i <= capBucket) {
        sum += value(c, sumName(metric, i));
        sumOfSquares += value(c, squaresName(metric, i));
      } else {
        capped += value(c, countName(metric, i));
      }
    }
    cappedObservations.push(capped);
    return { n: value(c, `${metric}_n`), sum: sum + cap * capped, sumOfSquares: sumOfSquares + cap * cap * capped };
  });
  return { status: 'applied', percentile, cap, cappedObservations, statistics };
}

/** Whether a metric is one of the {@link WINSORIZED_METRICS}. */
export function isWinsorizedMetric(metric: ExperimentMetricKey): metric is WinsorizedMetricKey {
  return (WINSORIZED_METRICS as readonly string[]).includes(metric);
}
