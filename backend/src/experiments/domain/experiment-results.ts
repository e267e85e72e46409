import {
  analyzeExperiment,
  isNotComputable,
  summarizeMean,
  summarizeProportion,
} from '../stats';
import type {
  ConfidenceInterval,
  ExperimentAnalysis,
  MetricComparison,
  MetricDefinition,
  MetricRole,
  ResolvedAnalysisSettings,
  UnboundedInterval,
  VariantDecision,
} from '../stats';
import { isWinsorizedMetric, WINSORIZED_METRICS, WinsorizationOutcome, winsorizedStatistics, WinsorizedMetricKey } from './continuous-histograms';
import { Experiment, ExperimentStatus, winsorizationOf } from './experiment';
import { Counters, latencyHistogramOf, metricAggregateOf, variantAggregatesOf } from './experiment-aggregates';
import { EXPERIMENT_METRIC_KEYS, EXPERIMENT_METRICS, ExperimentMetricKey } from './experiment-metrics';
import { latencyQuantileFromHistogram } from './latency-histogram';

/** One arm's descriptive figures for one metric. */
export interface MetricArmSummary {
  readonly variantKey: string;
  /** Observations (model calls, ratings, thumbs or outcomes). */
  readonly n: number;
  /** Means only. */
  readonly mean?: number;
  readonly standardDeviation?: number;
  /** Proportions only. */
  readonly proportion?: number;
  readonly successes?: number;
  /** Latency only: estimated from the log-spaced histogram, in ms (null without data). */
  readonly p50?: number | null;
  readonly p95?: number | null;
  /** Winsorized metrics only: mean and SD after capping, and how many values the cap replaced. */
  readonly winsorizedMean?: number;
  readonly winsorizedStandardDeviation?: number;
  readonly cappedObservations?: number;
}

/** The raw (uncapped) comparison, shown beside a winsorized one. */
export interface RawComparisonView {
  readonly status: 'ok' | 'not_computable';
  readonly reason?: string;
  readonly absoluteEffect: { readonly estimate: number; readonly confidenceInterval: ConfidenceInterval } | null;
  readonly relativeEffect: number | null;
  readonly fixedHorizonPValue: number | null;
}

/** How a metric was winsorized in these results. */
export type MetricWinsorizationView =
  | { readonly status: 'applied'; readonly percentile: number; readonly cap: number; readonly cappedObservations: readonly number[] }
  | { readonly status: 'not_applied'; readonly percentile: number; readonly reason: string };

/** Variant versus control on one metric. */
export interface MetricComparisonView {
  readonly variantKey: string;
  /** Aggregates the test and the decision used: winsorized when the experiment winsorizes and a cap applies. */
  readonly basis: 'raw' | 'winsorized';
  /** The raw comparison when `basis` is winsorized (else null: the figures below are raw). */
  readonly raw: RawComparisonView | null;
  readonly status: 'ok' | 'not_computable';
  readonly reason?: string;
  /** Variant − control in the metric's unit (fraction for proportions). */
  readonly absoluteEffect: { readonly estimate: number; readonly confidenceInterval: ConfidenceInterval } | null;
  /** (variant − control)/control with delta-method and Fieller intervals; null when not computable. */
  readonly relativeEffect: {
    readonly estimate: number;
    readonly deltaMethodInterval: ConfidenceInterval;
    readonly fiellerInterval: ConfidenceInterval | UnboundedInterval;
  } | null;
  readonly relativeEffectProblem?: string;
  /** Sequential mode: the always-valid interval of the absolute effect. */
  readonly confidenceSequence: ConfidenceInterval | null;
  /** The p-value decisions use (always-valid in sequential mode, else fixed-horizon). */
  readonly pValue: number | null;
  /** Fixed-horizon two-sided p-value and its log10 (finite below 1e-308). */
  readonly fixedHorizonPValue: number | null;
  readonly log10FixedHorizonPValue: number | null;
  readonly adjustedPValue: number | null;
  readonly correction: 'holm' | 'benjamini_hochberg' | 'none';
  readonly significant: boolean;
  /** P(variant better than control), normal approximation / Beta posterior; null when not computable. */
  readonly chanceToWin: number | null;
  /** Guardrails: one-sided non-inferiority outcome against the margin. */
  readonly nonInferiority: {
    readonly outcome: string;
    readonly allowedWorsening: number;
    readonly worsening: number;
    readonly upperBound: number;
    readonly pValue: number;
  } | { readonly status: 'not_computable'; readonly reason: string } | null;
}

