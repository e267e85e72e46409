import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { hashApiKey } from '../src/common/auth/api-key';
import { startEmbeddedDynamoDb } from '../src/storage/embedded-dynamodb';
import { problem } from './support/problem';

const KEYS = { read: 'lambda-read-key-000000000000001', write: 'lambda-write-key-00000000000002' } as const;

Object.assign(process.env, {
  STAGE: 'test',
  STORAGE_MODE: 'embedded',
  DATA_DIR: ':memory:',
  IMPORT_ON_START: 'false',
  LOG_LEVEL: 'error',
  METRICS_SINK: 'off',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  CUSTOMERS_TABLE: 'lambda-test-customers',
  API_KEYS: `reader:${hashApiKey(KEYS.read)}:read,writer:${hashApiKey(KEYS.write)}:read+write`,
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lambda = require('../src/lambda') as typeof import('../src/lambda');

interface EventOptions {
  readonly key?: string;
  readonly body?: string;
  readonly base64?: boolean;
  readonly query?: string;
  readonly headers?: Record<string, string>;
}

let sequence = 0;

/** An API Gateway HTTP API (payload format 2.0) event as the service sends it. */
function apiEvent(method: string, path: string, options: EventOptions = {}): APIGatewayProxyEventV2 {
  sequence += 1;
  const headers: Record<string, string> = { host: 'api.example.test', 'user-agent': 'jest', ...options.headers };
  if (options.key) headers['x-api-key'] = options.key;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      requestId: `apigw-request-${sequence}`,
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2012:00:00:00 +0000',
      timeEpoch: 1325376000000,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
    },
    body: options.body === undefined ? undefined : options.base64 ? Buffer.from(options.body, 'utf8').toString('base64') : options.body,
    isBase64Encoded: options.base64 ?? false,
  };
}

function lambdaContext(): Context {
  sequence += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'customer-analytics-test-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:customer-analytics-test-api',
    memoryLimitInMB: '1024',
    awsRequestId: `lambda-request-${sequence}`,
    logGroupName: '/aws/lambda/customer-analytics-test-api',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function invoke(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2 & { json: unknown }> {
  const result = await lambda.handler(event, lambdaContext());
  const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
  return { ...result, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('Lambda handler (API Gateway v2 events, in-process)', () => {
  const stdout: string[] = [];
  let writeSpy: jest.SpyInstance;

  beforeAll(() => {
    writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  });
  afterAll(async () => {
    writeSpy.mockRestore();
    await lambda.closeLambdaApp();
  });

  it('answers 200 on /health and emits one ColdStart metric for the first invocation only', async () => {
    const first = await invoke(apiEvent('GET', '/health'));
    expect(first.statusCode).toBe(200);
    expect(first.json).toMatchObject({ status: 'ok' });
    await invoke(apiEvent('GET', '/health'));
    const coldStarts = stdout
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((doc) => 'ColdStart' in doc);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ ColdStart: 1, service: 'customer-analytics-api', function_name: 'customer-analytics-test-api' });
  });

  it('creates a customer (201) and reads it back (200)', async () => {
    const created = await invoke(apiEvent('POST', '/v1/customers', { key: KEYS.write, body: JSON.stringify({ id: 'l-1', country: 'Iceland' }) }));
    expect(created.statusCode).toBe(201);
    expect(created.json).toMatchObject({ id: 'l-1', country: 'Iceland', version: 1 });
    const read = await invoke(apiEvent('GET', '/v1/customers/l-1', { key: KEYS.read }));
    expect(read.statusCode).toBe(200);
    expect(read.json).toMatchObject({ id: 'l-1', country: 'Iceland' });
  });

  it('decodes a base64 request body', async () => {
    const created = await invoke(
      apiEvent('POST', '/v1/customers', { key: KEYS.write, body: JSON.stringify({ id: 'l-base64', name: 'Ólafur Þór' }), base64: true }),
    );
    expect(created.statusCode).toBe(201);
    expect(created.json).toMatchObject({ id: 'l-base64', name: 'Ólafur Þór' });
  });

  it('answers 400 naming the bad field', async () => {
    const res = await invoke(apiEvent('POST', '/v1/customers', { key: KEYS.write, body: JSON.stringify({ id: 'l-2', age: -3 }) }));
    expect(res.statusCode).toBe(400);
    expect(res.json).toMatchObject({ statusCode: 400, code: 'VALIDATION.FAILED' });
    expect(JSON.stringify(res.json)).toContain('age');
  });

  it('answers 401 without an API key and 404 for an unknown customer', async () => {
    const anonymous = await invoke(apiEvent('GET', '/v1/customers/l-1'));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json).toMatchObject({ statusCode: 401 });
    const missing = await invoke(apiEvent('GET', '/v1/customers/nobody', { key: KEYS.read }));
    expect(missing.statusCode).toBe(404);
    expect(missing.json).toEqual(problem(404, 'CUSTOMER.NOT_FOUND', "Customer 'nobody' does not exist"));
  });

  it('passes the query string and uses the API Gateway request id as x-request-id', async () => {
    const event = apiEvent('GET', '/v1/customers', { key: KEYS.read, query: 'limit=1' });
    const res = await invoke(event);
    expect(res.statusCode).toBe(200);
    expect((res.json as { items: unknown[] }).items).toHaveLength(1);
    expect(res.headers?.['x-request-id']).toBe(event.requestContext.requestId);
  });
});

describe('Lambda handler in AWS storage mode', () => {
  it('boots without creating tables (the stack owns them)', async () => {
    const dynamo = await startEmbeddedDynamoDb();
    const saved = { ...process.env };
    Object.assign(process.env, {
      STORAGE_MODE: 'aws',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: 'customer-analytics-test-api',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      LLM_PROVIDER: 'none',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    let isolated: typeof import('../src/lambda') | undefined;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        isolated = require('../src/lambda') as typeof import('../src/lambda');
      });
      const health = await isolated!.handler(apiEvent('GET', '/health'), lambdaContext());
      expect(health.statusCode).toBe(503);
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      await isolated?.closeLambdaApp();
      client.destroy();
      await dynamo.close();
      process.env = saved;
    }
  });
});
