import { performance } from 'node:perf_hooks';

import { writeBenchmark } from './bench-output';
import {
  analyzeExperiment,
  isNotComputable,
  sampleSizeForMeans,
  sequentialTest,
  twoProportionZTest,
  welchTTest,
} from '../src/experiments/stats';
import type {
  ExperimentAnalysisInput,
  MeanSufficientStatistics,
  MetricDefinition,
  VariantAggregates,
} from '../src/experiments/stats';

const SEED = 20240601;
const ALPHA = 0.05;

/**
 * mulberry32 (Tommy Ettinger, 2017, public domain): 32-bit state, period 2³², passes PractRand to
 * 32 GB — plenty for a few hundred million draws. Returns uniforms in [0, 1).
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal variates by the Box–Muller transform (Box & Muller 1958), both outputs used. */
function normalSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u1 = 1 - uniform();
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
}

/** Running sufficient statistics of one arm. */
class ArmAccumulator {
  n = 0;
  sum = 0;
  sumOfSquares = 0;
  successes = 0;

  add(value: number, success: boolean): void {
    this.n += 1;
    this.sum += value;
    this.sumOfSquares += value * value;
    if (success) this.successes += 1;
  }

  meanStats(): MeanSufficientStatistics {
    return { n: this.n, sum: this.sum, sumOfSquares: this.sumOfSquares };
  }
}

/** Latency in ms, log-normal with median e^7 ≈ 1097 ms and log-SD 0.3 (right-skewed like real LLM latency). */
const LOG_MEAN = 7;
const LOG_SD = 0.3;

function wilsonHalfWidth(rate: number, n: number): number {
  return 1.96 * Math.sqrt((rate * (1 - rate)) / n);
}

interface RateSummary {
  readonly experiments: number;
  readonly rejections: number;
  readonly rate: number;
  readonly standardError: number;
}

function summarizeRate(rejections: number, experiments: number): RateSummary {
  const rate = rejections / experiments;
  return { experiments, rejections, rate, standardError: Math.sqrt((rate * (1 - rate)) / experiments) };
}

/** Fixed-horizon A/A: every unit is randomized 50/50, one test at the end. */
function fixedHorizonAA(experiments: number, unitsPerExperiment: number): Record<string, unknown> {
  const uniform = mulberry32(SEED);
  const normal = normalSource(uniform);
  let welchRejections = 0;
  let proportionRejections = 0;
  let notComputable = 0;
  for (let e = 0; e < experiments; e++) {
    const arms = [new ArmAccumulator(), new ArmAccumulator()];
    for (let u = 0; u < unitsPerExperiment; u++) {
      const arm = arms[uniform() < 0.5 ? 0 : 1];
      arm?.add(Math.exp(LOG_MEAN + LOG_SD * normal()), uniform() < 0.9);
    }
    const [control, variant] = arms as [ArmAccumulator, ArmAccumulator];
    const welch = welchTTest(control.meanStats(), variant.meanStats(), ALPHA);
    const proportion = twoProportionZTest(
      { n: control.n, successes: control.successes },
      { n: variant.n, successes: variant.successes },
      ALPHA,
    );
    if (isNotComputable(welch) || isNotComputable(proportion)) {
      notComputable += 1;
      continue;
    }
    if (welch.pValue < ALPHA) welchRejections += 1;
    if (proportion.pValue < ALPHA) proportionRejections += 1;
  }
  const latency = summarizeRate(welchRejections, experiments);
  return {
    unitsPerExperiment,
    latencyWelch: latency,
    successRateZTest: summarizeRate(proportionRejections, experiments),
    notComputable,
    requirement: 'latency Welch false-positive rate within 5 % ± 1 %',
    pass: Math.abs(latency.rate - ALPHA) <= 0.01,
  };
}

/** Sequential A/A with a look every `lookEvery` units; a rejection at any look counts once. */
function sequentialAA(experiments: number, maxUnits: number, lookEvery: number): Record<string, unknown> {
  const uniform = mulberry32(SEED + 1);
  const normal = normalSource(uniform);
  let sequentialRejections = 0;
  let naivePeekingRejections = 0;
  const tuningN = maxUnits;
  for (let e = 0; e < experiments; e++) {
    const arms = [new ArmAccumulator(), new ArmAccumulator()];
    let rejectedSequential = false;
    let rejectedNaive = false;
    for (let u = 1; u <= maxUnits; u++) {
      arms[uniform() < 0.5 ? 0 : 1]?.add(Math.exp(LOG_MEAN + LOG_SD * normal()), false);
      if (u % lookEvery !== 0) continue;
      const [control, variant] = arms as [ArmAccumulator, ArmAccumulator];
      const welch = welchTTest(control.meanStats(), variant.meanStats(), ALPHA);
      if (isNotComputable(welch)) continue;
      if (welch.pValue < ALPHA) rejectedNaive = true;
      const look = sequentialTest(welch.difference, welch.standardError, control.n + variant.n, {
        alpha: ALPHA,
        tuningN,
      });
      if (look.pValue < ALPHA) rejectedSequential = true;
    }
    if (rejectedSequential) sequentialRejections += 1;
    if (rejectedNaive) naivePeekingRejections += 1;
  }
  const sequential = summarizeRate(sequentialRejections, experiments);
  return {
    maxUnits,
    lookEveryUnits: lookEvery,
    looks: maxUnits / lookEvery,
    tuningN,
    confidenceSequence: sequential,
    naivePeekingFixedHorizonTest: summarizeRate(naivePeekingRejections, experiments),
    requirement: 'false-positive rate with peeking ≤ 5 %',
    pass: sequential.rate <= ALPHA,
  };
}

