import type { NonInferiorityOutcome } from './non-inferiority';
import type { EffectSize, MetricDirection } from './types';

/** Verdict for one variant against control. */
export type VariantDecisionStatus = 'winner' | 'loser' | 'draw' | 'inconclusive' | 'invalid_srm';

/** A verdict with the reasons that produced it. */
export interface VariantDecision {
  readonly status: VariantDecisionStatus;
  /** Human-readable, in the order the rules were applied. */
  readonly reasons: readonly string[];
  /** Additional units per variant before a fixed-horizon decision is allowed (0 when none). */
  readonly sampleStillNeeded: number;
}

/** The primary-metric evidence the decision needs. */
export interface PrimaryEvidence {
  readonly direction: MetricDirection;
  /** Variant − control in the metric's unit. */
  readonly difference: number;
  /** Interval of the difference: confidence interval, or confidence sequence in sequential mode. */
  readonly interval: { readonly lower: number; readonly upper: number };
  /** Relative lift estimate, `null` when the control mean is 0. */
  readonly relativeLift: number | null;
  /** Control mean or proportion, to turn a relative minimum change into an absolute one. */
  readonly controlValue: number;
  /** p-value after the multiple-testing correction (Holm across variants). */
  readonly adjustedPValue: number;
}

/** A guardrail's non-inferiority outcome (or why it could not be computed). */
export interface GuardrailEvidence {
  readonly metricKey: string;
  readonly outcome: NonInferiorityOutcome | 'not_computable';
}

/** Everything {@link decideVariant} looks at. */
export interface DecisionInput {
  /** SRM verdict: `false` = failed (p < threshold), `null` = not yet computable. */
  readonly srmPassed: boolean | null;
  /** `null` when the primary comparison is not computable. */
  readonly primary: PrimaryEvidence | null;
  readonly primaryProblem?: string;
  readonly guardrails: readonly GuardrailEvidence[];
  readonly alpha: number;
  /** Smallest change worth shipping; default 0.5 % relative. */
  readonly minimumMeaningfulChange: EffectSize;
  readonly sequential: boolean;
  /** Units per variant planned for a fixed-horizon decision. */
  readonly plannedSampleSizePerVariant: number;
  /** min(units in control, units in variant). */
  readonly currentSampleSizePerVariant: number;
  /** Estimated units per variant to resolve an inconclusive result, when known. */
  readonly sampleNeededForMinimumChange: number | null;
}

/** Default smallest meaningful change: 0.5 % relative. */
export const DEFAULT_MINIMUM_MEANINGFUL_CHANGE: EffectSize = { type: 'relative', value: 0.005 };

function decision(status: VariantDecisionStatus, reasons: string[], sampleStillNeeded = 0): VariantDecision {
  return { status, reasons, sampleStillNeeded: Math.max(0, Math.ceil(sampleStillNeeded)) };
}

function meaningfulThreshold(primary: PrimaryEvidence, minimum: EffectSize): number {
  return minimum.type === 'absolute' ? minimum.value : minimum.value * Math.abs(primary.controlValue);
}

/**
 * Decision rule of the experiments spec ("Decision"): a variant is the `winner` only if SRM passed,
 * the primary metric is significant after correction in the favourable direction with at least the
 * minimum meaningful change, no guardrail is significantly worse beyond its margin, and the planned
 * sample is reached or sequential mode is on. Rules, in order:
 * 1. SRM failed → `invalid_srm` (never a winner).
 * 2. Fixed horizon and planned sample not reached → `inconclusive` with the units still needed.
 * 3. Primary not computable → `inconclusive`.
 * 4. A guardrail significantly worse beyond its margin → `loser`.
 * 5. Primary significant and unfavourable → `loser`; favourable but below the minimum meaningful
 *    change → `draw`; otherwise `winner`.
 * 6. Not significant: the interval lies within ± the minimum meaningful change → `draw`
 *    (practically equivalent), else `inconclusive` with the estimated units still needed.
 */
export function decideVariant(input: DecisionInput): VariantDecision {
  if (input.srmPassed === false) {
    return decision('invalid_srm', ['sample ratio mismatch: exposures do not match the configured weights']);
  }
  if (!input.sequential && input.currentSampleSizePerVariant < input.plannedSampleSizePerVariant) {
    return decision(
      'inconclusive',
      ['planned sample size not reached (fixed-horizon mode)'],
      input.plannedSampleSizePerVariant - input.currentSampleSizePerVariant,
    );
  }
  const primary = input.primary;
  if (!primary) {
    return decision('inconclusive', [`primary metric not computable: ${input.primaryProblem ?? 'unknown'}`]);
  }
  const worse = input.guardrails.filter((g) => g.outcome === 'worse_beyond_margin').map((g) => g.metricKey);
  if (worse.length > 0) {
    return decision('loser', [`guardrail worse beyond its margin: ${worse.join(', ')}`]);
  }
  const threshold = meaningfulThreshold(primary, input.minimumMeaningfulChange);
  const favourable = primary.direction === 'higher_is_better' ? primary.difference > 0 : primary.difference < 0;
  if (primary.adjustedPValue < input.alpha) {
    if (!favourable) return decision('loser', ['primary metric significantly worse']);
    const meaningful =
      input.minimumMeaningfulChange.type === 'relative' && primary.relativeLift !== null
        ? Math.abs(primary.relativeLift) >= input.minimumMeaningfulChange.value
        : Math.abs(primary.difference) >= threshold;
    if (!meaningful) return decision('draw', ['significant but below the minimum meaningful change']);
    return decision('winner', ['primary metric significantly better; no guardrail worse beyond its margin']);
  }
  if (primary.interval.lower > -threshold && primary.interval.upper < threshold) {
    return decision('draw', ['interval lies within ± the minimum meaningful change']);
  }
  const needed =
    input.sampleNeededForMinimumChange === null
      ? 0
      : input.sampleNeededForMinimumChange - input.currentSampleSizePerVariant;
  return decision('inconclusive', ['primary metric not significant'], needed);
}
