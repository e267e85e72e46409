import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InMemoryMetricsRecorder } from '../src/metrics/in-memory-metrics.recorder';
import { METRICS } from '../src/metrics/metric-names';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { FIXTURE_AS_OF, regularOrders } from './analysis-fixtures';
import { FakeBedrockServer, FakeReplies, FakeReply, RecordedRequest } from './fake-bedrock/fake-bedrock.server';
import { createTestApp, TEST_KEYS } from './support/test-app';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const USAGE = { inputTokens: 1200, outputTokens: 300 };
const COST_USD = (1200 * 0.25 + 300 * 1.25) / 1e6;
const AS_OF = FIXTURE_AS_OF;

const OUTPUTS: Record<string, unknown> = {
  record_consumption_predictions: {
    predictions: [
      { productId: 'A', predictedNextPurchaseDate: '2011-03-05', confidence: 0.9, rationale: 'Bought every 10 days.' },
      { productId: 'B', predictedNextPurchaseDate: '2011-03-14', confidence: 0.65, rationale: 'Bought every 20 days.' },
    ],
    summary: 'A regular buyer of home goods.',
  },
  record_customer_profile: {
    spendingTier: 'medium',
    purchaseRegularity: 'regular',
    churnRisk: 'low',
    keyProductIds: ['A', 'C'],
    insights: ['Orders every ten days.'],
    summary: 'Regular medium spender.',
  },
  record_recommendations: {
    recommendations: [
      { productId: 'A', kind: 'replenishment', score: 0.95, reason: 'Overdue regular.' },
      { productId: 'D', kind: 'product_affinity', score: 0.4, reason: 'Bought with the regulars.' },
    ],
  },
};

const toolOf = (req: RecordedRequest) => req.body.toolConfig?.toolChoice?.tool?.name ?? '';
const good = (req: RecordedRequest): FakeReply => FakeReplies.tool(OUTPUTS[toolOf(req)], { usage: USAGE });

