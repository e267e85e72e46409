import { median } from '../../common/domain/statistics';
import { intervalStats } from '../../purchases/domain/purchase-summary';

/** Prior inter-purchase interval in days used when a history is short (see {@link estimateNextIntervalDays}). */
export const DEFAULT_PRIOR_INTERVAL_DAYS = 30;
/** Weight of the prior, in pseudo-intervals, for irregular buying (CV ≥ 1); scaled down by the CV. */
export const DEFAULT_PRIOR_WEIGHT = 4;
/** Weight of the median in the robust centre; the rest goes to the recency-weighted mean. */
export const MEDIAN_WEIGHT = 0.7;
/** Half-life, in intervals, of the recency weights of the recent mean. */
export const RECENCY_HALF_LIFE_INTERVALS = 3;
/** CV assumed when only one interval is known (its spread is unknown, so regularity is not credited). */
export const UNKNOWN_CV = 1;

/** Options of {@link estimateNextIntervalDays}. */
export interface IntervalEstimateOptions {
  /** Interval in days the estimate is shrunk towards; default {@link DEFAULT_PRIOR_INTERVAL_DAYS}. */
  readonly priorDays?: number;
  /** Pseudo-intervals of weight of the prior at CV ≥ 1; default {@link DEFAULT_PRIOR_WEIGHT}. */
  readonly priorWeight?: number;
}

/**
 * Mean of `intervals` with weights `0.5^((n−1−i)/h)`, so the latest interval weighs 1 and one `h`
 * intervals older weighs ½ (exponentially weighted moving average, half-life `h` intervals).
 */
export function recencyWeightedMean(intervalsDays: readonly number[], halfLife = RECENCY_HALF_LIFE_INTERVALS): number | null {
  const n = intervalsDays.length;
  if (n === 0) return null;
  let weights = 0;
  let sum = 0;
  intervalsDays.forEach((x, i) => {
    const w = 0.5 ** ((n - 1 - i) / halfLife);
    weights += w;
    sum += w * x;
  });
  return sum / weights;
}

/**
 * Next inter-purchase interval in days from past intervals (oldest first):
 *
 *   centre   = 0.7 · median(intervals) + 0.3 · recencyWeightedMean(intervals, half-life 3)
 *   k        = K · min(1, CV)          (CV unknown with one interval → 1)
 *   estimate = (n · centre + k · prior) / (n + k)
 *
 * The median resists the long gaps that dominate retail histories; the recent mean follows a changing
 * pace; shrinking towards a prior with `k` pseudo-intervals is credibility weighting (Bühlmann): the
 * prior weighs more when the customer's own intervals are few and scattered, and not at all when they
 * are perfectly regular (CV = 0). K = 4 and prior = 30 days were tuned on the Online Retail backtest
 * (docs/benchmarks/prediction-backtest.json, which reports the untuned variants too).
 *
 * @returns null without intervals.
 */
export function estimateNextIntervalDays(intervalsDays: readonly number[], options: IntervalEstimateOptions = {}): number | null {
  const n = intervalsDays.length;
  if (n === 0) return null;
  const prior = options.priorDays ?? DEFAULT_PRIOR_INTERVAL_DAYS;
  const cv = intervalCv(intervalsDays);
  const k = (options.priorWeight ?? DEFAULT_PRIOR_WEIGHT) * Math.min(1, cv ?? UNKNOWN_CV);
  const centre = MEDIAN_WEIGHT * (median(intervalsDays) as number) + (1 - MEDIAN_WEIGHT) * (recencyWeightedMean(intervalsDays) as number);
  return (n * centre + k * prior) / (n + k);
}

/**
 * Confidence in [0, 1] that a next purchase follows the usual rhythm:
 *
 *   confidence = exp(−CV) · n / (n + 1)
 *
 * where CV is the coefficient of variation of the intervals (sample sd / mean, ddof = 1; a standard
 * regularity measure of inter-purchase times) and n the number of intervals (repeats − 1). exp(−CV)
 * is 1 for perfectly regular buying and decays with irregularity; n / (n + 1) is a Laplace-style
 * support factor (1 interval → ½, 9 → 0.9). Decreasing in CV, increasing in n.
 *
 * @param cv coefficient of variation, ≥ 0; null when unknown (one interval), taken as {@link UNKNOWN_CV}.
 * @param intervals number of intervals, ≥ 0 (0 gives 0).
 */
export function regularityConfidence(cv: number | null, intervals: number): number {
  if (intervals <= 0) return 0;
  const c = cv === null || !Number.isFinite(cv) ? UNKNOWN_CV : Math.max(0, cv);
  return Math.exp(-c) * (intervals / (intervals + 1));
}

/** Coefficient of variation of intervals (ddof = 1), null with fewer than two or a zero mean. */
export function intervalCv(intervalsDays: readonly number[]): number | null {
  return intervalStats(intervalsDays).coefficientOfVariation;
}
