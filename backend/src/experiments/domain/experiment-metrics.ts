import type { MetricDirection } from '../stats';

/** Where a metric's values come from. */
export type MetricSource = 'exposure' | 'feedback' | 'outcome';

/** A metric every experiment records; the set is fixed because the recorded signals are. */
export interface ExperimentMetricSpec {
  readonly key: ExperimentMetricKey;
  readonly kind: 'mean' | 'proportion';
  readonly direction: MetricDirection;
  /** Unit of a value (`ms`, `tokens`, `USD`, `points`, `days`, `share`). */
  readonly unit: string;
  readonly source: MetricSource;
  readonly description: string;
}

export const EXPERIMENT_METRIC_KEYS = [
  'validOutputRate',
  'successRate',
  'fallbackRate',
  'latencyMs',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'rating',
  'thumbsUpRate',
  'outcomeErrorDays',
] as const;
export type ExperimentMetricKey = (typeof EXPERIMENT_METRIC_KEYS)[number];

/** The metric catalog, in display order. Exposure metrics count model calls only (cached calls excluded). */
export const EXPERIMENT_METRICS: Readonly<Record<ExperimentMetricKey, ExperimentMetricSpec>> = {
  validOutputRate: {
    key: 'validOutputRate',
    kind: 'proportion',
    direction: 'higher_is_better',
    unit: 'share',
    source: 'exposure',
    description: 'Model output parsed and passed schema validation (the model answered, no fallback)',
  },
  successRate: {
    key: 'successRate',
    kind: 'proportion',
    direction: 'higher_is_better',
    unit: 'share',
    source: 'exposure',
    description: 'The model call returned without error (an invalid answer still counts as a success)',
  },
  fallbackRate: {
    key: 'fallbackRate',
    kind: 'proportion',
    direction: 'lower_is_better',
    unit: 'share',
    source: 'exposure',
    description: 'The rule-based analyzers answered instead of the model',
  },
  latencyMs: {
    key: 'latencyMs',
    kind: 'mean',
    direction: 'lower_is_better',
    unit: 'ms',
    source: 'exposure',
    description: 'Time to serve the analysis, including retries',
  },
  inputTokens: {
    key: 'inputTokens',
    kind: 'mean',
    direction: 'lower_is_better',
    unit: 'tokens',
    source: 'exposure',
    description: 'Input tokens from Bedrock usage',
  },
  outputTokens: {
    key: 'outputTokens',
    kind: 'mean',
    direction: 'lower_is_better',
    unit: 'tokens',
    source: 'exposure',
    description: 'Output tokens from Bedrock usage',
  },
  costUsd: {
    key: 'costUsd',
    kind: 'mean',
    direction: 'lower_is_better',
    unit: 'USD',
    source: 'exposure',
    description: 'Model cost of the call priced with the model catalog',
  },
  rating: {
    key: 'rating',
    kind: 'mean',
    direction: 'higher_is_better',
    unit: 'points',
    source: 'feedback',
    description: 'Analyst or user rating 1–5 of a served analysis',
  },
  thumbsUpRate: {
    key: 'thumbsUpRate',
    kind: 'proportion',
    direction: 'higher_is_better',
    unit: 'share',
    source: 'feedback',
    description: 'Thumbs up among thumbs given',
  },
  outcomeErrorDays: {
    key: 'outcomeErrorDays',
    kind: 'mean',
    direction: 'lower_is_better',
    unit: 'days',
    source: 'outcome',
    description: "Absolute error in days of a served next-purchase prediction, measured at the customer's next order",
  },
};

/** Every metric spec, in display order. */
export function experimentMetricSpecs(): ExperimentMetricSpec[] {
  return EXPERIMENT_METRIC_KEYS.map((key) => EXPERIMENT_METRICS[key]);
}
