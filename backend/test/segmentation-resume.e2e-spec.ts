import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DynamoDbSegmentAssignmentsRepository } from '../src/segmentation/infrastructure/dynamodb-segmentation.repository';
import { SegmentAssignmentsRepository, SegmentHistoryEntry } from '../src/segmentation/segmentation.repository';
import { createTestApp, TEST_KEYS } from './support/test-app';

/**
 * Writes the run history of the 4th chunk, then "crashes" before the job can record its checkpoint
 * (once): the worst moment, since the resumed chunk finds those customers already written.
 */
class CrashAfterThirdChunk extends DynamoDbSegmentAssignmentsRepository {
  static calls = 0;
  static crashed = false;

  override async putRunHistory(entries: readonly SegmentHistoryEntry[], conditional: boolean): Promise<{ written: string[]; alreadyWritten: string[] }> {
    const result = await super.putRunHistory(entries, conditional);
    CrashAfterThirdChunk.calls++;
    if (CrashAfterThirdChunk.calls === 4 && !CrashAfterThirdChunk.crashed) {
      CrashAfterThirdChunk.crashed = true;
      throw new Error('simulated crash after writing chunk 3');
    }
    return result;
  }
}

describe('segmentation batch resume (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const ids = Array.from({ length: 25 }, (_, i) => `r${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    app = await createTestApp({
      env: { SEGMENT_SCAN_WORKERS: '3', SEGMENT_SCAN_SEGMENTS: '5', SEGMENT_BATCH_CHUNK_SIZE: '5' },
      override: (b) => b.overrideProvider(SegmentAssignmentsRepository).useClass(CrashAfterThirdChunk),
    });
    for (const [i, id] of ids.entries()) {
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
      await http()
        .post(`/v1/customers/${id}/purchases/import`)
        .set('x-api-key', TEST_KEYS.write)
        .send({
          orders: Array.from({ length: 1 + (i % 4) }, (_, j) => ({
            orderId: `${id}-${j}`,
            purchasedAt: new Date(Date.UTC(2011, i % 12, 1 + j * 5)).toISOString(),
            lines: [{ productId: `P${(i + j) % 6}`, quantity: 1 + j, unitPrice: 3 + i }],
          })),
        });
    }
  });
  afterAll(async () => {
    await app.close();
  });

  async function waitForJob(jobId: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const res = await http().get(`/v1/customers/segmentation/batch/${jobId}`).set('x-api-key', TEST_KEYS.read);
      if (res.body.status !== 'running') return res.body as Record<string, unknown>;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  }

  it('a job that crashed after chunk 3 of 5 resumes from its checkpoint and writes no customer twice', async () => {
    const started = await http().post('/v1/customers/segmentation/batch').set('x-api-key', TEST_KEYS.write).send({});
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    const failed = await waitForJob(jobId);
    expect(failed).toMatchObject({
      status: 'failed',
      phase: 'write',
      checkpoint: { chunk: 2, lastCustomerId: 'r14' },
      progress: expect.objectContaining({ customersWritten: 15, chunksWritten: 3, chunksTotal: 5 }),
    });
    expect((failed.errors as { message: string }[])[0].message).toMatch(/simulated crash/);
    expect((await http().get('/v1/customers/segments/overview').set('x-api-key', TEST_KEYS.read)).status).toBe(404);

    const resumed = await http().post(`/v1/customers/segmentation/batch/${jobId}/resume`).set('x-api-key', TEST_KEYS.write).send();
    expect(resumed.status).toBe(202);
    const done = await waitForJob(jobId);
    expect(done).toMatchObject({
      status: 'completed',
      phase: 'done',
      attempts: 2,
      resumedFromChunk: 2,
      checkpoint: { chunk: 4, lastCustomerId: 'r24' },
      progress: expect.objectContaining({ customersWritten: 20, alreadyWritten: 5, chunksWritten: 5, chunksTotal: 5 }),
    });

    for (const [i, id] of ids.entries()) {
      const seg = await http().get(`/v1/customers/${id}/segment`).set('x-api-key', TEST_KEYS.read);
      const runEntries = (seg.body.history as { runId: string; attempt: number }[]).filter((h) => h.runId === jobId);
      expect(runEntries).toHaveLength(1);
      expect(runEntries[0].attempt).toBe(i < 20 ? 1 : 2);
    }
    const overview = await http().get('/v1/customers/segments/overview').set('x-api-key', TEST_KEYS.read);
    expect(overview.status).toBe(200);
    expect(overview.body.customers).toBe(25);

    const again = await http().post(`/v1/customers/segmentation/batch/${jobId}/resume`).set('x-api-key', TEST_KEYS.write).send();
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SEGMENTATION_JOB.ALREADY_COMPLETED');
    expect((await http().post('/v1/customers/segmentation/batch/run-99999999/resume').set('x-api-key', TEST_KEYS.write).send()).status).toBe(404);
  });
});

