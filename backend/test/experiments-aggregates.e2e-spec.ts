import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ExperimentsRecomputeCommand } from '../src/experiments/cli/experiments.command';
import { Experiment } from '../src/experiments/domain/experiment';
import { addCounters, AGGREGATE_SHARDS, Counters, exposureIncrement } from '../src/experiments/domain/experiment-aggregates';
import { buildExperimentResults } from '../src/experiments/domain/experiment-results';
import { ExperimentAggregatesRecompute } from '../src/experiments/experiment-aggregates-recompute.service';
import { ExperimentRecorder, ExposureReport, shardOf } from '../src/experiments/experiment-recorder.service';
import { exposureObservationOf } from '../src/experiments/domain/exposure-outcome';
import { ExperimentsRepository } from '../src/experiments/experiments.repository';
import { ExperimentsService } from '../src/experiments/experiments.service';
import { winsorize } from '../src/experiments/stats';
import { mapWithConcurrency } from '../src/storage/batch';
import { createTestApp, TEST_KEYS, TEST_NOW } from './support/test-app';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

interface MetricBody {
  key: string;
  arms: Array<{ n: number; mean?: number; winsorizedMean?: number; cappedObservations?: number }>;
  comparisons: Array<{ basis: string; raw: { absoluteEffect: { estimate: number } } | null; absoluteEffect: { estimate: number } | null }>;
  winsorization?: { status: string; cap?: number; cappedObservations?: number[]; percentile: number };
}

/** Integer latencies and tokens, dyadic costs: every sum is exact in binary floating point, in any order. */
function report(i: number, variantKey: string, overrides: Partial<ExposureReport> = {}): ExposureReport {
  return {
    analysisId: `agg-${i}`,
    customerId: `agg-customer-${i}`,
    analysisType: 'customer_profile',
    variantKey,
    unitId: `agg-customer-${i}`,
    source: i % 9 === 0 ? 'rules' : 'bedrock',
    reason: i % 9 === 0 ? 'invalid_output' : null,
    cached: false,
    latencyMs: (variantKey === 'control' ? 100 : 140) + (i % 37),
    inputTokens: 1000 + (i % 13),
    outputTokens: 200 + (i % 7),
    costUsd: (1 + (i % 5)) / 1024,
    ...overrides,
  };
}

