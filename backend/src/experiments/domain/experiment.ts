import type { RoutedCallType } from '../../analysis/domain/analysis-type';
import type { EffectSize } from '../stats';
import type { ExperimentMetricKey } from './experiment-metrics';

export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped', 'archived'] as const;
/** Lifecycle: `draft → running → stopped` (and `archived`). */
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const ASSIGNMENT_UNITS = ['customerId', 'request'] as const;
/** What is hashed: the customer id (sticky per customer) or a fresh id per request (not sticky). */
export type AssignmentUnit = (typeof ASSIGNMENT_UNITS)[number];

/** Inference parameters of a variant; missing ones fall back to the LLM defaults. */
export interface VariantParameters {
  /** 0..1. */
  readonly temperature?: number;
  /** Output token limit. */
  readonly maxTokens?: number;
}

/** One arm: a model, a prompt version and parameters, with its share of the covered traffic. */
export interface ExperimentVariant {
  readonly key: string;
  readonly name?: string;
  /** Catalog model id. */
  readonly modelId: string;
  /** Prompt version; absent = the analysis type's default version at serving time. */
  readonly promptVersion?: string;
  readonly parameters: VariantParameters;
  /** Normalised weight: the weights of an experiment sum to 1. */
  readonly weight: number;
}

/** A GrowthBook namespace slice [start, end) of `id`; experiments with disjoint slices never share a unit. */
export interface ExperimentNamespace {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** A guardrail metric with its tolerated worsening. */
export interface GuardrailConfig {
  readonly metric: ExperimentMetricKey;
  readonly margin: EffectSize;
}

/**
 * Winsorization of the per-call continuous metrics (latencyMs, inputTokens, outputTokens, costUsd):
 * when enabled, each value above the pooled `percentile` cap is replaced by the cap and decisions use
 * the capped figures; the raw ones are always shown too. The cap rule is in
 * `continuous-histograms.ts` ({@link WINSORIZED_METRICS}).
 */
export interface WinsorizationSettings {
  readonly enabled: boolean;
  /** Upper quantile of the pooled values used as the cap, in [0.9, 0.99999]; default 0.999. */
  readonly percentile: number;
}

/** The stored configuration of an experiment. Variants, weights and coverage are frozen once it runs. */
export interface Experiment {
  /** Unique, url-safe (`^[a-z0-9][a-z0-9-_]{1,63}$`); also the assignment hash seed. */
  readonly key: string;
  readonly name: string;
  readonly hypothesis?: string;
  readonly analysisTypes: readonly RoutedCallType[];
  readonly status: ExperimentStatus;
  /** Control first. */
  readonly variants: readonly ExperimentVariant[];
  /** Share of traffic in the experiment, (0, 1]. */
  readonly coverage: number;
  readonly assignmentUnit: AssignmentUnit;
  readonly namespace?: ExperimentNamespace;
  readonly primaryMetric: ExperimentMetricKey;
  readonly guardrails: readonly GuardrailConfig[];
  /** One alpha for tests, intervals, power and decisions. */
  readonly alpha: number;
  /** 1 − β for sample-size estimates. */
  readonly power: number;
  readonly minimumMeaningfulChange: EffectSize;
  /** Units per variant before a fixed-horizon decision. */
  readonly plannedSampleSizePerVariant: number;
  readonly sequential: boolean;
  /** Absent on experiments created before the setting existed: off. */
  readonly winsorization?: WinsorizationSettings;
  /**
   * Which generation of aggregate items results read and recorders add to (absent = 0). A recompute
   * writes generation g + 1 in full, then switches the config to it: results never mix generations.
   */
  readonly aggregateGeneration?: number;
  /** Planned run length; sets `endsAt` at start when `endsAt` is not given. */
  readonly durationDays?: number;
  /** ISO-8601 UTC; the router stops serving the experiment from this instant. */
  readonly endsAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  readonly archivedAt?: string;
  /** Optimistic-lock counter, +1 per write. */
  readonly version: number;
}

/** Defaults of a new experiment. */
export const EXPERIMENT_DEFAULTS = {
  alpha: 0.05,
  power: 0.8,
  coverage: 1,
  assignmentUnit: 'customerId' as AssignmentUnit,
  primaryMetric: 'validOutputRate' as ExperimentMetricKey,
  minimumMeaningfulChange: { type: 'relative', value: 0.005 } as EffectSize,
  plannedSampleSizePerVariant: 1000,
  sequential: true,
  winsorization: { enabled: false, percentile: 0.999 } as WinsorizationSettings,
} as const;

/** The winsorization settings of an experiment (off when absent). */
export function winsorizationOf(experiment: Pick<Experiment, 'winsorization'>): WinsorizationSettings {
  return experiment.winsorization ?? EXPERIMENT_DEFAULTS.winsorization;
}

/** The aggregate generation of an experiment (0 when absent). */
export function aggregateGenerationOf(experiment: Pick<Experiment, 'aggregateGeneration'>): number {
  return experiment.aggregateGeneration ?? 0;
}

/** Whether the experiment serves traffic at `nowMs` (running and not past `endsAt`). */
export function isServing(experiment: Experiment, nowMs: number): boolean {
  return experiment.status === 'running' && (experiment.endsAt === undefined || Date.parse(experiment.endsAt) > nowMs);
}

/** Whether two namespace claims can share a unit: no namespace on either side, another id, or overlapping ranges. */
export function namespacesOverlap(a: ExperimentNamespace | undefined, b: ExperimentNamespace | undefined): boolean {
  if (!a || !b) return true;
  if (a.id !== b.id) return true;
  return a.start < b.end && b.start < a.end;
}
