import { INestApplication } from '@nestjs/common';
import { resolve } from 'node:path';
import request from 'supertest';
import { parseOnlineRetailFile } from '../src/purchases/import/online-retail.parser';
import { regularOrders } from './analysis-fixtures';
import { createTestApp, TEST_KEYS } from './support/test-app';

const RETAIL_FILE = resolve(__dirname, '..', 'data', 'online_retail.csv.gz');

interface Prediction {
  productId: string;
  status: string;
  source: string;
  confidence: number;
  dueInDays: number;
}
interface Rec {
  productId: string;
  kind: string;
  rank: number;
  reason: string;
}

/**
 * Lapsed regulars (rules, no model): the fixture buys A and C every 10 days (last 2011-02-22T10:00)
 * and B every 20 days (last 2011-02-12T10:00). With the default horizon of 60 days A and C lapse after
 * max(3·10, 10 + 60) = 70 days and B after max(60, 80) = 80 days: all between 2011-05-03 and 2011-05-04.
 */
describe('lapsed products (rules)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const get = (path: string) => http().get(path).set('x-api-key', TEST_KEYS.read);
  const post = (path: string, body: object) => http().post(path).set('x-api-key', TEST_KEYS.write).send(body);

  beforeAll(async () => {
    for (const name of ['LLM_PROVIDER', 'BEDROCK_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_PROFILE']) delete process.env[name];
    app = await createTestApp({ env: { METRICS_SINK: 'memory' } });
    await post('/v1/customers', { id: 'lap' }).expect(201);
    await post('/v1/customers/lap/purchases/import', { orders: regularOrders() }).expect(200);
  }, 30_000);
  afterAll(async () => {
    await app.close();
  });

  it('keeps an overdue regular inside its window as a prediction and an urgent alert', async () => {
    const res = await get('/v1/customers/lap/consumption-predictions?asOf=2011-05-03').expect(200);
    expect((res.body.predictions as Prediction[]).map((p) => [p.productId, p.status, p.source])).toEqual([
      ['A', 'overdue', 'rules'],
      ['C', 'overdue', 'rules'],
      ['B', 'overdue', 'rules'],
    ]);
    expect(res.body.lapsed).toEqual([]);
    const alerts = await get('/v1/customers/lap/replenishment-alerts?asOf=2011-05-03').expect(200);
    expect((alerts.body.urgent as Prediction[]).map((p) => p.productId)).toEqual(['A', 'C']);
    expect((alerts.body.upcoming as Prediction[]).map((p) => p.productId)).toEqual(['B']);
  });

  it('reports lapsed regulars apart, with decayed confidence, and no alert', async () => {
    const res = await get('/v1/customers/lap/consumption-predictions?asOf=2011-05-04').expect(200);
    expect(res.body.predictions).toEqual([]);
    const lapsed = res.body.lapsed as Prediction[];
    // most confident first: B 2/3 · 20/80.58 = 0.165, then A and C 5/6 · 10/70.58 = 0.118
    expect(lapsed.map((p) => [p.productId, p.status, p.source])).toEqual([
      ['B', 'lapsed', 'rules'],
      ['A', 'lapsed', 'rules'],
      ['C', 'lapsed', 'rules'],
    ]);
    expect(lapsed[1].confidence).toBeCloseTo((5 / 6) * (10 / (70 + 14 / 24)), 3);
    expect(lapsed[0].confidence).toBeCloseTo((2 / 3) * (20 / (80 + 14 / 24)), 3);
    const alerts = await get('/v1/customers/lap/replenishment-alerts?asOf=2011-05-04').expect(200);
    expect(alerts.body).toMatchObject({ urgent: [], upcoming: [] });
    const one = await get('/v1/customers/lap/purchase-prediction/A?asOf=2011-05-04').expect(200);
    expect(one.body.prediction).toMatchObject({ productId: 'A', status: 'lapsed' });
  });

  it('recommends win-backs instead of replenishing lapsed products', async () => {
    const res = await get('/v1/customers/lap/ai-recommendations?asOf=2011-05-04&limit=20').expect(200);
    const recs = res.body.recommendations as Rec[];
    expect(recs.filter((r) => r.kind === 'replenishment')).toEqual([]);
    // A and C were in the last order, 71 days ago: the customer lapsed, so they are win-backs too
    expect(recs.filter((r) => r.kind === 'win_back').map((r) => r.productId).sort()).toEqual(['A', 'B', 'C']);
    const before = await get('/v1/customers/lap/ai-recommendations?asOf=2011-05-03&limit=20').expect(200);
    expect((before.body.recommendations as Rec[]).map((r) => [r.productId, r.kind])).toEqual([
      ['A', 'replenishment'],
      ['C', 'replenishment'],
      ['B', 'replenishment'],
      ['D', 'product_affinity'],
    ]);
  });

  it('does not call a product bought last in April "overdue by 188 days" (Online Retail customer 12347 as of 2011-12-10)', async () => {
    const parsed = await parseOnlineRetailFile(RETAIL_FILE);
    const orders = parsed.orders
      .filter((o) => o.customerId === '12347')
      .map((o) => ({ orderId: o.orderId, purchasedAt: o.purchasedAtUtc, lines: o.lines }));
    await post('/v1/customers', { id: '12347' }).expect(201);
    await post('/v1/customers/12347/purchases/import', { orders }).expect(200);

    const recs = await get('/v1/customers/12347/ai-recommendations?asOf=2011-12-10&limit=20').expect(200);
    const items = recs.body.recommendations as Rec[];
    // 22497: bought every ~60 days until 2011-04-07, then 247 days without it (> max(3·59, 59 + 60))
    expect(items.find((r) => r.productId === '22497')).toMatchObject({ kind: 'win_back' });
    expect(items.filter((r) => r.kind === 'replenishment').map((r) => r.productId)).not.toContain('22497');
    expect(items.every((r) => !/overdue by 1\d\d days/.test(r.reason))).toBe(true);
    const consumption = await get('/v1/customers/12347/consumption-predictions?asOf=2011-12-10').expect(200);
    expect((consumption.body.lapsed as Prediction[]).map((p) => p.productId)).toContain('22497');
    expect((consumption.body.predictions as Prediction[]).map((p) => p.productId)).not.toContain('22497');
    const alerts = await get('/v1/customers/12347/replenishment-alerts?asOf=2011-12-10').expect(200);
    expect([...alerts.body.urgent, ...alerts.body.upcoming].map((p: Prediction) => p.productId)).not.toContain('22497');
  }, 60_000);
});
