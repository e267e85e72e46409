import { LlmNotConfiguredError } from './llm.errors';
import { LlmClient, StructuredCompletionRequest, StructuredCompletionResult } from './llm-client.port';

/**
 * {@link LlmClient} used when no provider is configured (`LLM_PROVIDER=none`, or no AWS credentials):
 * not available, and every call fails with `LLM.NOT_CONFIGURED` so callers answer with the rules.
 */
export class DisabledLlmClient extends LlmClient {
  isAvailable(): boolean {
    return false;
  }

  describe(): string {
    return 'none (no LLM provider configured; rule-based analyzers answer)';
  }

  /** @throws LlmNotConfiguredError always. */
  complete<T = unknown>(request: StructuredCompletionRequest<T>): Promise<StructuredCompletionResult<T>> {
    return Promise.reject(new LlmNotConfiguredError(request.modelId));
  }
}
