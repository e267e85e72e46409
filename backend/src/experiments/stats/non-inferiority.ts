import { welchSatterthwaiteDegreesOfFreedom } from '../../common/domain/statistics';
import {
  standardNormalQuantile,
  studentTQuantileAt,
  upperTailNormalPValue,
  upperTailStudentTPValue,
} from './distributions';
import { alwaysValidPValue, confidenceSequenceHalfWidth } from './sequential';
import type { ConfidenceSequenceSettings } from './sequential';
import { summarizeMean, summarizeProportion } from './summary-statistics';
import { isNotComputable, notComputable } from './types';
import type {
  EffectSize,
  MeanSufficientStatistics,
  MetricDirection,
  NotComputable,
  ProportionSufficientStatistics,
} from './types';
import { meanComparisonProblem } from './welch-t-test';

/** Outcome of a guardrail check. */
export type NonInferiorityOutcome = 'non_inferior' | 'worse_beyond_margin' | 'inconclusive';

/**
 * One-sided non-inferiority test of a guardrail metric. All quantities are expressed as
 * "worsening": positive means the variant is worse than control in the metric's bad direction
 * (higher cost/latency/errors, or lower success for higher-is-better metrics).
 */
export interface NonInferiorityResult {
  readonly status: 'ok';
  readonly direction: MetricDirection;
  readonly margin: EffectSize;
  /** s·(x̄_B − x̄_A), s = +1 for lower-is-better, −1 for higher-is-better; metric unit. */
  readonly worsening: number;
  /** Tolerated worsening: the absolute margin, or margin × x̄_A for a relative margin. */
  readonly allowedWorsening: number;
  /** D = s·x̄_B − (s + m)·x̄_A (relative) or worsening − margin (absolute); < 0 is good. */
  readonly marginExcess: number;
  /** Standard error of D (includes the control mean's uncertainty for relative margins). */
  readonly standardError: number;
  /** Welch–Satterthwaite df of D; `null` for the z-based proportion test. */
  readonly degreesOfFreedom: number | null;
  /** D / SE. */
  readonly statistic: number;
  /** p-value of H0: D ≥ 0 (variant worse by at least the margin) against H1: D < 0. */
  readonly pValue: number;
  readonly log10PValue: number;
  /** p-value of H0: D ≤ 0 against H1: D > 0 (significantly worse beyond the margin). */
  readonly worsePValue: number;
  /** One-sided (1 − alpha) upper bound of D (confidence-sequence bound in sequential mode). */
  readonly upperBound: number;
  /** One-sided (1 − alpha) lower bound of D. */
  readonly lowerBound: number;
  readonly outcome: NonInferiorityOutcome;
  readonly sequential: boolean;
}

/** Settings shared by the non-inferiority tests. */
export interface NonInferiorityOptions {
  readonly direction: MetricDirection;
  readonly margin: EffectSize;
  /** One-sided significance level. */
  readonly alpha: number;
  /** When set, bounds and p-values come from the asymptotic confidence sequence (safe peeking). */
  readonly sequential?: Pick<ConfidenceSequenceSettings, 'tuningN'>;
}

interface LinearContrast {
  readonly marginExcess: number;
  readonly worsening: number;
  readonly allowedWorsening: number;
  readonly variantCoefficientVariance: number;
  readonly controlCoefficientVariance: number;
}

/**
 * D = s·μ_B − (s + m)·μ_A for a relative margin m (variant may be at most m·μ_A worse), or
 * D = s·(μ_B − μ_A) − m for an absolute margin; a linear contrast, so its variance is
 * Var(x̄_B) + c²·Var(x̄_A) with c = s + m (relative) or c = 1 (absolute).
 */
function marginContrast(
  controlMean: number,
  variantMean: number,
  controlMeanVariance: number,
  variantMeanVariance: number,
  options: NonInferiorityOptions,
): LinearContrast | NotComputable {
  const s = options.direction === 'lower_is_better' ? 1 : -1;
  const m = options.margin.value;
  if (!(m >= 0) || !Number.isFinite(m)) return notComputable('margin must be a finite number ≥ 0');
  const worsening = s * (variantMean - controlMean);
  if (options.margin.type === 'absolute') {
    return {
      marginExcess: worsening - m,
      worsening,
      allowedWorsening: m,
      variantCoefficientVariance: variantMeanVariance,
      controlCoefficientVariance: controlMeanVariance,
    };
  }
  if (!(controlMean > 0)) return notComputable('relative margin needs a positive control mean');
  const c = s + m;
  return {
    marginExcess: s * variantMean - c * controlMean,
    worsening,
    allowedWorsening: m * controlMean,
    variantCoefficientVariance: variantMeanVariance,
    controlCoefficientVariance: c * c * controlMeanVariance,
  };
}

function classify(pValue: number, worsePValue: number, alpha: number): NonInferiorityOutcome {
  if (pValue < alpha) return 'non_inferior';
  if (worsePValue < alpha) return 'worse_beyond_margin';
  return 'inconclusive';
}

