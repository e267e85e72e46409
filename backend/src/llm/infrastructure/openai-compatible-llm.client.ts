import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { LlmConfig, OpenAiCompatibleConfig } from '../llm.config';
import { InvalidOutputReason, LlmError, LlmErrorContext, LlmRequestRejectedError } from '../llm.errors';
import { LlmClient, StructuredCompletionRequest, StructuredCompletionResult } from '../llm-client.port';
import { ModelCatalog, ModelCatalogEntry } from '../model-catalog';
import type { CircuitState } from '../resilience/circuit-breaker.policy';
import { AttemptFailure, failureToLlmError, ModelCircuitBreakers, resilienceFromConfig, ResilienceOptions, RetrySettings, retryAttempts } from '../resilience/resilient-call';
import { defaultInstruction, serialiseInput } from './converse-request.builder';
import { structuredResult } from './structured-result';

/** Test seams of {@link OpenAiCompatibleLlmClient}; production uses the defaults. */
export type OpenAiCompatibleLlmClientOptions = ResilienceOptions;

interface Failure extends AttemptFailure {
  /** The server refused tools / tool_choice (400 naming them): the JSON fallback may help. */
  readonly toolsUnsupported: boolean;
}

type Mode = 'tools' | 'json';

const TOOLS_REJECTED = /tool|function/i;
const PROVIDER = 'The OpenAI-compatible server';

/** Bearer key sent when none is configured: the `openai` client requires one, local servers ignore it. */
const NO_KEY = 'not-needed';

/**
 * Creates the `openai` client for an OpenAI-compatible server: the client's own retries are off
 * (`maxRetries: 0`, the adapter retries); without `apiKey` a dummy key is sent.
 */
export function createOpenAiClient(config: OpenAiCompatibleConfig): OpenAI {
  return new OpenAI({ baseURL: config.baseUrl, apiKey: config.apiKey ?? NO_KEY, maxRetries: 0 });
}

/**
 * Classifies an error of `chat.completions.create`: our per-attempt timeout and the client's
 * connection timeout (retryable), 429 (retryable), 5xx (retryable), connection failures
 * (retryable), other 4xx (rejected, never retried; a 400 naming tools or functions marks the
 * server as not supporting tools).
 */
export function classifyOpenAiError(error: unknown, timedOut: boolean): Failure {
  const base = { toolsUnsupported: false };
  if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) return { ...base, category: 'timeout', retryable: true, upstream: 'Timeout' };
  if (error instanceof OpenAI.APIConnectionError) return { ...base, category: 'network', retryable: true, upstream: 'APIConnectionError' };
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const upstream = `${error.constructor.name}(${status ?? 'no status'})`;
    if (status === 429) return { ...base, category: 'throttled', retryable: true, upstream };
    if (status !== undefined && status >= 500) return { ...base, category: 'server_error', retryable: true, upstream };
    if (status !== undefined && status >= 400) {
      return { category: 'rejected', retryable: false, upstream, toolsUnsupported: status === 400 && TOOLS_REJECTED.test(error.message) };
    }
    return { ...base, category: 'server_error', retryable: false, upstream };
  }
  const name = error instanceof Error ? error.name : 'Unknown';
  return { ...base, category: 'server_error', retryable: false, upstream: name };
}

/** Parses a JSON object from model text: the whole text, a ```json fence, or the outermost braces. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const candidates = [text.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence) candidates.push(fence[1].trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) candidates.push(text.slice(first, last + 1));
  for (const candidate of candidates) {
    try {
      const value: unknown = JSON.parse(candidate);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // not JSON; try the next candidate
    }
  }
  return undefined;
}

/** The structured output of a chat completion, or why there is none. */
export type ChatToolOutput =
  | { readonly ok: true; readonly input: Record<string, unknown>; readonly via: 'tool_call' | 'json_content' }
  | { readonly ok: false; readonly reason: InvalidOutputReason; readonly detail: string };

/**
 * Reads the forced tool call's arguments (JSON text) from a completion; without any tool call, a
 * JSON object in the message content is accepted (servers that ignore `tool_choice` or JSON mode).
 */
