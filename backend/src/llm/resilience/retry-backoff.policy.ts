/** A source of uniform numbers in [0, 1); `Math.random` in production, fixed in tests. */
export type RandomSource = () => number;

/** Exponential backoff settings, in ms. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry. */
  readonly baseMs: number;
  /** Ceiling of any delay. */
  readonly maxMs: number;
}

/**
 * Delay before retry number `retry` (1 = the first retry) with exponential backoff and full jitter:
 * `delay = random() × min(maxMs, baseMs × 2^(retry−1))`, in ms, rounded down. Full jitter spreads
 * retries of concurrent callers (M. Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog,
 * 2015).
 */
export function fullJitterBackoffMs(retry: number, options: BackoffOptions, random: RandomSource): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}
