import { fullJitterBackoffMs } from './retry-backoff.policy';

describe('fullJitterBackoffMs', () => {
  const options = { baseMs: 200, maxMs: 4_000 };

  it('doubles the ceiling per retry up to the maximum', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((retry) => fullJitterBackoffMs(retry, options, () => 0.999_999_9));
    expect(ceilings).toEqual([199, 399, 799, 1599, 3199, 3999, 3999]);
  });

  it('scales the ceiling by the jitter draw', () => {
    expect(fullJitterBackoffMs(1, options, () => 0.5)).toBe(100);
    expect(fullJitterBackoffMs(3, options, () => 0.25)).toBe(200);
    expect(fullJitterBackoffMs(3, options, () => 0)).toBe(0);
  });

  it('clamps a jitter source outside [0, 1]', () => {
    expect(fullJitterBackoffMs(1, options, () => 7)).toBe(200);
    expect(fullJitterBackoffMs(1, options, () => -1)).toBe(0);
  });

  it('stays within [0, ceiling] for any draw', () => {
    for (let retry = 1; retry <= 10; retry += 1) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999]) {
        const delay = fullJitterBackoffMs(retry, options, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(4_000, 200 * 2 ** (retry - 1)));
      }
    }
  });
});