/** All figures of one metric. */
export interface MetricResults {
  readonly key: ExperimentMetricKey;
  readonly role: MetricRole;
  readonly kind: 'mean' | 'proportion';
  readonly direction: 'higher_is_better' | 'lower_is_better';
  readonly unit: string;
  readonly margin?: { readonly type: 'relative' | 'absolute'; readonly value: number };
  readonly arms: readonly MetricArmSummary[];
  readonly comparisons: readonly MetricComparisonView[];
  /** Continuous metrics of an experiment that winsorizes. */
  readonly winsorization?: MetricWinsorizationView;
}

/** The winsorization settings shown with results. */
export interface WinsorizationSettingsView {
  readonly enabled: boolean;
  readonly percentile: number;
  readonly metrics: readonly WinsorizedMetricKey[];
  readonly capRule: string;
}

/** One variant with its counts and verdict (the control's verdict is `control`). */
export interface VariantResults {
  readonly key: string;
  readonly modelId: string;
  readonly promptVersion: string | null;
  readonly weight: number;
  readonly units: number;
  readonly requests: number;
  readonly decision: VariantDecision | { readonly status: 'control'; readonly reasons: readonly string[]; readonly sampleStillNeeded: number };
}

/** SRM as shown to analysts. */
export interface SampleRatioMismatchView {
  readonly status: 'passed' | 'failed' | 'not_computable';
  readonly observedUnits: readonly number[];
  readonly expectedUnits: readonly number[] | null;
  readonly chiSquare: number | null;
  readonly pValue: number | null;
  readonly threshold: number;
  readonly reason?: string;
}

/** The experiment-level verdict. */
export interface OverallDecision {
  /** `winner`: ship `winnerVariantKey`; `no_winner`: every treatment is a draw or a loser; `invalid_srm`: do not trust. */
  readonly status: 'winner' | 'inconclusive' | 'no_winner' | 'invalid_srm';
  readonly winnerVariantKey: string | null;
  readonly reasons: readonly string[];
}

/** Everything `GET /v1/ab-tests/{key}/results` returns. */
export interface ExperimentResults {
  readonly experimentKey: string;
  readonly status: ExperimentStatus;
  readonly computedAt: string;
  readonly settings: ResolvedAnalysisSettings & {
    readonly primaryMetric: ExperimentMetricKey;
    readonly guardrails: Experiment['guardrails'];
    readonly coverage: number;
    readonly assignmentUnit: Experiment['assignmentUnit'];
    readonly weights: readonly number[];
    readonly winsorization: WinsorizationSettingsView;
    readonly latencyQuantiles: string;
    readonly observationUnit: string;
  };
  readonly sampleRatioMismatch: SampleRatioMismatchView;
  readonly decision: OverallDecision;
  readonly variants: readonly VariantResults[];
  readonly metrics: readonly MetricResults[];
}

/** The metric definitions of an experiment: its primary, its guardrails, every other catalog metric as secondary. */
export function metricDefinitionsOf(experiment: Experiment): MetricDefinition[] {
  const guardrails = new Map(experiment.guardrails.map((g) => [g.metric, g.margin]));
  return EXPERIMENT_METRIC_KEYS.map((key): MetricDefinition => {
    const spec = EXPERIMENT_METRICS[key];
    const role: MetricRole = key === experiment.primaryMetric ? 'primary' : guardrails.has(key) ? 'guardrail' : 'secondary';
    const margin = guardrails.get(key);
    return { key, kind: spec.kind, direction: spec.direction, role, ...(margin ? { nonInferiorityMargin: margin } : {}) };
  });
}

/**
 * Winsorization of each continuous metric from the pooled bucket counters (empty when the experiment
 * does not winsorize). Cap rule: {@link winsorizedStatistics}.
 */
