import { AnalysisSource, ExperimentAssignment, FallbackReason, RoutedCallType, TokenUsage } from '../analysis/domain/analysis-type';

/** How one routed call (an analysis or an insights answer) is served: model, prompt version and sampling parameters. */
export interface ModelRoute {
  /** Catalog model id to ask (any provider: Bedrock or OpenAI-compatible). */
  readonly modelId: string;
  /** Prompt version of the call type (`PROMPT_VERSIONS[type]`). */
  readonly promptVersion: string;
  /** 0..1. */
  readonly temperature: number;
  /** Output token limit. */
  readonly maxTokens: number;
  /** The experiment and variant that chose this route; null outside experiments. */
  readonly experiment: ExperimentAssignment | null;
}

/** What happened to a served call, reported back to the router. */
export interface RoutedCallOutcome {
  /** Id of the served analysis or insights answer; experiment events are keyed by it. */
  readonly analysisId: string;
  /** The assignment unit given to `route`: the customer id of an analysis, `<apiKeyName>#<sessionId>` of an insights answer. */
  readonly unitId: string;
  readonly analysisType: RoutedCallType;
  readonly route: ModelRoute;
  /** `bedrock` when a model's answer was used (any provider), `rules` when the rules or the insights template answered. */
  readonly source: AnalysisSource;
  /** Null when the model answered. */
  readonly reason: FallbackReason | null;
  /** True when served from the cache (no model call by this request). */
  readonly cached: boolean;
  /** Tokens spent by this request (zero when cached or not asked). */
  readonly usage: TokenUsage;
  /** Cost of this request in USD, unrounded. */
  readonly costUsd: number;
  /** Time to serve this request, in ms. */
  readonly latencyMs: number;
}

/**
 * The one seam that chooses the model of every routed LLM call (DI token): the analyses and the
 * insights answers. Callers ask `route(unitId, type)` before each call (for analyses the route is part
 * of the cache key) and report every served call, cached or fresh, with `recordOutcome`. The default
 * ({@link DefaultModelRouter}) returns the configured model of the type with `experiment: null`; the
 * experiments module registers its experiment-aware router through {@link ModelRouterRegistry}.
 */
export abstract class ModelRouter {
  /** @param unitId the assignment unit: customer id of an analysis, `<apiKeyName>#<sessionId>` of an insights answer. */
  abstract route(unitId: string, analysisType: RoutedCallType): Promise<ModelRoute>;
  abstract recordOutcome(outcome: RoutedCallOutcome): Promise<void>;
}
