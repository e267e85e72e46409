import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CustomersRepository } from '../src/customers/customers.repository';
import { ExperimentRecorder } from '../src/experiments/experiment-recorder.service';
import { ExperimentsService } from '../src/experiments/experiments.service';
import { PurchasesRepository } from '../src/purchases/purchases.repository';
import { PurchasesService } from '../src/purchases/purchases.service';
import { CreateOrderDto } from '../src/purchases/dto/create-order.dto';
import { mapWithConcurrency } from '../src/storage/batch';
import { FIXTURE_AS_OF, regularOrders } from './analysis-fixtures';
import { FakeBedrockServer, FakeReplies, FakeReply, RecordedRequest } from './fake-bedrock/fake-bedrock.server';
import { createTestApp, TEST_KEYS, TEST_NOW } from './support/test-app';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
/** Claude 3.5 Sonnet v2 is called through its cross-region inference profile. */
const SONNET_PROFILE = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
/**
 * Analysis calls through the real route, one per distinct customer ("a few thousand"). The suite is
 * bound by the CPU of the one Node process that runs the app and the embedded store: ~45 s of CPU for
 * 2,000 calls, 70–75 s wall on a loaded 2-core machine. EXPERIMENTS_E2E_CALLS overrides.
 */
const CALLS = Number(process.env.EXPERIMENTS_E2E_CALLS ?? 2000);
/** Analysis calls in flight. */
const CONCURRENCY = Number(process.env.EXPERIMENTS_E2E_CONCURRENCY ?? 8);

const OUTPUTS: Record<string, unknown> = {
  record_customer_profile: {
    spendingTier: 'medium',
    purchaseRegularity: 'regular',
    churnRisk: 'low',
    keyProductIds: ['A', 'C'],
    insights: ['Orders every ten days.'],
    summary: 'Regular medium spender.',
  },
  record_consumption_predictions: {
    predictions: [
      { productId: 'A', predictedNextPurchaseDate: '2011-03-05', confidence: 0.9, rationale: 'Bought every 10 days.' },
      { productId: 'B', predictedNextPurchaseDate: '2011-03-14', confidence: 0.65, rationale: 'Bought every 20 days.' },
    ],
    summary: 'A regular buyer of home goods.',
  },
};
const toolOf = (req: RecordedRequest) => req.body.toolConfig?.toolChoice?.tool?.name ?? '';
const INVALID = { spendingTier: 'enormous' };

/** Haiku: fast, cheap, 1 answer in 20 invalid. Sonnet: slower, costlier, 1 answer in 5 invalid. */
function script(invalidEvery: number, latencyMs: number, usage: { inputTokens: number; outputTokens: number }) {
  return (req: RecordedRequest, call: number): FakeReply =>
    FakeReplies.tool(call % invalidEvery === 0 && toolOf(req) === 'record_customer_profile' ? INVALID : OUTPUTS[toolOf(req)], {
      usage: { inputTokens: usage.inputTokens + (call % 50) * 4, outputTokens: usage.outputTokens + (call % 37) * 3 },
      latencyMs,
    });
}

interface Comparison {
  variantKey: string;
  status: string;
  absoluteEffect: { estimate: number } | null;
  significant: boolean;
}
interface MetricResult {
  key: string;
  arms: Array<{ variantKey: string; n: number; mean?: number; proportion?: number; p50?: number; p95?: number }>;
  comparisons: Comparison[];
}

