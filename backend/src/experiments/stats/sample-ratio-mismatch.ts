import { chiSquareSurvival } from './distributions';
import { notComputable } from './types';
import type { NotComputable } from './types';

/** Default SRM threshold: p below it flags the experiment's results as untrusted. */
export const SRM_P_VALUE_THRESHOLD = 0.001;
/** The test runs only once every arm has at least this many units (expected counts ≥ 5 rule). */
export const SRM_MINIMUM_UNITS_PER_ARM = 8;

/** Chi-square goodness-of-fit of exposures against configured weights. */
export interface SampleRatioMismatchResult {
  readonly status: 'ok';
  /** Σ (observed − expected)² / expected. */
  readonly chiSquare: number;
  /** Number of arms − 1. */
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly log10PValue: number;
  /** Expected units per arm: total × weight / Σ weights. */
  readonly expected: readonly number[];
  /** `false` when p < threshold: the assignment is broken and no winner may be declared. */
  readonly passed: boolean;
  readonly threshold: number;
}

/** Options of {@link sampleRatioMismatchTest}. */
export interface SampleRatioMismatchOptions {
  /** Default {@link SRM_P_VALUE_THRESHOLD}. */
  readonly threshold?: number;
  /** Default {@link SRM_MINIMUM_UNITS_PER_ARM}. */
  readonly minimumUnitsPerArm?: number;
}

/**
 * Sample ratio mismatch (SRM) check: Pearson's chi-square goodness-of-fit of the observed units per
 * variant against the configured weights (as `scipy.stats.chisquare(observed, total·w)`), p-value
 * from the chi-square survival function Q(k/2, χ²/2) so that it stays accurate far below 1e-30.
 *
 * @param exposures units per variant, control first; non-negative integers.
 * @param weights configured weights per variant (any positive scale; normalized here).
 * @returns `not_computable` for fewer than 2 arms, mismatched lengths, non-positive weights, or
 *          while any arm has fewer than `minimumUnitsPerArm` units.
 */
export function sampleRatioMismatchTest(
  exposures: readonly number[],
  weights: readonly number[],
  options: SampleRatioMismatchOptions = {},
): SampleRatioMismatchResult | NotComputable {
  const threshold = options.threshold ?? SRM_P_VALUE_THRESHOLD;
  const minimumUnitsPerArm = options.minimumUnitsPerArm ?? SRM_MINIMUM_UNITS_PER_ARM;
  if (exposures.length < 2) return notComputable('SRM needs at least 2 arms');
  if (exposures.length !== weights.length) return notComputable('one weight per arm is required');
  if (weights.some((w) => !(w > 0) || !Number.isFinite(w))) return notComputable('weights must be positive');
  if (exposures.some((n) => n < minimumUnitsPerArm)) {
    return notComputable(`SRM check waits until every arm has ≥ ${minimumUnitsPerArm} units`);
  }
  const total = exposures.reduce((s, n) => s + n, 0);
  const weightTotal = weights.reduce((s, w) => s + w, 0);
  const expected = weights.map((w) => (total * w) / weightTotal);
  let chiSquare = 0;
  exposures.forEach((observed, i) => {
    const e = expected[i] ?? 0;
    chiSquare += ((observed - e) * (observed - e)) / e;
  });
  const degreesOfFreedom = exposures.length - 1;
  const p = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return {
    status: 'ok',
    chiSquare,
    degreesOfFreedom,
    pValue: p.pValue,
    log10PValue: p.log10PValue,
    expected,
    passed: !(p.pValue < threshold),
    threshold,
  };
}
