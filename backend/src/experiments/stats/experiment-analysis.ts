import { chanceToBeatControlForMeans, chanceToBeatControlForProportions } from './bayesian';
import type { ChanceToBeatControl } from './bayesian';
import { DEFAULT_MINIMUM_MEANINGFUL_CHANGE, decideVariant } from './decision';
import type { GuardrailEvidence, PrimaryEvidence, VariantDecision } from './decision';
import { benjaminiHochbergAdjustedPValues, holmAdjustedPValues } from './multiple-testing';
import { meanNonInferiorityTest, proportionNonInferiorityTest } from './non-inferiority';
import type { NonInferiorityResult } from './non-inferiority';
import { sampleRatioMismatchTest, SRM_P_VALUE_THRESHOLD } from './sample-ratio-mismatch';
import type { SampleRatioMismatchResult } from './sample-ratio-mismatch';
import { sampleSizeForMeans, sampleSizeForProportions } from './sample-size';
import { DEFAULT_SEQUENTIAL_TUNING_N, sequentialTest } from './sequential';
import type { SequentialTestResult } from './sequential';
import { twoProportionZTest } from './two-proportion-z-test';
import type { TwoProportionZTestResult } from './two-proportion-z-test';
import { isNotComputable, notComputable } from './types';
import type {
  EffectSize,
  MeanSufficientStatistics,
  MetricDirection,
  NotComputable,
  ProportionSufficientStatistics,
} from './types';
import { welchTTest } from './welch-t-test';
import type { WelchTTestResult } from './welch-t-test';

/** How a metric takes part in the decision. */
export type MetricRole = 'primary' | 'secondary' | 'guardrail';

/** A metric of the experiment. Exactly one metric should have role `primary`. */
export interface MetricDefinition {
  readonly key: string;
  readonly kind: 'mean' | 'proportion';
  readonly direction: MetricDirection;
  readonly role: MetricRole;
  /** Guardrails: tolerated worsening (relative to control, or absolute in the metric's unit). */
  readonly nonInferiorityMargin?: EffectSize;
}

/** Aggregates of one metric for one variant. */
export type MetricAggregate =
  | {
      readonly kind: 'mean';
      readonly raw: MeanSufficientStatistics;
      /** Capped at write time (see `winsorization.ts`); when present, decisions use it. */
      readonly winsorized?: MeanSufficientStatistics;
    }
  | { readonly kind: 'proportion'; readonly stats: ProportionSufficientStatistics };

/** Aggregates of one variant; the first variant of the input is the control. */
export interface VariantAggregates {
  readonly key: string;
  /** Configured traffic weight (any positive scale). */
  readonly weight: number;
  /** Units exposed (assignment unit, e.g. customers). */
  readonly exposures: number;
  readonly metrics: Readonly<Record<string, MetricAggregate | undefined>>;
}

/** Analysis settings; one alpha drives tests, intervals, power and decisions. */
export interface AnalysisSettings {
  /** Default 0.05. */
  readonly alpha?: number;
  /** Default 0.8; used for the "sample still needed" estimate. */
  readonly power?: number;
  readonly sequential: boolean;
  readonly plannedSampleSizePerVariant: number;
  /** N* of the confidence sequence; default 2 × planned per variant, else 5000. */
  readonly sequentialTuningN?: number;
  /** Default 0.5 % relative. */
  readonly minimumMeaningfulChange?: EffectSize;
  /** Default 0.001. */
  readonly srmThreshold?: number;
}

/** Settings after defaults, echoed with the results so that analysts can reproduce them. */
export interface ResolvedAnalysisSettings {
  readonly alpha: number;
  readonly power: number;
  readonly sequential: boolean;
  readonly plannedSampleSizePerVariant: number;
  readonly sequentialTuningN: number;
  readonly minimumMeaningfulChange: EffectSize;
  readonly srmThreshold: number;
  readonly primaryCorrection: 'holm';
  readonly secondaryCorrection: 'benjamini_hochberg';
  readonly guardrailTest: 'one_sided_non_inferiority_uncorrected';
}

/** Input of {@link analyzeExperiment}. */
export interface ExperimentAnalysisInput {
  /** Control first, then the treatments. */
  readonly variants: readonly VariantAggregates[];
  readonly metrics: readonly MetricDefinition[];
  readonly settings: AnalysisSettings;
}

