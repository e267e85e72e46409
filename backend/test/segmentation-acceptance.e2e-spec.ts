import { INestApplication } from '@nestjs/common';
import { resolve } from 'node:path';
import request from 'supertest';
import { OnlineRetailImporter } from '../src/purchases/import/online-retail.importer';
import { SegmentationBatchService } from '../src/segmentation/batch/segmentation-batch.service';
import { createTestApp, TEST_KEYS } from './support/test-app';

const FILE = resolve(__dirname, '..', 'data', 'online_retail.csv.gz');

/** Acceptance on the full Online Retail file: import, one batch run, overview totals. */
describe('segmentation acceptance on Online Retail (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ env: { SEGMENT_SCAN_WORKERS: '2', SEGMENT_SCAN_SEGMENTS: '4' } });
  }, 30_000);
  afterAll(async () => {
    await app.close();
  });

  it('segments all 4,338 customers; overview sums to them and to the clean-line revenue', async () => {
    await app.get(OnlineRetailImporter).import(FILE);
    const { run, job } = await app.get(SegmentationBatchService).run();
    expect(job.status).toBe('completed');
    expect(job.scan?.segments).toBe(4);
    expect(run.customers).toBe(4338);
    expect(run.asOf).toBe('2011-12-10T12:50:00.000Z');
    for (const scheme of ['rfm', 'lifecycle', 'cluster', 'rules-churn-value']) {
      const res = await request(app.getHttpServer()).get('/v1/customers/segments/overview').query({ scheme }).set('x-api-key', TEST_KEYS.read);
      expect(res.status).toBe(200);
      const segments = res.body.segments as { customers: number; revenue: number }[];
      expect(segments.reduce((n, s) => n + s.customers, 0)).toBe(4338);
      expect(Math.abs(Object.values(run.aggregates.segments[scheme as 'rfm']).reduce((n, t) => n + t.revenue, 0) - 8_911_407.904)).toBeLessThan(1e-2);
    }
    const twelve = await request(app.getHttpServer()).get('/v1/customers/12347/segment').set('x-api-key', TEST_KEYS.read);
    expect(twelve.body.segments.rfm.details).toMatchObject({ recencyDays: 2, frequency: 7, scores: { r: 5, f: 5 } });
    expect(twelve.body.segments.rfm.segment).toBe('champions');
  }, 120_000);
});
