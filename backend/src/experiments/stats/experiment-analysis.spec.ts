import { analyzeExperiment, decideVariant, DEFAULT_MINIMUM_MEANINGFUL_CHANGE } from './index';
import type {
  DecisionInput,
  MeanSufficientStatistics,
  MetricDefinition,
  PrimaryEvidence,
  VariantAggregates,
} from './index';

/** Sufficient statistics of n values with the given mean and sample SD. */
function meanStats(n: number, mean: number, sd: number): MeanSufficientStatistics {
  return { n, sum: n * mean, sumOfSquares: (n - 1) * sd * sd + n * mean * mean };
}

const metrics: MetricDefinition[] = [
  { key: 'validOutput', kind: 'proportion', direction: 'higher_is_better', role: 'primary' },
  { key: 'rating', kind: 'mean', direction: 'higher_is_better', role: 'secondary' },
  {
    key: 'latencyMs',
    kind: 'mean',
    direction: 'lower_is_better',
    role: 'guardrail',
    nonInferiorityMargin: { type: 'relative', value: 0.1 },
  },
  {
    key: 'costUsd',
    kind: 'mean',
    direction: 'lower_is_better',
    role: 'guardrail',
    nonInferiorityMargin: { type: 'relative', value: 0.1 },
  },
];

function variant(
  key: string,
  exposures: number,
  valid: number,
  latencyMean: number,
  costMean: number,
): VariantAggregates {
  return {
    key,
    weight: 1,
    exposures,
    metrics: {
      validOutput: { kind: 'proportion', stats: { n: exposures, successes: valid } },
      rating: { kind: 'mean', raw: meanStats(exposures, 4, 1) },
      latencyMs: { kind: 'mean', raw: meanStats(exposures, latencyMean, 300) },
      costUsd: { kind: 'mean', raw: meanStats(exposures, costMean, 0.001) },
    },
  };
}

const settings = { sequential: false, plannedSampleSizePerVariant: 5000 };

describe('analyzeExperiment and the decision rule', () => {
  it('declares a winner: primary significantly better after Holm, guardrails within margin', () => {
    const analysis = analyzeExperiment({
      variants: [variant('control', 5000, 4000, 1200, 0.004), variant('sonnet', 5000, 4200, 1210, 0.0041)],
      metrics,
      settings,
    });
    expect(analysis.sampleRatioMismatch).toMatchObject({ status: 'ok', passed: true });
    const [result] = analysis.variants;
    expect(result?.decision.status).toBe('winner');
    const latency = result?.metrics.find((m) => m.metricKey === 'latencyMs');
    expect(latency?.nonInferiority).toMatchObject({ outcome: 'non_inferior' });
    expect(analysis.settings).toMatchObject({ alpha: 0.05, primaryCorrection: 'holm', sequentialTuningN: 10000 });
  });

  it('flags a sample ratio mismatch as invalid_srm and never names a winner', () => {
    const analysis = analyzeExperiment({
      variants: [variant('control', 5000, 4000, 1200, 0.004), variant('sonnet', 5600, 4700, 1200, 0.004)],
      metrics,
      settings,
    });
    expect(analysis.sampleRatioMismatch).toMatchObject({ passed: false });
    expect(analysis.variants[0]?.decision.status).toBe('invalid_srm');
  });

  it('makes a variant that is much slower a loser even when quality improves', () => {
    const analysis = analyzeExperiment({
      variants: [variant('control', 5000, 4000, 1200, 0.004), variant('opus', 5000, 4300, 1500, 0.004)],
      metrics,
      settings,
    });
    expect(analysis.variants[0]?.decision.status).toBe('loser');
    expect(analysis.variants[0]?.decision.reasons.join(' ')).toContain('latencyMs');
  });

  it('stays inconclusive before the planned sample in fixed-horizon mode, with the units still needed', () => {
    const analysis = analyzeExperiment({
      variants: [variant('control', 1000, 800, 1200, 0.004), variant('sonnet', 1000, 900, 1200, 0.004)],
      metrics,
      settings,
    });
    expect(analysis.variants[0]?.decision).toMatchObject({ status: 'inconclusive', sampleStillNeeded: 4000 });
  });

  it('decides early in sequential mode and uses the confidence sequence', () => {
    const analysis = analyzeExperiment({
      variants: [variant('control', 1000, 700, 1200, 0.004), variant('sonnet', 1000, 850, 1200, 0.004)],
      metrics,
      settings: { ...settings, sequential: true },
    });
    const primary = analysis.variants[0]?.metrics.find((m) => m.role === 'primary');
    expect(primary?.sequential?.pValue).toBeGreaterThan(0);
    expect(analysis.variants[0]?.decision.status).toBe('winner');
  });

  it('applies Holm across variants on the primary metric and BH on secondary metrics', () => {
    const analysis = analyzeExperiment({
      variants: [
        variant('control', 5000, 4000, 1200, 0.004),
        variant('a', 5000, 4080, 1200, 0.004),
        variant('b', 5000, 4100, 1200, 0.004),
      ],
      metrics,
      settings,
    });
    const primaries = analysis.variants.map((v) => v.metrics.find((m) => m.role === 'primary'));
    for (const p of primaries) expect(p?.adjustedPValue).toBeGreaterThanOrEqual(p?.pValue ?? 1);
    const smallest = Math.min(...primaries.map((p) => p?.pValue ?? 1));
    expect(Math.min(...primaries.map((p) => p?.adjustedPValue ?? 1))).toBeCloseTo(2 * smallest, 12);
  });

  it('reports a missing primary aggregate as inconclusive instead of failing', () => {
    const broken: VariantAggregates = { ...variant('b', 5000, 4000, 1200, 0.004), metrics: {} };
    const analysis = analyzeExperiment({ variants: [variant('control', 5000, 4000, 1200, 0.004), broken], metrics, settings });
    expect(analysis.variants[0]?.decision.status).toBe('inconclusive');
    expect(analysis.variants[0]?.decision.reasons[0]).toContain('not computable');
  });

  it('rejects experiments without exactly one primary metric', () => {
    expect(() =>
      analyzeExperiment({ variants: [variant('c', 10, 5, 1, 1), variant('b', 10, 5, 1, 1)], metrics: [], settings }),
    ).toThrow(RangeError);
  });
});

