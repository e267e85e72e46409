import type { MetricAggregate, VariantAggregates } from '../stats';
import { EXPERIMENT_METRIC_KEYS, EXPERIMENT_METRICS, ExperimentMetricKey } from './experiment-metrics';
import { histogramIncrement, WINSORIZED_METRICS } from './continuous-histograms';
import { LATENCY_BUCKET_COUNT, latencyBucketIndex } from './latency-histogram';

/**
 * Sufficient statistics of one variant as named counters, the exact attributes of an aggregate
 * shard item (each updated with DynamoDB `ADD`):
 * - `units`: distinct assignment units first exposed; `requests`: served calls, cached or not;
 * - mean metric m: `m_n`, `m_s` (Σx), `m_ss` (Σx²); proportion metric p: `p_n`, `p_k` (successes);
 * - `lh_<i>`: latency histogram bucket i (see `latency-histogram.ts`);
 * - with winsorization on, per bucket i of each continuous metric `<p>h_<i>`, `<p>hs_<i>`, `<p>hq_<i>`
 *   (count, Σx, Σx²; p = l, i, o, c; see `continuous-histograms.ts`).
 */
export type Counters = Readonly<Record<string, number>>;

/** Aggregate shards per variant: writes spread over this many items, a read sums them. */
export const AGGREGATE_SHARDS = 8;

/** What one served analysis call reports. */
export interface ExposureObservation {
  /** Served from the cache: counts as an exposure, not as a model call. */
  readonly cached: boolean;
  readonly latencyMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly success: boolean;
  readonly fallback: boolean;
  readonly validOutput: boolean;
}

function meanCounters(key: ExperimentMetricKey, value: number): Record<string, number> {
  return { [`${key}_n`]: 1, [`${key}_s`]: value, [`${key}_ss`]: value * value };
}

function proportionCounters(key: ExperimentMetricKey, success: boolean): Record<string, number> {
  return { [`${key}_n`]: 1, [`${key}_k`]: success ? 1 : 0 };
}

/** What the aggregates of an experiment keep beyond the sufficient statistics. */
export interface AggregateOptions {
  /** Per-bucket counters of the continuous metrics, for winsorization. */
  readonly winsorization: boolean;
}

/** Counter deltas of one exposure; model metrics only for calls that were not served from the cache. */
export function exposureIncrement(observation: ExposureObservation, firstForUnit: boolean, options: AggregateOptions): Counters {
  const increment: Record<string, number> = { requests: 1, units: firstForUnit ? 1 : 0 };
  if (observation.cached) return increment;
  const histograms = options.winsorization
    ? Object.assign({}, ...WINSORIZED_METRICS.map((m) => histogramIncrement(m, observation[m]))) as Record<string, number>
    : {};
  return {
    ...increment,
    ...histograms,
    ...proportionCounters('validOutputRate', observation.validOutput),
    ...proportionCounters('successRate', observation.success),
    ...proportionCounters('fallbackRate', observation.fallback),
    ...meanCounters('latencyMs', observation.latencyMs),
    ...meanCounters('inputTokens', observation.inputTokens),
    ...meanCounters('outputTokens', observation.outputTokens),
    ...meanCounters('costUsd', observation.costUsd),
    [`lh_${latencyBucketIndex(observation.latencyMs)}`]: 1,
  };
}

/** Counter deltas of a rating (1..5). */
export function ratingIncrement(rating: number): Counters {
  return meanCounters('rating', rating);
}

/** Counter deltas of a thumbs up (true) or down (false). */
export function thumbsIncrement(up: boolean): Counters {
  return proportionCounters('thumbsUpRate', up);
}

/** Counter deltas of an outcome: absolute prediction error in days. */
export function outcomeIncrement(errorDays: number): Counters {
  return meanCounters('outcomeErrorDays', errorDays);
}

/**
 * Counter deltas of a unit's first exposure when no exposure event carries them: a unit first seen
 * through a cached answer (`requests` too, as {@link exposureIncrement} counts it), or through a
 * retried exposure whose event was already stored.
 */
export function unitIncrement(viaCache: boolean): Counters {
  return viaCache ? { units: 1, requests: 1 } : { units: 1 };
}

/** Counter deltas of a stored (non-cached) exposure event, without the unit (counted by its marker). */
export function exposureEventIncrement(observation: ExposureObservation, options: AggregateOptions): Counters {
  return exposureIncrement({ ...observation, cached: false }, false, options);
}

/** Adds `increment` into `total` in place. */
export function addCounters(total: Record<string, number>, increment: Counters): void {
  for (const [name, value] of Object.entries(increment)) total[name] = (total[name] ?? 0) + value;
}

/** Sums counters (the shards of one variant). */
export function sumCounters(items: readonly Counters[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const item of items) addCounters(total, item);
  return total;
}

/** The aggregate of one metric from a variant's summed counters. */
export function metricAggregateOf(counters: Counters, key: ExperimentMetricKey): MetricAggregate {
  const c = (suffix: string) => counters[`${key}_${suffix}`] ?? 0;
  return EXPERIMENT_METRICS[key].kind === 'mean'
    ? { kind: 'mean', raw: { n: c('n'), sum: c('s'), sumOfSquares: c('ss') } }
    : { kind: 'proportion', stats: { n: c('n'), successes: c('k') } };
}

/** Latency histogram counts of a variant's summed counters. */
export function latencyHistogramOf(counters: Counters): number[] {
  return Array.from({ length: LATENCY_BUCKET_COUNT }, (_, i) => counters[`lh_${i}`] ?? 0);
}

/** The statistics engine's input for one variant. */
export function variantAggregatesOf(key: string, weight: number, counters: Counters): VariantAggregates {
  const metrics: Record<string, MetricAggregate> = {};
  for (const metric of EXPERIMENT_METRIC_KEYS) metrics[metric] = metricAggregateOf(counters, metric);
  return { key, weight, exposures: counters.units ?? 0, metrics };
}
