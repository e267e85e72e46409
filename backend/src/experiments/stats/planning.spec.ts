import { SeededRandom } from '../../segmentation/kmeans/prng';
import reference from './__fixtures__/planning-reference.json';
import {
  daysToReachSampleSize,
  isNotComputable,
  minimumDetectableEffectAtSampleSize,
  powerAtSampleSize,
  sampleSizeForPower,
  sampleSizeForProportions,
  sequentialTest,
  sufficientStatisticsOf,
  unitsPerVariantAfterDays,
  welchTTest,
} from './index';
import type { PlanningDesign, PlanningMetric } from './index';

const means: PlanningMetric = { kind: 'mean', controlVariance: 10 };
const fixed: PlanningDesign = { mode: 'fixed', alpha: 0.05 };
const sequential: PlanningDesign = { mode: 'sequential', alpha: 0.05 };

function perVariant(design: PlanningDesign, metric: PlanningMetric, effect: number, power = 0.8): number {
  const r = sampleSizeForPower(design, metric, effect, power);
  if (isNotComputable(r)) throw new Error(r.reason);
  return r.perVariant;
}

describe('planning', () => {
  it('sample sizes match the scipy reference for both modes and Holm with 3 treatments', () => {
    expect(perVariant(fixed, means, 1)).toBe(reference.fixedMeans);
    expect(perVariant(sequential, means, 1)).toBe(reference.sequentialMeansDefaultTuning);
    expect(perVariant({ ...sequential, sequentialTuningN: 5000 }, means, 1)).toBe(reference.sequentialMeansTuning5000);
    expect(perVariant({ ...fixed, treatments: 3 }, means, 1)).toBe(reference.fixedMeansHolm3);
    expect(perVariant({ ...sequential, treatments: 3 }, means, 1)).toBe(reference.sequentialMeansHolm3);
  });

  it('reports the exact interval inflation and the power a sequential test has at the fixed n', () => {
    const r = powerAtSampleSize(sequential, means, 1, reference.fixedMeans);
    if (isNotComputable(r)) throw new Error(r.reason);
    expect(r.intervalInflation).toBeCloseTo(reference.sequentialInflationDefault, 12);
    expect(r.power).toBeCloseTo(reference.sequentialPowerAtFixedN, 12);
    const f = powerAtSampleSize(fixed, means, 1, reference.fixedMeans);
    if (isNotComputable(f)) throw new Error(f.reason);
    expect(f.intervalInflation).toBe(1);
  });

  it('fixed proportions agree with the Fleiss formula of sampleSizeForProportions', () => {
    const fleiss = sampleSizeForProportions({
      baselineRate: 0.1,
      minimumDetectableEffect: { type: 'absolute', value: 0.02 },
      alpha: 0.05,
      power: 0.8,
    });
    if (isNotComputable(fleiss)) throw new Error(fleiss.reason);
    const n = perVariant(fixed, { kind: 'proportion', baselineRate: 0.1 }, 0.02);
    expect(Math.abs(n - fleiss.perVariant)).toBeLessThanOrEqual(1);
  });

  it('MDE at n inverts the power function', () => {
    const mde = minimumDetectableEffectAtSampleSize(sequential, means, 400, 0.8, { baselineMean: 50 });
    if (isNotComputable(mde)) throw new Error(mde.reason);
    const p = powerAtSampleSize(sequential, means, mde.absoluteEffect, 400);
    if (isNotComputable(p)) throw new Error(p.reason);
    expect(p.power).toBeCloseTo(0.8, 9);
    expect(mde.relativeEffect).toBeCloseTo(mde.absoluteEffect / 50, 14);
    const down = minimumDetectableEffectAtSampleSize(fixed, { kind: 'proportion', baselineRate: 0.3 }, 2000, 0.8, {
      direction: -1,
    });
    if (isNotComputable(down)) throw new Error(down.reason);
    expect(down.absoluteEffect).toBeLessThan(0);
    expect(unitsPerVariantAfterDays(130, 7, 2)).toBe(455);
    expect(daysToReachSampleSize(455, 130, 2)).toBe(7);
    expect(isNotComputable(minimumDetectableEffectAtSampleSize(fixed, { kind: 'proportion', baselineRate: 0.5 }, 3, 0.99))).toBe(
      true,
    );
  });

  it('achieved power at the planned n is within ±3 points of 80 % for both modes (simulation)', () => {
    // 1,500 replications per mode: Monte-Carlo SE √(0.8·0.2/1500) = 1.03 points, so ±3 is ~3 SE.
    const rng = new SeededRandom(2026);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    const effect = 0.5;
    const metric: PlanningMetric = { kind: 'mean', controlVariance: 1 };
    for (const design of [fixed, sequential]) {
      const n = perVariant(design, metric, effect);
      let rejections = 0;
      const replications = 1500;
      for (let r = 0; r < replications; r++) {
        const a = sufficientStatisticsOf(Array.from({ length: n }, normal));
        const b = sufficientStatisticsOf(Array.from({ length: n }, () => effect + normal()));
        const test = welchTTest(a, b, 0.05);
        if (isNotComputable(test)) continue;
        const p =
          design.mode === 'fixed'
            ? test.pValue
            : sequentialTest(test.difference, test.standardError, 2 * n, { alpha: 0.05, tuningN: 2 * n }).pValue;
        if (p < 0.05) rejections++;
      }
      expect(Math.abs(rejections / replications - 0.8)).toBeLessThan(0.03);
    }
  });
});