export function readChatToolOutput(completion: ChatCompletion, toolName: string): ChatToolOutput {
  const choice = completion.choices[0];
  if (!choice) return { ok: false, reason: 'no_tool_use', detail: 'the response has no choice' };
  if (choice.finish_reason === 'length') return { ok: false, reason: 'truncated', detail: 'the answer was cut at maxTokens' };
  const calls = (choice.message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [c.function] : []));
  if (calls.length > 0) {
    const call = calls.find((c) => c.name === toolName);
    if (!call) return { ok: false, reason: 'wrong_tool', detail: `the model called ${calls[0].name}` };
    const input = parseJsonObject(call.arguments);
    if (!input) return { ok: false, reason: 'not_an_object', detail: 'the tool arguments are not a JSON object' };
    return { ok: true, input, via: 'tool_call' };
  }
  const content = choice.message.content ?? '';
  const input = content.trim() ? parseJsonObject(content) : undefined;
  if (input) return { ok: true, input, via: 'json_content' };
  return { ok: false, reason: 'no_tool_use', detail: 'the model answered without calling the tool' };
}

/**
 * {@link LlmClient} on an OpenAI-compatible Chat Completions endpoint (Ollama, llama.cpp server, vLLM,
 * OpenAI) through the `openai` client. Structured output is a forced function call (`tool_choice`
 * naming the tool) whose arguments are the output object; in `json` mode, or in `auto` mode once a
 * server rejected tools or answered a model without a tool call, the schema goes into the system
 * prompt and `response_format: json_object` is asked instead (remembered per model). Same policies
 * as the Bedrock adapter: per-attempt timeout, retries with full-jitter backoff on 429, 5xx,
 * timeouts and connection failures, a circuit breaker per catalog model id; tokens from `usage`,
 * cost from the catalog (0 for unpriced local models). Logs model ids, attempts and error classes
 * only — never prompts, customer data, keys or headers.
 */
export class OpenAiCompatibleLlmClient extends LlmClient {
  private readonly logger = new Logger(OpenAiCompatibleLlmClient.name);
  private readonly jsonModels = new Set<string>();
  private readonly circuits: ModelCircuitBreakers;
  private readonly retry: RetrySettings;

  constructor(
    private readonly client: OpenAI,
    private readonly endpoint: OpenAiCompatibleConfig,
    private readonly config: LlmConfig,
    private readonly catalog: ModelCatalog,
    options: OpenAiCompatibleLlmClientOptions = {},
  ) {
    super();
    ({ circuits: this.circuits, retry: this.retry } = resilienceFromConfig(config, options, this.logger));
  }

  isAvailable(): boolean {
    return true;
  }