type FixedTest = WelchTTestResult | TwoProportionZTestResult;

/** One metric of one variant compared with control. */
export interface MetricComparison {
  readonly metricKey: string;
  readonly role: MetricRole;
  readonly kind: 'mean' | 'proportion';
  readonly direction: MetricDirection;
  /** Which aggregates the decision used. */
  readonly basis: 'raw' | 'winsorized';
  /** Fixed-horizon test on `basis`. */
  readonly test: FixedTest | NotComputable;
  /** The raw test, always shown (same object as `test` when basis is raw). */
  readonly rawTest: FixedTest | NotComputable;
  /** Confidence sequence of the difference (sequential mode only). */
  readonly sequential: SequentialTestResult | null;
  /** The p-value decisions use: always-valid (sequential) or fixed-horizon; `null` if not computable. */
  readonly pValue: number | null;
  /** Holm (primary) or Benjamini–Hochberg (secondary) adjusted; raw p for guardrails. */
  readonly adjustedPValue: number | null;
  readonly significant: boolean;
  readonly chanceToWin: ChanceToBeatControl | NotComputable;
  /** Guardrails only. */
  readonly nonInferiority: NonInferiorityResult | NotComputable | null;
}

/** Results of one treatment variant. */
export interface VariantAnalysis {
  readonly variantKey: string;
  readonly exposures: number;
  readonly metrics: readonly MetricComparison[];
  readonly decision: VariantDecision;
}

/** Full results of an experiment computed from aggregates only (O(variants × metrics)). */
export interface ExperimentAnalysis {
  readonly settings: ResolvedAnalysisSettings;
  readonly controlKey: string;
  readonly controlExposures: number;
  readonly sampleRatioMismatch: SampleRatioMismatchResult | NotComputable;
  readonly variants: readonly VariantAnalysis[];
}

/** Applies the defaults of {@link AnalysisSettings}. */
export function resolveAnalysisSettings(settings: AnalysisSettings): ResolvedAnalysisSettings {
  const planned = settings.plannedSampleSizePerVariant;
  return {
    alpha: settings.alpha ?? 0.05,
    power: settings.power ?? 0.8,
    sequential: settings.sequential,
    plannedSampleSizePerVariant: planned,
    sequentialTuningN: settings.sequentialTuningN ?? (planned > 0 ? 2 * planned : DEFAULT_SEQUENTIAL_TUNING_N),
    minimumMeaningfulChange: settings.minimumMeaningfulChange ?? DEFAULT_MINIMUM_MEANINGFUL_CHANGE,
    srmThreshold: settings.srmThreshold ?? SRM_P_VALUE_THRESHOLD,
    primaryCorrection: 'holm',
    secondaryCorrection: 'benjamini_hochberg',
    guardrailTest: 'one_sided_non_inferiority_uncorrected',
  };
}

interface UnadjustedComparison {
  readonly metric: MetricDefinition;
  readonly basis: 'raw' | 'winsorized';
  readonly test: FixedTest | NotComputable;
  readonly rawTest: FixedTest | NotComputable;
  readonly sequential: SequentialTestResult | null;
  readonly pValue: number | null;
  readonly chanceToWin: ChanceToBeatControl | NotComputable;
  readonly nonInferiority: NonInferiorityResult | NotComputable | null;
}

function standardErrorOf(test: FixedTest): number {
  return 'standardError' in test ? test.standardError : test.unpooledStandardError;
}

