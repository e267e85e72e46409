import { normalCriticalValue, twoSidedNormalPValue } from './distributions';
import { relativeLift } from './relative-lift';
import type { RelativeLift } from './relative-lift';
import { summarizeProportion } from './summary-statistics';
import type { ProportionSummary } from './summary-statistics';
import { notComputable } from './types';
import type { ConfidenceInterval, NotComputable, ProportionSufficientStatistics } from './types';

/** Pooled two-proportion z-test of a binary metric, variant (B) versus control (A). */
export interface TwoProportionZTestResult {
  readonly status: 'ok';
  readonly control: ProportionSummary;
  readonly variant: ProportionSummary;
  /** p̂_B − p̂_A (fraction, not percentage points). */
  readonly difference: number;
  /** √(p̄(1 − p̄)(1/n_A + 1/n_B)) with the pooled p̄, used by the test. */
  readonly pooledStandardError: number;
  /** √(p̂_A(1 − p̂_A)/n_A + p̂_B(1 − p̂_B)/n_B), used by sequential and Bayesian views. */
  readonly unpooledStandardError: number;
  readonly zStatistic: number;
  /** Two-sided p-value of H0: p_B = p_A. */
  readonly pValue: number;
  readonly log10PValue: number;
  /** Newcombe hybrid score interval for p_B − p_A. */
  readonly confidenceInterval: ConfidenceInterval;
  /** (p̂_B − p̂_A)/p̂_A with delta-method and Fieller intervals (normal quantile). */
  readonly relativeLift: RelativeLift | NotComputable;
}

/**
 * Wilson (1927) score interval for one binomial proportion:
 * (p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
 * Stays inside [0, 1] and is well behaved at p̂ = 0 and p̂ = 1.
 *
 * @param criticalValue z₁₋α/₂.
 */
export function wilsonScoreInterval(
  successes: number,
  n: number,
  criticalValue: number,
  level: number,
): ConfidenceInterval {
  const p = successes / n;
  const z2 = criticalValue * criticalValue;
  const centre = p + z2 / (2 * n);
  const spread = criticalValue * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return {
    lower: Math.max(0, (centre - spread) / denominator),
    upper: Math.min(1, (centre + spread) / denominator),
    level,
  };
}

/**
 * Newcombe (1998, method 10) hybrid score interval for the difference p_B − p_A of independent
 * proportions, built from the two Wilson intervals (l_A, u_A), (l_B, u_B):
 * L = δ − √((p̂_B − l_B)² + (u_A − p̂_A)²),  U = δ + √((u_B − p̂_B)² + (p̂_A − l_A)²).
 */
export function newcombeDifferenceInterval(
  control: ProportionSufficientStatistics,
  variant: ProportionSufficientStatistics,
  alpha: number,
): ConfidenceInterval {
  const z = normalCriticalValue(alpha);
  const level = 1 - alpha;
  const pa = control.successes / control.n;
  const pb = variant.successes / variant.n;
  const a = wilsonScoreInterval(control.successes, control.n, z, level);
  const b = wilsonScoreInterval(variant.successes, variant.n, z, level);
  const difference = pb - pa;
  return {
    lower: difference - Math.hypot(pb - b.lower, a.upper - pa),
    upper: difference + Math.hypot(b.upper - pb, pa - a.lower),
    level,
  };
}

/** Rejects inputs where a two-proportion test is undefined. */
export function proportionComparisonProblem(
  control: ProportionSufficientStatistics,
  variant: ProportionSufficientStatistics,
): NotComputable | null {
  for (const [name, arm] of [
    ['control', control],
    ['variant', variant],
  ] as const) {
    if (!Number.isInteger(arm.n) || !Number.isInteger(arm.successes)) {
      return notComputable(`non-integer counts in ${name}`);
    }
    if (arm.n < 2) return notComputable(`n < 2 in ${name}`);
    if (arm.successes < 0 || arm.successes > arm.n) {
      return notComputable(`successes outside [0, n] in ${name}`);
    }
  }
  if (control.successes === control.n && variant.successes === variant.n) {
    return notComputable('all successes in both arms');
  }
  if (control.successes === 0 && variant.successes === 0) {
    return notComputable('no successes in both arms');
  }
  return null;
}

/**
 * Pooled two-proportion z-test (equivalent to Pearson's 2×2 chi-square without continuity
 * correction): z = (p̂_B − p̂_A)/√(p̄(1 − p̄)(1/n_A + 1/n_B)), p̄ = (x_A + x_B)/(n_A + n_B);
 * interval for the difference by Newcombe's hybrid score method.
 *
 * @param alpha two-sided significance level in (0, 1).
 * @returns `not_computable` for n < 2 in an arm, or all/no successes in both arms.
 */
export function twoProportionZTest(
  controlStats: ProportionSufficientStatistics,
  variantStats: ProportionSufficientStatistics,
  alpha: number,
): TwoProportionZTestResult | NotComputable {
  const problem = proportionComparisonProblem(controlStats, variantStats);
  if (problem) return problem;
  const control = summarizeProportion(controlStats);
  const variant = summarizeProportion(variantStats);
  const pooled = (control.successes + variant.successes) / (control.n + variant.n);
  const pooledStandardError = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / variant.n));
  const controlMeanVariance = (control.proportion * (1 - control.proportion)) / control.n;
  const variantMeanVariance = (variant.proportion * (1 - variant.proportion)) / variant.n;
  const difference = variant.proportion - control.proportion;
  const zStatistic = difference / pooledStandardError;
  const p = twoSidedNormalPValue(zStatistic);
  return {
    status: 'ok',
    control,
    variant,
    difference,
    pooledStandardError,
    unpooledStandardError: Math.sqrt(controlMeanVariance + variantMeanVariance),
    zStatistic,
    pValue: p.pValue,
    log10PValue: p.log10PValue,
    confidenceInterval: newcombeDifferenceInterval(controlStats, variantStats, alpha),
    relativeLift: relativeLift({
      controlMean: control.proportion,
      controlMeanVariance,
      variantMean: variant.proportion,
      variantMeanVariance,
      criticalValue: normalCriticalValue(alpha),
      level: 1 - alpha,
    }),
  };
}
