import { welchSatterthwaiteDegreesOfFreedom } from '../../common/domain/statistics';
import { studentTCriticalValue, twoSidedStudentTPValue } from './distributions';
import { relativeLift } from './relative-lift';
import type { RelativeLift } from './relative-lift';
import { summarizeMean } from './summary-statistics';
import type { MeanSummary } from './summary-statistics';
import { notComputable } from './types';
import type { ConfidenceInterval, MeanSufficientStatistics, NotComputable } from './types';

/** Welch two-sample comparison of a continuous metric, variant (B) versus control (A). */
export interface WelchTTestResult {
  readonly status: 'ok';
  readonly control: MeanSummary;
  readonly variant: MeanSummary;
  /** x̄_B − x̄_A in the metric's unit. */
  readonly difference: number;
  /** √(s_A²/n_A + s_B²/n_B). */
  readonly standardError: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  readonly degreesOfFreedom: number;
  readonly tStatistic: number;
  /** Two-sided p-value of H0: μ_B = μ_A. */
  readonly pValue: number;
  readonly log10PValue: number;
  /** difference ± t₁₋α/₂,df · SE. */
  readonly confidenceInterval: ConfidenceInterval;
  /** Lift relative to control, reported alongside; significance is decided on `difference`. */
  readonly relativeLift: RelativeLift | NotComputable;
}

/** Rejects inputs where a t-test is undefined: n < 2 in an arm, or no variance in either arm. */
export function meanComparisonProblem(control: MeanSummary, variant: MeanSummary): NotComputable | null {
  if (control.n < 2) return notComputable('n < 2 in control');
  if (variant.n < 2) return notComputable('n < 2 in variant');
  if (!Number.isFinite(control.mean) || !Number.isFinite(variant.mean)) {
    return notComputable('non-finite aggregates');
  }
  if (control.variance === 0 && variant.variance === 0) {
    return notComputable('zero variance in both arms');
  }
  return null;
}

/**
 * Welch's unequal-variance two-sample t-test from sufficient statistics (Welch 1947; matches
 * `scipy.stats.ttest_ind_from_stats(equal_var=False)`), with the confidence interval of the absolute
 * difference and the relative lift (delta method and Fieller, both with the same t quantile).
 *
 * @param alpha two-sided significance level in (0, 1); the interval level is 1 − alpha.
 * @returns `not_computable` for n < 2 in an arm or zero variance in both arms.
 */
export function welchTTest(
  controlStats: MeanSufficientStatistics,
  variantStats: MeanSufficientStatistics,
  alpha: number,
): WelchTTestResult | NotComputable {
  const control = summarizeMean(controlStats);
  const variant = summarizeMean(variantStats);
  const problem = meanComparisonProblem(control, variant);
  if (problem) return problem;
  const controlMeanVariance = control.variance / control.n;
  const variantMeanVariance = variant.variance / variant.n;
  const difference = variant.mean - control.mean;
  const standardError = Math.sqrt(controlMeanVariance + variantMeanVariance);
  const degreesOfFreedom = welchSatterthwaiteDegreesOfFreedom(control.variance / control.n, control.n, variant.variance / variant.n, variant.n);
  const tStatistic = difference / standardError;
  const p = twoSidedStudentTPValue(tStatistic, degreesOfFreedom);
  const criticalValue = studentTCriticalValue(alpha, degreesOfFreedom);
  const level = 1 - alpha;
  return {
    status: 'ok',
    control,
    variant,
    difference,
    standardError,
    degreesOfFreedom,
    tStatistic,
    pValue: p.pValue,
    log10PValue: p.log10PValue,
    confidenceInterval: {
      lower: difference - criticalValue * standardError,
      upper: difference + criticalValue * standardError,
      level,
    },
    relativeLift: relativeLift({
      controlMean: control.mean,
      controlMeanVariance,
      variantMean: variant.mean,
      variantMeanVariance,
      criticalValue,
      level,
    }),
  };
}
