import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import studentTCdf from '@stdlib/stats-base-dists-t-cdf';
import studentTQuantile from '@stdlib/stats-base-dists-t-quantile';

import type { PValue } from './types';

const LN10 = Math.LN10;
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LN_SQRT_PI = 0.5 * Math.log(Math.PI);
/** Below this, a tail probability from the library is replaced by its log-space evaluation. */
const UNDERFLOW_GUARD = 1e-300;
/** Largest argument for which Γ(s) is finite in double precision. */
const MAX_GAMMA_ARGUMENT = 170;

/** Standard normal CDF Φ(x) (@stdlib, erfc-based, accurate in the lower tail). */
export function standardNormalCdf(x: number): number {
  return normalCdf(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p), p ∈ (0, 1). */
export function standardNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** Student's t CDF with `degreesOfFreedom` > 0 (may be fractional, e.g. Welch–Satterthwaite). */
export function studentTCdfAt(t: number, degreesOfFreedom: number): number {
  return studentTCdf(t, degreesOfFreedom);
}

/** Student's t quantile for probability p ∈ (0, 1) and `degreesOfFreedom` > 0. */
export function studentTQuantileAt(p: number, degreesOfFreedom: number): number {
  return studentTQuantile(p, degreesOfFreedom);
}

/** Two-sided critical value z₁₋α/₂ of the standard normal. */
export function normalCriticalValue(alpha: number): number {
  return -standardNormalQuantile(alpha / 2);
}

/** Two-sided critical value t₁₋α/₂,df of Student's t. */
export function studentTCriticalValue(alpha: number, degreesOfFreedom: number): number {
  return -studentTQuantileAt(alpha / 2, degreesOfFreedom);
}

/**
 * ln Φ(−x) for x ≥ 0. Uses the library value while it is representable and the asymptotic
 * Mills-ratio series (Abramowitz & Stegun 26.2.12) only once Φ(−x) underflows (x ≳ 37.5), where
 * the truncation error is below 1e-13.
 */
export function logStandardNormalLowerTail(x: number): number {
  const direct = standardNormalCdf(-x);
  if (direct > UNDERFLOW_GUARD) return Math.log(direct);
  const inv2 = 1 / (x * x);
  const series = 1 - inv2 * (1 - 3 * inv2 * (1 - 5 * inv2 * (1 - 7 * inv2 * (1 - 9 * inv2))));
  return -0.5 * x * x - Math.log(x) - LN_SQRT_2PI + Math.log(series);
}

/** ln Γ(a+½) − ln Γ(a), a > 0: exact via @stdlib Γ for small a, else the Stirling-type series. */
function logGammaHalfStepRatio(a: number): number {
  if (a + 0.5 <= MAX_GAMMA_ARGUMENT) {
    return Math.log(gammaFunction(a + 0.5) / gammaFunction(a));
  }
  const a3 = a * a * a;
  return 0.5 * Math.log(a) - 1 / (8 * a) + 1 / (192 * a3);
}

/** Γ(s) as the non-regularized upper incomplete gamma at 0 (@stdlib gammainc). */
function gammaFunction(s: number): number {
  return gammainc(0, s, false, true);
}

/**
 * ln P(T ≤ −|t|) for Student's t with ν degrees of freedom. While representable this is the
 * library CDF; below 1e-300 it uses the hypergeometric form of the incomplete beta function,
 * P(T ≤ −|t|) = ½·I_x(ν/2, ½), x = ν/(ν+t²), with
 * I_x(a,b) = x^a (1−x)^b ₂F₁(a+b, 1; a+1; x) / (a·B(a,b))  (DLMF 8.17.8), summed to convergence.
 */
export function logStudentTLowerTail(t: number, degreesOfFreedom: number): number {
  const abs = Math.abs(t);
  const direct = studentTCdfAt(-abs, degreesOfFreedom);
  if (direct > UNDERFLOW_GUARD) return Math.log(direct);
  const a = degreesOfFreedom / 2;
  const b = 0.5;
  const x = degreesOfFreedom / (degreesOfFreedom + abs * abs);
  let term = 1;
  let hypergeometric = 1;
  for (let k = 0; k < 10_000 && term > 1e-17 * hypergeometric; k++) {
    term *= ((a + b + k) / (a + 1 + k)) * x;
    hypergeometric += term;
  }
  const logBeta = LN_SQRT_PI - logGammaHalfStepRatio(a);
  return (
    a * Math.log(x) + b * Math.log1p(-x) + Math.log(hypergeometric) - Math.log(a) - logBeta - Math.LN2
  );
}

/**
 * ln Q(s, x), the regularized upper incomplete gamma function. Library value (@stdlib gammainc,
 * upper tail) while representable; once it underflows, the asymptotic expansion
 * Γ(s,x) ≈ x^(s−1) e^(−x) Σ (s−1)(s−2)…(s−k)/x^k  (DLMF 8.11.2), valid for x ≫ s.
 */
export function logRegularizedUpperGamma(s: number, x: number): number {
  const direct = gammainc(x, s, true, true);
  if (direct > UNDERFLOW_GUARD || s > MAX_GAMMA_ARGUMENT) return Math.log(direct);
  let term = 1;
  let series = 1;
  for (let k = 1; k < 60; k++) {
    const next = (term * (s - k)) / x;
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    series += term;
    if (Math.abs(term) < 1e-17 * Math.abs(series)) break;
  }
  return (s - 1) * Math.log(x) - x + Math.log(series) - Math.log(gammaFunction(s));
}

/** Converts a natural-log p-value into a {@link PValue}, clamping to (0, 1]. */
export function pValueFromLog(logP: number): PValue {
  const clamped = Math.min(0, logP);
  return {
    pValue: Math.max(Math.exp(clamped), Number.MIN_VALUE),
    log10PValue: clamped / LN10,
  };
}

/** Two-sided p-value 2·Φ(−|z|) of a z statistic, from the lower tail (no 1 − cdf cancellation). */
export function twoSidedNormalPValue(z: number): PValue {
  return pValueFromLog(Math.LN2 + logStandardNormalLowerTail(Math.abs(z)));
}

/** Two-sided p-value 2·F_ν(−|t|) of a t statistic, from the lower tail. */
export function twoSidedStudentTPValue(t: number, degreesOfFreedom: number): PValue {
  return pValueFromLog(Math.LN2 + logStudentTLowerTail(t, degreesOfFreedom));
}

/** One-sided p-value P(T ≥ t) of Student's t, computed as F_ν(−t). */
export function upperTailStudentTPValue(t: number, degreesOfFreedom: number): PValue {
  if (t <= 0) return pValueFromLog(Math.log(studentTCdfAt(-t, degreesOfFreedom)));
  return pValueFromLog(logStudentTLowerTail(t, degreesOfFreedom));
}

/** One-sided p-value P(Z ≥ z) of the standard normal, computed as Φ(−z). */
export function upperTailNormalPValue(z: number): PValue {
  if (z <= 0) return pValueFromLog(Math.log(standardNormalCdf(-z)));
  return pValueFromLog(logStandardNormalLowerTail(z));
}

/** Survival function P(χ²_k ≥ x) = Q(k/2, x/2) of the chi-square distribution. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): PValue {
  if (x <= 0) return { pValue: 1, log10PValue: 0 };
  return pValueFromLog(logRegularizedUpperGamma(degreesOfFreedom / 2, x / 2));
}
