/** Milliseconds since some fixed origin; `Date.now` in production, a fake in tests. */
export type Clock = () => number;

/** `closed` lets calls through; `open` fails fast; `half_open` lets one probe call through. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** Circuit breaker settings. */
export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the circuit. */
  readonly failureThreshold: number;
  /** Time the circuit stays open before a probe is allowed, in ms. */
  readonly cooldownMs: number;
}

/** Outcome of asking the breaker for permission to call. */
export type CircuitPermission = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Consecutive-failure circuit breaker: closed → open after `failureThreshold` consecutive failures →
 * half-open once `cooldownMs` has passed, where a single probe call decides between closed (success)
 * and open again (failure). Every permitted call must report exactly one outcome.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
  ) {}

  /** State now, moving open → half_open when the cool-down is over. */
  get state(): CircuitState {
    if (this.current === 'open' && this.clock() - this.openedAt >= this.options.cooldownMs) {
      this.current = 'half_open';
      this.probeInFlight = false;
    }
    return this.current;
  }

  /** Asks to make one call; in half-open only one probe at a time is allowed. */
  tryAcquire(): CircuitPermission {
    const state = this.state;
    if (state === 'closed') return { allowed: true };
    if (state === 'half_open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return { allowed: true };
    }
    const retryAfterMs = state === 'open' ? this.openedAt + this.options.cooldownMs - this.clock() : this.options.cooldownMs;
    return { allowed: false, retryAfterMs: Math.max(0, retryAfterMs) };
  }

  /** The permitted call reached a healthy provider: closes the circuit. */
  recordSuccess(): void {
    this.current = 'closed';
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
  }

  /** The permitted call failed for availability reasons: counts toward opening, re-opens a half-open circuit. */
  recordFailure(): void {
    this.probeInFlight = false;
    if (this.current === 'half_open') {
      this.open();
      return;
    }
    this.consecutiveFailures += 1;
    if (this.current === 'closed' && this.consecutiveFailures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.current = 'open';
    this.openedAt = this.clock();
    this.consecutiveFailures = 0;
  }
}