export function winsorizationOutcomes(
  experiment: Experiment,
  countersByVariant: ReadonlyMap<string, Counters>,
): Map<WinsorizedMetricKey, WinsorizationOutcome> {
  const settings = winsorizationOf(experiment);
  if (!settings.enabled) return new Map();
  const counters = experiment.variants.map((v) => countersByVariant.get(v.key) ?? {});
  return new Map(WINSORIZED_METRICS.map((m) => [m, winsorizedStatistics(m, counters, settings.percentile)]));
}

/** Runs the statistics engine on the summed counters of each variant (control first), winsorized where a cap applies. */
export function analyzeFromCounters(
  experiment: Experiment,
  countersByVariant: ReadonlyMap<string, Counters>,
  outcomes: ReadonlyMap<WinsorizedMetricKey, WinsorizationOutcome> = winsorizationOutcomes(experiment, countersByVariant),
): ExperimentAnalysis {
  return analyzeExperiment({
    variants: experiment.variants.map((v, index) => {
      const aggregates = variantAggregatesOf(v.key, v.weight, countersByVariant.get(v.key) ?? {});
      const metrics = { ...aggregates.metrics };
      for (const [metric, outcome] of outcomes) {
        const raw = metrics[metric];
        const winsorized = outcome.status === 'applied' ? outcome.statistics[index] : undefined;
        if (raw?.kind === 'mean' && winsorized) metrics[metric] = { kind: 'mean', raw: raw.raw, winsorized };
      }
      return { ...aggregates, metrics };
    }),
    metrics: metricDefinitionsOf(experiment),
    settings: {
      alpha: experiment.alpha,
      power: experiment.power,
      sequential: experiment.sequential,
      plannedSampleSizePerVariant: experiment.plannedSampleSizePerVariant,
      minimumMeaningfulChange: experiment.minimumMeaningfulChange,
    },
  });
}

function armSummary(variantKey: string, key: ExperimentMetricKey, counters: Counters, winsorization: WinsorizationOutcome | undefined, index: number): MetricArmSummary {
  const aggregate = metricAggregateOf(counters, key);
  if (aggregate.kind === 'proportion') {
    const s = summarizeProportion(aggregate.stats);
    return { variantKey, n: s.n, proportion: s.proportion, successes: s.successes };
  }
  const s = summarizeMean(aggregate.raw);
  let summary: MetricArmSummary = { variantKey, n: s.n, mean: s.mean, standardDeviation: s.standardDeviation };
  const capped = winsorization?.status === 'applied' ? winsorization.statistics[index] : undefined;
  if (winsorization?.status === 'applied' && capped) {
    const w = summarizeMean(capped);
    summary = { ...summary, winsorizedMean: w.mean, winsorizedStandardDeviation: w.standardDeviation, cappedObservations: winsorization.cappedObservations[index] ?? 0 };
  }
  if (key !== 'latencyMs') return summary;
  const histogram = latencyHistogramOf(counters);
  return { ...summary, p50: latencyQuantileFromHistogram(histogram, 0.5), p95: latencyQuantileFromHistogram(histogram, 0.95) };
}

function rawComparisonView(c: MetricComparison): RawComparisonView | null {
  if (c.basis === 'raw') return null;
  const raw = c.rawTest;
  if (isNotComputable(raw)) return { status: 'not_computable', reason: raw.reason, absoluteEffect: null, relativeEffect: null, fixedHorizonPValue: null };
  return {
    status: 'ok',
    absoluteEffect: { estimate: raw.difference, confidenceInterval: raw.confidenceInterval },
    relativeEffect: isNotComputable(raw.relativeLift) ? null : raw.relativeLift.estimate,
    fixedHorizonPValue: raw.pValue,
  };
}

function winsorizationView(outcome: WinsorizationOutcome): MetricWinsorizationView {
  return outcome.status === 'applied'
    ? { status: 'applied', percentile: outcome.percentile, cap: outcome.cap, cappedObservations: outcome.cappedObservations }
    : outcome;
}