function compareMetric(
  metric: MetricDefinition,
  control: MetricAggregate | undefined,
  variant: MetricAggregate | undefined,
  settings: ResolvedAnalysisSettings,
): UnadjustedComparison {
  const missing = notComputable(`no aggregates for metric ${metric.key}`);
  const empty = {
    metric,
    basis: 'raw' as const,
    test: missing,
    rawTest: missing,
    sequential: null,
    pValue: null,
    chanceToWin: missing,
    nonInferiority: metric.role === 'guardrail' ? missing : null,
  };
  if (!control || !variant || control.kind !== metric.kind || variant.kind !== metric.kind) return empty;
  const sequentialSettings = settings.sequential ? { tuningN: settings.sequentialTuningN } : undefined;
  const margin = metric.nonInferiorityMargin ?? { type: 'relative', value: 0 };
  const niOptions = { direction: metric.direction, margin, alpha: settings.alpha, sequential: sequentialSettings };
  let test: FixedTest | NotComputable;
  let rawTest: FixedTest | NotComputable;
  let basis: 'raw' | 'winsorized' = 'raw';
  let chanceToWin: ChanceToBeatControl | NotComputable;
  let nonInferiority: NonInferiorityResult | NotComputable | null = null;
  let totalN: number;
  if (control.kind === 'mean' && variant.kind === 'mean') {
    rawTest = welchTTest(control.raw, variant.raw, settings.alpha);
    const useWinsorized = control.winsorized !== undefined && variant.winsorized !== undefined;
    const controlStats = useWinsorized && control.winsorized ? control.winsorized : control.raw;
    const variantStats = useWinsorized && variant.winsorized ? variant.winsorized : variant.raw;
    basis = useWinsorized ? 'winsorized' : 'raw';
    test = useWinsorized ? welchTTest(controlStats, variantStats, settings.alpha) : rawTest;
    chanceToWin = chanceToBeatControlForMeans(controlStats, variantStats, metric.direction);
    if (metric.role === 'guardrail') nonInferiority = meanNonInferiorityTest(controlStats, variantStats, niOptions);
    totalN = controlStats.n + variantStats.n;
  } else if (control.kind === 'proportion' && variant.kind === 'proportion') {
    test = twoProportionZTest(control.stats, variant.stats, settings.alpha);
    rawTest = test;
    chanceToWin = chanceToBeatControlForProportions(control.stats, variant.stats, metric.direction);
    if (metric.role === 'guardrail') {
      nonInferiority = proportionNonInferiorityTest(control.stats, variant.stats, niOptions);
    }
    totalN = control.stats.n + variant.stats.n;
  } else {
    return empty;
  }
  let sequential: SequentialTestResult | null = null;
  let pValue: number | null = null;
  if (!isNotComputable(test)) {
    pValue = test.pValue;
    if (settings.sequential) {
      sequential = sequentialTest(test.difference, standardErrorOf(test), totalN, {
        alpha: settings.alpha,
        tuningN: settings.sequentialTuningN,
      });
      pValue = sequential.pValue;
    }
  }
  return { metric, basis, test, rawTest, sequential, pValue, chanceToWin, nonInferiority };
}

function adjust(
  comparisons: readonly UnadjustedComparison[][],
  role: MetricRole,
  method: (p: readonly number[]) => number[],
): Map<UnadjustedComparison, number> {
  const family = comparisons.flat().filter((c) => c.metric.role === role && c.pValue !== null);
  const adjusted = method(family.map((c) => c.pValue ?? 1));
  return new Map(family.map((c, i) => [c, adjusted[i] ?? 1]));
}

function primaryEvidence(comparison: UnadjustedComparison, adjustedPValue: number): PrimaryEvidence | null {
  const test = comparison.test;
  if (isNotComputable(test)) return null;
  const interval = comparison.sequential ? comparison.sequential.confidenceSequence : test.confidenceInterval;
  const controlValue = 'mean' in test.control ? test.control.mean : test.control.proportion;
  return {
    direction: comparison.metric.direction,
    difference: test.difference,
    interval,
    relativeLift: isNotComputable(test.relativeLift) ? null : test.relativeLift.estimate,
    controlValue,
    adjustedPValue,
  };
}

function sampleNeededForMinimumChange(
  comparison: UnadjustedComparison | undefined,
  settings: ResolvedAnalysisSettings,
): number | null {
  const test = comparison?.test;
  if (!test || isNotComputable(test)) return null;
  const mde = settings.minimumMeaningfulChange;
  const result =
    'mean' in test.control && 'mean' in test.variant
      ? sampleSizeForMeans({
          baselineMean: test.control.mean,
          standardDeviation: test.control.standardDeviation || test.variant.standardDeviation,
          variantStandardDeviation: test.variant.standardDeviation || test.control.standardDeviation,
          minimumDetectableEffect: mde,
          alpha: settings.alpha,
          power: settings.power,
        })
      : sampleSizeForProportions({
          baselineRate: 'proportion' in test.control ? test.control.proportion : 0,
          minimumDetectableEffect: mde,
          alpha: settings.alpha,
          power: settings.power,
        });
  return isNotComputable(result) ? null : result.perVariant;
}