describe('experiments: routing analysis calls and reading results (e2e, fake Bedrock)', () => {
  const fake = new FakeBedrockServer();
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const analyst = { 'x-api-key': TEST_KEYS.analyst };
  const metricOf = (body: { metrics: MetricResult[] }, key: string) => body.metrics.find((m) => m.key === key) as MetricResult;

  beforeAll(async () => {
    await fake.start();
    fake.always(HAIKU, script(20, 5, { inputTokens: 1000, outputTokens: 200 }));
    fake.always(SONNET_PROFILE, script(5, 120, { inputTokens: 1100, outputTokens: 350 }));
    app = await createTestApp({
      env: {
        LLM_PROVIDER: 'bedrock',
        BEDROCK_ENDPOINT: fake.url,
        LLM_RETRY_BASE_MS: '1',
        LLM_RETRY_MAX_MS: '5',
        LLM_TIMEOUT_MS: '2000',
        LLM_MAX_ATTEMPTS: '2',
        METRICS_SINK: 'memory',
      },
    });
    const ids = Array.from({ length: CALLS }, (_, i) => `x${String(i).padStart(5, '0')}`);
    const now = TEST_NOW.toISOString();
    await app.get(CustomersRepository).createMany(ids.map((id) => ({ id, createdAt: now, updatedAt: now, version: 1 })));
    const purchases = app.get(PurchasesService);
    const orders = ids.flatMap((id) => regularOrders().map((o) => purchases.toOrder(id, o as unknown as CreateOrderDto, 'import')));
    await app.get(PurchasesRepository).createMany(orders);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  it(`routes ${CALLS} analysis calls 50/50 and the results show the right direction on every metric`, async () => {
    await http()
      .post('/v1/ab-tests')
      .set(analyst)
      .send({
        key: 'profile-haiku-sonnet',
        name: 'Haiku vs Sonnet on profiles',
        analysisTypes: ['customer_profile'],
        variants: [
          { key: 'haiku', modelId: HAIKU },
          { key: 'sonnet', modelId: SONNET },
        ],
        guardrails: [
          { metric: 'latencyMs', margin: { type: 'relative', value: 0.2 } },
          { metric: 'costUsd', margin: { type: 'relative', value: 0.5 } },
        ],
      })
      .expect(201);
    await http().post('/v1/ab-tests/profile-haiku-sonnet/start').set(analyst).expect(200);

    const served = await mapWithConcurrency(Array.from({ length: CALLS }, (_, i) => i), CONCURRENCY, async (i) => {
      const id = `x${String(i).padStart(5, '0')}`;
      const res = await http().get(`/v1/customers/${id}/customer-profile-analysis?asOf=${FIXTURE_AS_OF}`).set('x-api-key', TEST_KEYS.read);
      return { status: res.status, ...(res.body as { analysisId: string; experiment: { key: string; variant: string } | null; modelId: string }) };
    });
    expect(served.filter((b) => b.status !== 200)).toEqual([]);
    for (const body of served) {
      expect(body.experiment?.key).toBe('profile-haiku-sonnet');
      expect(body.modelId).toBe(body.experiment?.variant === 'haiku' ? HAIKU : SONNET);
    }
    expect(fake.requestsFor(HAIKU).length + fake.requestsFor(SONNET_PROFILE).length).toBe(CALLS);
    const again = await http().get(`/v1/customers/x00007/customer-profile-analysis?asOf=${FIXTURE_AS_OF}`).set('x-api-key', TEST_KEYS.read);
    expect(again.body.experiment).toEqual(served[7]?.experiment);

    const results = await http().get('/v1/ab-tests/profile-haiku-sonnet/results').set(analyst).expect(200);
    const body = results.body as { metrics: MetricResult[]; sampleRatioMismatch: { status: string }; variants: Array<{ key: string; units: number; decision: { status: string; reasons: string[] } }>; decision: { status: string } };
    expect(body.sampleRatioMismatch.status).toBe('passed');
    const units = body.variants.map((v) => v.units);
    expect(units[0] + units[1]).toBe(CALLS + 0);
    expect(Math.abs(units[0] - CALLS / 2)).toBeLessThan(120);

    const effect = (key: string) => metricOf(body, key).comparisons[0] as Comparison;
    for (const key of ['latencyMs', 'costUsd', 'inputTokens', 'outputTokens', 'fallbackRate']) {
      expect({ key, up: (effect(key).absoluteEffect?.estimate ?? 0) > 0, significant: effect(key).significant }).toEqual({ key, up: true, significant: true });
    }
    expect((effect('validOutputRate').absoluteEffect?.estimate ?? 0) < 0).toBe(true);
    expect(effect('validOutputRate').significant).toBe(true);
    expect(effect('successRate').status).toBe('not_computable');
    const valid = metricOf(body, 'validOutputRate').arms;
    expect(valid[0]?.proportion).toBeCloseTo(0.95, 1);
    expect(valid[1]?.proportion).toBeCloseTo(0.8, 1);
    const latency = metricOf(body, 'latencyMs').arms;
    expect(latency[1]?.p50 ?? 0).toBeGreaterThan(latency[0]?.p50 ?? 0);
    expect((latency[1]?.p50 ?? 0) - (latency[0]?.p50 ?? 0)).toBeGreaterThan(60);
    expect(latency[1]?.p95 ?? 0).toBeGreaterThanOrEqual(latency[1]?.p50 ?? 0);
    expect(metricOf(body, 'costUsd').arms[1]?.mean).toBeCloseTo((1198 * 3 + 404 * 15) / 1e6, 4);

    expect(body.variants[1]?.decision.status).toBe('loser');
    expect(body.variants[1]?.decision.reasons[0]).toMatch(/guardrail worse beyond its margin: latencyMs, costUsd/);
    expect(body.decision.status).toBe('no_winner');

    const status = await http().get('/v1/ab-tests/profile-haiku-sonnet/status').set(analyst).expect(200);
    expect(status.body).toMatchObject({ sampleRatioMismatch: { status: 'passed' }, decision: { status: 'no_winner' } });
    expect(status.body.variants.map((v: { units: number }) => v.units)).toEqual(units);

    const analysisId = served[0]?.analysisId as string;
    const feedback = await http().post('/v1/ab-tests/profile-haiku-sonnet/feedback').set(analyst).send({ analysisId, rating: 4, thumbs: 'up' });
    expect(feedback.status).toBe(200);
    expect(feedback.body).toEqual({ rating: 'recorded', thumbs: 'recorded', variantKey: served[0]?.experiment?.variant });
    const repeat = await http().post('/v1/ab-tests/profile-haiku-sonnet/feedback').set(analyst).send({ analysisId, rating: 1 });
    expect(repeat.body.rating).toBe('duplicate');
    const after = await http().get('/v1/ab-tests/profile-haiku-sonnet/results').set(analyst).expect(200);
    const ratings = metricOf(after.body, 'rating').arms;
    expect(ratings.reduce((s, a) => s + a.n, 0)).toBe(1);
    expect(ratings.find((a) => a.n === 1)?.mean).toBe(4);

    await http().post('/v1/ab-tests/profile-haiku-sonnet/stop').set(analyst).expect(200);
    const outside = await http().get(`/v1/customers/x00001/customer-profile-analysis?asOf=2011-03-11`).set('x-api-key', TEST_KEYS.read).expect(200);
    expect(outside.body.experiment).toBeNull();
    expect(outside.body.modelId).toBe(HAIKU);
  }, 150_000);

  it('records outcome accuracy when a customer with a served prediction places a new order', async () => {
    await http()
      .post('/v1/ab-tests')
      .set(analyst)
      .send({ key: 'consumption-accuracy', name: 'accuracy', analysisTypes: ['consumption_prediction'], variants: [{ key: 'a', modelId: HAIKU }, { key: 'b', modelId: SONNET }] })
      .expect(201);
    await http().post('/v1/ab-tests/consumption-accuracy/start').set(analyst).expect(200);
    const ids = ['x00010', 'x00011', 'x00012', 'x00013', 'x00014', 'x00015'];
    for (const id of ids) {
      const res = await http().get(`/v1/customers/${id}/consumption-predictions?asOf=${FIXTURE_AS_OF}`).set('x-api-key', TEST_KEYS.read).expect(200);
      expect(res.body.experiment.key).toBe('consumption-accuracy');
    }
    const order = { orderId: 'next-1', purchasedAt: '2011-03-08T00:00:00Z', lines: [{ productId: 'A', quantity: 1, unitPrice: 2.55 }] };
    for (const id of ids) {
      await http().post(`/v1/customers/${id}/purchases`).set('x-api-key', TEST_KEYS.write).send(order).expect(201);
      await http().post(`/v1/customers/${id}/purchases`).set('x-api-key', TEST_KEYS.write).send(order).expect(200);
    }
    const results = await http().get('/v1/ab-tests/consumption-accuracy/results').set(analyst).expect(200);
    const arms = metricOf(results.body, 'outcomeErrorDays').arms;
    expect(arms.reduce((s, a) => s + a.n, 0)).toBe(ids.length);
    for (const arm of arms.filter((a) => a.n > 0)) expect(arm.mean).toBeCloseTo(3, 9);
    await http().post('/v1/ab-tests/consumption-accuracy/stop').set(analyst).expect(200);
  }, 30_000);

  it('flags a deliberately skewed exposure log as invalid_srm with no winner', async () => {
    await http()
      .post('/v1/ab-tests')
      .set(analyst)
      .send({ key: 'skewed', name: 'skewed', analysisTypes: ['recommendations'], variants: [{ key: 'control', modelId: HAIKU }, { key: 'treatment', modelId: SONNET }] })
      .expect(201);
    const recorder = app.get(ExperimentRecorder);
    const skewed = await app.get(ExperimentsService).get('skewed');
    const exposures = Array.from({ length: 1000 }, (_, i) => ({ i, variantKey: i < 700 ? 'control' : 'treatment' }));
    await mapWithConcurrency(exposures, 32, ({ i, variantKey }) =>
      recorder.recordExposure(skewed, {
        analysisId: `skew-${i}`,
        customerId: `skew-customer-${i}`,
        analysisType: 'recommendations',
        variantKey,
        unitId: `skew-customer-${i}`,
        source: 'bedrock',
        reason: null,
        cached: false,
        latencyMs: variantKey === 'control' ? 100 + (i % 7) : 50 + (i % 5),
        inputTokens: 1000,
        outputTokens: 200,
        costUsd: 0.0005,
      }),
    );
    expect(await recorder.recordExposure(skewed, { analysisId: 'skew-1', customerId: 'skew-customer-1', analysisType: 'recommendations', variantKey: 'control', unitId: 'skew-customer-1', source: 'bedrock', reason: null, cached: false, latencyMs: 1, inputTokens: 1, outputTokens: 1, costUsd: 0 })).toBe('duplicate');
    const results = await http().get('/v1/ab-tests/skewed/results').set(analyst).expect(200);
    expect(results.body.sampleRatioMismatch).toMatchObject({ status: 'failed', observedUnits: [700, 300] });
    expect(results.body.sampleRatioMismatch.pValue).toBeLessThan(1e-30);
    expect(results.body.variants[1].decision.status).toBe('invalid_srm');
    expect(results.body.decision).toMatchObject({ status: 'invalid_srm', winnerVariantKey: null });
    expect(metricOf(results.body, 'latencyMs').arms.map((a) => a.n)).toEqual([700, 300]);
  }, 60_000);
});
