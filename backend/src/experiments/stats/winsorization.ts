import { quantileOfSorted } from '../../common/domain/statistics';
import { addObservation } from './summary-statistics';
import type { MeanSufficientStatistics } from './types';

/**
 * Winsorization of continuous metrics (latency, tokens, cost) works with sufficient statistics as
 * follows: a cap is fixed per experiment and metric before values are aggregated (from a reference
 * sample, e.g. the previous period's per-unit values at the 99.9th percentile, or a configured
 * limit), every value is capped **at write time**, and both the raw and the capped Σx, Σx² are
 * kept. Results always show the raw comparison and, when configured, the winsorized one. A cap that
 * changes mid-experiment makes the capped aggregates inconsistent; they must then be rebuilt from
 * the raw events by the batch job.
 */
export interface WinsorizationCap {
  /** Values above are replaced by `upper`. */
  readonly upper: number;
  /** Values below are replaced by `lower`; omit for one-sided (upper) capping. */
  readonly lower?: number;
  /** Quantile the cap came from (0.999 by default), for the settings shown with results. */
  readonly quantile?: number;
}

/** Default quantile for the upper cap (the 99.9th percentile). */
export const DEFAULT_WINSORIZATION_QUANTILE = 0.999;

/**
 * Upper winsorization cap from a reference sample of per-unit values.
 *
 * @throws RangeError for an empty sample or a quantile outside [0, 1].
 */
export function winsorizationCapFromSample(
  referenceValues: readonly number[],
  quantile: number = DEFAULT_WINSORIZATION_QUANTILE,
): WinsorizationCap {
  return { upper: quantileOfSorted(Float64Array.from(referenceValues).sort(), quantile), quantile };
}

/** min(max(x, lower), upper): the value recorded into the winsorized aggregate. */
export function winsorize(value: number, cap: WinsorizationCap): number {
  const lowered = Math.min(value, cap.upper);
  return cap.lower === undefined ? lowered : Math.max(lowered, cap.lower);
}

/** Raw and winsorized sufficient statistics of one variant and metric. */
export interface WinsorizedAggregates {
  readonly raw: MeanSufficientStatistics;
  readonly winsorized: MeanSufficientStatistics;
}

/** Write-time update: adds `value` to the raw aggregate and its capped value to the winsorized one. */
export function recordWinsorizedObservation(
  aggregates: WinsorizedAggregates,
  value: number,
  cap: WinsorizationCap,
): WinsorizedAggregates {
  return {
    raw: addObservation(aggregates.raw, value),
    winsorized: addObservation(aggregates.winsorized, winsorize(value, cap)),
  };
}