/** How the caps are chosen, shown with the settings. */
export const WINSORIZATION_CAP_RULE =
  'one cap per metric for every arm: the upper edge of the log-spaced bucket (10 per decade; cost in micro-USD) holding the pooled percentile of all values; values at or above it count as the cap; exact Σx, Σx² from per-bucket sums';

function comparisonView(variantKey: string, c: MetricComparison): MetricComparisonView {
  const correction = c.role === 'primary' ? 'holm' : c.role === 'secondary' ? 'benjamini_hochberg' : 'none';
  const nonInferiority =
    c.nonInferiority === null
      ? null
      : isNotComputable(c.nonInferiority)
        ? c.nonInferiority
        : {
            outcome: c.nonInferiority.outcome,
            allowedWorsening: c.nonInferiority.allowedWorsening,
            worsening: c.nonInferiority.worsening,
            upperBound: c.nonInferiority.upperBound,
            pValue: c.nonInferiority.pValue,
          };
  const test = c.test;
  if (isNotComputable(test)) {
    return {
      variantKey,
      basis: c.basis,
      raw: rawComparisonView(c),
      status: 'not_computable',
      reason: test.reason,
      absoluteEffect: null,
      relativeEffect: null,
      confidenceSequence: null,
      pValue: null,
      fixedHorizonPValue: null,
      log10FixedHorizonPValue: null,
      adjustedPValue: null,
      correction,
      significant: false,
      chanceToWin: null,
      nonInferiority,
    };
  }
  const lift = test.relativeLift;
  return {
    variantKey,
    basis: c.basis,
    raw: rawComparisonView(c),
    status: 'ok',
    absoluteEffect: { estimate: test.difference, confidenceInterval: test.confidenceInterval },
    relativeEffect: isNotComputable(lift)
      ? null
      : { estimate: lift.estimate, deltaMethodInterval: lift.deltaMethodInterval, fiellerInterval: lift.fiellerInterval },
    ...(isNotComputable(lift) ? { relativeEffectProblem: lift.reason } : {}),
    confidenceSequence: c.sequential ? c.sequential.confidenceSequence : null,
    pValue: c.pValue,
    fixedHorizonPValue: test.pValue,
    log10FixedHorizonPValue: test.log10PValue,
    adjustedPValue: c.adjustedPValue,
    correction,
    significant: c.significant,
    chanceToWin: isNotComputable(c.chanceToWin) ? null : c.chanceToWin.chanceToWin,
    nonInferiority,
  };
}

/**
 * Experiment-level verdict: `invalid_srm` when SRM failed; `winner` when at least one treatment is a
 * winner (the one with the largest chance to win on the primary metric); `no_winner` when every
 * treatment is a draw or a loser; else `inconclusive`.
 */
export function overallDecision(analysis: ExperimentAnalysis): OverallDecision {
  const srm = analysis.sampleRatioMismatch;
  if (!isNotComputable(srm) && !srm.passed) {
    return { status: 'invalid_srm', winnerVariantKey: null, reasons: ['sample ratio mismatch: results are not trustworthy, no winner'] };
  }
  const winners = analysis.variants.filter((v) => v.decision.status === 'winner');
  if (winners.length > 0) {
    const chance = (v: (typeof winners)[number]) => {
      const primary = v.metrics.find((m) => m.role === 'primary');
      return primary && !isNotComputable(primary.chanceToWin) ? primary.chanceToWin.chanceToWin : 0;
    };
    const best = winners.reduce((a, b) => (chance(b) > chance(a) ? b : a));
    return { status: 'winner', winnerVariantKey: best.variantKey, reasons: [...best.decision.reasons] };
  }
  if (analysis.variants.every((v) => v.decision.status === 'draw' || v.decision.status === 'loser')) {
    return { status: 'no_winner', winnerVariantKey: null, reasons: ['every treatment is a draw or a loser: keep the control'] };
  }
  return { status: 'inconclusive', winnerVariantKey: null, reasons: ['no treatment has a decision yet'] };
}

