import type { MeanSufficientStatistics, ProportionSufficientStatistics } from './types';

/** Mean, sample variance (n − 1 denominator) and standard deviation of one arm. */
export interface MeanSummary {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
  readonly standardDeviation: number;
}

/** Observed proportion of one arm. */
export interface ProportionSummary {
  readonly n: number;
  readonly successes: number;
  readonly proportion: number;
}

/**
 * Relative resolution of Σx² below which a centred sum of squares is indistinguishable from
 * rounding noise in the aggregates; such arms are reported with zero variance.
 */
const CANCELLATION_FLOOR = 1e-12;

/**
 * Mean and unbiased sample variance from sufficient statistics:
 * x̄ = Σx/n, s² = (Σx² − x̄·Σx)/(n − 1).
 * The one-pass formula loses about log10(x̄²/s²) digits, so a centred sum of squares under
 * 1e-12·Σx² is treated as exactly zero (constant data).
 *
 * @returns variance 0 when n < 2 (callers reject n < 2 before testing).
 */
export function summarizeMean(stats: MeanSufficientStatistics): MeanSummary {
  const { n, sum, sumOfSquares } = stats;
  const mean = n > 0 ? sum / n : 0;
  if (n < 2) return { n, mean, variance: 0, standardDeviation: 0 };
  const centred = sumOfSquares - mean * sum;
  const variance = centred <= CANCELLATION_FLOOR * sumOfSquares ? 0 : centred / (n - 1);
  return { n, mean, variance, standardDeviation: Math.sqrt(variance) };
}

/** Observed proportion p̂ = successes / n (0 when n = 0). */
export function summarizeProportion(stats: ProportionSufficientStatistics): ProportionSummary {
  const { n, successes } = stats;
  return { n, successes, proportion: n > 0 ? successes / n : 0 };
}

/**
 * Adds one observation to running sufficient statistics (the write-time update that DynamoDB does
 * with atomic `ADD`).
 */
export function addObservation(stats: MeanSufficientStatistics, value: number): MeanSufficientStatistics {
  return { n: stats.n + 1, sum: stats.sum + value, sumOfSquares: stats.sumOfSquares + value * value };
}

/** Sufficient statistics of a list of values (Σ over units). */
export function sufficientStatisticsOf(values: readonly number[]): MeanSufficientStatistics {
  let sum = 0;
  let sumOfSquares = 0;
  for (const value of values) {
    sum += value;
    sumOfSquares += value * value;
  }
  return { n: values.length, sum, sumOfSquares };
}
