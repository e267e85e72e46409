/**
 * Every CloudWatch metric and dimension name the code emits (EMF). Infrastructure builds dashboards
 * and alarms from these constants, so they must stay the names the code really writes.
 */
export const METRICS_NAMESPACE_DEFAULT = 'CustomerAnalytics';

/** Powertools adds this dimension to every dimension set (value: {@link SERVICE_NAME}). */
export const SERVICE_DIMENSION = 'service';
export const SERVICE_NAME = 'customer-analytics-api';

export const DIMENSIONS = {
  /** `consumption_prediction` | `customer_profile` | `recommendations`. */
  analysisType: 'AnalysisType',
  /** `bedrock` | `rules`. */
  source: 'Source',
  /** Catalog model id, or `none` when no model was asked. */
  modelId: 'ModelId',
  /** `LlmErrorClass` (`throttled`, `timeout`, `circuit_open`, `invalid_output`, ...). */
  errorClass: 'ErrorClass',
} as const;
export type DimensionName = (typeof DIMENSIONS)[keyof typeof DIMENSIONS];

export const METRICS = {
  /** One per analysis served (cached or not). Count. */
  analysisRequests: 'AnalysisRequests',
  /** Wall-clock time of serving one analysis, model call and storage included. Milliseconds. */
  analysisLatency: 'AnalysisLatency',
  /** 1 when served from the cache, else 0 (average = hit rate). Count. */
  cacheHit: 'AnalysisCacheHit',
  /** 1 when the rules answered although a model was asked, else 0 (average = fallback rate). Count. */
  fallback: 'AnalysisFallback',
  /** Calls that reached the model client (attempted), one per fresh analysis with a model. Count. */
  llmCalls: 'LlmCalls',
  /** Time of the model call including retries. Milliseconds. */
  llmLatency: 'LlmLatency',
  llmInputTokens: 'LlmInputTokens',
  llmOutputTokens: 'LlmOutputTokens',
  /** Model cost in USD (fractional Count; CloudWatch has no currency unit). */
  llmCost: 'LlmCostUsd',
  /** One per failed model call, dimension ErrorClass. Count. */
  llmErrors: 'LlmErrors',
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/** CloudWatch units used. */
export type MetricUnitName = 'Count' | 'Milliseconds';

/**
 * Dimension sets the analysis metrics are published with (Powertools prepends `service` to each):
 * per type and source; per model. Sets must not share a dimension (Powertools warns on every
 * document otherwise). Alarms use e.g. `LlmErrors` by `ErrorClass`, or `AnalysisFallback` by
 * `AnalysisType, Source`.
 */
export const ANALYSIS_DIMENSION_SETS: ReadonlyArray<readonly DimensionName[]> = [[DIMENSIONS.analysisType, DIMENSIONS.source], [DIMENSIONS.modelId]];
/** Dimension sets of `LlmErrors`: per error class; per model. */
export const ERROR_DIMENSION_SETS: ReadonlyArray<readonly DimensionName[]> = [[DIMENSIONS.errorClass], [DIMENSIONS.modelId]];
