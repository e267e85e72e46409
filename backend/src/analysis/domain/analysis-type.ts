/** The three analyses the product runs, each with its own prompt, output schema, cache and TTL. */
export const ANALYSIS_TYPES = ['consumption_prediction', 'customer_profile', 'recommendations'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

/**
 * Every kind of LLM call the model router chooses a model for, and experiments can claim: the three
 * analyses and the insights answer (`POST /v1/insights/ask`). Records of the analysis module
 * (prompts, schemas, cache TTLs) stay keyed by {@link AnalysisType}.
 */
export const ROUTED_CALL_TYPES = [...ANALYSIS_TYPES, 'insights'] as const;
export type RoutedCallType = (typeof ROUTED_CALL_TYPES)[number];

/** Which engine produced an analysis. */
export type AnalysisSource = 'bedrock' | 'rules';

/**
 * Why the rule-based analyzers answered: `llm_not_configured`, `llm_error:<errorClass>`,
 * `invalid_output:<reason>` or `circuit_open`.
 */
export type FallbackReason = string;

/** Token counts of one analysis (zero when no model answered). */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** The experiment and variant that served an analysis. */
export interface ExperimentAssignment {
  readonly key: string;
  readonly variant: string;
}
