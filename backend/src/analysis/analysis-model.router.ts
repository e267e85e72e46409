import { AnalysisSource, AnalysisType, ExperimentAssignment, FallbackReason, TokenUsage } from './domain/analysis-type';

/** How one analysis call is served: model, prompt version and sampling parameters. */
export interface AnalysisRoute {
  /** Catalog model id to ask. */
  readonly modelId: string;
  /** Prompt version of the analysis type (`PROMPTS[type][promptVersion]`). */
  readonly promptVersion: string;
  /** 0..1. */
  readonly temperature: number;
  /** Output token limit. */
  readonly maxTokens: number;
  /** The experiment and variant that chose this route; null outside experiments. */
  readonly experiment: ExperimentAssignment | null;
}

/** What happened to a served analysis, reported back to the router. */
export interface AnalysisOutcome {
  readonly analysisId: string;
  readonly customerId: string;
  readonly analysisType: AnalysisType;
  readonly route: AnalysisRoute;
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
 * The one seam that chooses the model of every analysis call (DI token). The analysis service asks
 * `route(customerId, analysisType)` before each call (the route is part of the cache key) and reports
 * every served analysis, cached or fresh, with `recordOutcome`. The default returns the configured
 * model with `experiment: null`; the experiments module replaces the provider.
 */
export abstract class AnalysisModelRouter {
  abstract route(customerId: string, analysisType: AnalysisType): Promise<AnalysisRoute>;
  abstract recordOutcome(outcome: AnalysisOutcome): Promise<void>;
}
