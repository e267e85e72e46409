import { DomainError, DomainErrorKind } from '../common/domain/domain.error';

/**
 * Low-cardinality failure class of an LLM call, safe to use as a metric dimension
 * (`errorClass=throttled`); upstream exception names stay in logs only.
 */
export type LlmErrorClass =
  | 'throttled'
  | 'timeout'
  | 'server_error'
  | 'network'
  | 'rejected'
  | 'circuit_open'
  | 'invalid_output'
  | 'not_configured'
  | 'model_not_in_catalog';

/** Token counts reported by the provider for one model response. */
export interface LlmUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** Where a failed call stood when it gave up: which model, after how many attempts. */
export interface LlmErrorContext {
  readonly modelId: string;
  /** Calls that reached (or tried to reach) the provider; 0 when failing fast. */
  readonly attempts: number;
  /** Upstream exception name (`ThrottlingException`), for logs; never shown as a metric dimension. */
  readonly upstreamError?: string;
}

/** Base of every error an {@link LlmClient} throws; `code` is stable, `errorClass` is a metric dimension. */
export abstract class LlmError extends DomainError {
  abstract readonly errorClass: LlmErrorClass;
  readonly kind: DomainErrorKind = 'unavailable';
  readonly modelId: string;
  readonly attempts: number;
  readonly upstreamError?: string;

  constructor(message: string, context: LlmErrorContext) {
    super(message, { modelId: context.modelId, attempts: context.attempts });
    this.modelId = context.modelId;
    this.attempts = context.attempts;
    this.upstreamError = context.upstreamError;
  }
}

/** The provider kept throttling (HTTP 429 `ThrottlingException`, quota) until the attempts ran out. */
export class LlmThrottledError extends LlmError {
  readonly code = 'LLM.THROTTLED';
  readonly errorClass = 'throttled' as const;
}

/** The last attempt did not answer within the per-call timeout (`timeoutMs`, per attempt). */
export class LlmTimeoutError extends LlmError {
  readonly code = 'LLM.TIMEOUT';
  readonly errorClass = 'timeout' as const;

  constructor(
    context: LlmErrorContext,
    readonly timeoutMs: number,
  ) {
    super(`Model ${context.modelId} did not answer within ${timeoutMs} ms (attempts: ${context.attempts})`, context);
  }
}

/** The provider failed with a 5xx / model error or could not be reached, until the attempts ran out. */
export class LlmUnavailableError extends LlmError {
  readonly code = 'LLM.UNAVAILABLE';

  constructor(
    message: string,
    context: LlmErrorContext,
    readonly errorClass: 'server_error' | 'network',
  ) {
    super(message, context);
  }
}

/**
 * The provider refused the request itself (validation, access denied, unknown model, quota): retrying
 * the same request cannot help, so it is never retried.
 */
export class LlmRequestRejectedError extends LlmError {
  readonly code = 'LLM.REQUEST_REJECTED';
  readonly errorClass = 'rejected' as const;
}

/** The circuit breaker of this model is open: the call failed fast without reaching the provider. */
export class LlmCircuitOpenError extends LlmError {
  readonly code = 'LLM.CIRCUIT_OPEN';
  readonly errorClass = 'circuit_open' as const;

  constructor(
    modelId: string,
    /** Time until the breaker lets a probe call through, in ms. */
    readonly retryAfterMs: number,
  ) {
    super(`Circuit open for model ${modelId}; retry in ${retryAfterMs} ms`, { modelId, attempts: 0 });
  }
}

/** Why a model answer was not usable structured output. */
export type InvalidOutputReason =
  | 'no_tool_use'
  | 'wrong_tool'
  | 'not_an_object'
  | 'truncated'
  | 'schema_mismatch';

/**
 * The model answered but not with usable structured output (no tool call, another tool, a non-object
 * input, cut at `max_tokens`, or rejected by the caller's `validate`). The tokens were spent: `usage`
 * and `costUsd` say how many, so experiments can still record them.
 */
export class LlmInvalidOutputError extends LlmError {
  readonly code = 'LLM.INVALID_OUTPUT';
  readonly errorClass = 'invalid_output' as const;

  constructor(
    message: string,
    context: LlmErrorContext,
    readonly reason: InvalidOutputReason,
    readonly usage: LlmUsage,
    /** Cost of the wasted answer in USD. */
    readonly costUsd: number,
    /** Wall-clock time of the whole call in ms. */
    readonly latencyMs: number,
    readonly stopReason: string | undefined,
  ) {
    super(message, context);
  }
}

/** No LLM provider is configured (`LLM_PROVIDER=none` or no AWS credentials): callers use the rules. */
export class LlmNotConfiguredError extends LlmError {
  readonly code = 'LLM.NOT_CONFIGURED';
  readonly errorClass = 'not_configured' as const;

  constructor(modelId: string) {
    super('No LLM provider is configured; rule-based analyzers answer instead', { modelId, attempts: 0 });
  }
}

/** The model id is not in the model catalog, so its cost cannot be computed; it is never called. */
export class LlmModelNotInCatalogError extends LlmError {
  readonly code = 'LLM.MODEL_NOT_IN_CATALOG';
  readonly errorClass = 'model_not_in_catalog' as const;
  override readonly kind = 'validation' as const;

  constructor(modelId: string) {
    super(`Model ${modelId} is not in the model catalog`, { modelId, attempts: 0 });
  }
}
