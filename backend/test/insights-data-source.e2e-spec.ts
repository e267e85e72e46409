import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { InsightsModule } from '../src/insights/insights.module';
import { SegmentDataSource } from '../src/insights/segment-data.source';
import { SegmentationBatchService } from '../src/segmentation/batch/segmentation-batch.service';
import { CustomerPopulationScanner } from '../src/segmentation/customer-population.scanner';
import { createTestApp, TEST_KEYS } from './support/test-app';

describe('insights segment data: read from the run, scan only for another date (e2e)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({ env: { SEGMENT_SCAN_WORKERS: '1', SEGMENT_SCAN_SEGMENTS: '2' } });
    const http = request(app.getHttpServer());
    for (const [id, orders] of [['a', 3], ['b', 1], ['c', 2]] as const) {
      await http.post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
      for (let i = 0; i < orders; i++) {
        await http
          .post(`/v1/customers/${id}/purchases`)
          .set('x-api-key', TEST_KEYS.write)
          .send({ orderId: `${id}-${i}`, purchasedAt: `2011-0${i + 1}-10T10:00:00Z`, lines: [{ productId: 'P', quantity: i + 1, unitPrice: 10 }] })
          .expect(201);
      }
    }
    await app.get(SegmentationBatchService).run();
  }, 60_000);
  afterAll(async () => {
    await app.close();
    delete process.env.SEGMENT_SCAN_WORKERS;
    delete process.env.SEGMENT_SCAN_SEGMENTS;
  });

  it('gives the same rows from the run chunks (no scan) as from a scan at the run date', async () => {
    const insights = app.select(InsightsModule);
    const source = insights.get(SegmentDataSource);
    const scanner = insights.get(CustomerPopulationScanner);
    const scan = jest.spyOn(scanner, 'scan');
    const run = await source.latestRun();
    expect(run).toBeDefined();
    const fromRun = await source.rows(run!, run!.asOfMs);
    expect(scan).not.toHaveBeenCalled();
    const byId = (rows: typeof fromRun) => [...rows].sort((x, y) => (x.customerId < y.customerId ? -1 : 1));
    expect(byId(fromRun).map((r) => [r.customerId, r.frequency, r.monetary])).toEqual([
      ['a', 3, 60],
      ['b', 1, 10],
      ['c', 2, 30],
    ]);
    const oneDayLater = await source.rows(run!, run!.asOfMs + 86_400_000);
    expect(scan).toHaveBeenCalledTimes(1);
    expect(byId(oneDayLater).map((r) => [r.customerId, r.frequency, r.monetary, r.firstPurchaseMs])).toEqual(
      byId(fromRun).map((r) => [r.customerId, r.frequency, r.monetary, r.firstPurchaseMs]),
    );
    expect(byId(oneDayLater).map((r) => (r.recencyDays ?? 0) - 1)).toEqual(byId(fromRun).map((r) => r.recencyDays ?? 0));
  });
});