describe('experiments: aggregate recompute and winsorization (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const analyst = { 'x-api-key': TEST_KEYS.analyst };
  const metricOf = (body: { metrics: MetricBody[] }, key: string) => body.metrics.find((m) => m.key === key) as MetricBody;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const create = async (key: string, extra: Record<string, unknown> = {}) => {
    await http()
      .post('/v1/ab-tests')
      .set(analyst)
      .send({ key, name: key, analysisTypes: ['customer_profile'], variants: [{ key: 'control', modelId: HAIKU }, { key: 'treatment', modelId: SONNET }], ...extra })
      .expect(201);
    await http().post(`/v1/ab-tests/${key}/start`).set(analyst).expect(200);
    return app.get(ExperimentsService).get(key);
  };

  it('rebuilds corrupted and incomplete aggregates exactly from the raw events, as a new generation, retry-safe', async () => {
    const key = 'recompute-a';
    const experiment = await create(key, { winsorization: { enabled: true } });
    const recorder = app.get(ExperimentRecorder);
    const repository = app.get(ExperimentsRepository);
    await mapWithConcurrency(Array.from({ length: 400 }, (_, i) => i), 16, (i) => recorder.recordExposure(experiment, report(i, i % 2 ? 'treatment' : 'control')));
    // retried exposure, a cached answer to a known unit, cached answers to new units
    expect(await recorder.recordExposure(experiment, report(3, 'treatment'))).toBe('duplicate');
    expect(await recorder.recordExposure(experiment, report(4, 'control', { cached: true, analysisId: 'agg-4-again' }))).toBe('duplicate');
    for (const i of [1000, 1001, 1002]) {
      expect(await recorder.recordExposure(experiment, report(i, i % 2 ? 'treatment' : 'control', { cached: true, latencyMs: 2, inputTokens: 0, outputTokens: 0, costUsd: 0 }))).toBe('recorded');
    }
    for (const i of [0, 1, 2, 5, 8]) {
      await http().post(`/v1/ab-tests/${key}/feedback`).set(analyst).send({ analysisId: `agg-${i}`, rating: 1 + (i % 5), thumbs: i % 2 ? 'up' : 'down' }).expect(200);
    }
    expect(await recorder.recordOutcomeError('agg-6', 2.5, 'order-1')).toBe('recorded');
    const clean = await repository.readAggregates(key, 0);
    expect(clean.get('control')?.units).toBe(200 + 2);
    expect(clean.get('control')?.requests).toBe(200 + 2);

    // Corruption: one shard item overwritten with garbage, and a crash between the event write and its ADD.
    await repository.putAggregate({ experimentKey: key, generation: 0, variantKey: 'control', shard: 3 }, { units: 99_999, latencyMs_s: -5 });
    const lost = report(500, 'treatment', { latencyMs: 10_000 });
    const lostShard = shardOf('agg-500#exposure');
    const observation = exposureObservationOf(lost);
    await repository.markUnitExposed(
      { experimentKey: key, unitId: lost.unitId, variantKey: 'treatment', firstExposedAt: TEST_NOW.toISOString(), viaCache: false, expiresAt: 2e9 },
      lostShard,
    );
    await repository.putEventIfAbsent(
      { analysisId: lost.analysisId, kind: 'exposure', experimentKey: key, variantKey: 'treatment', customerId: lost.customerId, analysisType: 'customer_profile', occurredAt: TEST_NOW.toISOString(), payload: { ...observation }, expiresAt: 2e9 },
      lostShard,
    );
    const expected = new Map<string, Counters>([...clean].map(([k, c]) => [k, { ...c }]));
    const treatment = { ...(expected.get('treatment') ?? {}) };
    addCounters(treatment, exposureIncrement(observation, true, { winsorization: true }));
    expected.set('treatment', treatment);
    const corrupted = await http().get(`/v1/ab-tests/${key}/results`).set(analyst).expect(200);
    expect(corrupted.body.variants[0].units).toBeGreaterThan(90_000);

    const running = await http().post(`/v1/ab-tests/${key}/recompute`).set(analyst);
    expect([running.status, running.body.code]).toEqual([409, 'EXPERIMENT.RECOMPUTE_WHILE_RUNNING']);
    await http().post(`/v1/ab-tests/${key}/stop`).set(analyst).expect(200);

    const recomputed = await http().post(`/v1/ab-tests/${key}/recompute`).set(analyst);
    expect(recomputed.status).toBe(200);
    expect(recomputed.body).toMatchObject({ experimentKey: key, generation: 1, previousGeneration: 0, recordsSkipped: 0, computedAt: TEST_NOW.toISOString() });
    expect(recomputed.body.variants).toEqual([
      expect.objectContaining({ key: 'control', units: 202, requests: 202, modelCalls: 200, ratings: 3, thumbs: 3, previous: expect.objectContaining({ units: expect.any(Number) }) }),
      expect.objectContaining({ key: 'treatment', units: 202, requests: 202, modelCalls: 201, ratings: 2, thumbs: 2, outcomes: 0 }),
    ]);
    expect(recomputed.body.variants[0].outcomes).toBe(1);
    expect(recomputed.body.variants[0].previous.units).toBeGreaterThan(90_000);
    expect(await repository.readAggregates(key, 1)).toEqual(expected);
    expect((await repository.readAggregates(key, 0)).size).toBe(0);

    const stopped = await app.get(ExperimentsService).get(key);
    expect(stopped.aggregateGeneration).toBe(1);
    const results = await http().get(`/v1/ab-tests/${key}/results`).set(analyst).expect(200);
    expect(results.body).toEqual(JSON.parse(JSON.stringify(buildExperimentResults(stopped, expected, TEST_NOW))));

    // Feedback after the switch lands in the current generation.
    await http().post(`/v1/ab-tests/${key}/feedback`).set(analyst).send({ analysisId: 'agg-10', rating: 5 }).expect(200);
    const control = { ...(expected.get('control') ?? {}) };
    addCounters(control, { rating_n: 1, rating_s: 5, rating_ss: 25 });
    expected.set('control', control);
    expect(await repository.readAggregates(key, 1)).toEqual(expected);

    // An interrupted attempt left garbage in generation 2; the rerun overwrites it and converges.
    await repository.putAggregate({ experimentKey: key, generation: 2, variantKey: 'control', shard: 7 }, { units: 5, rating_n: 3 });
    const rerun = await http().post(`/v1/ab-tests/${key}/recompute`).set(analyst).expect(200);
    expect(rerun.body.generation).toBe(2);
    expect(await repository.readAggregates(key, 2)).toEqual(expected);

    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await new ExperimentsRecomputeCommand(app.get(ExperimentAggregatesRecompute)).run([key]);
    } finally {
      write.mockRestore();
    }
    expect(lines.join('')).toMatch(/recompute-a: aggregates recomputed, generation 2 -> 3/);
    expect(lines.join('')).toMatch(/control: units 202 \(was 202\)/);
    expect(await repository.readAggregates(key, 3)).toEqual(expected);
    expect(AGGREGATE_SHARDS).toBe(8);
  }, 60_000);

  it('winsorizes continuous metrics at the pooled 99.9th percentile when configured, and always shows raw', async () => {
    const key = 'winsor-a';
    const experiment: Experiment = await create(key, { winsorization: { enabled: true, percentile: 0.999 }, analysisTypes: ['recommendations'] });
    const recorder = app.get(ExperimentRecorder);
    const latencies = (variant: number) => Array.from({ length: 500 }, (_, i) => (variant === 1 && i === 250 ? 400_000 : 100 + (i % 50)));
    const values = [latencies(0), latencies(1)];
    await mapWithConcurrency(Array.from({ length: 1000 }, (_, i) => i), 16, (i) => {
      const variant = i % 2;
      return recorder.recordExposure(experiment, report(10_000 + i, variant ? 'treatment' : 'control', { latencyMs: values[variant]?.[i >> 1] as number, analysisType: 'recommendations', source: 'bedrock', reason: null }));
    });
    const body = (await http().get(`/v1/ab-tests/${key}/results`).set(analyst).expect(200)).body as { metrics: MetricBody[]; settings: { winsorization: unknown } };
    expect(body.settings.winsorization).toMatchObject({ enabled: true, percentile: 0.999, metrics: ['latencyMs', 'inputTokens', 'outputTokens', 'costUsd'] });
    const latency = metricOf(body, 'latencyMs');
    const cap = 10 ** 2.2;
    expect(latency.winsorization).toMatchObject({ status: 'applied', percentile: 0.999, cappedObservations: [0, 1] });
    expect(latency.winsorization?.cap).toBeCloseTo(cap, 9);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const capped = (values[1] as number[]).map((v) => winsorize(v, { upper: latency.winsorization?.cap as number }));
    expect(latency.arms[1]?.mean).toBeCloseTo(mean(values[1] as number[]), 9);
    expect(latency.arms[1]?.winsorizedMean).toBeCloseTo(mean(capped), 9);
    expect(latency.arms[1]?.cappedObservations).toBe(1);
    expect(latency.arms[0]?.winsorizedMean).toBeCloseTo(mean(values[0] as number[]), 9);
    const comparison = latency.comparisons[0];
    expect(comparison?.basis).toBe('winsorized');
    expect(comparison?.absoluteEffect?.estimate).toBeCloseTo(mean(capped) - mean(values[0] as number[]), 9);
    expect(comparison?.raw?.absoluteEffect.estimate).toBeCloseTo(mean(values[1] as number[]) - mean(values[0] as number[]), 9);
    expect(metricOf(body, 'costUsd').winsorization?.status).toBe('applied');
    expect(metricOf(body, 'validOutputRate').winsorization).toBeUndefined();

    await http().post(`/v1/ab-tests/${key}/stop`).set(analyst).expect(200);
    await http().post(`/v1/ab-tests/${key}/recompute`).set(analyst).expect(200);
    const after = (await http().get(`/v1/ab-tests/${key}/results`).set(analyst).expect(200)).body as { metrics: MetricBody[] };
    expect(metricOf(after, 'latencyMs')).toEqual(latency);

    const plain = await create('winsor-off', { analysisTypes: ['consumption_prediction'] });
    await recorder.recordExposure(plain, report(90_000, 'control', { analysisType: 'consumption_prediction' }));
    const off = (await http().get('/v1/ab-tests/winsor-off/results').set(analyst).expect(200)).body as { metrics: MetricBody[]; settings: { winsorization: unknown } };
    expect(off.settings.winsorization).toMatchObject({ enabled: false, metrics: [] });
    expect(metricOf(off, 'latencyMs').winsorization).toBeUndefined();
    expect(metricOf(off, 'latencyMs').comparisons[0]).toMatchObject({ basis: 'raw', raw: null });
  }, 60_000);
});