/** Lets a test act between the first chunk's writes and the rest of the job (a concurrent delete). */
class HookAfterFirstChunk extends DynamoDbSegmentAssignmentsRepository {
  static hook: (() => Promise<void>) | null = null;

  override async putRunHistory(entries: readonly SegmentHistoryEntry[], conditional: boolean): Promise<{ written: string[]; alreadyWritten: string[] }> {
    const result = await super.putRunHistory(entries, conditional);
    const hook = HookAfterFirstChunk.hook;
    HookAfterFirstChunk.hook = null;
    if (hook) await hook();
    return result;
  }
}

describe('segmentation batch and concurrent deletes (e2e)', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const ids = ['d01', 'd02', 'd03', 'd04', 'd05', 'd06'];

  beforeAll(async () => {
    app = await createTestApp({
      env: { SEGMENT_SCAN_WORKERS: '2', SEGMENT_SCAN_SEGMENTS: '2', SEGMENT_BATCH_CHUNK_SIZE: '2' },
      override: (b) => b.overrideProvider(SegmentAssignmentsRepository).useClass(HookAfterFirstChunk),
    });
    for (const [i, id] of ids.entries()) {
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
      await http()
        .post(`/v1/customers/${id}/purchases/import`)
        .set('x-api-key', TEST_KEYS.write)
        .send({ orders: [{ orderId: `${id}-0`, purchasedAt: new Date(Date.UTC(2011, i, 3)).toISOString(), lines: [{ productId: 'P1', quantity: 1, unitPrice: 5 + i }] }] });
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it('a customer deleted after the scan, before its chunk is written, is left with no membership or history item', async () => {
    HookAfterFirstChunk.hook = async () => {
      await http().delete('/v1/customers/d06').set('x-api-key', TEST_KEYS.write).expect(204);
    };
    const started = await http().post('/v1/customers/segmentation/batch').set('x-api-key', TEST_KEYS.write).send({});
    expect(started.status).toBe(202);
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 200 && job.status !== 'completed' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await http().get(`/v1/customers/segmentation/batch/${started.body.jobId as string}`).set('x-api-key', TEST_KEYS.read)).body as Record<string, unknown>;
    }
    expect(job).toMatchObject({ status: 'completed', progress: expect.objectContaining({ customersWritten: 6, customersVanished: 1 }) });

    const db = app.get(DynamoDBDocumentClient);
    const left = await db.send(
      new QueryCommand({ TableName: process.env.CUSTOMERS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'CUSTOMER#d06' } }),
    );
    expect(left.Items).toEqual([]);
    const kept = await db.send(
      new QueryCommand({ TableName: process.env.CUSTOMERS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'CUSTOMER#d02' } }),
    );
    expect((kept.Items ?? []).filter((i) => (i.sk as string).startsWith('SEGMENT#'))).toHaveLength(5);
    const rfm = (await http().get('/v1/customers/d02/segment').set('x-api-key', TEST_KEYS.read)).body.segments.rfm.segment as string;
    const listed = await http().get('/v1/customers').query({ segment: rfm, scheme: 'rfm' }).set('x-api-key', TEST_KEYS.read);
    expect((listed.body.items as { id: string }[]).map((c) => c.id)).toContain('d02');
    expect((listed.body.items as { id: string }[]).map((c) => c.id)).not.toContain('d06');
  });
});
