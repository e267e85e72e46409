import { readCdnowSummary, toThreeSignificantDigits } from '../../../test/support/cdnow-summary';
import { SeededRandom } from '../kmeans/prng';
import { simulateGammaGamma } from './clv-simulation';
import { ClvModelFitError } from './clv.errors';
import { expectedAverageValue, fitGammaGamma, GammaGammaParams } from './gamma-gamma';

/** Published fit on the 946 CDNOW repeat customers (Fader & Hardie 2013). */
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.45 };

describe('Gamma-Gamma on CDNOW', () => {
  const fit = fitGammaGamma(readCdnowSummary());

  it('fits on the 946 repeat customers and reproduces p, q, v to 3 significant digits', () => {
    expect(fit.customers).toBe(946);
    expect(fit.excludedNonPositiveMonetary).toBe(0);
    for (const k of ['p', 'q', 'v'] as const) {
      expect({ k, ok: toThreeSignificantDigits(fit.params[k], PUBLISHED[k]) }).toEqual({ k, ok: true });
    }
    expect(fit.startsConverged).toBe(fit.starts);
    expect(Math.abs(fit.frequencyMonetaryCorrelation as number)).toBeLessThan(0.2);
  });

  it('gives the conditional expected average value as the weighted mean of eq. 5', () => {
    const { p, q, v } = PUBLISHED;
    const populationMean = (v * p) / (q - 1);
    expect(expectedAverageValue(PUBLISHED, { frequency: 0, monetaryValue: 0 })).toBeCloseTo(populationMean, 12);
    const w = (p * 2) / (p * 2 + q - 1);
    expect(expectedAverageValue(PUBLISHED, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(w * 22.35 + (1 - w) * populationMean, 12);
  });
});

describe('Gamma-Gamma parameter recovery on simulated data', () => {
  it('recovers p = 4, q = 5, v = 60 within 15 % (6,000 customers, seeded)', () => {
    const truth = { p: 4, q: 5, v: 60 };
    const rng = new SeededRandom(21);
    const frequencies = Array.from({ length: 6000 }, () => 1 + rng.nextInt(12));
    const values = simulateGammaGamma(truth, frequencies, rng);
    const fit = fitGammaGamma(frequencies.map((x, i) => ({ frequency: x, monetaryValue: values[i] })));
    for (const k of ['p', 'q', 'v'] as const) {
      expect({ k, relativeError: Math.abs(fit.params[k] / truth[k] - 1) < 0.15 }).toEqual({ k, relativeError: true });
    }
  });
});

describe('Gamma-Gamma edge cases', () => {
  it('leaves out repeat customers whose monetary value is not positive and says so', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ frequency: 1 + (i % 4), monetaryValue: 10 + (i % 7) * 3 }));
    const fit = fitGammaGamma([...rows, { frequency: 3, monetaryValue: -5 }, { frequency: 0, monetaryValue: 0 }]);
    expect(fit.customers).toBe(30);
    expect(fit.excludedNonPositiveMonetary).toBe(1);
  });

  it('returns null when the expected value cannot be computed', () => {
    expect(expectedAverageValue({ p: 2, q: 0.9, v: 10 }, { frequency: 2, monetaryValue: 5 })).toBeNull();
    expect(expectedAverageValue(PUBLISHED, { frequency: 2, monetaryValue: -1 })).toBeNull();
  });

  it('says the model cannot be fitted on too few repeat customers', () => {
    expect(() => fitGammaGamma([{ frequency: 1, monetaryValue: 3 }])).toThrow(ClvModelFitError);
  });
});
