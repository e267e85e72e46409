import { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { createTestApp, TEST_KEYS } from './support/test-app';

const EXAMPLES = join(__dirname, 'fixtures/reference/mext-hackathon/examples');
const example = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;
const AS_OF = '2026-02-12T11:20:15';

interface FieldErrorBody {
  readonly field: string;
  readonly messages: string[];
}

interface JobBody {
  readonly jobId: string;
  readonly status: string;
  readonly phase: string;
  readonly progress: Record<string, number>;
  readonly scan: { mode: string; workers: number; segments: number } | null;
  readonly errors: { message: string }[];
}

describe('segmentation (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const read = TEST_KEYS.read;
  const write = TEST_KEYS.write;

  beforeAll(async () => {
    app = await createTestApp({ env: { SEGMENT_SCAN_WORKERS: '2', SEGMENT_SCAN_SEGMENTS: '4', SEGMENT_BATCH_CHUNK_SIZE: '3' } });
  });
  afterAll(async () => {
    await app.close();
  });

  async function waitForJob(jobId: string): Promise<JobBody> {
    for (let i = 0; i < 200; i++) {
      const res = await http().get(`/v1/customers/segmentation/batch/${jobId}`).set('x-api-key', read);
      expect(res.status).toBe(200);
      const job = res.body as JobBody;
      if (job.status !== 'running') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${jobId} did not finish`);
  }

  async function runBatch(body: Record<string, unknown> = {}): Promise<JobBody> {
    const res = await http().post('/v1/customers/segmentation/batch').set('x-api-key', write).send(body);
    expect(res.status).toBe(202);
    const job = await waitForJob((res.body as JobBody).jobId);
    expect(job.errors).toEqual([]);
    expect(job.status).toBe('completed');
    return job;
  }

  async function createCustomer(id: string, orders: { orderId: string; at: string; lines: [string, number, number, string?][] }[], profile: Record<string, unknown> = {}) {
    await http().post('/v1/customers').set('x-api-key', write).send({ id, ...profile }).expect(201);
    for (const o of orders) {
      await http()
        .post(`/v1/customers/${id}/purchases`)
        .set('x-api-key', write)
        .send({
          orderId: o.orderId,
          purchasedAt: o.at,
          lines: o.lines.map(([productId, quantity, unitPrice, category]) => ({ productId, quantity, unitPrice, ...(category ? { category } : {}) })),
        })
        .expect(201);
    }
  }

  describe('POST /v1/segments/analyze', () => {
    it('answers the regular example with the documented fields (valueSegment HighValue, the spec fix)', async () => {
      const body = example('example-request.json');
      const expected = (example('example-response.json').analysis as Record<string, unknown>);
      const res = await http().post('/v1/segments/analyze').set('x-api-key', read).send({ ...body, asOf: AS_OF });
      expect(res.status).toBe(200);
      const a = res.body.analysis as Record<string, unknown>;
      for (const key of ['mode', 'customerId', 'city', 'region', 'climateType', 'age', 'ageSegment', 'gender', 'churnSegment', 'loyaltyTier', 'affinityCategory', 'affinityType', 'diversityProfile', 'estimatedBudget', 'avgBasket', 'avgMonthlySpend', 'lastPurchaseDaysAgo', 'orderCount', 'totalSpent', 'membershipDays', 'missingRegulars', 'message']) {
        expect({ key, value: a[key] }).toEqual({ key, value: expected[key] });
      }
      expect(a.valueSegment).toBe('HighValue');
      expect(a.churnValueSegment).toBe('Sadık VIP');
      expect((a.display as Record<string, string>).valueSegment).toBe('High value');
      expect((a.topProducts as { productId: string }[]).map((p) => p.productId)).toEqual(
        (expected.topProducts as { productId: string }[]).map((p) => p.productId),
      );
    });

    it.each([
      ['example-request-new-customer.json', 'example-response-new-customer.json'],
      ['example-request-region.json', 'example-response-region.json'],
    ])('answers %s like %s', async (req, resp) => {
      const expected = example(resp).analysis as Record<string, unknown>;
      const res = await http().post('/v1/segments/analyze').set('x-api-key', read).send({ ...example(req), asOf: AS_OF });
      expect(res.status).toBe(200);
      const a = res.body.analysis as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected)) expect({ key, value: a[key] }).toEqual({ key, value });
    });

    it('400 names every bad field of customerData in the house error shape', async () => {
      const res = await http()
        .post('/v1/segments/analyze')
        .set('x-api-key', read)
        .send({
          customerData: {
            customerId: 'C-1',
            customer: {
              age: 130,
              gender: 'X',
              registeredAt: 'yesterday',
              productHistory: [
                { productId: 'P-1', category: 'A', totalQuantity: -1, totalSpent: -5, orderCount: 1.5, lastPurchase: 'not-a-date' },
                { productId: '', category: 'B', totalQuantity: 1, totalSpent: 1, orderCount: 1, lastPurchase: '2026-01-01', avgDaysBetween: 'x' },
              ],
            },
            region: { name: 'R', climateType: 'C', medianBasket: -1, trend: 'T' },
          },
        });
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.code).toBe('VALIDATION.FAILED');
      expect(typeof res.body.message).toBe('string');
      const fields = (res.body.details as FieldErrorBody[]).map((d) => d.field).sort();
      expect(fields).toEqual(
        [
          'customerData.customer.age',
          'customerData.customer.gender',
          'customerData.customer.registeredAt',
          'customerData.customer.productHistory[0].totalQuantity',
          'customerData.customer.productHistory[0].totalSpent',
          'customerData.customer.productHistory[0].orderCount',
          'customerData.customer.productHistory[0].lastPurchase',
          'customerData.customer.productHistory[1].productId',
          'customerData.customer.productHistory[1].avgDaysBetween',
          'customerData.region.medianBasket',
        ].sort(),
      );
      for (const d of res.body.details as FieldErrorBody[]) expect(d.messages.length).toBeGreaterThan(0);
    });

    it('400 for a missing or non-object customerData and a bad asOf; 401 without a key', async () => {
      const missing = await http().post('/v1/segments/analyze').set('x-api-key', read).send({ asOf: 'tomorrow' });
      expect(missing.status).toBe(400);
      expect((missing.body.details as FieldErrorBody[]).map((d) => d.field).sort()).toEqual(['asOf', 'customerData']);
      await http().post('/v1/segments/analyze').send(example('example-request.json')).expect(401);
    });
  });

  describe('before any batch run', () => {
    it('K-Means predict is 422 KMEANS.NO_ACTIVE_MODEL; overview and migrations 404; unknown job 404', async () => {
      const predict = await http().post('/v1/segments/kmeans/predict').set('x-api-key', read).send({ recency: 10, frequency: 2, monetary: 300 });
      expect(predict.status).toBe(422);
      expect(predict.body.code).toBe('KMEANS.NO_ACTIVE_MODEL');
      const overview = await http().get('/v1/customers/segments/overview').set('x-api-key', read);
      expect(overview.status).toBe(404);
      expect(overview.body.code).toBe('SEGMENTATION_RUN.NOT_FOUND');
      expect((await http().get('/v1/customers/segments/migrations').set('x-api-key', read)).status).toBe(404);
      const job = await http().get('/v1/customers/segmentation/batch/run-99999999').set('x-api-key', read);
      expect(job.status).toBe(404);
      expect(job.body.code).toBe('SEGMENTATION_JOB.NOT_FOUND');
      expect((await http().get('/v1/customers/segmentation/batch/nope').set('x-api-key', read)).status).toBe(400);
    });
  });

  describe('stored customers, batch runs, K-Means and reads', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`);

    beforeAll(async () => {
      for (let i = 0; i < ids.length; i++) {
        const orders = Array.from({ length: 1 + (i % 5) }, (_, j) => ({
          orderId: `o${i}-${j}`,
          at: new Date(Date.UTC(2011, 0, 1 + i * 20 + j * 7)).toISOString(),
          lines: [[`P${j % 3}`, 1 + j, 5 + i * 3, j % 2 ? 'gifts' : 'home'] as [string, number, number, string]],
        }));
        await createCustomer(ids[i], orders, { country: i % 2 ? 'France' : 'Iceland', age: 20 + i * 4 });
      }
      await createCustomer('no-orders', []);
    });

    it('on-demand segmentation without a run: features and lifecycle, RFM scores null with a reason', async () => {
      const res = await http().post('/v1/customers/c05/segmentation').set('x-api-key', write).send({ asOf: '2011-12-10' });
      expect(res.status).toBe(200);
      expect(res.body.referenceRunId).toBeNull();
      expect(res.body.rfm.scores).toBeNull();
      expect(res.body.rfm.segment).toBeNull();
      expect(res.body.rfm.reason).toMatch(/No batch segmentation run/);
      expect(res.body.rfm.frequency).toBe(5);
      expect(res.body.segments.lifecycle.segment).toEqual(expect.any(String));
      expect(res.body.segments.rfm).toBeNull();
      expect(res.body.profile.mode).toBe('regular');
      expect(res.body.history).toHaveLength(1);
      expect(res.body.history[0].source).toBe('on-demand');
      expect((await http().post('/v1/customers/ghost/segmentation').set('x-api-key', write).send({})).status).toBe(404);
      expect((await http().post('/v1/customers/c05/segmentation').set('x-api-key', read).send({})).status).toBe(403);
    });

    it('batch run over every customer (parallel scan, TotalSegments 4): overview sums to the customer count and revenue', async () => {
      const job = await runBatch();
      expect(job.scan).toEqual({ mode: 'in-process', workers: 2, segments: 4 });
      expect(job.progress.customersScanned).toBe(13);
      expect(job.progress.customersWritten).toBe(13);
      expect(job.progress.chunksTotal).toBe(5);
      const overview = await http().get('/v1/customers/segments/overview').set('x-api-key', read);
      expect(overview.status).toBe(200);
      expect(overview.body.runId).toBe(job.jobId);
      const segs = overview.body.segments as { segment: string; customers: number; revenue: number; revenueShare: number }[];
      expect(segs.reduce((n, s) => n + s.customers, 0)).toBe(13);
      expect(overview.body.customers).toBe(13);
      expect(segs.find((s) => s.segment === 'no_purchases')?.customers).toBe(1);
      expect(segs.reduce((n, s) => n + s.revenueShare, 0)).toBeCloseTo(1, 5);
      for (const scheme of ['lifecycle', 'cluster', 'rules-churn-value']) {
        const o = await http().get('/v1/customers/segments/overview').query({ scheme }).set('x-api-key', read);
        expect(o.status).toBe(200);
        expect((o.body.segments as { customers: number }[]).reduce((n, s) => n + s.customers, 0)).toBe(13);
      }
      expect((await http().get('/v1/customers/segments/overview').query({ scheme: 'nope' }).set('x-api-key', read)).status).toBe(400);
      const models = await http().get('/v1/segments/kmeans/models').set('x-api-key', read);
      expect(models.body.items).toHaveLength(1);
      expect(models.body.items[0]).toMatchObject({ version: 1, active: true, k: 5, seed: 42, nInit: 10, trainedOn: 12 });
    });

    it('GET /:id/segment shows every scheme and the history newest first; recommendations per segment', async () => {
      const res = await http().get('/v1/customers/c03/segment').set('x-api-key', read);
      expect(res.status).toBe(200);
      for (const scheme of ['rfm', 'lifecycle', 'cluster', 'rules-churn-value']) expect(res.body.segments[scheme].segment).toEqual(expect.any(String));
      expect(res.body.segments.rfm.details.scores).toEqual({ r: expect.any(Number), f: expect.any(Number), m: expect.any(Number), cell: expect.any(String) });
      expect(res.body.segments.cluster.details.modelVersion).toBe(1);
      expect(res.body.history[0].source).toBe('batch');
      const rec = await http().get('/v1/customers/c03/segment-recommendations').set('x-api-key', read);
      expect(rec.status).toBe(200);
      expect(rec.body.recommendations).toHaveLength(4);
      for (const r of rec.body.recommendations as Record<string, unknown>[]) {
        expect(r).toEqual(expect.objectContaining({ strategy: expect.any(String), channel: expect.any(String), cadence: expect.any(String), offer: expect.any(String) }));
      }
      expect((await http().get('/v1/customers/ghost/segment').set('x-api-key', read)).status).toBe(404);
      expect((await http().get('/v1/customers/ghost/segment-recommendations').set('x-api-key', read)).status).toBe(404);
    });

    it('on-demand segmentation after a run scores RFM against the run quintile edges', async () => {
      const res = await http().post('/v1/customers/c07/segmentation').set('x-api-key', write).send({});
      expect(res.status).toBe(200);
      expect(res.body.referenceRunId).toEqual(expect.stringMatching(/^run-/));
      expect(res.body.rfm.scores).toEqual({ r: expect.any(Number), f: expect.any(Number), m: expect.any(Number), cell: expect.any(String) });
      expect(res.body.segments.rfm.source).toBe('on-demand');
    });

    it('segment filter on the customer list (GSI over memberships)', async () => {
      const overview = await http().get('/v1/customers/segments/overview').query({ scheme: 'lifecycle' }).set('x-api-key', read);
      const top = (overview.body.segments as { segment: string; customers: number }[])[0];
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await http()
          .get('/v1/customers')
          .query({ segment: top.segment, scheme: 'lifecycle', limit: 2, ...(cursor ? { cursor } : {}) })
          .set('x-api-key', read);
        expect(page.status).toBe(200);
        seen.push(...(page.body.items as { id: string }[]).map((c) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(top.customers);
      const none = await http().get('/v1/customers').query({ segment: 'champions', scheme: 'nope' }).set('x-api-key', read);
      expect(none.status).toBe(400);
    });

    it('performance KPIs of a segment; 404 for an unknown one', async () => {
      const overview = await http().get('/v1/customers/segments/overview').set('x-api-key', read);
      const seg = (overview.body.segments as { segment: string; customers: number; revenue: number }[])[0];
      const res = await http().get(`/v1/customers/segments/${seg.segment}/performance`).set('x-api-key', read);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ segment: seg.segment, customers: seg.customers, revenue: seg.revenue, churnAfterDays: 90 });
      expect(res.body.churnShare).toEqual(expect.any(Number));
      expect(res.body.trend).toBeNull();
      const missing = await http().get('/v1/customers/segments/not_a_segment/performance').set('x-api-key', read);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('SEGMENT.NOT_FOUND');
    });

    it('migrations are real after a second run with a changed order history; manual migrate is stored as manual', async () => {
      await http()
        .post('/v1/customers/c01/purchases/import')
        .set('x-api-key', write)
        .send({
          orders: Array.from({ length: 8 }, (_, j) => ({
            orderId: `late-${j}`,
            purchasedAt: new Date(Date.UTC(2011, 10, 1 + j * 3)).toISOString(),
            lines: [{ productId: 'P9', quantity: 10, unitPrice: 50 }],
          })),
        })
        .expect((r) => expect([200, 201]).toContain(r.status));
      const before = (await http().get('/v1/customers/c01/segment').set('x-api-key', read)).body.segments.rfm.segment as string;
      const firstRunId = (await http().get('/v1/customers/segments/overview').set('x-api-key', read)).body.runId as string;
      const job = await runBatch();
      const after = (await http().get('/v1/customers/c01/segment').set('x-api-key', read)).body.segments.rfm.segment as string;
      expect(after).not.toBe(before);
      // Only changed memberships are rewritten: fewer than 4 per customer, at least c01's RFM one and
      // c07's four (its memberships were on-demand ones).
      expect(job.progress.membershipsWritten).toBeGreaterThanOrEqual(5);
      expect(job.progress.membershipsWritten).toBeLessThan(13 * 4);
      const c01 = (await http().get('/v1/customers/c01/segment').set('x-api-key', read)).body.segments.rfm as Record<string, unknown>;
      expect(c01).toMatchObject({ source: 'batch', runId: job.jobId, since: c01.assignedAt });
      // Unchanged memberships are not rewritten (their item keeps the first run id), yet the view
      // shows the latest run confirming them, with its figures.
      const db = app.get(DynamoDBDocumentClient);
      const raw = await db.send(
        new ScanCommand({
          TableName: process.env.CUSTOMERS_TABLE,
          FilterExpression: 'begins_with(sk, :m) AND #source = :batch',
          ExpressionAttributeNames: { '#source': 'source' },
          ExpressionAttributeValues: { ':m': 'SEGMENT#CURRENT#', ':batch': 'batch' },
        }),
      );
      const kept = (raw.Items ?? []).filter((i) => i.runId === firstRunId);
      const rewritten = (raw.Items ?? []).filter((i) => i.runId === job.jobId);
      expect(kept.length).toBeGreaterThan(0);
      expect(rewritten.length).toBe(job.progress.membershipsWritten);
      const sample = kept[0];
      const id = (sample.pk as string).slice('CUSTOMER#'.length);
      const scheme = (sample.sk as string).slice('SEGMENT#CURRENT#'.length);
      const view = (await http().get(`/v1/customers/${id}/segment`).set('x-api-key', read)).body.segments[scheme] as Record<string, unknown>;
      expect(view).toMatchObject({ segment: sample.segment, source: 'batch', runId: job.jobId, since: sample.assignedAt });
      if (scheme !== 'cluster' && scheme !== 'rules-churn-value') expect(view.details).toEqual(expect.objectContaining({ frequency: expect.any(Number) }));
      const listed = await http().get('/v1/customers').query({ segment: after, scheme: 'rfm', limit: 50 }).set('x-api-key', read);
      expect((listed.body.items as { id: string }[]).map((c) => c.id)).toContain('c01');
      const stale = await http().get('/v1/customers').query({ segment: before, scheme: 'rfm', limit: 50 }).set('x-api-key', read);
      expect((stale.body.items as { id: string }[]).map((c) => c.id)).not.toContain('c01');
      const res = await http().get('/v1/customers/segments/migrations').set('x-api-key', read);
      expect(res.status).toBe(200);
      expect(res.body.toRunId).toBe(job.jobId);
      expect(res.body.customers).toBe(13);
      const moves = res.body.transitions as { from: string; to: string; customers: number }[];
      expect(moves.find((t) => t.from === before && t.to === after)?.customers).toBeGreaterThanOrEqual(1);
      const explicit = await http()
        .get('/v1/customers/segments/migrations')
        .query({ fromRun: res.body.fromRunId, toRun: res.body.toRunId })
        .set('x-api-key', read);
      expect(explicit.body.transitions).toEqual(res.body.transitions);
      expect((await http().get('/v1/customers/segments/migrations').query({ fromRun: 'run-09999999' }).set('x-api-key', read)).status).toBe(404);
      const perf = await http().get(`/v1/customers/segments/${after}/performance`).set('x-api-key', read);
      expect(perf.body.trend.previousRunId).toBe(res.body.fromRunId);

      const manual = await http()
        .post('/v1/customers/segments/migrate')
        .set('x-api-key', write)
        .send({ customerId: 'c02', scheme: 'rfm', toSegment: 'champions', reason: 'key account' });
      expect(manual.status).toBe(201);
      expect(manual.body).toMatchObject({ source: 'manual', segments: { rfm: 'champions' }, reason: 'key account' });
      const seg = await http().get('/v1/customers/c02/segment').set('x-api-key', read);
      expect(seg.body.segments.rfm).toMatchObject({ segment: 'champions', source: 'manual', reason: 'key account' });
      expect(seg.body.history[0].source).toBe('manual');
      const bad = await http()
        .post('/v1/customers/segments/migrate')
        .set('x-api-key', write)
        .send({ customerId: 'c02', scheme: 'rfm', toSegment: 'Sadık VIP', reason: '' });
      expect(bad.status).toBe(400);
      const ghost = await http()
        .post('/v1/customers/segments/migrate')
        .set('x-api-key', write)
        .send({ customerId: 'ghost', scheme: 'rfm', toSegment: 'champions', reason: 'x' });
      expect(ghost.status).toBe(404);
    });

    it('K-Means train, models (paginated), predict and predict-customer', async () => {
      const trained = await http().post('/v1/segments/kmeans/train').set('x-api-key', write).send({ k: 3, nInit: 2, seed: 7, activate: false });
      expect(trained.status).toBe(201);
      expect(trained.body).toMatchObject({ version: 2, active: false, k: 3, trainedOn: 12 });
      expect(trained.body.inertia).toEqual(expect.any(Number));
      expect(trained.body.centroids).toHaveLength(3);
      const page1 = await http().get('/v1/segments/kmeans/models').query({ limit: 1 }).set('x-api-key', read);
      expect(page1.body.items[0].version).toBe(2);
      expect(page1.body.activeVersion).toBe(1);
      const page2 = await http().get('/v1/segments/kmeans/models').query({ limit: 1, cursor: page1.body.nextCursor }).set('x-api-key', read);
      expect(page2.body.items[0]).toMatchObject({ version: 1, active: true });
      const p = await http().post('/v1/segments/kmeans/predict').set('x-api-key', read).send({ recency: 5, frequency: 4, monetary: 200 });
      expect(p.status).toBe(200);
      expect(p.body).toMatchObject({ modelVersion: 1, segment: `m1-c${p.body.cluster}` });
      expect(p.body.confidence).toBeGreaterThanOrEqual(0);
      expect(p.body.confidence).toBeLessThanOrEqual(1);
      const v2 = await http().post('/v1/segments/kmeans/predict').set('x-api-key', read).send({ recency: 5, frequency: 4, monetary: 200, modelVersion: 2 });
      expect(v2.body.modelVersion).toBe(2);
      const bad = await http().post('/v1/segments/kmeans/predict').set('x-api-key', read).send({ recency: -1, frequency: 'x' });
      expect(bad.status).toBe(400);
      expect((bad.body.details as FieldErrorBody[]).map((d) => d.field).sort()).toEqual(['frequency', 'monetary', 'recency']);
      const pc = await http().post('/v1/segments/kmeans/predict-customer').set('x-api-key', read).send({ customerId: 'c04' });
      expect(pc.status).toBe(200);
      expect(pc.body).toMatchObject({ customerId: 'c04', modelVersion: 1 });
      const none = await http().post('/v1/segments/kmeans/predict-customer').set('x-api-key', read).send({ customerId: 'no-orders' });
      expect(none.status).toBe(422);
      expect(none.body.code).toBe('SEGMENT.NO_PURCHASES');
      expect((await http().post('/v1/segments/kmeans/predict-customer').set('x-api-key', read).send({ customerId: 'ghost' })).status).toBe(404);
      expect((await http().post('/v1/segments/kmeans/train').set('x-api-key', write).send({ k: 11, nInit: 0 })).status).toBe(400);
      expect((await http().post('/v1/segments/kmeans/train').set('x-api-key', read).send({})).status).toBe(403);
    });

    it('a batch over listed customers is a partial run; 400 for more than 1000 ids', async () => {
      const job = await runBatch({ customerIds: ['c01', 'c02'] });
      expect(job.progress.customersWritten).toBe(2);
      const overview = await http().get('/v1/customers/segments/overview').set('x-api-key', read);
      expect(overview.body.runId).not.toBe(job.jobId);
      const tooMany = await http()
        .post('/v1/customers/segmentation/batch')
        .set('x-api-key', write)
        .send({ customerIds: Array.from({ length: 1001 }, (_, i) => `x${i}`) });
      expect(tooMany.status).toBe(400);
    });

    it('DELETE customer removes its segment items', async () => {
      await http().delete('/v1/customers/c03').set('x-api-key', write).expect(204);
      await http().post('/v1/customers').set('x-api-key', write).send({ id: 'c03' }).expect(201);
      const res = await http().get('/v1/customers/c03/segment').set('x-api-key', read);
      expect(res.body.history).toEqual([]);
      for (const scheme of ['rfm', 'lifecycle', 'cluster', 'rules-churn-value']) expect(res.body.segments[scheme]).toBeNull();
      const rec = await http().get('/v1/customers/c03/segment-recommendations').set('x-api-key', read);
      expect(rec.status).toBe(404);
      expect(rec.body.code).toBe('SEGMENT.NOT_FOUND');
    });
  });
});
