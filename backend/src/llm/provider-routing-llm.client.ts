import { OnApplicationShutdown } from '@nestjs/common';
import { LlmNotConfiguredError } from './llm.errors';
import { LlmClient, StructuredCompletionRequest, StructuredCompletionResult } from './llm-client.port';
import { ModelCatalog } from './model-catalog';

/**
 * {@link LlmClient} that dispatches each call by the catalog `provider` of its model: models whose
 * provider has a client here go to it (`openai-compatible` → the OpenAI-compatible adapter), every
 * other model to `fallback` (Bedrock, or the disabled client). So an experiment variant selects a
 * local model just by naming its catalog id. A model whose provider is not configured fails with
 * `LLM.NOT_CONFIGURED` (callers answer with the rules).
 */
export class ProviderRoutingLlmClient extends LlmClient implements OnApplicationShutdown {
  constructor(
    private readonly catalog: ModelCatalog,
    private readonly byProvider: ReadonlyMap<string, LlmClient>,
    private readonly fallback: LlmClient,
  ) {
    super();
  }

  isAvailable(): boolean {
    return this.fallback.isAvailable() || [...this.byProvider.values()].some((c) => c.isAvailable());
  }

  describe(): string {
    return [this.fallback, ...this.byProvider.values()].map((c) => c.describe()).join('; ');
  }

  /** Forwards shutdown to the clients that own connections. */
  onApplicationShutdown(): void {
    for (const client of [this.fallback, ...this.byProvider.values()]) {
      const closable = client as Partial<OnApplicationShutdown>;
      if (typeof closable.onApplicationShutdown === 'function') void closable.onApplicationShutdown();
    }
  }

  /** The client serving `modelId`. @throws LlmModelNotInCatalogError when the model is not in the catalog. */
  clientFor(modelId: string): LlmClient {
    return this.byProvider.get(this.catalog.get(modelId).provider) ?? this.fallback;
  }

  /** @throws see {@link LlmClient.complete}; `LLM.NOT_CONFIGURED` when the model's provider has no client. */
  complete<T = unknown>(request: StructuredCompletionRequest<T>): Promise<StructuredCompletionResult<T>> {
    let client: LlmClient;
    try {
      client = this.clientFor(request.modelId);
    } catch (err) {
      return Promise.reject(err);
    }
    if (!client.isAvailable()) return Promise.reject(new LlmNotConfiguredError(request.modelId));
    return client.complete(request);
  }
}