/** A/B power check: latency 10 % lower in the variant, sample size from the planner. */
function powerCheck(experiments: number): Record<string, unknown> {
  const uniform = mulberry32(SEED + 2);
  const normal = normalSource(uniform);
  const controlMean = Math.exp(LOG_MEAN + (LOG_SD * LOG_SD) / 2);
  const controlSd = controlMean * Math.sqrt(Math.exp(LOG_SD * LOG_SD) - 1);
  const plan = sampleSizeForMeans({
    baselineMean: controlMean,
    standardDeviation: controlSd,
    variantStandardDeviation: 0.9 * controlSd,
    minimumDetectableEffect: { type: 'relative', value: 0.1 },
    alpha: ALPHA,
    power: 0.8,
  });
  if (isNotComputable(plan)) throw new Error(plan.reason);
  const n = plan.perVariant;
  const logShift = Math.log(0.9);
  let detected = 0;
  for (let e = 0; e < experiments; e++) {
    const control = new ArmAccumulator();
    const variant = new ArmAccumulator();
    for (let u = 0; u < n; u++) {
      control.add(Math.exp(LOG_MEAN + LOG_SD * normal()), false);
      variant.add(Math.exp(LOG_MEAN + logShift + LOG_SD * normal()), false);
    }
    const welch = welchTTest(control.meanStats(), variant.meanStats(), ALPHA);
    if (!isNotComputable(welch) && welch.pValue < ALPHA && welch.difference < 0) detected += 1;
  }
  const power = summarizeRate(detected, experiments);
  return {
    trueEffect: 'latency −10 % (log-normal, log-SD 0.3)',
    controlMeanMs: controlMean,
    controlSdMs: controlSd,
    plannedUnitsPerVariant: n,
    plannedPower: 0.8,
    observedPower: power,
    requirement: 'about 80 %',
    pass: Math.abs(power.rate - 0.8) <= 0.03,
  };
}

function meanAggregate(n: number, mean: number, sd: number): MeanSufficientStatistics {
  return { n, sum: n * mean, sumOfSquares: (n - 1) * sd * sd + n * mean * mean };
}

/** Aggregates of an experiment with 1,000,000 recorded exposures over 3 variants and 6 metrics. */
function millionExposureExperiment(sequential: boolean): ExperimentAnalysisInput {
  const metrics: MetricDefinition[] = [
    { key: 'validOutput', kind: 'proportion', direction: 'higher_is_better', role: 'primary' },
    { key: 'inputTokens', kind: 'mean', direction: 'lower_is_better', role: 'secondary' },
    { key: 'outputTokens', kind: 'mean', direction: 'lower_is_better', role: 'secondary' },
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
    {
      key: 'success',
      kind: 'proportion',
      direction: 'higher_is_better',
      role: 'guardrail',
      nonInferiorityMargin: { type: 'absolute', value: 0.005 },
    },
  ];
  const exposures = [333_400, 333_300, 333_300];
  const variants = exposures.map(
    (n, i): VariantAggregates => ({
      key: `variant-${i}`,
      weight: 1 / 3,
      exposures: n,
      metrics: {
        validOutput: { kind: 'proportion', stats: { n, successes: Math.round(n * (0.9 + 0.002 * i)) } },
        inputTokens: { kind: 'mean', raw: meanAggregate(n, 1800 + i, 400) },
        outputTokens: { kind: 'mean', raw: meanAggregate(n, 450 - i, 120) },
        latencyMs: {
          kind: 'mean',
          raw: meanAggregate(n, 1200 + 5 * i, 600),
          winsorized: meanAggregate(n, 1150 + 5 * i, 350),
        },
        costUsd: { kind: 'mean', raw: meanAggregate(n, 0.004 + 0.0001 * i, 0.0015) },
        success: { kind: 'proportion', stats: { n, successes: Math.round(n * 0.985) } },
      },
    }),
  );
  return { variants, metrics, settings: { sequential, plannedSampleSizePerVariant: 300_000 } };
}

function timeAnalysis(sequential: boolean, iterations: number): Record<string, unknown> {
  const input = millionExposureExperiment(sequential);
  for (let i = 0; i < 50; i++) analyzeExperiment(input);
  const samples: number[] = [];
  let decision = '';
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const analysis = analyzeExperiment(input);
    samples.push(performance.now() - started);
    decision = analysis.variants.map((v) => v.decision.status).join(',');
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return {
    exposures: 1_000_000,
    variants: 3,
    metrics: 6,
    sequential,
    iterations,
    medianMs: at(0.5),
    p99Ms: at(0.99),
    maxMs: at(1),
    decisions: decision,
    requirement: 'far below 50 ms',
    pass: at(0.5) < 5 && at(0.99) < 50,
  };
}

/** A/A false-positive rates, sequential peeking, power and results compute time; see docs/benchmarks/ab-simulation.json. */
export async function run(): Promise<void> {
  const started = performance.now();
  const fixedHorizon = fixedHorizonAA(10_000, 1_000);
  const sequential = sequentialAA(4_000, 4_000, 100);
  const power = powerCheck(4_000);
  const computeTime = {
    fixedHorizon: timeAnalysis(false, 2_000),
    sequential: timeAnalysis(true, 2_000),
  };
  const fixedRate = (fixedHorizon.latencyWelch as RateSummary).rate;
  writeBenchmark('ab-simulation', {
    seed: SEED,
    prng: 'mulberry32 + Box–Muller',
    alpha: ALPHA,
    fixedHorizon: {
      ...fixedHorizon,
      approximate95PercentBand: [fixedRate - wilsonHalfWidth(fixedRate, 10_000), fixedRate + wilsonHalfWidth(fixedRate, 10_000)],
    },
    sequential,
    power,
    computeTime,
    totalSeconds: (performance.now() - started) / 1000,
  });
}
