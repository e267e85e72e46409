import { INestApplication } from '@nestjs/common';
import { resolve } from 'node:path';
import request from 'supertest';
import { OnlineRetailImporter } from '../src/purchases/import/online-retail.importer';
import { SegmentationBatchService } from '../src/segmentation/batch/segmentation-batch.service';
import { createTestApp, TEST_KEYS } from './support/test-app';

const FILE = resolve(__dirname, '..', 'data', 'online_retail.csv.gz');

interface SegmentBody {
  segment: string;
  customers: number;
  revenue: number;
  customerSharePct: number;
  recencyDays: { median: number | null };
  topCustomers: { customerId: string }[];
}

/**
 * Insights analytics on the full Online Retail file: import, one batch run, the segment figures.
 * Import and batch take ~30 s on an idle machine (more under load); the insights part ~5 s.
 */
describe('GET /v1/insights/segments on Online Retail (e2e)', () => {
  let app: INestApplication;
  const get = (path: string, query: Record<string, string> = {}) => request(app.getHttpServer()).get(path).query(query).set('x-api-key', TEST_KEYS.read);

  beforeAll(async () => {
    app = await createTestApp({ env: { SEGMENT_SCAN_WORKERS: '2', SEGMENT_SCAN_SEGMENTS: '4' } });
  }, 30_000);
  afterAll(async () => {
    await app.close();
    delete process.env.SEGMENT_SCAN_WORKERS;
    delete process.env.SEGMENT_SCAN_SEGMENTS;
  });

  it('totals 4,338 customers and the clean-line revenue in both schemes; compare and ask answer from the same figures', async () => {
    expect((await get('/v1/insights/segments')).body).toMatchObject({ statusCode: 409, code: 'INSIGHTS.NO_SEGMENTATION_RUN' });
    await app.get(OnlineRetailImporter).import(FILE);
    await app.get(SegmentationBatchService).run();
    for (const scheme of ['rfm', 'lifecycle']) {
      const res = await get('/v1/insights/segments', { scheme });
      expect(res.status).toBe(200);
      const segments = res.body.segments as SegmentBody[];
      expect(res.body.totals.customers).toBe(4338);
      expect(segments.reduce((n, s) => n + s.customers, 0)).toBe(4338);
      expect(Math.abs(res.body.totals.revenue - 8_911_407.904)).toBeLessThan(0.01);
      expect(Math.abs(segments.reduce((n, s) => n + s.revenue, 0) - 8_911_407.904)).toBeLessThan(0.05);
      expect(Math.abs(segments.reduce((n, s) => n + s.customerSharePct, 0) - 100)).toBeLessThan(0.1);
    }
    const rfm = (await get('/v1/insights/segments', { scheme: 'rfm' })).body.segments as SegmentBody[];
    const champions = rfm.find((s) => s.segment === 'champions')!;
    expect(champions.topCustomers.length).toBe(5);
    const compare = await get('/v1/insights/segments/compare', { a: 'champions', b: 'at risk' });
    expect(compare.status).toBe(200);
    expect(compare.body.b.segment).toBe('at_risk');
    expect(compare.body.metrics.find((m: { metric: string }) => m.metric === 'customers').a).toBe(champions.customers);
    expect((await get('/v1/insights/segments/compare', { a: 'champions', b: 'platinum' })).body.code).toBe('INSIGHTS.SEGMENT_NOT_FOUND');
    const ask = await request(app.getHttpServer()).post('/v1/insights/ask').set('x-api-key', TEST_KEYS.read).send({ question: 'Tell me about the champions' });
    expect(ask.body).toMatchObject({ source: { type: 'template' }, fallbackReason: 'llm_not_configured', grounded: true, segments: ['champions'] });
    expect(ask.body.figures.find((f: { key: string }) => f.key === 'champions.customers').value).toBe(champions.customers);
  }, 120_000);
});