function sequentialResult(
  contrast: LinearContrast,
  standardError: number,
  totalN: number,
  options: NonInferiorityOptions,
  degreesOfFreedom: number | null,
): NonInferiorityResult {
  const settings = { alpha: options.alpha, tuningN: options.sequential?.tuningN ?? totalN };
  const d = contrast.marginExcess;
  const halfWidth = confidenceSequenceHalfWidth(standardError, totalN, settings);
  const p = alwaysValidPValue(d, standardError, totalN, settings);
  const pValue = d < 0 ? p.pValue : 1;
  const worsePValue = d > 0 ? p.pValue : 1;
  return {
    status: 'ok',
    direction: options.direction,
    margin: options.margin,
    worsening: contrast.worsening,
    allowedWorsening: contrast.allowedWorsening,
    marginExcess: d,
    standardError,
    degreesOfFreedom,
    statistic: d / standardError,
    pValue,
    log10PValue: d < 0 ? p.log10PValue : 0,
    worsePValue,
    upperBound: d + halfWidth,
    lowerBound: d - halfWidth,
    outcome: classify(pValue, worsePValue, options.alpha),
    sequential: true,
  };
}

/**
 * Non-inferiority test for a continuous guardrail (latency, cost, tokens): one-sided Welch t-test of
 * the margin contrast D (see {@link NonInferiorityResult}) with Welch–Satterthwaite df
 * ν = (V_B + c²V_A)² / (V_B²/(n_B − 1) + c⁴V_A²/(n_A − 1)). A relative margin is tested on the
 * linear contrast μ_B − (1 + m)μ_A rather than by plugging in x̄_A, so the control's noise counts.
 * p-values: P(T ≤ t) and P(T ≥ t), each from its own tail.
 *
 * @returns `not_computable` for n < 2, zero variance in both arms, a relative margin with control
 *          mean ≤ 0, or a negative margin.
 */
export function meanNonInferiorityTest(
  controlStats: MeanSufficientStatistics,
  variantStats: MeanSufficientStatistics,
  options: NonInferiorityOptions,
): NonInferiorityResult | NotComputable {
  const control = summarizeMean(controlStats);
  const variant = summarizeMean(variantStats);
  const problem = meanComparisonProblem(control, variant);
  if (problem) return problem;
  const contrast = marginContrast(
    control.mean,
    variant.mean,
    control.variance / control.n,
    variant.variance / variant.n,
    options,
  );
  if (isNotComputable(contrast)) return contrast;
  const vb = contrast.variantCoefficientVariance;
  const va = contrast.controlCoefficientVariance;
  const standardError = Math.sqrt(va + vb);
  const degreesOfFreedom = welchSatterthwaiteDegreesOfFreedom(va, control.n, vb, variant.n);
  if (options.sequential) {
    return sequentialResult(contrast, standardError, control.n + variant.n, options, degreesOfFreedom);
  }
  const statistic = contrast.marginExcess / standardError;
  const ni = upperTailStudentTPValue(-statistic, degreesOfFreedom);
  const worse = upperTailStudentTPValue(statistic, degreesOfFreedom);
  const critical = studentTQuantileAt(1 - options.alpha, degreesOfFreedom);
  return {
    status: 'ok',
    direction: options.direction,
    margin: options.margin,
    worsening: contrast.worsening,
    allowedWorsening: contrast.allowedWorsening,
    marginExcess: contrast.marginExcess,
    standardError,
    degreesOfFreedom,
    statistic,
    pValue: ni.pValue,
    log10PValue: ni.log10PValue,
    worsePValue: worse.pValue,
    upperBound: contrast.marginExcess + critical * standardError,
    lowerBound: contrast.marginExcess - critical * standardError,
    outcome: classify(ni.pValue, worse.pValue, options.alpha),
    sequential: false,
  };
}

/**
 * Non-inferiority test for a binary guardrail (success rate, error rate): one-sided Wald z-test of
 * the margin contrast D with unpooled variance p̂(1 − p̂)/n per arm (Blackwelder 1982; the
 * Farrington–Manning restricted-MLE variant is not used).
 *
 * @returns `not_computable` for n < 2 or when both arms sit at 0 % or both at 100 % (zero variance).
 */
export function proportionNonInferiorityTest(
  controlStats: ProportionSufficientStatistics,
  variantStats: ProportionSufficientStatistics,
  options: NonInferiorityOptions,
): NonInferiorityResult | NotComputable {
  if (controlStats.n < 2) return notComputable('n < 2 in control');
  if (variantStats.n < 2) return notComputable('n < 2 in variant');
  const control = summarizeProportion(controlStats);
  const variant = summarizeProportion(variantStats);
  const contrast = marginContrast(
    control.proportion,
    variant.proportion,
    (control.proportion * (1 - control.proportion)) / control.n,
    (variant.proportion * (1 - variant.proportion)) / variant.n,
    options,
  );
  if (isNotComputable(contrast)) return contrast;
  const standardError = Math.sqrt(contrast.controlCoefficientVariance + contrast.variantCoefficientVariance);
  if (!(standardError > 0)) return notComputable('zero variance in both arms (all or no successes)');
  if (options.sequential) {
    return sequentialResult(contrast, standardError, control.n + variant.n, options, null);
  }
  const statistic = contrast.marginExcess / standardError;
  const ni = upperTailNormalPValue(-statistic);
  const worse = upperTailNormalPValue(statistic);
  const critical = -standardNormalQuantile(options.alpha);
  return {
    status: 'ok',
    direction: options.direction,
    margin: options.margin,
    worsening: contrast.worsening,
    allowedWorsening: contrast.allowedWorsening,
    marginExcess: contrast.marginExcess,
    standardError,
    degreesOfFreedom: null,
    statistic,
    pValue: ni.pValue,
    log10PValue: ni.log10PValue,
    worsePValue: worse.pValue,
    upperBound: contrast.marginExcess + critical * standardError,
    lowerBound: contrast.marginExcess - critical * standardError,
    outcome: classify(ni.pValue, worse.pValue, options.alpha),
    sequential: false,
  };
}