describe('decideVariant', () => {
  const significantPrimary: PrimaryEvidence = {
    direction: 'higher_is_better',
    difference: 0.02,
    interval: { lower: 0.01, upper: 0.03 },
    relativeLift: 0.025,
    controlValue: 0.8,
    adjustedPValue: 0.001,
  };
  const base: DecisionInput = {
    srmPassed: true,
    primary: significantPrimary,
    guardrails: [{ metricKey: 'latencyMs', outcome: 'inconclusive' }],
    alpha: 0.05,
    minimumMeaningfulChange: DEFAULT_MINIMUM_MEANINGFUL_CHANGE,
    sequential: false,
    plannedSampleSizePerVariant: 1000,
    currentSampleSizePerVariant: 1000,
    sampleNeededForMinimumChange: 20000,
  };

  it('names a winner only when every condition holds', () => {
    expect(decideVariant(base).status).toBe('winner');
  });

  it('returns a draw for a significant change below the minimum meaningful change', () => {
    const primary = { ...significantPrimary, difference: 0.002, relativeLift: 0.0025 };
    expect(decideVariant({ ...base, primary }).status).toBe('draw');
  });

  it('returns a draw when the interval sits inside ± the minimum meaningful change', () => {
    const primary = { ...significantPrimary, adjustedPValue: 0.4, difference: 0.0001, interval: { lower: -0.003, upper: 0.003 } };
    expect(decideVariant({ ...base, primary }).status).toBe('draw');
  });

  it('returns inconclusive with the extra sample when nothing is significant', () => {
    const primary = { ...significantPrimary, adjustedPValue: 0.2, interval: { lower: -0.01, upper: 0.05 } };
    expect(decideVariant({ ...base, primary })).toMatchObject({ status: 'inconclusive', sampleStillNeeded: 19000 });
  });

  it('returns loser for a significantly worse primary metric', () => {
    const primary = { ...significantPrimary, difference: -0.02, relativeLift: -0.025, interval: { lower: -0.03, upper: -0.01 } };
    expect(decideVariant({ ...base, primary }).status).toBe('loser');
  });
});
