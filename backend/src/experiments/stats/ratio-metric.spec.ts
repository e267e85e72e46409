import { SeededRandom } from '../../segmentation/kmeans/prng';
import reference from './__fixtures__/ratio-delta-method-reference.json';
import { isNotComputable, ratioDeltaMethodTest, ratioSufficientStatisticsOf } from './index';

describe('ratioDeltaMethodTest', () => {
  it.each(reference.map((c) => [c.name, c] as const))('matches numpy/scipy (%s)', (_, c) => {
    const result = ratioDeltaMethodTest(c.control, c.variant, c.alpha);
    if (isNotComputable(result)) throw new Error(result.reason);
    const e = c.expected;
    const close = (actual: number, expected: number): void =>
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    close(result.control.ratio, e.controlRatio);
    close(result.variant.ratio, e.variantRatio);
    close(result.control.ratioVariance, e.controlVariance);
    close(result.variant.ratioVariance, e.variantVariance);
    close(result.difference, e.difference);
    close(result.standardError, e.standardError);
    close(result.degreesOfFreedom, e.df);
    close(result.tStatistic, e.t);
    close(result.pValue, e.p);
    close(result.confidenceInterval.lower, e.ciLower);
    close(result.confidenceInterval.upper, e.ciUpper);
    close(result.relative.estimate, e.relative);
    close(result.relative.standardError, e.relativeSe);
    close(result.relative.pValue, e.relativeP);
    close(result.relative.confidenceInterval.lower, e.relLower);
    close(result.relative.confidenceInterval.upper, e.relUpper);
  });

  it('refuses degenerate inputs', () => {
    const one = ratioSufficientStatisticsOf([{ numerator: 1, denominator: 1 }]);
    const ok = ratioSufficientStatisticsOf([
      { numerator: 1, denominator: 1 },
      { numerator: 3, denominator: 2 },
    ]);
    const empty = ratioSufficientStatisticsOf([
      { numerator: 0, denominator: 0 },
      { numerator: 0, denominator: 0 },
    ]);
    expect(isNotComputable(ratioDeltaMethodTest(one, ok, 0.05))).toBe(true);
    expect(isNotComputable(ratioDeltaMethodTest(ok, empty, 0.05))).toBe(true);
  });

  it('A/A with correlated repeated calls per unit rejects at 5 % ± 1.5 %', () => {
    // 2,000 replications: Monte-Carlo SE of a 5 % rate is √(0.05·0.95/2000) = 0.49 points,
    // so ±1.5 points is about 3 SE.
    const rng = new SeededRandom(12);
    const normal = (): number => {
      const u = 1 - rng.nextFloat();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
    };
    const arm = (n: number): ReturnType<typeof ratioSufficientStatisticsOf> => {
      const units = [];
      for (let i = 0; i < n; i++) {
        const calls = 1 + rng.nextInt(5);
        const unitEffect = 40 * normal();
        let total = 0;
        for (let c = 0; c < calls; c++) total += Math.exp(Math.log(200 + 0.5 * unitEffect) + 0.3 * normal());
        units.push({ numerator: total, denominator: calls });
      }
      return ratioSufficientStatisticsOf(units);
    };
    const replications = 2000;
    let rejections = 0;
    for (let r = 0; r < replications; r++) {
      const result = ratioDeltaMethodTest(arm(80), arm(80), 0.05);
      if (!isNotComputable(result) && result.pValue < 0.05) rejections++;
    }
    const rate = rejections / replications;
    expect(rate).toBeGreaterThan(0.035);
    expect(rate).toBeLessThan(0.065);
  });
});
