import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { METRICS } from '../src/metrics/metric-names';
import { InMemoryMetricsRecorder } from '../src/metrics/in-memory-metrics.recorder';
import { Clock } from '../src/common/clock';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { FIXTURE_AS_OF, regularOrders } from './analysis-fixtures';
import { createTestApp, TEST_KEYS } from './support/test-app';

const AS_OF = FIXTURE_AS_OF;

/** A clock the suite moves forward, so history items have distinct times. */
class SteppingClock extends Clock {
  private ms = Date.parse('2012-01-01T00:00:00Z');
  now(): Date {
    this.ms += 1000;
    return new Date(this.ms);
  }
}

describe('AI analysis without a model provider (rules, default env)', () => {
  let app: INestApplication;
  let metrics: InMemoryMetricsRecorder;
  const http = () => request(app.getHttpServer());
  const get = (path: string, key: string = TEST_KEYS.read) => http().get(path).set('x-api-key', key);

  beforeAll(async () => {
    for (const name of ['LLM_PROVIDER', 'BEDROCK_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE']) delete process.env[name];
    app = await createTestApp({ env: { METRICS_SINK: 'memory' }, override: (b) => b.overrideProvider(Clock).useValue(new SteppingClock()) });
    metrics = app.get(MetricsRecorder);
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'reg' }).expect(201);
    await http().post('/v1/customers/reg/purchases/import').set('x-api-key', TEST_KEYS.write).send({ orders: regularOrders() }).expect(200);
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'empty' }).expect(201);
  });
  afterAll(async () => {
    await app.close();
  });

  const expectRulesMeta = (body: Record<string, unknown>) =>
    expect(body).toMatchObject({ source: 'rules', reason: 'llm_not_configured', modelId: null, inputTokens: 0, outputTokens: 0, costUsd: 0, experiment: null });

  it('predicts the next purchase of each regular product from its intervals', async () => {
    const res = await get(`/v1/customers/reg/consumption-predictions?asOf=${AS_OF}`).expect(200);
    expectRulesMeta(res.body);
    expect(res.body).toMatchObject({ analysisType: 'consumption_prediction', asOf: '2011-03-10T00:00:00.000Z', cached: false, promptId: 'analysis.consumption_prediction', promptVersion: '1' });
    expect(typeof res.body.latencyMs).toBe('number');
    const ids = (res.body.predictions as Array<{ productId: string }>).map((p) => p.productId);
    expect(ids).toEqual(['A', 'C', 'B']);
    const a = res.body.predictions[0];
    expect(a).toMatchObject({ description: 'WHITE HANGING HEART T-LIGHT HOLDER', category: 'home', purchaseDays: 6, meanIntervalDays: 10, intervalCv: 0 });
    // 5 intervals of 10 days, prior = customer estimate (10 days) -> exactly 10 days after 2011-02-22
    expect(a.predictedNextPurchaseAt).toBe('2011-03-04T10:00:00.000Z');
    expect(a.confidence).toBeCloseTo(5 / 6, 3);
    expect(a.dueInDays).toBeCloseTo(-5.6, 1);
    expect(res.body.nextOrder).toMatchObject({ expectedIntervalDays: 10, predictedNextPurchaseAt: '2011-03-04T10:00:00.000Z' });
  });

  it('serves the second call from the cache', async () => {
    const res = await get(`/v1/customers/reg/consumption-predictions?asOf=${AS_OF}`).expect(200);
    expect(res.body.cached).toBe(true);
    expect(metrics.values(METRICS.cacheHit, { AnalysisType: 'consumption_prediction' })).toEqual([0, 1]);
  });

  it('profiles spending and behaviour', async () => {
    const res = await get(`/v1/customers/reg/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    expectRulesMeta(res.body);
    expect(res.body.profile).toMatchObject({ purchaseRegularity: 'regular', churnRisk: 'low', keyProductIds: ['C', 'A', 'B'] });
    expect(res.body.profile.facts).toMatchObject({ orders: 6, purchaseDays: 6, intervalMeanDays: 10, intervalCv: 0, totalSpent: 6 * (15.3 + 19.5) + 3 * 13.2 + 12.75 });
    expect(res.body.profile.insights.length).toBeGreaterThan(2);
  });

  it('recommends overdue regulars first, then affinities, limited by `limit`', async () => {
    const res = await get(`/v1/customers/reg/ai-recommendations?asOf=${AS_OF}&limit=4`).expect(200);
    expectRulesMeta(res.body);
    const recs = res.body.recommendations as Array<{ productId: string; kind: string; rank: number }>;
    expect(recs.map((r) => [r.productId, r.kind])).toEqual([
      ['A', 'replenishment'],
      ['C', 'replenishment'],
      ['B', 'replenishment'],
      ['D', 'product_affinity'],
    ]);
    expect(recs.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    await get(`/v1/customers/reg/ai-recommendations?limit=2`).expect(200).expect((r) => expect(r.body.recommendations.length).toBeLessThanOrEqual(2));
  });

  it('splits replenishment alerts into urgent and upcoming', async () => {
    // A and C: confidence 5/6 > 0.7; B: 2/3, only enough for upcoming. All due 2011-03-04T10:00.
    const res = await get(`/v1/customers/reg/replenishment-alerts?asOf=2011-03-04`).expect(200);
    expectRulesMeta(res.body);
    expect(res.body.urgent.map((p: { productId: string }) => p.productId)).toEqual(['A', 'C']);
    expect(res.body.upcoming.map((p: { productId: string }) => p.productId)).toEqual(['B']);
    const early = await get(`/v1/customers/reg/replenishment-alerts?asOf=2011-02-26`).expect(200);
    expect(early.body.urgent).toEqual([]);
    expect(early.body.upcoming.map((p: { productId: string; dueInDays: number }) => [p.productId, p.dueInDays])).toEqual([
      ['A', 6.4],
      ['B', 6.4],
      ['C', 6.4],
    ]);
    const before = await get(`/v1/customers/reg/replenishment-alerts?asOf=2011-02-20`).expect(200);
    expect(before.body.upcoming.map((p: { productId: string; predictedNextPurchaseAt: string }) => [p.productId, p.predictedNextPurchaseAt])).toEqual([
      ['A', '2011-02-22T10:00:00.000Z'],
      ['C', '2011-02-22T10:00:00.000Z'],
    ]);
  });

  it('returns one product prediction, 404 when there is none', async () => {
    const res = await get(`/v1/customers/reg/purchase-prediction/A?asOf=${AS_OF}`).expect(200);
    expect(res.body.prediction).toMatchObject({ productId: 'A', predictedNextPurchaseAt: '2011-03-04T10:00:00.000Z' });
    expectRulesMeta(res.body);
    const none = await get(`/v1/customers/reg/purchase-prediction/D?asOf=${AS_OF}`).expect(404);
    expect(none.body).toMatchObject({ statusCode: 404, code: 'ANALYSIS.NO_PREDICTION' });
    await get(`/v1/customers/reg/purchase-prediction/NOPE`).expect(404);
  });

  it('returns the full analysis and a fresh one on POST analyze', async () => {
    const res = await get(`/v1/customers/reg/ai-analysis?asOf=${AS_OF}`).expect(200);
    expect(res.body).toMatchObject({ customerId: 'reg', source: 'rules', inputTokens: 0, costUsd: 0 });
    expect(res.body.consumptionPredictions.cached).toBe(true);
    expect(res.body.customerProfile.cached).toBe(true);
    expect(res.body.recommendations.source).toBe('rules');
    const fresh = await http().post('/v1/customers/reg/analyze').set('x-api-key', TEST_KEYS.write).send({ asOf: AS_OF }).expect(200);
    expect(fresh.body).toMatchObject({ source: 'rules', cached: false });
    expect(fresh.body.consumptionPredictions.cached).toBe(false);
    await http().post('/v1/customers/reg/analyze').set('x-api-key', TEST_KEYS.read).send({}).expect(403);
  });

  it('lists the analysis history newest first, paginated', async () => {
    const first = await get('/v1/customers/reg/analysis-history?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeDefined();
    const all: Array<{ generatedAt: string; source: string }> = [...first.body.items];
    let cursor: string | undefined = first.body.nextCursor;
    while (cursor) {
      const page = await get(`/v1/customers/reg/analysis-history?limit=2&cursor=${cursor}`).expect(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(all.every((h) => h.source === 'rules')).toBe(true);
    const times = all.map((h) => h.generatedAt);
    expect(new Set(times).size).toBe(times.length);
    expect([...times].sort().reverse()).toEqual(times);
    await get('/v1/customers/reg/analysis-history?cursor=bm9wZQ').expect(400);
  });

  it('answers an empty history with empty analyses', async () => {
    const res = await get('/v1/customers/empty/ai-analysis').expect(200);
    expect(res.body.consumptionPredictions).toMatchObject({ nextOrder: null, predictions: [] });
    expect(res.body.recommendations.recommendations).toEqual([]);
    expect(res.body.customerProfile.profile.facts.orders).toBe(0);
  });

  it('reports no model cost without a provider', async () => {
    const res = await get('/v1/analysis/costs?from=2011-12-01&to=2012-01-01').expect(200);
    expect(res.body).toMatchObject({ from: '2011-12-01', to: '2012-01-01', totals: { calls: 0, costUsd: 0 }, items: [] });
  });

  it.each([
    ['/v1/customers/reg/ai-recommendations?limit=0'],
    ['/v1/customers/reg/ai-recommendations?limit=21'],
    ['/v1/customers/reg/consumption-predictions?asOf=2011-02-30'],
    ['/v1/customers/bad%20id/ai-analysis'],
    ['/v1/analysis/costs?from=2011-12-10&to=2011-12-01'],
    ['/v1/analysis/costs?from=2011-01-01&to=2011-12-01'],
    ['/v1/analysis/costs?from=yesterday'],
  ])('rejects %s with 400', async (path) => {
    const res = await get(path).expect(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('requires a key (401) and an existing customer (404)', async () => {
    await http().get('/v1/customers/reg/ai-analysis').expect(401);
    for (const path of ['ai-analysis', 'consumption-predictions', 'customer-profile-analysis', 'ai-recommendations', 'replenishment-alerts', 'purchase-prediction/A', 'analysis-history']) {
      const res = await get(`/v1/customers/ghost/${path}`).expect(404);
      expect(res.body.code).toBe('CUSTOMER.NOT_FOUND');
    }
    await http().post('/v1/customers/ghost/analyze').set('x-api-key', TEST_KEYS.write).send({}).expect(404);
  });

  it('deletes cached and historical analyses with the customer', async () => {
    await http().delete('/v1/customers/reg').set('x-api-key', TEST_KEYS.write).expect(204);
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: 'reg' }).expect(201);
    const history = await get('/v1/customers/reg/analysis-history').expect(200);
    expect(history.body.items).toEqual([]);
  });
});
