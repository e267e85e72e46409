import fc from 'fast-check';
import gammaln from '@stdlib/math-base-special-gammaln';
import { readCdnowSummary, toThreeSignificantDigits } from '../../../test/support/cdnow-summary';
import { SeededRandom } from '../kmeans/prng';
import { BgNbdParams, expectedPurchases, fitBgNbd, populationExpectedPurchases, probabilityAlive } from './bg-nbd';
import { simulateBgNbd } from './clv-simulation';
import { ClvModelFitError } from './clv.errors';

/** Published fit on CDNOW (Fader, Hardie & Lee 2005, §5): weeks. */
const PUBLISHED: BgNbdParams = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

/**
 * ₂F₁ by its Euler integral (A&S 15.3.1 with a and b swapped; needs c > a + 1 > 1 here), Simpson's
 * rule after u = w^(1/a), which removes the u^(a−1) singularity at 0.
 */
function hyp2f1ByIntegral(a: number, b: number, c: number, z: number): number {
  const n = 200_000;
  const f = (w: number) => {
    const u = w ** (1 / a);
    return ((1 - u) ** (c - a - 1) * (1 - z * u) ** -b) / a;
  };
  let s = f(0) + f(1);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(i / n);
  return Math.exp(gammaln(c) - gammaln(a) - gammaln(c - a)) * (s / (3 * n));
}

describe('BG/NBD on CDNOW', () => {
  const cdnow = readCdnowSummary();
  const fit = fitBgNbd(cdnow);

  it('reproduces the published maximum-likelihood parameters to 3 significant digits and LL = −9582.4', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect({ k, ok: toThreeSignificantDigits(fit.params[k], PUBLISHED[k]) }).toEqual({ k, ok: true });
    }
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.startsConverged).toBe(fit.starts);
    expect(fit.objectiveSpread).toBeLessThan(1e-9);
  });

  it('gives the published conditional expectation E[Y(39) | x=2, t_x=30.43, T=38.86] = 1.226 (Fader, Hardie & Lee 2005, §6)', () => {
    expect(expectedPurchases(PUBLISHED, { frequency: 2, recency: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it('computes E[Y(t)] as eq. 10 with ₂F₁ from an independent quadrature (relative 1e-6, the accuracy of the quadrature)', () => {
    const { r, alpha, a, b } = PUBLISHED;
    for (const [x, tx, T, t] of [
      [2, 30.43, 38.86, 39],
      [7, 35, 38.86, 52],
      [25, 38, 38.86, 78],
    ]) {
      const z = t / (alpha + T + t);
      const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1ByIntegral(r + x, b + x, a + b + x - 1, z);
      const expected = (((a + b + x - 1) / (a - 1)) * bracket) / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
      expect(Math.abs(expectedPurchases(PUBLISHED, { frequency: x, recency: tx, T }, t) / expected - 1)).toBeLessThan(1e-6);
    }
  });

  it('matches the closed-form P(alive) (Hardie note 021) and is 1 without repeat purchases', () => {
    const { r, alpha, a, b } = PUBLISHED;
    const palive = (x: number, tx: number, T: number) => 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
    expect(probabilityAlive(PUBLISHED, { frequency: 2, recency: 30.43, T: 38.86 })).toBeCloseTo(palive(2, 30.43, 38.86), 12);
    expect(probabilityAlive(PUBLISHED, { frequency: 5, recency: 2, T: 38.86 })).toBeCloseTo(palive(5, 2, 38.86), 12);
    expect(probabilityAlive(PUBLISHED, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
  });

  it('reduces to the population expectation E[X(t)] (eq. 9) for a customer just acquired', () => {
    for (const t of [1, 10, 39, 78]) {
      expect(expectedPurchases(PUBLISHED, { frequency: 0, recency: 0, T: 0 }, t)).toBeCloseTo(populationExpectedPurchases(PUBLISHED, t), 12);
    }
    const { r, alpha, a, b } = PUBLISHED;
    const t = 39;
    const independent = ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1ByIntegral(r, b, a + b - 1, t / (alpha + t)));
    expect(populationExpectedPurchases(PUBLISHED, t)).toBeCloseTo(independent, 6);
  });

  it('shrinks the parameters with an L2 penalizer', () => {
    const penalized = fitBgNbd(cdnow, { penalizerCoef: 0.1 });
    const norm = (p: BgNbdParams, scale: number) => p.r ** 2 + (p.alpha * scale) ** 2 + p.a ** 2 + p.b ** 2;
    const scale = 1 / Math.max(...cdnow.map((c) => c.T));
    expect(norm(penalized.params, scale)).toBeLessThan(norm(fit.params, scale));
    expect(penalized.logLikelihood).toBeLessThan(fit.logLikelihood);
  });
});

describe('BG/NBD parameter recovery on simulated data', () => {
  it.each([
    [{ r: 0.5, alpha: 20, a: 0.8, b: 3 }, 11],
    [{ r: 1.2, alpha: 40, a: 2, b: 6 }, 12],
  ])('recovers %o within 15 % (8,000 customers, seed %i)', (truth, seed) => {
    const rng = new SeededRandom(seed);
    const ages = Array.from({ length: 8000 }, () => 100 + rng.nextFloat() * 265);
    const fit = fitBgNbd(simulateBgNbd(truth, ages, rng));
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect({ k, relativeError: Math.abs(fit.params[k] / truth[k] - 1) < 0.15 }).toEqual({ k, relativeError: true });
    }
  });
});

describe('BG/NBD properties', () => {
  const params = fc.record({
    r: fc.double({ min: 0.05, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0.5, max: 200, noNaN: true }),
    a: fc.double({ min: 0.05, max: 5, noNaN: true }),
    b: fc.double({ min: 0.5, max: 20, noNaN: true }),
  });
  const history = fc
    .record({ x: fc.integer({ min: 0, max: 200 }), T: fc.double({ min: 1, max: 400, noNaN: true }), u: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ x, T, u }) => ({ frequency: x, recency: x === 0 ? 0 : u * T, T }));

  it('P(alive) is in [0, 1] and does not decrease with recency', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 1, noNaN: true }), (p, h, v) => {
        const alive = probabilityAlive(p, h);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
        if (h.frequency > 0) {
          const later = h.recency + v * (h.T - h.recency);
          expect(probabilityAlive(p, { ...h, recency: later })).toBeGreaterThanOrEqual(alive - 1e-15);
        }
      }),
    );
  });

  it('expected purchases are ≥ 0 and increase with the horizon', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 1, max: 365, noNaN: true }), (p, h, t) => {
        fc.pre(Math.abs(p.a - 1) > 1e-3 && p.a + p.b > 1);
        const e1 = expectedPurchases(p, h, t);
        const e2 = expectedPurchases(p, h, t * 1.5);
        expect(e1).toBeGreaterThanOrEqual(0);
        expect(e2).toBeGreaterThanOrEqual(e1 * (1 - 1e-9));
        expect(Number.isFinite(e2)).toBe(true);
      }),
    );
  });
});