  describe(): string {
    return `openai-compatible (base URL ${this.endpoint.baseUrl}, structured output ${this.endpoint.structuredOutput})`;
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
   * @throws LlmInvalidOutputError when the answer holds no usable object or `validate` rejects it.
   */
  async complete<T = unknown>(request: StructuredCompletionRequest<T>): Promise<StructuredCompletionResult<T>> {
    const entry = this.catalog.get(request.modelId);
    const started = performance.now();
    let data: string;
    try {
      data = serialiseInput(request.input);
    } catch (err) {
      throw new LlmRequestRejectedError(`Input for model ${entry.modelId} is not serialisable: ${(err as Error).message}`, {
        modelId: entry.modelId,
        attempts: 0,
        upstreamError: 'InvalidInput',
      });
    }
    const answer = await this.circuits.guard(entry.modelId, () => this.sendWithFallback(request, entry, data));
    return this.toResult(request, entry, answer, performance.now() - started);
  }

  private modeFor(modelId: string): Mode {
    if (this.endpoint.structuredOutput === 'json' || this.jsonModels.has(modelId)) return 'json';
    return 'tools';
  }

  private async sendWithFallback(
    request: StructuredCompletionRequest<unknown>,
    entry: ModelCatalogEntry,
    data: string,
  ): Promise<{ completion: ChatCompletion; attempts: number; mode: Mode }> {
    const mode = this.modeFor(entry.modelId);
    try {
      const sent = await this.sendWithRetries(this.buildParams(request, entry, data, mode), entry, request.timeoutMs ?? this.config.timeoutMs);
      const noToolCall = mode === 'tools' && (sent.completion.choices[0]?.message.tool_calls ?? []).length === 0;
      if (noToolCall && this.endpoint.structuredOutput === 'auto' && readChatToolOutput(sent.completion, request.tool.name).ok === false) {
        this.jsonModels.add(entry.modelId);
        this.logger.warn(`LLM answered without a tool call; JSON mode from now on: model=${entry.modelId}`);
        const retry = await this.sendWithRetries(this.buildParams(request, entry, data, 'json'), entry, request.timeoutMs ?? this.config.timeoutMs);
        return { ...retry, attempts: sent.attempts + retry.attempts, mode: 'json' };
      }
      return { ...sent, mode };
    } catch (err) {
      if (!(err instanceof ToolsUnsupportedError) || this.endpoint.structuredOutput !== 'auto') throw err instanceof ToolsUnsupportedError ? err.cause : err;
      this.jsonModels.add(entry.modelId);
      this.logger.warn(`LLM server rejected tools; JSON mode from now on: model=${entry.modelId}`);
      const retry = await this.sendWithRetries(this.buildParams(request, entry, data, 'json'), entry, request.timeoutMs ?? this.config.timeoutMs);
      return { ...retry, attempts: err.attempts + retry.attempts, mode: 'json' };
    }
  }

  private buildParams(request: StructuredCompletionRequest<unknown>, entry: ModelCatalogEntry, data: string, mode: Mode): ChatCompletionCreateParamsNonStreaming {
    const maxTokens = Math.min(request.maxTokens ?? this.config.maxTokens, entry.maxOutputTokens ?? Number.MAX_SAFE_INTEGER);
    const instruction = request.instruction ?? defaultInstruction(request.tool);
    const common = {
      model: entry.modelId,
      temperature: request.temperature ?? this.config.temperature,
      max_tokens: maxTokens,
    };
    if (mode === 'json') {
      const system = `${request.system}\n\nAnswer with one JSON object only, no prose, matching this JSON Schema (the input of "${request.tool.name}": ${request.tool.description}):\n${JSON.stringify(request.tool.inputSchema)}`;
      return {
        ...common,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: `${instruction.replace(/Answer only by calling the tool "[^"]*"\./, 'Answer with the JSON object only.')}` },
          { role: 'user', content: data },
        ],
        response_format: { type: 'json_object' },
      };
    }
    return {
      ...common,
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: instruction },
        { role: 'user', content: data },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: request.tool.name,
            description: request.tool.description,
            parameters: { ...request.tool.inputSchema },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: request.tool.name } },
    };
  }

  private async sendWithRetries(
    params: ChatCompletionCreateParamsNonStreaming,
    entry: ModelCatalogEntry,
    timeoutMs: number,
  ): Promise<{ completion: ChatCompletion; attempts: number }> {
    const context = (failure: Failure, attempts: number): LlmErrorContext => ({ modelId: entry.modelId, attempts, upstreamError: failure.upstream });
    const { value, attempts } = await retryAttempts<ChatCompletion, Failure>(
      this.retry,
      entry.modelId,
      () => this.attempt(params, timeoutMs),
      (failure, n) => failureToLlmError(PROVIDER, failure, context(failure, n), timeoutMs),
      (failure, n) => {
        if (failure.toolsUnsupported && params.tools !== undefined) {
          throw new ToolsUnsupportedError(failureToLlmError(PROVIDER, failure, context(failure, n), timeoutMs), n);
        }
      },
    );
    return { completion: value, attempts };
  }

  private async attempt(params: ChatCompletionCreateParamsNonStreaming, timeoutMs: number): Promise<{ ok: ChatCompletion } | Failure> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return { ok: await this.client.chat.completions.create(params, { signal: controller.signal, timeout: timeoutMs }) };
    } catch (err) {
      return classifyOpenAiError(err, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private toResult<T>(
    request: StructuredCompletionRequest<T>,
    entry: ModelCatalogEntry,
    answer: { completion: ChatCompletion; attempts: number },
    latencyMs: number,
  ): StructuredCompletionResult<T> {
    const { completion, attempts } = answer;
    const usage = completion.usage ? { inputTokens: completion.usage.prompt_tokens ?? 0, outputTokens: completion.usage.completion_tokens ?? 0 } : undefined;
    const facts = { entry, usage, latencyMs, attempts, stopReason: completion.choices[0]?.finish_reason ?? 'unknown' };
    return structuredResult(request, readChatToolOutput(completion, request.tool.name), facts, this.logger);
  }
}

/** Internal: the server refused the tools request; carries the error to throw if no fallback applies. */
class ToolsUnsupportedError extends Error {
  constructor(
    override readonly cause: LlmError,
    readonly attempts: number,
  ) {
    super(cause.message);
  }
}

