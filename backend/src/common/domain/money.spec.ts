import fc from 'fast-check';
import { roundMoney, roundTo } from './money';

/** Half away from zero on the decimal text, computed with BigInt cents (independent of floating point). */
function decimalRoundCents(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const thousandths = BigInt(whole) * 1000n + BigInt((fraction + '000').slice(0, 3));
  const cents = thousandths / 10n + (thousandths % 10n >= 5n ? 1n : 0n);
  return negative ? -cents : cents;
}

describe('roundMoney', () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [1.255, 1.26],
    [-1.005, -1.01],
    [-2.5, -2.5],
    [0.125, 0.13],
    [-0.125, -0.13],
    [1234.565, 1234.57],
    [8.345, 8.35],
    [0.004, 0],
    [0.005, 0.01],
    [-0.005, -0.01],
    [10, 10],
    [1e-9, 0],
  ])('rounds %p half away from zero to %p', (value, expected) => {
    expect(roundMoney(value)).toBe(expected);
  });

  it('leaves non-finite values and values beyond cent precision unchanged', () => {
    expect(roundMoney(Number.NaN)).toBeNaN();
    expect(roundMoney(Infinity)).toBe(Infinity);
    expect(roundMoney(1e16 + 2)).toBe(1e16 + 2);
  });

  it('rounds every decimal with up to 3 fraction digits as decimal arithmetic does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (thousandths) => {
        const sign = thousandths < 0 ? '-' : '';
        const abs = Math.abs(thousandths);
        const text = `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
        const cents = decimalRoundCents(text);
        expect(roundMoney(Number(text))).toBe(Number(cents) / 100);
      }),
    );
  });

  it('is odd, idempotent and moves a value by at most half a cent', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        const r = roundMoney(x);
        expect(roundMoney(-x)).toBe(r === 0 ? 0 : -r);
        expect(roundMoney(r)).toBe(r);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.005 + Math.abs(x) * 1e-15);
        expect(Number(r.toFixed(2))).toBe(r);
      }),
    );
  });
});

describe('roundTo', () => {
  it('rounds to the given decimals, half away from zero', () => {
    expect(roundTo(1.0005, 3)).toBe(1.001);
    expect(roundTo(-0.55, 1)).toBe(-0.6);
    expect(roundTo(0.1234567, 6)).toBe(0.123457);
    expect(roundTo(2.5, 0)).toBe(3);
  });
});