describe('fitBgNbd errors', () => {
  it('says the model cannot be fitted without repeat purchases or with too few customers', () => {
    const once = Array.from({ length: 50 }, () => ({ frequency: 0, recency: 0, T: 30 }));
    expect(() => fitBgNbd(once)).toThrow(ClvModelFitError);
    expect(() => fitBgNbd([{ frequency: 2, recency: 5, T: 10 }])).toThrow(expect.objectContaining({ code: 'CLV.INSUFFICIENT_DATA' }));
  });

  it('rejects a maximum on the boundary (no dropout in the data) unless allowBoundary, then flags it', () => {
    // every repeat customer bought on the last day: no sign of dropout
    const noDropout = Array.from({ length: 60 }, (_, i) => ({ frequency: i % 12, recency: i % 12 === 0 ? 0 : 100, T: 100 }));
    expect(() => fitBgNbd(noDropout)).toThrow(expect.objectContaining({ code: 'CLV.DEGENERATE_FIT' }));
    const fit = fitBgNbd(noDropout, { allowBoundary: true });
    expect(fit.atBoundary).toBe(true);
    expect(fit.params.a / (fit.params.a + fit.params.b)).toBeLessThan(1e-6);
  });

  it('rejects histories that break the conventions', () => {
    const ok = Array.from({ length: 20 }, () => ({ frequency: 1, recency: 5, T: 10 }));
    expect(() => fitBgNbd([...ok, { frequency: 1, recency: 11, T: 10 }])).toThrow(RangeError);
    expect(() => fitBgNbd([...ok, { frequency: 0, recency: 3, T: 10 }])).toThrow(RangeError);
    expect(() => fitBgNbd([...ok, { frequency: 1.5, recency: 3, T: 10 }])).toThrow(RangeError);
  });
});
