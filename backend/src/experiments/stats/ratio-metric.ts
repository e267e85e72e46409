import { studentTCriticalValue, twoSidedStudentTPValue } from './distributions';
import { deltaMethodRelativeLiftStandardError } from './relative-lift';
import { notComputable } from './types';
import type { ConfidenceInterval, NotComputable } from './types';

/**
 * Per-unit sufficient statistics of a ratio metric (e.g. latency per call over customers): unit i
 * contributes a numerator xᵢ (total latency, valid outputs, cost) and a denominator yᵢ (calls).
 * All sums run over units, not over calls.
 */
export interface RatioSufficientStatistics {
  /** Number of units, integer ≥ 0. */
  readonly n: number;
  /** Σxᵢ, numerator unit. */
  readonly sumNumerator: number;
  /** Σyᵢ, denominator unit. */
  readonly sumDenominator: number;
  /** Σxᵢ². */
  readonly sumNumeratorSquares: number;
  /** Σyᵢ². */
  readonly sumDenominatorSquares: number;
  /** Σxᵢyᵢ. */
  readonly sumCrossProducts: number;
}

/** Ratio estimate of one arm with its delta-method variance. */
export interface RatioSummary {
  readonly n: number;
  /** R̂ = Σx/Σy, e.g. ms per call. */
  readonly ratio: number;
  /** x̄ = Σx/n. */
  readonly numeratorMean: number;
  /** ȳ = Σy/n. */
  readonly denominatorMean: number;
  /** Unit-level sample variances and covariance (n − 1 denominator). */
  readonly numeratorVariance: number;
  readonly denominatorVariance: number;
  readonly covariance: number;
  /** Var(R̂) by the delta method, in the ratio's unit squared. */
  readonly ratioVariance: number;
}

/** Two-sample delta-method test of a ratio metric, variant (B) versus control (A). */
export interface RatioTestResult {
  readonly status: 'ok';
  readonly control: RatioSummary;
  readonly variant: RatioSummary;
  /** R̂_B − R̂_A. */
  readonly difference: number;
  readonly standardError: number;
  /** Welch–Satterthwaite df on the per-arm ratio variances. */
  readonly degreesOfFreedom: number;
  readonly tStatistic: number;
  readonly pValue: number;
  readonly log10PValue: number;
  readonly confidenceInterval: ConfidenceInterval;
  /** R̂_B/R̂_A − 1 with its delta-method standard error, p-value and interval. */
  readonly relative: {
    readonly estimate: number;
    readonly standardError: number;
    readonly tStatistic: number;
    readonly pValue: number;
    readonly log10PValue: number;
    readonly confidenceInterval: ConfidenceInterval;
  };
}

/**
 * Ratio R̂ = x̄/ȳ of one arm and its variance by the delta method (Deng, Knoblich & Lu 2018,
 * "Applying the Delta Method in Metric Analytics", eq. 4; gbstats `RatioStatistic.variance`):
 * Var(R̂) = (s_x²/ȳ² − 2·x̄·s_xy/ȳ³ + x̄²·s_y²/ȳ⁴)/n,
 * with the unit-level sample moments s_x² = (Σx² − (Σx)²/n)/(n − 1) and likewise s_y², s_xy.
 *
 * @returns `not_computable` for n < 2 or Σy ≤ 0 (the ratio is undefined).
 */
export function summarizeRatio(stats: RatioSufficientStatistics): RatioSummary | NotComputable {
  const { n } = stats;
  if (!(n >= 2) || !Number.isInteger(n)) return notComputable('n < 2 units');
  if (!(stats.sumDenominator > 0)) return notComputable('denominator sum is not positive');
  const xBar = stats.sumNumerator / n;
  const yBar = stats.sumDenominator / n;
  const sxx = Math.max(0, (stats.sumNumeratorSquares - xBar * stats.sumNumerator) / (n - 1));
  const syy = Math.max(0, (stats.sumDenominatorSquares - yBar * stats.sumDenominator) / (n - 1));
  const sxy = (stats.sumCrossProducts - xBar * stats.sumDenominator) / (n - 1);
  const ratio = xBar / yBar;
  const perUnit = sxx / (yBar * yBar) - (2 * xBar * sxy) / yBar ** 3 + (xBar * xBar * syy) / yBar ** 4;
  return {
    n,
    ratio,
    numeratorMean: xBar,
    denominatorMean: yBar,
    numeratorVariance: sxx,
    denominatorVariance: syy,
    covariance: sxy,
    ratioVariance: Math.max(0, perUnit) / n,
  };
}

