import { studentTCriticalValue, twoSidedStudentTPValue } from './distributions';
import { relativeLift } from './relative-lift';
import type { RelativeLift } from './relative-lift';
import { notComputable } from './types';
import type { ConfidenceInterval, NotComputable } from './types';

/**
 * Per-unit sufficient statistics of a metric yᵢ measured after exposure and the same unit's
 * pre-exposure covariate xᵢ (e.g. revenue in the 30 days before first exposure). Units without
 * history contribute xᵢ = 0.
 */
export interface CupedSufficientStatistics {
  readonly n: number;
  /** Σyᵢ, metric unit. */
  readonly sum: number;
  /** Σyᵢ². */
  readonly sumOfSquares: number;
  /** Σxᵢ, covariate unit. */
  readonly sumPre: number;
  /** Σxᵢ². */
  readonly sumPreSquares: number;
  /** Σyᵢxᵢ. */
  readonly sumCrossProducts: number;
}

/** One arm after the CUPED adjustment. */
export interface CupedArmSummary {
  readonly n: number;
  /** ȳ, unadjusted. */
  readonly mean: number;
  /** ȳ − θ(x̄ − x̄_pooled): same scale as ȳ, differences between arms are the CUPED differences. */
  readonly adjustedMean: number;
  /** Unit-level s_y². */
  readonly variance: number;
  /** s_y² − 2θ·s_xy + θ²·s_x², unit-level. */
  readonly adjustedVariance: number;
}

/** CUPED two-sample comparison, variant (B) versus control (A). */
export interface CupedTestResult {
  readonly status: 'ok';
  /** θ = pooled within-arm Cov(y, x)/Var(x). */
  readonly theta: number;
  readonly control: CupedArmSummary;
  readonly variant: CupedArmSummary;
  /** Adjusted difference (ȳ_B − ȳ_A) − θ(x̄_B − x̄_A). */
  readonly difference: number;
  readonly standardError: number;
  /** Standard error of the unadjusted difference, for comparison. */
  readonly unadjustedStandardError: number;
  /** 1 − Var(adjusted difference)/Var(unadjusted difference); ≈ ρ² for large n. */
  readonly varianceReduction: number;
  readonly degreesOfFreedom: number;
  readonly tStatistic: number;
  readonly pValue: number;
  readonly log10PValue: number;
  readonly confidenceInterval: ConfidenceInterval;
  /** (adjusted B − adjusted A)/adjusted A with delta-method and Fieller intervals. */
  readonly relativeLift: RelativeLift | NotComputable;
}

interface Centred {
  readonly syy: number;
  readonly sxx: number;
  readonly sxy: number;
}

function centredSums(s: CupedSufficientStatistics): Centred {
  return {
    syy: Math.max(0, s.sumOfSquares - (s.sum * s.sum) / s.n),
    sxx: Math.max(0, s.sumPreSquares - (s.sumPre * s.sumPre) / s.n),
    sxy: s.sumCrossProducts - (s.sum * s.sumPre) / s.n,
  };
}

/**
 * CUPED adjustment coefficient θ from the covariance pooled within arms (Deng, Xu, Kohavi & Walker
 * 2013, "Improving the Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment
 * Data", §3.2): θ = Σ_v S_xy,v / Σ_v S_xx,v with centred sums S_xy,v = Σxy − ΣxΣy/n per arm. This is
 * the slope of the ANCOVA regression y ~ arm + x; gbstats `compute_theta` uses the combined sample
 * instead, which differs by O(1/n). Returns 0 when the covariate has no variance.
 */
