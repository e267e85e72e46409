import { notComputable } from './types';
import type { ConfidenceInterval, NotComputable, UnboundedInterval } from './types';

/** Relative lift (variant − control)/control with two interval constructions. */
export interface RelativeLift {
  readonly status: 'ok';
  /** (x̄_B − x̄_A)/x̄_A; 0.05 means the variant is 5 % above control. */
  readonly estimate: number;
  /** Delta-method standard error of the estimate. */
  readonly standardError: number;
  /** estimate ± q·SE. Symmetric, can be too narrow when the control mean is noisy. */
  readonly deltaMethodInterval: ConfidenceInterval;
  /** Fieller's interval for the ratio, minus 1; unbounded when x̄_A is not distinguishable from 0. */
  readonly fiellerInterval: ConfidenceInterval | UnboundedInterval;
}

/** Estimates of the two arms' means and the sampling variances of those means (s²/n). */
export interface RatioInputs {
  readonly controlMean: number;
  /** Var(x̄_A) = s_A²/n_A. */
  readonly controlMeanVariance: number;
  readonly variantMean: number;
  /** Var(x̄_B) = s_B²/n_B. */
  readonly variantMeanVariance: number;
  /** Two-sided critical value q (t₁₋α/₂,df or z₁₋α/₂). */
  readonly criticalValue: number;
  /** Confidence level 1 − alpha, copied into the intervals. */
  readonly level: number;
}

/**
 * Delta-method standard error of the relative lift for independent arms:
 * Var(x̄_B/x̄_A − 1) ≈ Var(x̄_B)/x̄_A² + x̄_B²·Var(x̄_A)/x̄_A⁴
 * (first-order Taylor expansion; the form used by GrowthBook gbstats `TTest.variance`).
 */
export function deltaMethodRelativeLiftStandardError(inputs: RatioInputs): number {
  const { controlMean: a, controlMeanVariance: va, variantMean: b, variantMeanVariance: vb } = inputs;
  return Math.sqrt(vb / (a * a) + (b * b * va) / (a * a * a * a));
}

/**
 * Fieller (1954) interval for the ratio R = μ_B/μ_A of independent means, shifted by −1.
 * Solves (x̄_B − R·x̄_A)² = q²(Var(x̄_B) + R²·Var(x̄_A)):
 * R = (x̄_A x̄_B ± q√(x̄_A² V_B + x̄_B² V_A − q² V_A V_B)) / (x̄_A² − q² V_A).
 * When x̄_A² ≤ q²·V_A (control mean not significantly different from 0) the confidence set is not
 * a finite interval and {@link UnboundedInterval} is returned.
 */
export function fiellerRelativeLiftInterval(inputs: RatioInputs): ConfidenceInterval | UnboundedInterval {
  const { controlMean: a, controlMeanVariance: va, variantMean: b, variantMeanVariance: vb } = inputs;
  const q2 = inputs.criticalValue * inputs.criticalValue;
  const leading = a * a - q2 * va;
  if (!(leading > 0)) {
    return {
      status: 'unbounded',
      reason: 'control mean is not distinguishable from 0 at this alpha; the Fieller set is unbounded',
    };
  }
  const root = inputs.criticalValue * Math.sqrt(a * a * vb + b * b * va - q2 * va * vb);
  const r1 = (a * b - root) / leading;
  const r2 = (a * b + root) / leading;
  return { lower: Math.min(r1, r2) - 1, upper: Math.max(r1, r2) - 1, level: inputs.level };
}

/**
 * Relative lift of the variant over control with delta-method and Fieller intervals.
 *
 * @returns `not_computable` when the control mean is 0 (lift undefined).
 */
export function relativeLift(inputs: RatioInputs): RelativeLift | NotComputable {
  if (inputs.controlMean === 0) return notComputable('control mean is 0; relative lift is undefined');
  const estimate = (inputs.variantMean - inputs.controlMean) / inputs.controlMean;
  const standardError = deltaMethodRelativeLiftStandardError(inputs);
  const halfWidth = inputs.criticalValue * standardError;
  return {
    status: 'ok',
    estimate,
    standardError,
    deltaMethodInterval: { lower: estimate - halfWidth, upper: estimate + halfWidth, level: inputs.level },
    fiellerInterval: fiellerRelativeLiftInterval(inputs),
  };
}
