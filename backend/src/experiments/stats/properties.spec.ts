import fc from 'fast-check';

import {
  alwaysValidPValue,
  benjaminiHochbergAdjustedPValues,
  holmAdjustedPValues,
  isNotComputable,
  meanNonInferiorityTest,
  sampleRatioMismatchTest,
  sampleSizeForMeans,
  sampleSizeForProportions,
  sufficientStatisticsOf,
  twoProportionZTest,
  welchTTest,
} from './index';
import type { ProportionSufficientStatistics } from './index';

const value = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((x) => x / 100);
const sample = fc.array(value, { minLength: 2, maxLength: 40 });
const alpha = fc.constantFrom(0.01, 0.05, 0.1);
const proportionArm: fc.Arbitrary<ProportionSufficientStatistics> = fc
  .integer({ min: 2, max: 100_000 })
  .chain((n) => fc.integer({ min: 0, max: n }).map((successes) => ({ n, successes })));
const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 });

function inUnitInterval(p: number): boolean {
  return p > 0 && p <= 1 && Number.isFinite(p);
}

describe('statistical properties (fast-check)', () => {
  it('Welch: p in (0, 1], CI contains the difference, delta and Fieller intervals contain the lift', () => {
    fc.assert(
      fc.property(sample, sample, alpha, (a, b, level) => {
        const result = welchTTest(sufficientStatisticsOf(a), sufficientStatisticsOf(b), level);
        if (isNotComputable(result)) return;
        expect(inUnitInterval(result.pValue)).toBe(true);
        expect(result.log10PValue).toBeLessThanOrEqual(0);
        expect(result.confidenceInterval.lower).toBeLessThanOrEqual(result.difference);
        expect(result.confidenceInterval.upper).toBeGreaterThanOrEqual(result.difference);
        const lift = result.relativeLift;
        if (isNotComputable(lift)) return;
        expect(lift.deltaMethodInterval.lower).toBeLessThanOrEqual(lift.estimate);
        expect(lift.deltaMethodInterval.upper).toBeGreaterThanOrEqual(lift.estimate);
        if (!('status' in lift.fiellerInterval)) {
          const tolerance = 1e-9 * Math.max(1, Math.abs(lift.estimate));
          expect(lift.fiellerInterval.lower).toBeLessThanOrEqual(lift.estimate + tolerance);
          expect(lift.fiellerInterval.upper).toBeGreaterThanOrEqual(lift.estimate - tolerance);
        }
      }),
    );
  });

  it('Welch is symmetric when the arms are swapped', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = welchTTest(sufficientStatisticsOf(a), sufficientStatisticsOf(b), 0.05);
        const ba = welchTTest(sufficientStatisticsOf(b), sufficientStatisticsOf(a), 0.05);
        if (isNotComputable(ab) || isNotComputable(ba)) {
          expect(isNotComputable(ab)).toBe(isNotComputable(ba));
          return;
        }
        expect(ba.difference).toBeCloseTo(-ab.difference, 6);
        expect(ba.degreesOfFreedom).toBeCloseTo(ab.degreesOfFreedom, 6);
        expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
        expect(ba.confidenceInterval.lower).toBeCloseTo(-ab.confidenceInterval.upper, 6);
      }),
    );
  });

  it('two proportions: p in (0, 1], Newcombe interval inside [−1, 1] and containing the difference; symmetric', () => {
    fc.assert(
      fc.property(proportionArm, proportionArm, alpha, (a, b, level) => {
        const ab = twoProportionZTest(a, b, level);
        const ba = twoProportionZTest(b, a, level);
        if (isNotComputable(ab) || isNotComputable(ba)) {
          expect(isNotComputable(ab)).toBe(isNotComputable(ba));
          return;
        }
        expect(inUnitInterval(ab.pValue)).toBe(true);
        expect(ab.confidenceInterval.lower).toBeLessThanOrEqual(ab.difference + 1e-12);
        expect(ab.confidenceInterval.upper).toBeGreaterThanOrEqual(ab.difference - 1e-12);
        expect(ab.confidenceInterval.lower).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(ab.confidenceInterval.upper).toBeLessThanOrEqual(1 + 1e-12);
        expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
        expect(ba.confidenceInterval.lower).toBeCloseTo(-ab.confidenceInterval.upper, 12);
        expect(ba.confidenceInterval.upper).toBeCloseTo(-ab.confidenceInterval.lower, 12);
      }),
    );
  });

  it('Holm and BH adjusted p-values are ≥ raw, ≤ 1, monotone in the raw order, and BH ≤ Holm', () => {
    fc.assert(
      fc.property(pValues, (raw) => {
        const holm = holmAdjustedPValues(raw);
        const bh = benjaminiHochbergAdjustedPValues(raw);
        const order = raw.map((_, i) => i).sort((x, y) => (raw[x] ?? 0) - (raw[y] ?? 0));
        raw.forEach((p, i) => {
          expect(holm[i] ?? 0).toBeGreaterThanOrEqual(p);
          expect(bh[i] ?? 0).toBeGreaterThanOrEqual(p);
          expect(holm[i] ?? 2).toBeLessThanOrEqual(1);
          expect(bh[i] ?? 2).toBeLessThanOrEqual((holm[i] ?? 0) + 1e-15);
        });
        for (let k = 1; k < order.length; k++) {
          const previous = order[k - 1] ?? 0;
          const current = order[k] ?? 0;
          expect(holm[current] ?? 0).toBeGreaterThanOrEqual(holm[previous] ?? 0);
          expect(bh[current] ?? 0).toBeGreaterThanOrEqual(bh[previous] ?? 0);
        }
      }),
    );
  });

  it('sample size decreases as the MDE grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.6, noNaN: true }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.double({ min: 1.05, max: 3, noNaN: true }),
        (baselineRate, mde, factor) => {
          const settings = { alpha: 0.05, power: 0.8 };
          const small = sampleSizeForProportions({
            ...settings,
            baselineRate,
            minimumDetectableEffect: { type: 'relative', value: mde },
          });
          const large = sampleSizeForProportions({
            ...settings,
            baselineRate,
            minimumDetectableEffect: { type: 'relative', value: mde * factor },
          });
          if (!isNotComputable(small) && !isNotComputable(large)) {
            expect(large.exact).toBeLessThan(small.exact);
            expect(large.perVariant).toBeLessThanOrEqual(small.perVariant);
          }
          const meansSmall = sampleSizeForMeans({
            ...settings,
            standardDeviation: 1,
            minimumDetectableEffect: { type: 'absolute', value: mde },
          });
          const meansLarge = sampleSizeForMeans({
            ...settings,
            standardDeviation: 1,
            minimumDetectableEffect: { type: 'absolute', value: mde * factor },
          });
          if (isNotComputable(meansSmall) || isNotComputable(meansLarge)) throw new Error('unexpected');
          expect(meansLarge.exact).toBeLessThan(meansSmall.exact);
        },
      ),
    );
  });

  it('SRM, non-inferiority and always-valid p-values stay in (0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 8, max: 1_000_000 }), { minLength: 2, maxLength: 5 }),
        sample,
        sample,
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (exposures, a, b, margin) => {
          const srm = sampleRatioMismatchTest(exposures, exposures.map(() => 1));
          if (isNotComputable(srm)) throw new Error(srm.reason);
          expect(inUnitInterval(srm.pValue)).toBe(true);
          const ni = meanNonInferiorityTest(sufficientStatisticsOf(a), sufficientStatisticsOf(b), {
            direction: 'lower_is_better',
            margin: { type: 'absolute', value: margin },
            alpha: 0.05,
          });
          if (!isNotComputable(ni)) {
            expect(inUnitInterval(ni.pValue)).toBe(true);
            expect(inUnitInterval(ni.worsePValue)).toBe(true);
            expect(ni.pValue + ni.worsePValue).toBeCloseTo(1, 9);
            const avp = alwaysValidPValue(ni.marginExcess, ni.standardError, a.length + b.length, {
              alpha: 0.05,
              tuningN: 5000,
            });
            expect(inUnitInterval(avp.pValue)).toBe(true);
          }
        },
      ),
    );
  });
});
