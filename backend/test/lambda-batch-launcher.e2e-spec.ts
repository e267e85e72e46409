import { INestApplication } from '@nestjs/common';
import type { Context } from 'aws-lambda';
import request from 'supertest';
import { parseBatchJobLauncherConfig } from '../src/segmentation/batch-job-launcher.config';
import { BatchJobLauncher } from '../src/segmentation/batch-job.launcher';
import { LambdaBatchJobLauncher } from '../src/segmentation/infrastructure/lambda-batch-job.launcher';
import { EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../src/storage/embedded-dynamodb';
import { FakeLambdaServer } from './fake-lambda/fake-lambda.server';
import { createTestApp, TEST_KEYS } from './support/test-app';

process.env.LOG_LEVEL = 'error';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const batchLambda = require('../src/lambda-batch') as typeof import('../src/lambda-batch');

const BATCH_FUNCTION = 'customer-analytics-test-batch';
const context = { functionName: BATCH_FUNCTION, awsRequestId: 'batch-request', getRemainingTimeInMillis: () => 900_000 } as Context;

describe('POST /v1/customers/segmentation/batch on Lambda (job handed to the batch function)', () => {
  let dynamo: EmbeddedDynamoDb;
  let lambda: FakeLambdaServer;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const ids = Array.from({ length: 8 }, (_, i) => `l${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb();
    lambda = await FakeLambdaServer.start();
    app = await createTestApp({
      env: {
        STORAGE_MODE: 'endpoint',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        METRICS_SINK: 'off',
        BATCH_FUNCTION_NAME: BATCH_FUNCTION,
        LAMBDA_ENDPOINT: lambda.endpoint,
      },
    });
    for (const [i, id] of ids.entries()) {
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
      await http()
        .post(`/v1/customers/${id}/purchases/import`)
        .set('x-api-key', TEST_KEYS.write)
        .send({
          orders: Array.from({ length: 1 + (i % 3) }, (_, j) => ({
            orderId: `${id}-${j}`,
            purchasedAt: new Date(Date.UTC(2011, i % 12, 1 + j * 3)).toISOString(),
            lines: [{ productId: `P${(i + j) % 4}`, quantity: 1 + j, unitPrice: 3 + i }],
          })),
        })
        .expect(200);
    }
  });
  afterAll(async () => {
    await batchLambda.closeBatchContext();
    await app.close();
    await lambda.close();
    await dynamo.close();
    delete process.env.BATCH_FUNCTION_NAME;
    delete process.env.LAMBDA_ENDPOINT;
  });

  it('selects the Lambda launcher when BATCH_FUNCTION_NAME is set', () => {
    expect(app.get(BatchJobLauncher)).toBeInstanceOf(LambdaBatchJobLauncher);
  });

  it('records the job queued, invokes the batch function asynchronously with its id, and the batch handler runs that job', async () => {
    const started = await http().post('/v1/customers/segmentation/batch').set('x-api-key', TEST_KEYS.write).send({}).expect(202);
    expect(started.body).toMatchObject({ status: 'queued', attempts: 0 });
    const jobId = started.body.jobId as string;
    expect(lambda.invocations).toEqual([{ functionName: BATCH_FUNCTION, invocationType: 'Event', payload: { jobId }, signed: true }]);
    await http().get(`/v1/customers/segmentation/batch/${jobId}`).set('x-api-key', TEST_KEYS.read).expect(200).expect((res) => expect(res.body.status).toBe('queued'));

    const summary = await batchLambda.handler(lambda.invocations[0].payload, context);
    expect(summary).toMatchObject({ jobId, status: 'completed', scope: 'full', customersScanned: 8, customersWritten: 8 });
    const job = await http().get(`/v1/customers/segmentation/batch/${jobId}`).set('x-api-key', TEST_KEYS.read).expect(200);
    expect(job.body).toMatchObject({ status: 'completed', attempts: 1, phase: 'done' });

    await expect(batchLambda.handler({ jobId }, context)).resolves.toEqual({ jobId, status: 'completed', skipped: true });
  });

  it('keeps customerIds and asOf on the queued job', async () => {
    const started = await http()
      .post('/v1/customers/segmentation/batch')
      .set('x-api-key', TEST_KEYS.write)
      .send({ customerIds: ['l01', 'l02'], asOf: '2012-01-01' })
      .expect(202);
    const summary = await batchLambda.handler({ jobId: started.body.jobId }, context);
    expect(summary).toMatchObject({ status: 'completed', scope: 'partial', customersWritten: 2, asOf: '2012-01-01T00:00:00.000Z' });
  });

  it('answers 503 when the batch function cannot be invoked, records the job failed, and resumes it through the function', async () => {
    lambda.answer({ kind: 'error', status: 404, errorType: 'ResourceNotFoundException', message: `Function not found: ${BATCH_FUNCTION}` });
    const calls = lambda.invocations.length;
    const refused = await http().post('/v1/customers/segmentation/batch').set('x-api-key', TEST_KEYS.write).send({}).expect(503);
    expect(refused.body).toMatchObject({ statusCode: 503, code: 'BATCH_FUNCTION.UNAVAILABLE' });
    const jobId = /job (run-\d{8})/.exec(refused.body.message as string)?.[1] as string;
    const failed = await http().get(`/v1/customers/segmentation/batch/${jobId}`).set('x-api-key', TEST_KEYS.read).expect(200);
    expect(failed.body).toMatchObject({ status: 'failed', attempts: 0 });
    expect(failed.body.errors[0].message).toContain('ResourceNotFoundException');

    lambda.answer({ kind: 'accepted' });
    const resumed = await http().post(`/v1/customers/segmentation/batch/${jobId}/resume`).set('x-api-key', TEST_KEYS.write).expect(202);
    expect(resumed.body).toMatchObject({ jobId, status: 'queued' });
    expect(lambda.invocations.slice(calls).map((i) => i.payload)).toEqual([{ jobId }, { jobId }]);
    const summary = await batchLambda.handler({ jobId }, context);
    expect(summary).toMatchObject({ jobId, status: 'completed', customersWritten: 8 });
    await http().post(`/v1/customers/segmentation/batch/${jobId}/resume`).set('x-api-key', TEST_KEYS.write).expect(409);
  });

  it('rejects a jobId that is malformed or combined with other fields, and an unknown job', async () => {
    await expect(batchLambda.handler({ jobId: 'x', asOf: '2012-01-01' }, context)).rejects.toThrow(
      'Invalid batch invocation: jobId: must be a job id such as run-00000001; jobId: cannot be combined with customerIds, asOf or resumeJobId (a queued job keeps its own)',
    );
    await expect(batchLambda.handler({ jobId: 'run-00009999' }, context)).rejects.toThrow('Segmentation job run-00009999 not found');
  });
});

describe('batch job launcher configuration', () => {
  it('reads BATCH_FUNCTION_NAME and LAMBDA_ENDPOINT, with dummy credentials for an endpoint without credentials', () => {
    expect(parseBatchJobLauncherConfig({})).toEqual({ region: 'us-east-1', useDummyCredentials: false });
    expect(parseBatchJobLauncherConfig({ BATCH_FUNCTION_NAME: 'f-1', LAMBDA_ENDPOINT: 'http://127.0.0.1:1', AWS_REGION: 'eu-west-1' })).toEqual({
      functionName: 'f-1',
      endpoint: 'http://127.0.0.1:1',
      region: 'eu-west-1',
      useDummyCredentials: true,
    });
    expect(parseBatchJobLauncherConfig({ BATCH_FUNCTION_NAME: 'arn:aws:lambda:us-east-1:123456789012:function:f-1:live' }).functionName).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:f-1:live',
    );
  });

  it('names each bad variable', () => {
    expect(() => parseBatchJobLauncherConfig({ BATCH_FUNCTION_NAME: 'no spaces allowed', LAMBDA_ENDPOINT: 'ftp://x' })).toThrow(
      /BATCH_FUNCTION_NAME: must be a Lambda function name.*\n.*LAMBDA_ENDPOINT: must be an http\(s\) URL/,
    );
  });
});