describe('AI analysis over Bedrock (fake Converse server, real SDK)', () => {
  const fake = new FakeBedrockServer();
  let app: INestApplication;
  let metrics: InMemoryMetricsRecorder;
  const http = () => request(app.getHttpServer());
  const get = (path: string) => http().get(path).set('x-api-key', TEST_KEYS.read);
  const post = (path: string, body: object) => http().post(path).set('x-api-key', TEST_KEYS.write).send(body);
  const calls = () => fake.requestsFor(HAIKU).length;

  async function customer(id: string): Promise<void> {
    await post('/v1/customers', { id }).expect(201);
    await post(`/v1/customers/${id}/purchases/import`, { orders: regularOrders() }).expect(200);
  }

  beforeAll(async () => {
    await fake.start();
    app = await createTestApp({
      env: {
        LLM_PROVIDER: 'bedrock',
        BEDROCK_ENDPOINT: fake.url,
        LLM_RETRY_BASE_MS: '1',
        LLM_RETRY_MAX_MS: '5',
        LLM_TIMEOUT_MS: '300',
        LLM_MAX_ATTEMPTS: '2',
        LLM_CIRCUIT_FAILURE_THRESHOLD: '3',
        METRICS_SINK: 'memory',
      },
    });
    metrics = app.get(MetricsRecorder);
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']) await customer(id);
  });
  beforeEach(() => {
    fake.reset();
    fake.always(HAIKU, good);
  });
  afterAll(async () => {
    await app.close();
    await fake.close();
  });

  const expectBedrock = (body: Record<string, unknown>, cached = false) =>
    expect(body).toMatchObject({
      source: 'bedrock',
      modelId: HAIKU,
      reason: null,
      cached,
      experiment: null,
      ...(cached ? { inputTokens: 0, outputTokens: 0, costUsd: 0 } : { inputTokens: 1200, outputTokens: 300, costUsd: COST_USD }),
    });

  it('answers each analysis route from the model, with tokens and cost from usage', async () => {
    const consumption = await get(`/v1/customers/c1/consumption-predictions?asOf=${AS_OF}`).expect(200);
    expectBedrock(consumption.body);
    // The model answered A and B; C (a regular it left out) comes from the rules, each item with its source.
    expect(consumption.body.predictions.map((p: { productId: string; description: string; source: string }) => [p.productId, p.description, p.source])).toEqual([
      ['A', 'WHITE HANGING HEART T-LIGHT HOLDER', 'bedrock'],
      ['C', 'JUMBO BAG RED RETROSPOT', 'rules'],
      ['B', 'PACK OF 72 RETROSPOT CAKE CASES', 'bedrock'],
    ]);
    expect(consumption.body.predictions[1]).toMatchObject({ predictedNextPurchaseAt: '2011-03-04T10:00:00.000Z', status: 'overdue' });
    expect(consumption.body.lapsed).toEqual([]);
    expect(consumption.body.predictions[0]).toMatchObject({ predictedNextPurchaseAt: '2011-03-05T00:00:00.000Z', confidence: 0.9, dueInDays: -5 });
    const profile = await get(`/v1/customers/c1/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    expectBedrock(profile.body);
    expect(profile.body.profile).toMatchObject({ spendingTier: 'medium', keyProductIds: ['A', 'C'], insights: ['Orders every ten days.'] });
    expect(profile.body.profile.facts.orders).toBe(6);
    const recs = await get(`/v1/customers/c1/ai-recommendations?asOf=${AS_OF}&limit=1`).expect(200);
    expectBedrock(recs.body);
    expect(recs.body.recommendations).toEqual([
      { rank: 1, productId: 'A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', category: 'home', kind: 'replenishment', score: 0.95, reason: 'Overdue regular.' },
    ]);
    const alerts = await get(`/v1/customers/c2/replenishment-alerts?asOf=2011-03-05`).expect(200);
    expectBedrock(alerts.body);
    // C (rules: due 2011-03-04T10:00, confidence 5/6) and A (model: 2011-03-05, 0.9); B (model: 2011-03-14) is 9 days away
    expect(alerts.body.urgent.map((p: { productId: string; source: string }) => [p.productId, p.source])).toEqual([
      ['C', 'rules'],
      ['A', 'bedrock'],
    ]);
    expect(alerts.body.upcoming).toEqual([]);
    const one = await get(`/v1/customers/c3/purchase-prediction/B?asOf=${AS_OF}`).expect(200);
    expectBedrock(one.body);
    expect(one.body.prediction).toMatchObject({ productId: 'B', confidence: 0.65 });
    const full = await get(`/v1/customers/c4/ai-analysis?asOf=${AS_OF}`).expect(200);
    expect(full.body).toMatchObject({ source: 'bedrock', cached: false, inputTokens: 3600, outputTokens: 900 });
    expect(full.body.costUsd).toBeCloseTo(3 * COST_USD, 9);
    expect(calls()).toBe(8);
    expect(metrics.values(METRICS.llmInputTokens, { AnalysisType: 'customer_profile', Source: 'bedrock' })).toContain(1200);
  });

  it('sends the customer data only as the JSON input block, never in the system prompt', async () => {
    await get(`/v1/customers/c5/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    const [sent] = fake.requestsFor(HAIKU);
    const system = JSON.stringify(sent.body.system);
    expect(system).not.toContain('WHITE HANGING HEART');
    expect(system).not.toContain('c5');
    const content = sent.body.messages?.[0].content ?? [];
    const input = JSON.parse(content[content.length - 1].text ?? '{}') as { orders: unknown[]; asOf: string };
    expect(input.orders).toHaveLength(6);
    expect(input.asOf).toBe('2011-03-10');
    expect(JSON.stringify(input)).not.toContain('c5');
  });

  it('serves a second call from the cache without calling the model; POST analyze calls it again', async () => {
    metrics.clear();
    const first = await get(`/v1/customers/c1/ai-analysis?asOf=${AS_OF}`).expect(200);
    expect(first.body).toMatchObject({ source: 'bedrock', cached: true, inputTokens: 0, costUsd: 0 });
    expectBedrock(first.body.customerProfile, true);
    // this request spent nothing; the analysis it serves cost the model call that made it
    expect(first.body.customerProfile.original).toEqual({ inputTokens: 1200, outputTokens: 300, costUsd: COST_USD, generatedAt: first.body.customerProfile.generatedAt });
    await get(`/v1/customers/c1/purchase-prediction/A?asOf=${AS_OF}`).expect(200).expect((r) => expectBedrock(r.body, true));
    expect(calls()).toBe(0);
    expect(metrics.values(METRICS.cacheHit, { AnalysisType: 'recommendations' })).toEqual([1]);

    const fresh = await post('/v1/customers/c1/analyze', { asOf: AS_OF, analysisTypes: ['customer_profile'] }).expect(200);
    expect(calls()).toBe(1);
    expectBedrock(fresh.body.customerProfile);
    expect(fresh.body.customerProfile.original).toMatchObject({ inputTokens: 1200, outputTokens: 300, costUsd: COST_USD });
    expect(fresh.body.consumptionPredictions).toBeUndefined();
    await post('/v1/customers/c1/analyze', { asOf: AS_OF }).expect(200);
    expect(calls()).toBe(4);
    await get(`/v1/customers/c1/customer-profile-analysis?asOf=${AS_OF}`).expect(200).expect((r) => expect(r.body.cached).toBe(true));
    expect(calls()).toBe(4);
  });

  it('misses the cache after a new order (the input hash changes)', async () => {
    await get(`/v1/customers/c1/consumption-predictions?asOf=${AS_OF}`).expect(200).expect((r) => expect(r.body.cached).toBe(true));
    await post('/v1/customers/c1/purchases', {
      orderId: 'new-1',
      purchasedAt: '2011-03-04T09:00:00Z',
      lines: [{ productId: 'A', quantity: 6, unitPrice: 2.55 }],
    }).expect(201);
    const after = await get(`/v1/customers/c1/consumption-predictions?asOf=${AS_OF}`).expect(200);
    expectBedrock(after.body);
    expect(calls()).toBe(1);
    await post('/v1/customers/c1/purchases', { orderId: 'later', purchasedAt: '2011-06-01T09:00:00Z', lines: [{ productId: 'A', quantity: 1, unitPrice: 2.55 }] }).expect(201);
    await get(`/v1/customers/c1/consumption-predictions?asOf=${AS_OF}`).expect(200).expect((r) => expect(r.body.cached).toBe(true));
  });

  it('retries a throttled call', async () => {
    fake.enqueue(HAIKU, FakeReplies.throttle());
    const res = await get(`/v1/customers/c6/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    expectBedrock(res.body);
    expect(calls()).toBe(2);
  });

  it.each([
    ['a text reply without the tool', FakeReplies.text('I think they like candles.'), 'invalid_output:no_tool_use'],
    ['output that fails the JSON schema', FakeReplies.tool({ spendingTier: 'gold' }), 'invalid_output:schema_mismatch'],
    [
      'only invented products',
      FakeReplies.tool({ ...(OUTPUTS.record_customer_profile as object), keyProductIds: ['ZZZ'] }),
      'invalid_output:ungrounded_products',
    ],
    ['a malformed response body', FakeReplies.malformedBody(), 'llm_error:server_error'],
    ['a rejected request', FakeReplies.accessDenied(), 'llm_error:rejected'],
  ])('falls back to the rules on %s', async (_label, reply, reason) => {
    fake.enqueue(HAIKU, reply);
    const res = await get(`/v1/customers/c7/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    expect(res.body).toMatchObject({ source: 'rules', reason, modelId: HAIKU, cached: false });
    expect(res.body.profile.facts.orders).toBe(6);
    expect(calls()).toBe(1);
  });

  it('counts the tokens of an unusable answer', async () => {
    fake.enqueue(HAIKU, FakeReplies.tool({ recommendations: [{ productId: 'NOPE', kind: 'replenishment', score: 0.5, reason: 'x' }] }, { usage: USAGE }));
    const res = await get(`/v1/customers/c7/ai-recommendations?asOf=${AS_OF}`).expect(200);
    expect(res.body).toMatchObject({ source: 'rules', reason: 'invalid_output:ungrounded_products', inputTokens: 1200, costUsd: COST_USD });
    expect(res.body.recommendations[0]).toMatchObject({ productId: 'A', kind: 'replenishment' });
  });

  it('keeps the grounded part of an answer and flags invented products', async () => {
    fake.enqueue(
      HAIKU,
      FakeReplies.tool({ recommendations: [{ productId: 'GHOST', kind: 'product_affinity', score: 0.9, reason: 'x' }, { productId: 'C', kind: 'replenishment', score: 0.8, reason: 'Due.' }] }),
    );
    const res = await post('/v1/customers/c7/analyze', { asOf: AS_OF, analysisTypes: ['recommendations'] }).expect(200);
    expect(res.body.recommendations).toMatchObject({ source: 'bedrock', droppedProductIds: ['GHOST'] });
    expect(res.body.recommendations.recommendations.map((r: { productId: string; rank: number }) => [r.rank, r.productId])).toEqual([[1, 'C']]);
  });

  it('falls back to the rules when the model times out', async () => {
    fake.always(HAIKU, { ...FakeReplies.tool(OUTPUTS.record_customer_profile), latencyMs: 1500 });
    const res = await get(`/v1/customers/c8/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    expect(res.body).toMatchObject({ source: 'rules', reason: 'llm_error:timeout', cached: false });
    expect(calls()).toBe(2);
    expect(metrics.values(METRICS.llmErrors, { ErrorClass: 'timeout' })).toEqual([1]);
    expect(metrics.values(METRICS.fallback, { AnalysisType: 'customer_profile', Source: 'rules' })).toContain(1);
  });

  it('does not cache a fallback: the next request asks the model again', async () => {
    const res = await get(`/v1/customers/c8/customer-profile-analysis?asOf=${AS_OF}`).expect(200);
    expectBedrock(res.body);
  });

  it('reports tokens and cost by model, analysis type and day', async () => {
    const before = await get('/v1/analysis/costs?from=2012-01-01&to=2012-01-01').expect(200);
    await post('/v1/customers/c6/analyze', { asOf: AS_OF, analysisTypes: ['customer_profile'] }).expect(200);
    const after = await get('/v1/analysis/costs?from=2012-01-01&to=2012-01-01').expect(200);
    type Row = { modelId: string; analysisType: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number; fallbacks: number };
    const row = (body: { items: Row[] }) => body.items.find((r) => r.modelId === HAIKU && r.analysisType === 'customer_profile') as Row;
    expect(row(after.body).calls - row(before.body).calls).toBe(1);
    expect(row(after.body).inputTokens - row(before.body).inputTokens).toBe(1200);
    expect(row(after.body).outputTokens - row(before.body).outputTokens).toBe(300);
    expect(row(after.body).costUsd - row(before.body).costUsd).toBeCloseTo(COST_USD, 9);
    expect(row(after.body).fallbacks).toBeGreaterThanOrEqual(5);
    expect(after.body.byModel.map((m: { modelId: string }) => m.modelId)).toEqual([HAIKU]);
    expect(after.body.byAnalysisType.map((m: { analysisType: string }) => m.analysisType)).toEqual(['consumption_prediction', 'customer_profile', 'recommendations']);
    expect(after.body.byDay).toEqual([expect.objectContaining({ day: '2012-01-01', calls: after.body.totals.calls })]);
    const none = await get('/v1/analysis/costs?from=2011-12-01&to=2011-12-31').expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('keeps a history of fresh analyses with their source', async () => {
    const res = await get('/v1/customers/c7/analysis-history?limit=100').expect(200);
    const reasons = (res.body.items as Array<{ reason: string | null; source: string }>).map((h) => h.reason);
    expect(reasons).toEqual(expect.arrayContaining(['invalid_output:no_tool_use', 'invalid_output:ungrounded_products', 'llm_error:rejected', null]));
  });

  it('answers from the rules without calling the model while the circuit is open', async () => {
    fake.always(HAIKU, FakeReplies.internalError());
    for (let i = 0; i < 3; i++) {
      const res = await post('/v1/customers/c8/analyze', { asOf: AS_OF, analysisTypes: ['customer_profile'] }).expect(200);
      expect(res.body.customerProfile.reason).toBe('llm_error:server_error');
    }
    const before = calls();
    const res = await get(`/v1/customers/c8/consumption-predictions?asOf=${AS_OF}`).expect(200);
    expect(res.body).toMatchObject({ source: 'rules', reason: 'circuit_open', modelId: HAIKU });
    expect(res.body.predictions.length).toBeGreaterThan(0);
    expect(calls()).toBe(before);
    expect(metrics.values(METRICS.llmErrors, { ErrorClass: 'circuit_open' })).toEqual([1]);
  });
});