/**
 * Full results of an experiment from per-variant sufficient statistics: SRM check, per metric and
 * variant a Welch t-test or pooled z-test (winsorized aggregates when present, raw always shown),
 * sequential confidence sequences when enabled, Holm correction across variants on the primary
 * metric, Benjamini–Hochberg across all secondary comparisons, uncorrected one-sided
 * non-inferiority tests on guardrails, chance to win, and a {@link decideVariant} verdict per variant.
 * Cost is O(variants × metrics); no event is read.
 *
 * @throws RangeError when fewer than 2 variants or not exactly one primary metric are given.
 */
export function analyzeExperiment(input: ExperimentAnalysisInput): ExperimentAnalysis {
  const [control, ...treatments] = input.variants;
  if (!control || treatments.length === 0) throw new RangeError('an experiment needs at least 2 variants');
  const primaryMetrics = input.metrics.filter((m) => m.role === 'primary');
  if (primaryMetrics.length !== 1) throw new RangeError('exactly one primary metric is required');
  const settings = resolveAnalysisSettings(input.settings);
  const srm = sampleRatioMismatchTest(
    input.variants.map((v) => v.exposures),
    input.variants.map((v) => v.weight),
    { threshold: settings.srmThreshold },
  );
  const unadjusted = treatments.map((variant) =>
    input.metrics.map((metric) =>
      compareMetric(metric, control.metrics[metric.key], variant.metrics[metric.key], settings),
    ),
  );
  const holm = adjust(unadjusted, 'primary', holmAdjustedPValues);
  const bh = adjust(unadjusted, 'secondary', benjaminiHochbergAdjustedPValues);
  const variants = treatments.map((variant, index): VariantAnalysis => {
    const comparisons = (unadjusted[index] ?? []).map((c): MetricComparison => {
      const adjustedPValue = holm.get(c) ?? bh.get(c) ?? c.pValue;
      return {
        metricKey: c.metric.key,
        role: c.metric.role,
        kind: c.metric.kind,
        direction: c.metric.direction,
        basis: c.basis,
        test: c.test,
        rawTest: c.rawTest,
        sequential: c.sequential,
        pValue: c.pValue,
        adjustedPValue,
        significant: adjustedPValue !== null && adjustedPValue < settings.alpha,
        chanceToWin: c.chanceToWin,
        nonInferiority: c.nonInferiority,
      };
    });
    const primary = (unadjusted[index] ?? []).find((c) => c.metric.role === 'primary');
    const guardrails = (unadjusted[index] ?? [])
      .filter((c) => c.metric.role === 'guardrail')
      .map(
        (c): GuardrailEvidence => ({
          metricKey: c.metric.key,
          outcome:
            c.nonInferiority === null || isNotComputable(c.nonInferiority)
              ? 'not_computable'
              : c.nonInferiority.outcome,
        }),
      );
    const primaryTest = primary?.test;
    return {
      variantKey: variant.key,
      exposures: variant.exposures,
      metrics: comparisons,
      decision: decideVariant({
        srmPassed: isNotComputable(srm) ? null : srm.passed,
        primary: primary ? primaryEvidence(primary, holm.get(primary) ?? 1) : null,
        primaryProblem: primaryTest && isNotComputable(primaryTest) ? primaryTest.reason : undefined,
        guardrails,
        alpha: settings.alpha,
        minimumMeaningfulChange: settings.minimumMeaningfulChange,
        sequential: settings.sequential,
        plannedSampleSizePerVariant: settings.plannedSampleSizePerVariant,
        currentSampleSizePerVariant: Math.min(control.exposures, variant.exposures),
        sampleNeededForMinimumChange: sampleNeededForMinimumChange(primary, settings),
      }),
    };
  });
  return {
    settings,
    controlKey: control.key,
    controlExposures: control.exposures,
    sampleRatioMismatch: srm,
    variants,
  };
}
