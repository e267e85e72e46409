import { hyp2f1, logHyp2f1 } from './hyp2f1';

describe('logHyp2f1', () => {
  it.each([0.1, 0.5, 0.9, 0.99])('matches closed forms at z = %p (A&S 15.1.3, 15.1.8)', (z) => {
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
    expect(hyp2f1(0.7, 2.5, 2.5, z)).toBeCloseTo((1 - z) ** -0.7, 12);
    const s = Math.sqrt(z);
    expect(hyp2f1(0.5, 0.5, 1.5, z)).toBeCloseTo(Math.asin(s) / s, 12);
  });

  it('is 1 at z = 0', () => {
    expect(logHyp2f1(3, 4, 5, 0)).toBe(0);
  });

  it('stays finite in log space where the value overflows a double (BG/NBD with many repeat purchases)', () => {
    // 2F1(a, b; b; z) = (1 − z)^−a exactly, so ln = −a ln(1 − z)
    const z = 0.6;
    expect(logHyp2f1(2000, 3000, 3000, z)).toBeCloseTo(-2000 * Math.log(1 - z), 8);
    expect(hyp2f1(2000, 3000, 3000, z)).toBe(Infinity);
  });

  it('agrees with Euler’s transformation (A&S 15.3.3) for BG/NBD-like arguments', () => {
    const [r, a, b, x] = [0.2426, 0.7929, 2.4258, 25];
    const [p1, p2, c, z] = [r + x, b + x, a + b + x - 1, 0.7];
    const euler = (c - p1 - p2) * Math.log(1 - z);
    // c − b = a − 1 < 0 here, so the transformed series is summed by hand with its signed terms
    let term = 1;
    let sum = 1;
    for (let k = 0; k < 2000; k++) {
      term *= (((c - p1 + k) * (c - p2 + k)) / ((c + k) * (k + 1))) * z;
      sum += term;
    }
    expect(logHyp2f1(p1, p2, c, z)).toBeCloseTo(euler + Math.log(sum), 10);
  });

  it('rejects arguments outside a, b, c > 0 and 0 <= z < 1', () => {
    expect(() => logHyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => logHyp2f1(1, -1, 2, 0.5)).toThrow(RangeError);
    expect(() => logHyp2f1(1, 1, 0, 0.5)).toThrow(RangeError);
    expect(() => logHyp2f1(1, 1, 2, Number.NaN)).toThrow(RangeError);
  });
});
