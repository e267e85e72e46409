import { BedrockRuntimeClient, ConverseCommand, ConverseCommandInput, ConverseResponse } from '@aws-sdk/client-bedrock-runtime';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { performance } from 'node:perf_hooks';
import type { LlmConfig } from '../llm.config';
import { LlmRequestRejectedError, LlmUsage } from '../llm.errors';
import { LlmClient, StructuredCompletionRequest, StructuredCompletionResult } from '../llm-client.port';
import { ModelCatalog, ModelCatalogEntry } from '../model-catalog';
import type { CircuitState } from '../resilience/circuit-breaker.policy';
import { failureToLlmError, ModelCircuitBreakers, resilienceFromConfig, ResilienceOptions, RetrySettings, retryAttempts } from '../resilience/resilient-call';
import { BedrockFailure, classifyBedrockError } from './bedrock-error.classifier';
import { buildConverseInput, readToolOutput } from './converse-request.builder';
import { structuredResult } from './structured-result';

/** Static AWS credentials (tests against the fake server only). */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const DUMMY_CREDENTIALS: StaticCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * Creates the SDK client: the SDK's own retries are off (`maxAttempts: 1`, the adapter retries), and
 * with an endpoint override an HTTP/1.1 handler is used, since a plain-HTTP test server cannot speak
 * the default HTTP/2 handler's protocol.
 *
 * @param credentials static credentials; omitted means dummy ones when `useDummyCredentials`, else
 * the default AWS provider chain.
 */
export function createBedrockRuntimeClient(
  config: Pick<LlmConfig, 'region' | 'endpoint' | 'useDummyCredentials'>,
  credentials?: StaticCredentials,
): BedrockRuntimeClient {
  const signWith = credentials ?? (config.useDummyCredentials ? DUMMY_CREDENTIALS : undefined);
  return new BedrockRuntimeClient({
    region: config.region,
    maxAttempts: 1,
    ...(config.endpoint !== undefined && {
      endpoint: config.endpoint,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000 }),
    }),
    ...(signWith !== undefined && { credentials: { ...signWith } }),
  });
}

/** Test seams of {@link BedrockLlmClient}; production uses the defaults. */
export interface BedrockLlmClientOptions extends ResilienceOptions {
  /** Whether `onApplicationShutdown` destroys the SDK client; default true. */
  readonly ownsRuntimeClient?: boolean;
}

interface Answer {
  readonly response: ConverseResponse;
  readonly attempts: number;
}


/**
 * {@link LlmClient} on the Amazon Bedrock Converse API. Per call: per-attempt timeout (abort signal),
 * up to `maxAttempts` attempts with exponential backoff and full jitter on throttling, 5xx, model
 * errors, timeouts and connection failures; a circuit breaker per catalog model id counts calls that
 * ended in such failures (rejections and invalid output do not count). Logs model ids, attempts and
 * error names only — never prompts, customer data, credentials or headers. The forced `toolChoice`
 * needs a model that supports it on Converse (Anthropic Claude 3 and later, Amazon Nova).
 */
export class BedrockLlmClient extends LlmClient implements OnApplicationShutdown {
  private readonly logger = new Logger(BedrockLlmClient.name);
  private readonly circuits: ModelCircuitBreakers;
  private readonly retry: RetrySettings;

  constructor(
    private readonly runtime: BedrockRuntimeClient,
    private readonly config: LlmConfig,
    private readonly catalog: ModelCatalog,
    private readonly options: BedrockLlmClientOptions = {},
  ) {
    super();
    ({ circuits: this.circuits, retry: this.retry } = resilienceFromConfig(config, options, this.logger));
  }

  isAvailable(): boolean {
    return true;
  }

  describe(): string {
    const endpoint = this.config.endpoint ? `, endpoint ${this.config.endpoint}` : '';
    return `bedrock (region ${this.config.region}${endpoint}, default model ${this.config.defaultModelId})`;
  }

  /** Circuit state of a catalog model id (`closed` for a model never called). */
  circuitState(modelId: string): CircuitState {
    return this.circuits.state(modelId);
  }

  /**
   * @throws LlmModelNotInCatalogError before any call when the model is not in the catalog.
   * @throws LlmCircuitOpenError without calling when the model's circuit is open.
   * @throws LlmThrottledError, LlmTimeoutError, LlmUnavailableError when attempts ran out.
   * @throws LlmRequestRejectedError on a non-retryable rejection or a non-serialisable `input`.
   * @throws LlmInvalidOutputError when the answer is not a call of the tool or `validate` rejects it.
   */
  async complete<T = unknown>(request: StructuredCompletionRequest<T>): Promise<StructuredCompletionResult<T>> {
    const entry = this.catalog.get(request.modelId);
    const started = performance.now();
    const input = this.buildInput(request, entry);
    const timeoutMs = request.timeoutMs ?? this.config.timeoutMs;
    const answer = await this.circuits.guard(entry.modelId, () =>
      retryAttempts(
        this.retry,
        entry.modelId,
        () => this.attempt(input, timeoutMs),
        (failure, attempts) =>
          failureToLlmError('Bedrock', failure, { modelId: entry.modelId, attempts, upstreamError: failure.upstream }, timeoutMs),
      ),
    );
    return this.toResult(request, entry, { response: answer.value, attempts: answer.attempts }, performance.now() - started);
  }

  onApplicationShutdown(): void {
    if (this.options.ownsRuntimeClient ?? true) this.runtime.destroy();
  }

  private buildInput(request: StructuredCompletionRequest<unknown>, entry: ModelCatalogEntry): ConverseCommandInput {
    const maxTokens = Math.min(request.maxTokens ?? this.config.maxTokens, entry.maxOutputTokens ?? Number.MAX_SAFE_INTEGER);
    try {
      return buildConverseInput(request, {
        converseModelId: entry.inferenceProfileId ?? entry.modelId,
        temperature: request.temperature ?? this.config.temperature,
        maxTokens,
      });
    } catch (err) {
      throw new LlmRequestRejectedError(`Input for model ${entry.modelId} is not serialisable: ${(err as Error).message}`, {
        modelId: entry.modelId,
        attempts: 0,
        upstreamError: 'InvalidInput',
      });
    }
  }

  private async attempt(input: ConverseCommandInput, timeoutMs: number): Promise<{ ok: ConverseResponse } | BedrockFailure> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return { ok: await this.runtime.send(new ConverseCommand(input), { abortSignal: controller.signal }) };
    } catch (err) {
      return classifyBedrockError(err, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private toResult<T>(
    request: StructuredCompletionRequest<T>,
    entry: ModelCatalogEntry,
    answer: Answer,
    latencyMs: number,
  ): StructuredCompletionResult<T> {
    const { response, attempts } = answer;
    const facts = { entry, usage: response.usage ? readUsage(response) : undefined, latencyMs, attempts, stopReason: response.stopReason };
    return structuredResult(request, readToolOutput(response, request.tool.name), facts, this.logger);
  }
}

function readUsage(response: ConverseResponse): LlmUsage {
  return { inputTokens: response.usage?.inputTokens ?? 0, outputTokens: response.usage?.outputTokens ?? 0 };
}