/** SRM view from the analysis and the observed units. */
export function sampleRatioMismatchView(analysis: ExperimentAnalysis, observedUnits: readonly number[]): SampleRatioMismatchView {
  const srm = analysis.sampleRatioMismatch;
  if (isNotComputable(srm)) {
    return {
      status: 'not_computable',
      observedUnits,
      expectedUnits: null,
      chiSquare: null,
      pValue: null,
      threshold: analysis.settings.srmThreshold,
      reason: srm.reason,
    };
  }
  return {
    status: srm.passed ? 'passed' : 'failed',
    observedUnits,
    expectedUnits: srm.expected,
    chiSquare: srm.chiSquare,
    pValue: srm.pValue,
    threshold: srm.threshold,
  };
}

/**
 * Full results from the summed counters of each variant: per metric and variant n, mean or
 * proportion, SD, latency p50/p95, absolute and relative effects with intervals, raw and adjusted
 * p-values, chance to win and the guardrail test; the SRM check; per-variant and overall decisions;
 * the settings used. O(variants × metrics).
 */
export function buildExperimentResults(
  experiment: Experiment,
  countersByVariant: ReadonlyMap<string, Counters>,
  computedAt: Date,
): ExperimentResults {
  const outcomes = winsorizationOutcomes(experiment, countersByVariant);
  const analysis = analyzeFromCounters(experiment, countersByVariant, outcomes);
  const winsorization = winsorizationOf(experiment);
  const countersOf = (key: string) => countersByVariant.get(key) ?? {};
  const decisions = new Map(analysis.variants.map((v) => [v.variantKey, v]));
  const definitions = metricDefinitionsOf(experiment);
  const metrics = definitions.map((definition): MetricResults => {
    const key = definition.key as ExperimentMetricKey;
    const spec = EXPERIMENT_METRICS[key];
    const outcome = isWinsorizedMetric(key) ? outcomes.get(key) : undefined;
    return {
      key,
      role: definition.role,
      kind: spec.kind,
      direction: spec.direction,
      unit: spec.unit,
      ...(definition.nonInferiorityMargin ? { margin: definition.nonInferiorityMargin } : {}),
      arms: experiment.variants.map((v, index) => armSummary(v.key, key, countersOf(v.key), outcome, index)),
      comparisons: analysis.variants.flatMap((v) => {
        const comparison = v.metrics.find((m) => m.metricKey === key);
        return comparison ? [comparisonView(v.variantKey, comparison)] : [];
      }),
      ...(outcome ? { winsorization: winsorizationView(outcome) } : {}),
    };
  });
  const units = experiment.variants.map((v) => countersOf(v.key).units ?? 0);
  return {
    experimentKey: experiment.key,
    status: experiment.status,
    computedAt: computedAt.toISOString(),
    settings: {
      ...analysis.settings,
      primaryMetric: experiment.primaryMetric,
      guardrails: experiment.guardrails,
      coverage: experiment.coverage,
      assignmentUnit: experiment.assignmentUnit,
      weights: experiment.variants.map((v) => v.weight),
      winsorization: {
        enabled: winsorization.enabled,
        percentile: winsorization.percentile,
        metrics: winsorization.enabled ? WINSORIZED_METRICS : [],
        capRule: winsorization.enabled ? WINSORIZATION_CAP_RULE : 'off: every figure is raw',
      },
      latencyQuantiles: 'log-spaced histogram, 10 buckets per decade from 1 ms, geometric interpolation (relative error < 25.9 %)',
      observationUnit: 'exposure metrics per model call (cached calls excluded); SRM and sample sizes per assignment unit',
    },
    sampleRatioMismatch: sampleRatioMismatchView(analysis, units),
    decision: overallDecision(analysis),
    variants: experiment.variants.map((v, index): VariantResults => {
      const counters = countersOf(v.key);
      const decided = decisions.get(v.key);
      return {
        key: v.key,
        modelId: v.modelId,
        promptVersion: v.promptVersion ?? null,
        weight: v.weight,
        units: counters.units ?? 0,
        requests: counters.requests ?? 0,
        decision:
          index === 0 || !decided
            ? { status: 'control', reasons: ['the control is the baseline of every comparison'], sampleStillNeeded: 0 }
            : decided.decision,
      };
    }),
    metrics,
  };
}
