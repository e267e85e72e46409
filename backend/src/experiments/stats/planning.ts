import { normalCriticalValue, standardNormalCdf, standardNormalQuantile } from './distributions';
import { sequentialRho } from './sequential';
import { notComputable } from './types';
import type { NotComputable } from './types';

/** How the experiment will be analysed; planning must match the test used in results. */
export interface PlanningDesign {
  readonly mode: 'fixed' | 'sequential';
  /** Family-wise two-sided level, e.g. 0.05. */
  readonly alpha: number;
  /** Treatment arms compared with control (default 1); Holm with m = treatments for 2+. */
  readonly treatments?: number;
  /**
   * N* of the confidence sequence (units in control + one treatment). Default: the planned
   * 2·n per variant, the default of `resolveAnalysisSettings`.
   */
  readonly sequentialTuningN?: number;
}

/**
 * The metric's per-unit variability. `mean`: unit-level variances (s², a delta-method n·Var(R̂), or a
 * CUPED-adjusted variance). `proportion`: baseline rate p₁; variances follow from p₁ and p₂.
 */
export type PlanningMetric =
  | { readonly kind: 'mean'; readonly controlVariance: number; readonly variantVariance?: number }
  | { readonly kind: 'proportion'; readonly baselineRate: number };

/** Power of one comparison at n units per variant. */
export interface PowerResult {
  readonly status: 'ok';
  readonly power: number;
  /** α per comparison used for planning (α/m, Holm's first step). */
  readonly comparisonAlpha: number;
  /** Critical value on the z scale at the planned look: z₁₋α/₂ or the sequential boundary. */
  readonly criticalValue: number;
  /** criticalValue / z₁₋α/₂: the widening of the interval at this n (1 for fixed). */
  readonly intervalInflation: number;
  /** Standard error of the difference at n, in the metric's unit. */
  readonly standardError: number;
}

/** Solution of a planning question. */
export interface PlanningSampleSize {
  readonly status: 'ok';
  /** Smallest integer n per variant with power ≥ target. */
  readonly perVariant: number;
  readonly achievedPower: number;
  readonly criticalValue: number;
  readonly intervalInflation: number;
}

/** Minimum detectable effect at n per variant. */
export interface PlanningMde {
  readonly status: 'ok';
  /** Absolute effect (metric unit, or rate difference) detectable with the target power. */
  readonly absoluteEffect: number;
  /** absoluteEffect / baseline, when a non-zero baseline is known. */
  readonly relativeEffect: number | null;
  readonly criticalValue: number;
  readonly intervalInflation: number;
}

/**
 * α per comparison for planning with m treatment arms: α/m. Holm's step-down compares the
 * smallest p-value with α/m and the others with larger thresholds, so a plan powered at α/m is
 * conservative for every comparison (Holm 1979).
 */
export function planningComparisonAlpha(alpha: number, treatments = 1): number {
  return alpha / Math.max(1, treatments);
}

/**
 * Critical value on the z scale of the sequential test at a look with N units (control + treatment):
 * the confidence sequence of `sequential.ts` excludes 0 iff |θ̂|/SE ≥
 * c(N) = √(2(Nρ² + 1)/(Nρ²) · ln(√(Nρ² + 1)/α′)), with ρ = ρ(α, N*) from the configured α (as in
 * results) and α′ the per-comparison level the always-valid p-value is compared with.
 * Exact inversion of the half-width formula (Waudby-Smith et al. 2023, eq. 9), no approximation.
 */
export function sequentialCriticalValue(
  totalN: number,
  alpha: number,
  comparisonAlpha: number,
  tuningN: number,
): number {
  const rho = sequentialRho(alpha, tuningN);
  const g = totalN * rho * rho;
  return Math.sqrt(((2 * (g + 1)) / g) * Math.log(Math.sqrt(g + 1) / comparisonAlpha));
}

function designProblem(design: PlanningDesign): NotComputable | null {
  if (!(design.alpha > 0 && design.alpha < 1)) return notComputable('alpha must be in (0, 1)');
  if (design.treatments !== undefined && !(Number.isInteger(design.treatments) && design.treatments >= 1)) {
    return notComputable('treatments must be a positive integer');
  }
  if (design.sequentialTuningN !== undefined && !(design.sequentialTuningN > 0)) {
    return notComputable('sequential tuning N must be positive');
  }
  return null;
}

