import type { Logger } from '@nestjs/common';
import {
  LlmCircuitOpenError,
  LlmError,
  LlmErrorContext,
  LlmRequestRejectedError,
  LlmThrottledError,
  LlmTimeoutError,
  LlmUnavailableError,
} from '../llm.errors';
import type { LlmConfig } from '../llm.config';
import { CircuitBreaker, CircuitBreakerOptions, CircuitState, Clock } from './circuit-breaker.policy';
import { fullJitterBackoffMs, RandomSource } from './retry-backoff.policy';

/** How one attempt at a provider failed. */
export type FailureCategory = 'throttled' | 'timeout' | 'server_error' | 'network' | 'rejected';

/** A classified failed attempt: what happened, whether a retry may help, and the upstream name for logs. */
export interface AttemptFailure {
  readonly category: FailureCategory;
  readonly retryable: boolean;
  /** Error class name or HTTP status, for logs. */
  readonly upstream: string;
}

/** Error classes that mean "the provider is not serving": they count against the circuit. */
const AVAILABILITY_FAILURES = new Set(['throttled', 'timeout', 'server_error', 'network']);

/** The typed error for the last failed attempt; `provider` names the service in messages. */
export function failureToLlmError(provider: string, failure: AttemptFailure, context: LlmErrorContext, timeoutMs: number): LlmError {
  switch (failure.category) {
    case 'throttled':
      return new LlmThrottledError(`Model ${context.modelId} is throttled (attempts: ${context.attempts})`, context);
    case 'timeout':
      return new LlmTimeoutError(context, timeoutMs);
    case 'rejected':
      return new LlmRequestRejectedError(`${provider} rejected the request for ${context.modelId}: ${failure.upstream}`, context);
    case 'server_error':
    case 'network':
      return new LlmUnavailableError(
        `${provider} is unavailable for ${context.modelId}: ${failure.upstream} (attempts: ${context.attempts})`,
        context,
        failure.category,
      );
  }
}

/** One circuit breaker per catalog model id, and the gate every call passes. */
export class ModelCircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Circuit state of a model (`closed` for a model never called). */
  state(modelId: string): CircuitState {
    return this.breakers.get(modelId)?.state ?? 'closed';
  }

  /**
   * Runs `call` if the model's circuit lets it through; availability failures (throttling,
   * timeouts, 5xx, network) count against the circuit, anything else counts as the provider
   * answering.
   *
   * @throws LlmCircuitOpenError without calling when the circuit is open; otherwise what `call` throws.
   */
  async guard<T>(modelId: string, call: () => Promise<T>): Promise<T> {
    let breaker = this.breakers.get(modelId);
    if (!breaker) this.breakers.set(modelId, (breaker = new CircuitBreaker(this.options, this.clock)));
    const permission = breaker.tryAcquire();
    if (!permission.allowed) {
      this.logger.warn(`LLM circuit open: model=${modelId} retryAfterMs=${permission.retryAfterMs}`);
      throw new LlmCircuitOpenError(modelId, permission.retryAfterMs);
    }
    try {
      const result = await call();
      breaker.recordSuccess();
      return result;
    } catch (err) {
      if (err instanceof LlmError && AVAILABILITY_FAILURES.has(err.errorClass)) breaker.recordFailure();
      else breaker.recordSuccess();
      throw err;
    }
  }
}

/** Retry settings of a provider adapter. */
export interface RetrySettings {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random: RandomSource;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable failure, or `maxAttempts` is reached,
 * waiting a full-jitter exponential backoff between attempts (AWS Architecture Blog, "Exponential
 * Backoff And Jitter", 2015). `inspect` may throw to stop early on a particular failure.
 *
 * @returns the successful value and the number of attempts made.
 * @throws the error built by `toError` for the last failure.
 */
export async function retryAttempts<T, F extends AttemptFailure>(
  settings: RetrySettings,
  modelId: string,
  attempt: () => Promise<{ readonly ok: T } | F>,
  toError: (failure: F, attempts: number) => Error,
  inspect?: (failure: F, attempts: number) => void,
): Promise<{ value: T; attempts: number }> {
  for (let n = 1; ; n += 1) {
    const outcome = await attempt();
    if ('ok' in outcome) return { value: outcome.ok, attempts: n };
    inspect?.(outcome, n);
    const { category, upstream } = outcome;
    if (!outcome.retryable || n >= settings.maxAttempts) {
      settings.logger.warn(`LLM call failed: model=${modelId} attempts=${n} class=${category} upstream=${upstream}`);
      throw toError(outcome, n);
    }
    const delayMs = fullJitterBackoffMs(n, { baseMs: settings.baseMs, maxMs: settings.maxMs }, settings.random);
    settings.logger.warn(`LLM call retry: model=${modelId} attempt=${n} class=${category} upstream=${upstream} delayMs=${delayMs}`);
    await settings.sleep(delayMs);
  }
}

/** Test seams of the provider adapters; production uses the defaults. */
export interface ResilienceOptions {
  /** Jitter source in [0, 1); default `Math.random`. */
  readonly random?: RandomSource;
  /** Clock of the circuit breakers in ms; default `Date.now`. */
  readonly clock?: Clock;
  /** Waits between attempts; default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The circuit breakers and retry settings an adapter builds from the LLM configuration. */
export function resilienceFromConfig(
  config: Pick<LlmConfig, 'circuitFailureThreshold' | 'circuitCooldownMs' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxDelayMs'>,
  options: ResilienceOptions,
  logger: Logger,
): { circuits: ModelCircuitBreakers; retry: RetrySettings } {
  return {
    circuits: new ModelCircuitBreakers(
      { failureThreshold: config.circuitFailureThreshold, cooldownMs: config.circuitCooldownMs },
      options.clock ?? Date.now,
      logger,
    ),
    retry: {
      maxAttempts: config.maxAttempts,
      baseMs: config.retryBaseMs,
      maxMs: config.retryMaxDelayMs,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      logger,
    },
  };
}
