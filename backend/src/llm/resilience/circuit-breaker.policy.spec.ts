import { CircuitBreaker } from './circuit-breaker.policy';

describe('CircuitBreaker', () => {
  let now: number;
  let breaker: CircuitBreaker;
  const fail = (times: number): void => {
    for (let i = 0; i < times; i += 1) {
      expect(breaker.tryAcquire()).toEqual({ allowed: true });
      breaker.recordFailure();
    }
  };

  beforeEach(() => {
    now = 0;
    breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000 }, () => now);
  });

  it('starts closed and lets calls through', () => {
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toEqual({ allowed: true });
  });

  it('opens after the threshold of consecutive failures and fails fast with the time left', () => {
    fail(2);
    expect(breaker.state).toBe('closed');
    fail(1);
    expect(breaker.state).toBe('open');
    now = 400;
    expect(breaker.tryAcquire()).toEqual({ allowed: false, retryAfterMs: 600 });
  });

  it('resets the count on success', () => {
    fail(2);
    breaker.recordSuccess();
    fail(2);
    expect(breaker.state).toBe('closed');
  });

  it('goes half-open after the cool-down and lets a single probe through', () => {
    fail(3);
    now = 999;
    expect(breaker.state).toBe('open');
    now = 1_000;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toEqual({ allowed: true });
    expect(breaker.tryAcquire()).toMatchObject({ allowed: false });
  });

  it('closes when the probe succeeds', () => {
    fail(3);
    now = 1_000;
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toEqual({ allowed: true });
  });

  it('re-opens for a full cool-down when the probe fails', () => {
    fail(3);
    now = 1_500;
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    now = 2_499;
    expect(breaker.tryAcquire()).toEqual({ allowed: false, retryAfterMs: 1 });
    now = 2_500;
    expect(breaker.state).toBe('half_open');
  });
});