function criticalValueAt(design: PlanningDesign, perVariant: number): { c: number; z: number; alpha: number } {
  const alpha = planningComparisonAlpha(design.alpha, design.treatments);
  const z = normalCriticalValue(alpha);
  if (design.mode === 'fixed') return { c: z, z, alpha };
  const totalN = 2 * perVariant;
  return { c: sequentialCriticalValue(totalN, design.alpha, alpha, design.sequentialTuningN ?? totalN), z, alpha };
}

/** Per-unit variances under H0 (test) and H1 (sampling) for an absolute effect δ. */
function variances(metric: PlanningMetric, delta: number): { null: number; alternative: number } | NotComputable {
  if (metric.kind === 'mean') {
    const v1 = metric.controlVariance;
    const v2 = metric.variantVariance ?? v1;
    if (!(v1 > 0 && v2 > 0)) return notComputable('variances must be positive');
    return { null: v1 + v2, alternative: v1 + v2 };
  }
  const p1 = metric.baselineRate;
  const p2 = p1 + delta;
  if (!(p1 > 0 && p1 < 1)) return notComputable('baseline rate must be in (0, 1)');
  if (!(p2 > 0 && p2 < 1)) return notComputable('baseline rate plus effect must stay in (0, 1)');
  const pBar = (p1 + p2) / 2;
  return { null: 2 * pBar * (1 - pBar), alternative: p1 * (1 - p1) + p2 * (1 - p2) };
}

function powerOf(c: number, delta: number, n: number, v: { null: number; alternative: number }, pooled: boolean): number {
  const seAlt = Math.sqrt(v.alternative / n);
  const threshold = c * Math.sqrt((pooled ? v.null : v.alternative) / n);
  return standardNormalCdf((Math.abs(delta) - threshold) / seAlt) + standardNormalCdf((-Math.abs(delta) - threshold) / seAlt);
}

/**
 * Power of the two-sided comparison at n units per variant for an absolute effect δ:
 * P(|θ̂| ≥ c·SE₀) = Φ((|δ| − c·SE₀)/SE₁) + Φ((−|δ| − c·SE₀)/SE₁), with SE₁ = √((σ_A² + σ_B²)/n) and
 * SE₀ the SE the test divides by (pooled p̄(1 − p̄) for the fixed two-proportion z-test, Fleiss et
 * al. 2003 eq. 4.14; unpooled for means and for the sequential test, as in results). c is z₁₋α′/₂
 * (fixed) or {@link sequentialCriticalValue} at N = 2n (sequential: the probability that the
 * confidence sequence excludes 0 at the planned look; stopping at an earlier exclusion only adds).
 */
export function powerAtSampleSize(
  design: PlanningDesign,
  metric: PlanningMetric,
  absoluteEffect: number,
  perVariant: number,
): PowerResult | NotComputable {
  const problem = designProblem(design);
  if (problem) return problem;
  if (!(perVariant >= 2)) return notComputable('n per variant must be at least 2');
  const v = variances(metric, absoluteEffect);
  if ('status' in v) return v;
  const { c, z, alpha } = criticalValueAt(design, perVariant);
  const pooled = metric.kind === 'proportion' && design.mode === 'fixed';
  return {
    status: 'ok',
    power: powerOf(c, absoluteEffect, perVariant, v, pooled),
    comparisonAlpha: alpha,
    criticalValue: c,
    intervalInflation: c / z,
    standardError: Math.sqrt(v.alternative / perVariant),
  };
}

/**
 * Smallest n per variant whose {@link powerAtSampleSize} reaches `power`, found by doubling then
 * bisection on integers (power increases with n: δ√n grows faster than the sequential c(N), which
 * grows like √ln N). For the sequential mode with the default N* = 2n, Nρ² is the constant
 * g = −2 ln α + ln(1 − 2 ln α) at the planned look, so the inflation is the same for every n.
 *
 * @returns `not_computable` for settings out of range, δ = 0, or n above 10¹².
 */
