/** How one insights answer is served. */
export interface InsightsRoute {
  /** Catalog model id to ask (any provider: Bedrock or OpenAI-compatible). */
  readonly modelId: string;
  /** 0..1. */
  readonly temperature: number;
  /** Output token limit. */
  readonly maxTokens: number;
  /** The experiment and variant that chose this route; null outside experiments. */
  readonly experiment: { readonly key: string; readonly variant: string } | null;
}

/**
 * The seam that chooses the model of an insights answer (DI token), the insights counterpart of the
 * analysis `AnalysisModelRouter` (which is keyed by the closed set of analysis types). `unitId` is
 * the assignment unit: the API key name and session id, so a session keeps its variant. The
 * experiments module can replace the provider.
 */
export abstract class InsightsModelRouter {
  abstract route(unitId: string): Promise<InsightsRoute>;
}
