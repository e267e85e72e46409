/**
 * Aggregates of a continuous metric for one variant, kept as sufficient statistics so that results
 * cost O(variants) rather than O(events).
 *
 * - `n`: number of units (exposures with a value), integer ≥ 0.
 * - `sum`: Σx in the metric's unit (ms, tokens, USD, rating points, days).
 * - `sumOfSquares`: Σx² in the metric's unit squared.
 */
export interface MeanSufficientStatistics {
  readonly n: number;
  readonly sum: number;
  readonly sumOfSquares: number;
}

/**
 * Aggregates of a binary metric (success, validOutput, thumbs up) for one variant.
 * `successes` is the number of units with value 1, 0 ≤ successes ≤ n.
 */
export interface ProportionSufficientStatistics {
  readonly n: number;
  readonly successes: number;
}

/** Explicit "cannot compute" answer for degenerate inputs: never NaN, Infinity or p = 0. */
export interface NotComputable {
  readonly status: 'not_computable';
  /** Human-readable cause, e.g. `"n < 2 in control"`, `"zero variance in both arms"`. */
  readonly reason: string;
}

/** Two-sided interval `[lower, upper]` at confidence `level` (= 1 − alpha). */
export interface ConfidenceInterval {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

/**
 * An interval that does not exist as a finite range, e.g. a Fieller interval when the control mean
 * is not distinguishable from 0 at the chosen alpha.
 */
export interface UnboundedInterval {
  readonly status: 'unbounded';
  readonly reason: string;
}

/** A p-value together with its base-10 logarithm, which stays finite when p underflows. */
export interface PValue {
  /** In (0, 1]; floored at `Number.MIN_VALUE` when the true value underflows double precision. */
  readonly pValue: number;
  /** log10 of the exact p-value, accurate also below 1e-308. */
  readonly log10PValue: number;
}

/** Which way is good for a metric: quality up, or cost/latency/errors down. */
export type MetricDirection = 'higher_is_better' | 'lower_is_better';

/** A change threshold, either relative to the control's value (0.05 = 5 %) or in the metric's unit. */
export interface EffectSize {
  readonly type: 'relative' | 'absolute';
  /**
   * Relative values are fractions (0.1 = 10 %), absolute values are in the metric's unit. Margins
   * and minimum changes are ≥ 0; an MDE may be negative (a decrease), only its size matters.
   */
  readonly value: number;
}

/** Builds a {@link NotComputable}. */
export function notComputable(reason: string): NotComputable {
  return { status: 'not_computable', reason };
}

/** Type guard for {@link NotComputable}. */
export function isNotComputable(value: unknown): value is NotComputable {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { status?: unknown }).status === 'not_computable'
  );
}