export function sampleSizeForPower(
  design: PlanningDesign,
  metric: PlanningMetric,
  absoluteEffect: number,
  power: number,
): PlanningSampleSize | NotComputable {
  if (!(power > 0 && power < 1)) return notComputable('power must be in (0, 1)');
  if (!(absoluteEffect !== 0 && Number.isFinite(absoluteEffect))) return notComputable('effect must be a non-zero number');
  const at = (n: number): PowerResult | NotComputable => powerAtSampleSize(design, metric, absoluteEffect, n);
  const first = at(2);
  if ('reason' in first) return first;
  let high = 2;
  let result: PowerResult | NotComputable = first;
  while (result.status === 'ok' && result.power < power) {
    high *= 2;
    if (high > 1e12) return notComputable('required sample exceeds 10^12 units per variant');
    result = at(high);
  }
  if (result.status !== 'ok') return result;
  let low = high === 2 ? 1 : high / 2;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const r = at(mid);
    if (r.status === 'ok' && r.power >= power) high = mid;
    else low = mid;
  }
  const final = at(high);
  if (final.status !== 'ok') return final;
  return {
    status: 'ok',
    perVariant: high,
    achievedPower: final.power,
    criticalValue: final.criticalValue,
    intervalInflation: final.intervalInflation,
  };
}

/**
 * Minimum detectable effect at n units per variant: the |δ| > 0 with {@link powerAtSampleSize} =
 * `power`, solved by bisection (for means this is (c + z₁₋β)·SE up to the far tail). For
 * proportions `direction` chooses an increase (+1) or a decrease (−1) of the rate.
 *
 * @returns `not_computable` when no effect inside the metric's range reaches the power.
 */
export function minimumDetectableEffectAtSampleSize(
  design: PlanningDesign,
  metric: PlanningMetric,
  perVariant: number,
  power: number,
  options: { readonly baselineMean?: number; readonly direction?: 1 | -1 } = {},
): PlanningMde | NotComputable {
  if (!(power > 0 && power < 1)) return notComputable('power must be in (0, 1)');
  const sign = options.direction ?? 1;
  const probe = powerAtSampleSize(design, metric, sign * 1e-9, perVariant);
  if ('reason' in probe) return probe;
  let high: number;
  if (metric.kind === 'proportion') {
    high = sign > 0 ? 1 - metric.baselineRate - 1e-12 : metric.baselineRate - 1e-12;
  } else {
    const v1 = metric.controlVariance;
    high = (probe.criticalValue + standardNormalQuantile(power) + 10) * Math.sqrt((v1 + (metric.variantVariance ?? v1)) / perVariant);
  }
  const top = powerAtSampleSize(design, metric, sign * high, perVariant);
  if (top.status !== 'ok' || top.power < power) return notComputable('no effect within range reaches the target power');
  let low = 0;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    const r = powerAtSampleSize(design, metric, sign * mid, perVariant);
    if (r.status === 'ok' && r.power >= power) high = mid;
    else low = mid;
  }
  const baseline = metric.kind === 'proportion' ? metric.baselineRate : options.baselineMean;
  return {
    status: 'ok',
    absoluteEffect: sign * high,
    relativeEffect: baseline ? (sign * high) / Math.abs(baseline) : null,
    criticalValue: probe.criticalValue,
    intervalInflation: probe.intervalInflation,
  };
}

/**
 * Units per variant reached after `days` at the observed rate of new units, with equal allocation
 * over `variants` arms: ⌊dailyUnits·days/variants⌋. Feed it to
 * {@link minimumDetectableEffectAtSampleSize} for the MDE at a duration; the inverse,
 * ⌈n·variants/dailyUnits⌉, gives the days still needed.
 */
export function unitsPerVariantAfterDays(dailyUnits: number, days: number, variants: number): number {
  if (!(dailyUnits >= 0 && days >= 0 && variants >= 2)) return 0;
  return Math.floor((dailyUnits * days) / variants);
}

/** Days needed to reach n units per variant at `dailyUnits` new units a day over `variants` arms. */
export function daysToReachSampleSize(perVariant: number, dailyUnits: number, variants: number): number | null {
  if (!(dailyUnits > 0) || !(variants >= 2) || !(perVariant >= 0)) return null;
  return Math.ceil((perVariant * variants) / dailyUnits);
}
