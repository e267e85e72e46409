import type { Logger } from '@nestjs/common';
import { LlmCircuitOpenError, LlmRequestRejectedError, LlmThrottledError } from '../llm.errors';
import { AttemptFailure, failureToLlmError, ModelCircuitBreakers, retryAttempts } from './resilient-call';

const logger = { warn: () => undefined } as unknown as Logger;
const throttled: AttemptFailure = { category: 'throttled', retryable: true, upstream: 'ThrottlingException' };
const rejected: AttemptFailure = { category: 'rejected', retryable: false, upstream: 'ValidationException' };

describe('retryAttempts', () => {
  const waits: number[] = [];
  const settings = { maxAttempts: 3, baseMs: 100, maxMs: 1000, random: () => 0.5, sleep: async (ms: number) => void waits.push(ms), logger };
  const toError = (f: AttemptFailure, n: number) => failureToLlmError('Provider', f, { modelId: 'm', attempts: n }, 1000);

  beforeEach(() => waits.splice(0));

  it('retries retryable failures with full-jitter backoff and returns the attempt count', async () => {
    const outcomes: ({ ok: string } | AttemptFailure)[] = [throttled, throttled, { ok: 'done' }];
    await expect(retryAttempts(settings, 'm', async () => outcomes.shift()!, toError)).resolves.toEqual({ value: 'done', attempts: 3 });
    expect(waits).toEqual([50, 100]);
  });

  it('stops at maxAttempts with the typed error of the last failure', async () => {
    await expect(retryAttempts(settings, 'm', async () => throttled, toError)).rejects.toBeInstanceOf(LlmThrottledError);
    expect(waits).toHaveLength(2);
  });

  it('does not retry a non-retryable failure, and lets inspect stop early', async () => {
    await expect(retryAttempts(settings, 'm', async () => rejected, toError)).rejects.toBeInstanceOf(LlmRequestRejectedError);
    const stop = new Error('stop');
    await expect(retryAttempts(settings, 'm', async () => throttled, toError, () => { throw stop; })).rejects.toBe(stop);
    expect(waits).toEqual([]);
  });
});

describe('ModelCircuitBreakers', () => {
  it('opens after repeated availability failures, fails fast, and ignores rejections', async () => {
    let now = 0;
    const circuits = new ModelCircuitBreakers({ failureThreshold: 2, cooldownMs: 1000 }, () => now, logger);
    const fail = () => Promise.reject(failureToLlmError('P', throttled, { modelId: 'a', attempts: 1 }, 1000));
    await expect(circuits.guard('a', fail)).rejects.toBeInstanceOf(LlmThrottledError);
    await expect(circuits.guard('a', () => Promise.reject(failureToLlmError('P', rejected, { modelId: 'a', attempts: 1 }, 1000)))).rejects.toBeInstanceOf(LlmRequestRejectedError);
    expect(circuits.state('a')).toBe('closed');
    await expect(circuits.guard('a', fail)).rejects.toBeInstanceOf(LlmThrottledError);
    await expect(circuits.guard('a', fail)).rejects.toBeInstanceOf(LlmThrottledError);
    expect(circuits.state('a')).toBe('open');
    let called = false;
    await expect(circuits.guard('a', async () => (called = true))).rejects.toBeInstanceOf(LlmCircuitOpenError);
    expect(called).toBe(false);
    expect(circuits.state('b')).toBe('closed');
    now = 1001;
    await expect(circuits.guard('a', async () => 'ok')).resolves.toBe('ok');
    expect(circuits.state('a')).toBe('closed');
  });
});
