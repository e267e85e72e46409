import { INestApplication } from '@nestjs/common';
import type { Context } from 'aws-lambda';
import request from 'supertest';
import { EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../src/storage/embedded-dynamodb';
import { createTestApp, TEST_KEYS } from './support/test-app';

process.env.LOG_LEVEL = 'error';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const batchLambda = require('../src/lambda-batch') as typeof import('../src/lambda-batch');

const context = {
  functionName: 'customer-analytics-test-batch',
  awsRequestId: 'batch-request',
  getRemainingTimeInMillis: () => 900_000,
} as Context;

type Summary = import('../src/lambda-batch').BatchSummary;
const ran = (result: Awaited<ReturnType<typeof batchLambda.handler>>): Summary => {
  if ('skipped' in result) throw new Error(`job ${result.jobId} was skipped`);
  return result;
};

const scheduledEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2012-01-01T03:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
  detail: {},
};

describe('batch Lambda handler (segmentation job, in-process)', () => {
  let dynamo: EmbeddedDynamoDb;
  let app: INestApplication;
  const ids = Array.from({ length: 12 }, (_, i) => `b${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb();
    app = await createTestApp({ env: { STORAGE_MODE: 'endpoint', DYNAMODB_ENDPOINT: dynamo.endpoint, METRICS_SINK: 'off' } });
    const http = () => request(app.getHttpServer());
    for (const [i, id] of ids.entries()) {
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
      await http()
        .post(`/v1/customers/${id}/purchases/import`)
        .set('x-api-key', TEST_KEYS.write)
        .send({
          orders: Array.from({ length: 1 + (i % 4) }, (_, j) => ({
            orderId: `${id}-${j}`,
            purchasedAt: new Date(Date.UTC(2011, i % 12, 1 + j * 5)).toISOString(),
            lines: [{ productId: `P${(i + j) % 5}`, quantity: 1 + j, unitPrice: 2 + i }],
          })),
        })
        .expect(200);
    }
  });
  afterAll(async () => {
    await batchLambda.closeBatchContext();
    await app.close();
    await dynamo.close();
  });

  it('runs the whole population on a scheduled event and returns the summary', async () => {
    const summary = ran(await batchLambda.handler(scheduledEvent, context));
    expect(summary).toMatchObject({ status: 'completed', scope: 'full', customersScanned: 12, customersWritten: 12, alreadyWritten: 0 });
    expect(summary.jobId).toMatch(/^run-\d{8}$/);
    const rfmCustomers = Object.values(summary.segments.rfm).reduce((a, b) => a + b, 0);
    expect(rfmCustomers).toBe(12);
  });

  it('writes only the listed customers of a direct invocation', async () => {
    const summary = await batchLambda.handler({ customerIds: ['b01', 'b02'], asOf: '2012-01-01' }, context);
    expect(summary).toMatchObject({ status: 'completed', scope: 'partial', customersWritten: 2, asOf: '2012-01-01T00:00:00.000Z' });
  });

  it('rejects a malformed invocation naming each bad field', async () => {
    await expect(batchLambda.handler({ customerIds: [], asOf: 'yesterday', resumeJobId: 'x' }, context)).rejects.toThrow(
      'Invalid batch invocation: customerIds: must be 1..10000 customer ids; asOf: must be an ISO-8601 date or date-time; resumeJobId: must be a job id such as run-00000001; resumeJobId: cannot be combined with customerIds or asOf (a resumed job keeps its own)',
    );
  });
});
