import { SeededRandom } from '../../segmentation/kmeans/prng';
import reference from './__fixtures__/bayesian-effects-reference.json';
import { bayesianRelativeLift, betaBinomialComparison, betaProbabilityGreater, isNotComputable } from './index';

describe('betaBinomialComparison', () => {
  it.each(reference.map((c, i) => [i, c] as const))('matches scipy quadrature (case %i)', (_, c) => {
    const result = betaBinomialComparison(c.control, c.variant, 'higher_is_better');
    if (isNotComputable(result)) throw new Error(result.reason);
    expect(Math.abs(result.probabilityVariantHigher - c.probabilityVariantHigher)).toBeLessThan(1e-9);
    expect(Math.abs(result.riskVariant - c.lossVariant)).toBeLessThan(1e-9);
    expect(Math.abs(result.riskControl - c.lossControl)).toBeLessThan(1e-9);
    const lower = betaBinomialComparison(c.control, c.variant, 'lower_is_better');
    if (isNotComputable(lower)) throw new Error(lower.reason);
    expect(Math.abs(lower.chanceToWin - (1 - c.probabilityVariantHigher))).toBeLessThan(1e-9);
    expect(Math.abs(lower.riskVariant - c.lossControl)).toBeLessThan(1e-9);
  });

  it('agrees with a seeded Monte-Carlo of the Beta posteriors', () => {
    // Beta(a, b) with integer a, b is the a-th order statistic of a + b − 1 uniforms.
    const rng = new SeededRandom(99);
    const beta = (a: number, b: number): number => {
      const u = Array.from({ length: a + b - 1 }, () => rng.nextFloat()).sort((x, y) => x - y);
      return u[a - 1] ?? 0;
    };
    const draws = 40_000;
    let wins = 0;
    let loss = 0;
    for (let i = 0; i < draws; i++) {
      const pa = beta(7, 7);
      const pb = beta(10, 7);
      if (pb > pa) wins++;
      loss += Math.max(0, pa - pb);
    }
    const result = betaBinomialComparison({ n: 12, successes: 6 }, { n: 15, successes: 9 }, 'higher_is_better');
    if (isNotComputable(result)) throw new Error(result.reason);
    // SE of the win share √(0.69·0.31/40000) = 0.0023; 4 SE.
    expect(Math.abs(wins / draws - result.probabilityVariantHigher)).toBeLessThan(0.0093);
    expect(Math.abs(loss / draws - result.riskVariant)).toBeLessThan(0.003);
  });

  it('uses any integer shape parameter and is consistent under reflection', () => {
    const direct = betaProbabilityGreater(3, 4.5, 2.5, 5.5);
    const viaB = betaProbabilityGreater(3.5, 4, 2.5, 5.5);
    expect(direct).not.toBeNull();
    expect(viaB).not.toBeNull();
    expect(betaProbabilityGreater(0.5, 0.5, 0.5, 0.5)).toBeNull();
    // P(U > V) + P(V > U) = 1
    expect((betaProbabilityGreater(3, 4.5, 2.5, 5.5) ?? 0) + (betaProbabilityGreater(2.5, 5.5, 3, 4.5) ?? 0)).toBeCloseTo(1, 12);
    expect(betaProbabilityGreater(5, 5, 5, 5)).toBeCloseTo(0.5, 12);
  });

  it('refuses invalid counts and priors', () => {
    expect(isNotComputable(betaBinomialComparison({ n: 3, successes: 4 }, { n: 3, successes: 1 }, 'higher_is_better'))).toBe(true);
    expect(
      isNotComputable(betaBinomialComparison({ n: 3, successes: 1 }, { n: 3, successes: 1 }, 'higher_is_better', { alpha: 0, beta: 1 })),
    ).toBe(true);
  });
});

describe('bayesianRelativeLift', () => {
  const input = { controlMean: 10, controlMeanVariance: 0.04, variantMean: 10.3, variantMeanVariance: 0.05 };

  it('with the flat prior is the delta-method likelihood', () => {
    const r = bayesianRelativeLift(input, 'higher_is_better', 0.05);
    if (isNotComputable(r)) throw new Error(r.reason);
    const v = 0.05 / 100 + (10.3 * 10.3 * 0.04) / 10_000;
    expect(r.posteriorMean).toBeCloseTo(0.03, 14);
    expect(r.posteriorStandardDeviation).toBeCloseTo(Math.sqrt(v), 14);
    // Φ(0.03/√v) and the 95 % interval from scipy.stats.norm.
    expect(r.chanceToWin).toBeCloseTo(0.8381137997807165, 12);
    expect(r.credibleInterval.lower).toBeCloseTo(0.03 - 1.959963984540054 * Math.sqrt(v), 12);
  });

  it('shrinks toward a proper prior by precision weighting', () => {
    const r = bayesianRelativeLift(input, 'higher_is_better', 0.05, { proper: true, mean: 0, variance: 0.0009 });
    if (isNotComputable(r)) throw new Error(r.reason);
    const v = 0.05 / 100 + (10.3 * 10.3 * 0.04) / 10_000;
    expect(r.posteriorMean).toBeCloseTo((0.03 / v) / (1 / v + 1 / 0.0009), 14);
    expect(r.posteriorStandardDeviation ** 2).toBeCloseTo(1 / (1 / v + 1 / 0.0009), 14);
  });

  it('risk equals the expected loss integral', () => {
    const r = bayesianRelativeLift(input, 'higher_is_better', 0.05);
    if (isNotComputable(r)) throw new Error(r.reason);
    const { posteriorMean: m, posteriorStandardDeviation: s } = r;
    let lossVariant = 0;
    let lossControl = 0;
    const steps = 200_000;
    const h = (16 * s) / steps;
    for (let i = 0; i <= steps; i++) {
      const x = m - 8 * s + i * h;
      const w = (i === 0 || i === steps ? 0.5 : 1) * h * (Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)));
      lossVariant += w * Math.max(0, -x);
      lossControl += w * Math.max(0, x);
    }
    expect(r.riskVariant).toBeCloseTo(lossVariant, 10);
    expect(r.riskControl).toBeCloseTo(lossControl, 10);
    expect(r.absoluteRiskVariant).toBeCloseTo(10 * r.riskVariant, 12);
    const zero = bayesianRelativeLift({ ...input, variantMean: 10 }, 'lower_is_better', 0.05);
    if (isNotComputable(zero)) throw new Error(zero.reason);
    expect(zero.riskVariant).toBeCloseTo(zero.posteriorStandardDeviation / Math.sqrt(2 * Math.PI), 14);
  });

  it('refuses a zero control mean', () => {
    expect(isNotComputable(bayesianRelativeLift({ ...input, controlMean: 0 }, 'higher_is_better', 0.05))).toBe(true);
  });
});
