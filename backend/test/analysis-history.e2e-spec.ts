import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { FIXTURE_AS_OF, regularOrders } from './analysis-fixtures';
import { createTestApp, TEST_KEYS } from './support/test-app';

interface HistoryItem {
  analysisId: string;
  generatedAt: string;
  analysisType: string;
}

/** The default test clock is fixed: every analysis of this suite has the same `generatedAt`. */
describe('analysis history under a fixed clock (rules)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const get = (path: string) => http().get(path).set('x-api-key', TEST_KEYS.read);
  const post = (path: string, body: object) => http().post(path).set('x-api-key', TEST_KEYS.write).send(body);

  beforeAll(async () => {
    for (const name of ['LLM_PROVIDER', 'BEDROCK_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE']) delete process.env[name];
    app = await createTestApp({ env: { METRICS_SINK: 'memory' } });
    await post('/v1/customers', { id: 'hist' }).expect(201);
    await post('/v1/customers/hist/purchases/import', { orders: regularOrders() }).expect(200);
  }, 30_000);
  afterAll(async () => {
    await app.close();
  });

  it('lists analyses of the same instant newest first, in the order they were made', async () => {
    const made: string[] = [];
    const types = ['consumption_prediction', 'customer_profile', 'recommendations'] as const;
    for (let i = 0; i < 12; i++) {
      const type = types[i % 3];
      const res = await post('/v1/customers/hist/analyze', { asOf: FIXTURE_AS_OF, analysisTypes: [type] }).expect(200);
      const part = type === 'consumption_prediction' ? res.body.consumptionPredictions : type === 'customer_profile' ? res.body.customerProfile : res.body.recommendations;
      made.push(part.analysisId as string);
    }
    const items: HistoryItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(`/v1/customers/hist/analysis-history?limit=5${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      items.push(...(page.body.items as HistoryItem[]));
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor);
    expect(new Set(items.map((h) => h.generatedAt)).size).toBe(1);
    expect(items.map((h) => h.analysisId)).toEqual([...made].reverse());
  });

  it('reports what a cached analysis cost when it was made beside the zero cost of this request', async () => {
    const first = await get(`/v1/customers/hist/customer-profile-analysis?asOf=2011-03-01`).expect(200);
    expect(first.body).toMatchObject({ cached: false, inputTokens: 0, costUsd: 0 });
    expect(first.body.original).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0, generatedAt: first.body.generatedAt });
    const again = await get(`/v1/customers/hist/customer-profile-analysis?asOf=2011-03-01`).expect(200);
    expect(again.body).toMatchObject({ cached: true, analysisId: first.body.analysisId, original: first.body.original });
  });
});
