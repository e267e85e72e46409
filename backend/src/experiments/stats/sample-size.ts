import { standardNormalQuantile } from './distributions';
import { notComputable } from './types';
import type { EffectSize, NotComputable } from './types';

/** Required units per variant for a two-sided test; `perVariant` is rounded up. */
export interface SampleSizeResult {
  readonly status: 'ok';
  /** ⌈exact⌉ units per variant. */
  readonly perVariant: number;
  /** Unrounded formula value. */
  readonly exact: number;
  /** Absolute effect the test is powered for, in the metric's unit (or as a fraction). */
  readonly absoluteEffect: number;
}

/** Inputs for {@link sampleSizeForProportions}. */
export interface ProportionSampleSizeInput {
  /** Control conversion rate p₁ ∈ (0, 1). */
  readonly baselineRate: number;
  /** Minimum detectable effect (MDE): relative (p₂ = p₁(1 + v)) or absolute (p₂ = p₁ + v); v ≠ 0, may be negative. */
  readonly minimumDetectableEffect: EffectSize;
  /** Two-sided significance level. */
  readonly alpha: number;
  /** 1 − β, e.g. 0.8. */
  readonly power: number;
}

/** Inputs for {@link sampleSizeForMeans}. */
export interface MeanSampleSizeInput {
  /** Control mean; required for a relative MDE (δ = v·|mean|). */
  readonly baselineMean?: number;
  /** σ₁ of the control, in the metric's unit. */
  readonly standardDeviation: number;
  /** σ₂ of the variant; defaults to σ₁. */
  readonly variantStandardDeviation?: number;
  readonly minimumDetectableEffect: EffectSize;
  readonly alpha: number;
  readonly power: number;
}

function settingsProblem(alpha: number, power: number, mde: EffectSize): NotComputable | null {
  if (!(alpha > 0 && alpha < 1)) return notComputable('alpha must be in (0, 1)');
  if (!(power > 0 && power < 1)) return notComputable('power must be in (0, 1)');
  if (mde.value === 0 || !Number.isFinite(mde.value)) return notComputable('MDE must be a non-zero number');
  return null;
}

function roundUp(exact: number): number {
  // The formula is evaluated in floating point; a value like 392.0000000000001 means 392.
  return Math.ceil(exact * (1 - 1e-12));
}

/**
 * Units per variant to detect p₁ → p₂ with a two-sided pooled z-test (Fleiss, Levin & Paik 2003,
 * eq. 4.14 without continuity correction):
 * n = (z₁₋α/₂·√(2p̄(1 − p̄)) + z₁₋β·√(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)²,  p̄ = (p₁ + p₂)/2.
 *
 * @returns `not_computable` when p₁ or p₂ falls outside (0, 1) or settings are out of range.
 */
export function sampleSizeForProportions(input: ProportionSampleSizeInput): SampleSizeResult | NotComputable {
  const problem = settingsProblem(input.alpha, input.power, input.minimumDetectableEffect);
  if (problem) return problem;
  const p1 = input.baselineRate;
  const mde = input.minimumDetectableEffect;
  const p2 = mde.type === 'relative' ? p1 * (1 + mde.value) : p1 + mde.value;
  if (!(p1 > 0 && p1 < 1)) return notComputable('baseline rate must be in (0, 1)');
  if (!(p2 > 0 && p2 < 1)) return notComputable('baseline rate plus MDE must stay in (0, 1)');
  const zAlpha = -standardNormalQuantile(input.alpha / 2);
  const zBeta = standardNormalQuantile(input.power);
  const pBar = (p1 + p2) / 2;
  const numerator =
    zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const exact = (numerator * numerator) / ((p2 - p1) * (p2 - p1));
  return { status: 'ok', perVariant: roundUp(exact), exact, absoluteEffect: p2 - p1 };
}

/**
 * Units per variant to detect a mean difference δ with a two-sided test (normal approximation to
 * Welch's test): n = (z₁₋α/₂ + z₁₋β)²·(σ₁² + σ₂²)/δ².
 *
 * @returns `not_computable` for a relative MDE without a non-zero baseline mean, a non-positive
 *          σ, or settings out of range.
 */
export function sampleSizeForMeans(input: MeanSampleSizeInput): SampleSizeResult | NotComputable {
  const problem = settingsProblem(input.alpha, input.power, input.minimumDetectableEffect);
  if (problem) return problem;
  const sd1 = input.standardDeviation;
  const sd2 = input.variantStandardDeviation ?? sd1;
  if (!(sd1 > 0) || !(sd2 > 0)) return notComputable('standard deviations must be positive');
  const mde = input.minimumDetectableEffect;
  let delta = mde.value;
  if (mde.type === 'relative') {
    if (input.baselineMean === undefined || input.baselineMean === 0) {
      return notComputable('a relative MDE needs a non-zero baseline mean');
    }
    delta = mde.value * input.baselineMean;
  }
  const z = -standardNormalQuantile(input.alpha / 2) + standardNormalQuantile(input.power);
  const exact = (z * z * (sd1 * sd1 + sd2 * sd2)) / (delta * delta);
  return { status: 'ok', perVariant: roundUp(exact), exact, absoluteEffect: delta };
}