export function cupedTheta(arms: readonly CupedSufficientStatistics[]): number {
  let sxy = 0;
  let sxx = 0;
  for (const arm of arms) {
    if (arm.n < 1) continue;
    const c = centredSums(arm);
    sxy += c.sxy;
    sxx += c.sxx;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/**
 * CUPED test of a per-unit metric with its pre-exposure covariate (Deng et al. 2013): the adjusted
 * difference Δ = (ȳ_B − ȳ_A) − θ(x̄_B − x̄_A) has Var = Σ_v (s_y² − 2θs_xy + θ²s_x²)_v/n_v, tested
 * with Welch–Satterthwaite df on the adjusted per-arm variances (θ treated as known, as in
 * gbstats). Relative lift is taken on the adjusted means ȳ_v − θ(x̄_v − x̄_pooled).
 *
 * @param alpha two-sided level in (0, 1).
 * @returns `not_computable` for n < 2 in an arm or zero adjusted variance in both arms.
 */
export function cupedTest(
  controlStats: CupedSufficientStatistics,
  variantStats: CupedSufficientStatistics,
  alpha: number,
): CupedTestResult | NotComputable {
  if (!(controlStats.n >= 2)) return notComputable('n < 2 in control');
  if (!(variantStats.n >= 2)) return notComputable('n < 2 in variant');
  const theta = cupedTheta([controlStats, variantStats]);
  const pooledPreMean = (controlStats.sumPre + variantStats.sumPre) / (controlStats.n + variantStats.n);
  const summarize = (s: CupedSufficientStatistics): CupedArmSummary => {
    const c = centredSums(s);
    const variance = c.syy / (s.n - 1);
    const adjusted = (c.syy - 2 * theta * c.sxy + theta * theta * c.sxx) / (s.n - 1);
    const mean = s.sum / s.n;
    return {
      n: s.n,
      mean,
      adjustedMean: mean - theta * (s.sumPre / s.n - pooledPreMean),
      variance,
      adjustedVariance: Math.max(0, adjusted),
    };
  };
  const control = summarize(controlStats);
  const variant = summarize(variantStats);
  const va = control.adjustedVariance / control.n;
  const vb = variant.adjustedVariance / variant.n;
  if (va === 0 && vb === 0) return notComputable('zero adjusted variance in both arms');
  const unadjustedVariance = control.variance / control.n + variant.variance / variant.n;
  const degreesOfFreedom = (va + vb) ** 2 / ((va * va) / (control.n - 1) + (vb * vb) / (variant.n - 1));
  const q = studentTCriticalValue(alpha, degreesOfFreedom);
  const level = 1 - alpha;
  const difference = variant.adjustedMean - control.adjustedMean;
  const standardError = Math.sqrt(va + vb);
  const tStatistic = difference / standardError;
  const p = twoSidedStudentTPValue(tStatistic, degreesOfFreedom);
  return {
    status: 'ok',
    theta,
    control,
    variant,
    difference,
    standardError,
    unadjustedStandardError: Math.sqrt(unadjustedVariance),
    varianceReduction: unadjustedVariance > 0 ? 1 - (va + vb) / unadjustedVariance : 0,
    degreesOfFreedom,
    tStatistic,
    pValue: p.pValue,
    log10PValue: p.log10PValue,
    confidenceInterval: { lower: difference - q * standardError, upper: difference + q * standardError, level },
    relativeLift: relativeLift({
      controlMean: control.adjustedMean,
      controlMeanVariance: va,
      variantMean: variant.adjustedMean,
      variantMeanVariance: vb,
      criticalValue: q,
      level,
    }),
  };
}

/** Sufficient statistics of per-unit (value, pre-exposure covariate) pairs. */
export function cupedSufficientStatisticsOf(
  units: readonly { readonly value: number; readonly pre: number }[],
): CupedSufficientStatistics {
  let sum = 0;
  let sumOfSquares = 0;
  let sumPre = 0;
  let sumPreSquares = 0;
  let sumCrossProducts = 0;
  for (const { value, pre } of units) {
    sum += value;
    sumOfSquares += value * value;
    sumPre += pre;
    sumPreSquares += pre * pre;
    sumCrossProducts += value * pre;
  }
  return { n: units.length, sum, sumOfSquares, sumPre, sumPreSquares, sumCrossProducts };
}
