import { LlmUsage } from './llm.errors';

/** A JSON Schema document (draft 2020-12 subset the model providers accept), as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** The tool the model must call; its input is the structured output. */
export interface LlmToolSpec {
  /** `^[a-zA-Z][a-zA-Z0-9_-]{0,63}$` (Bedrock's tool name rule). */
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the tool input, i.e. of the expected output object. */
  readonly inputSchema: JsonSchema;
}

/**
 * One structured completion. The prompt is split on purpose: `system` and `instruction` are fixed,
 * code-owned text; customer data travels only in `input`, serialised as its own JSON content block and
 * never concatenated into instructions.
 *
 * @typeParam T the output type produced by `validate`; `unknown` without it.
 */
export interface StructuredCompletionRequest<T = unknown> {
  /** Catalog model id (`anthropic.claude-3-haiku-20240307-v1:0`); must be in the model catalog. */
  readonly modelId: string;
  /** System prompt: role, rules and output contract. Must not contain customer data. */
  readonly system: string;
  /** Short fixed user instruction placed before the data block; a generic one is used when absent. */
  readonly instruction?: string;
  /** The data to analyse: a JSON-serialisable object (no functions, BigInt or cycles). */
  readonly input: object;
  readonly tool: LlmToolSpec;
  /** 0..1; defaults to `LLM_TEMPERATURE`. */
  readonly temperature?: number;
  /** Output token limit; defaults to `LLM_MAX_TOKENS`, clamped to the model's maximum. */
  readonly maxTokens?: number;
  /** Timeout of each attempt in ms; defaults to `LLM_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
  /**
   * Optional domain check of the tool input, run by the client so a rejection is reported as
   * `LLM.INVALID_OUTPUT` with usage and cost. Throw to reject; return the typed value to accept.
   */
  readonly validate?: (output: unknown) => T;
}

/** A successful structured completion. */
export interface StructuredCompletionResult<T = unknown> {
  /** The tool input the model produced: `validate`'s result, else the raw (unvalidated) object. */
  readonly output: T;
  /** Tokens of the answering response, from the provider's `usage` (failed attempts are not billed). */
  readonly usage: LlmUsage;
  /** `usage` priced with the model catalog, in USD, unrounded. */
  readonly costUsd: number;
  /** Wall-clock time of the whole call in ms, including retries and backoff. */
  readonly latencyMs: number;
  /** Catalog model id that answered. */
  readonly modelId: string;
  /** Provider calls made, 1 when the first one answered. */
  readonly attempts: number;
  /** Provider stop reason (`tool_use` normally). */
  readonly stopReason: string;
}

/**
 * Port to a large language model used for structured output (DI token). Adapters: Bedrock Converse;
 * a disabled client when no provider is configured.
 *
 * Errors (all {@link LlmError} with a stable `code`): `LLM.THROTTLED`, `LLM.TIMEOUT`, `LLM.UNAVAILABLE`,
 * `LLM.REQUEST_REJECTED`, `LLM.CIRCUIT_OPEN`, `LLM.INVALID_OUTPUT`, `LLM.NOT_CONFIGURED`,
 * `LLM.MODEL_NOT_IN_CATALOG`.
 */
export abstract class LlmClient {
  /** False when no provider is configured: callers answer with the rule-based analyzers. */
  abstract isAvailable(): boolean;

  /** One line for logs and health: provider, region, default model. No secrets. */
  abstract describe(): string;

  /**
   * Asks `request.modelId` to answer by calling `request.tool`, with retries, timeout and circuit
   * breaker.
   *
   * @throws LlmError subclasses, see the class documentation.
   */
  abstract complete<T = unknown>(request: StructuredCompletionRequest<T>): Promise<StructuredCompletionResult<T>>;
}