/**
 * Delta-method two-sample test of a ratio metric analysed per randomization unit (Deng et al. 2018
 * §3; gbstats `TwoSidedTTest` on `RatioStatistic`): absolute difference R̂_B − R̂_A with
 * SE = √(Var R̂_A + Var R̂_B) and Welch–Satterthwaite df ν = (V_A + V_B)²/(V_A²/(n_A−1) + V_B²/(n_B−1));
 * relative difference R̂_B/R̂_A − 1 with Var ≈ V_B/R̂_A² + R̂_B²·V_A/R̂_A⁴ (delta method again),
 * tested on the same t distribution.
 *
 * @param alpha two-sided level in (0, 1).
 * @returns `not_computable` for n < 2 units, Σy ≤ 0, a zero control ratio, or zero variance in both arms.
 */
export function ratioDeltaMethodTest(
  controlStats: RatioSufficientStatistics,
  variantStats: RatioSufficientStatistics,
  alpha: number,
): RatioTestResult | NotComputable {
  const control = summarizeRatio(controlStats);
  if ('status' in control) return notComputable(`control: ${control.reason}`);
  const variant = summarizeRatio(variantStats);
  if ('status' in variant) return notComputable(`variant: ${variant.reason}`);
  const va = control.ratioVariance;
  const vb = variant.ratioVariance;
  if (va === 0 && vb === 0) return notComputable('zero variance in both arms');
  if (control.ratio === 0) return notComputable('control ratio is 0; relative difference is undefined');
  const degreesOfFreedom = (va + vb) ** 2 / ((va * va) / (control.n - 1) + (vb * vb) / (variant.n - 1));
  const q = studentTCriticalValue(alpha, degreesOfFreedom);
  const level = 1 - alpha;
  const difference = variant.ratio - control.ratio;
  const standardError = Math.sqrt(va + vb);
  const tStatistic = difference / standardError;
  const p = twoSidedStudentTPValue(tStatistic, degreesOfFreedom);
  const relativeEstimate = variant.ratio / control.ratio - 1;
  const relativeSe = deltaMethodRelativeLiftStandardError({
    controlMean: control.ratio,
    controlMeanVariance: va,
    variantMean: variant.ratio,
    variantMeanVariance: vb,
    criticalValue: q,
    level,
  });
  const relativeT = relativeEstimate / relativeSe;
  const relativeP = twoSidedStudentTPValue(relativeT, degreesOfFreedom);
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
    confidenceInterval: { lower: difference - q * standardError, upper: difference + q * standardError, level },
    relative: {
      estimate: relativeEstimate,
      standardError: relativeSe,
      tStatistic: relativeT,
      pValue: relativeP.pValue,
      log10PValue: relativeP.log10PValue,
      confidenceInterval: {
        lower: relativeEstimate - q * relativeSe,
        upper: relativeEstimate + q * relativeSe,
        level,
      },
    },
  };
}

/** Sufficient statistics of per-unit (numerator, denominator) pairs. */
export function ratioSufficientStatisticsOf(
  units: readonly { readonly numerator: number; readonly denominator: number }[],
): RatioSufficientStatistics {
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const { numerator: x, denominator: y } of units) {
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  return {
    n: units.length,
    sumNumerator: sx,
    sumDenominator: sy,
    sumNumeratorSquares: sxx,
    sumDenominatorSquares: syy,
    sumCrossProducts: sxy,
  };
}
