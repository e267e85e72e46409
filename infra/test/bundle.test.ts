import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashApiKey } from '../../backend/src/common/auth/api-key';
import { EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../backend/src/storage/embedded-dynamodb';
import { ensureLambdaBundles } from '../lib/lambda-bundle';

const KEY = 'bundle-test-key-0000000000000001';

/**
 * Runs in a fresh Node process, as Lambda loads a handler (plain require of index.js, which runs
 * handler.js with its code cache): creates 12
 * customers with orders through the API bundle, fetches a /docs asset, then runs the batch bundle
 * on a scheduled event; prints the results as one JSON line.
 */
const SCRIPT = `
const api = require(process.env.API_BUNDLE);
const batch = require(process.env.BATCH_BUNDLE);
const context = { functionName: 'bundle-test', awsRequestId: 'a', getRemainingTimeInMillis: () => 60000 };
const event = (method, path, body) => ({
  version: '2.0', rawPath: path, rawQueryString: '',
  headers: { host: 'bundle', 'x-api-key': process.env.KEY, 'content-type': 'application/json' },
  requestContext: { requestId: 'r', http: { method, path } },
  body: body === undefined ? undefined : JSON.stringify(body), isBase64Encoded: false,
});
(async () => {
  const statuses = [];
  for (let i = 0; i < 12; i += 1) {
    const id = 'u' + i;
    statuses.push((await api.handler(event('POST', '/v1/customers', { id }), context)).statusCode);
    const orders = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
      orderId: id + '-' + j, purchasedAt: new Date(Date.UTC(2011, i % 12, 1 + j)).toISOString(),
      lines: [{ productId: 'P' + (i % 4), quantity: 1, unitPrice: 3 + i }],
    }));
    statuses.push((await api.handler(event('POST', '/v1/customers/' + id + '/purchases/import', { orders }), context)).statusCode);
  }
  const docs = (await api.handler(event('GET', '/docs/swagger-ui.css'), context)).statusCode;
  const summary = await batch.handler({ source: 'aws.events' }, context);
  process.stderr.write('RESULT ' + JSON.stringify({ statuses: [...new Set(statuses)], docs, summary, codeCache: [api.codeCache, batch.codeCache] }) + '\\n');
  process.exit(0);
})().catch((err) => { process.stderr.write('FAILED ' + err.stack + '\\n'); process.exit(1); });
`;

describe('Lambda bundles', () => {
  let dynamo: EmbeddedDynamoDb;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb();
  });
  afterAll(async () => {
    await dynamo.close();
  });

  it('serve the API and run the batch job (worker threads included) from the bundled files', async () => {
    const bundles = ensureLambdaBundles();
    expect(bundles.batch).toBeDefined();
    const { stderr } = await promisify(execFile)(process.execPath, ['-e', SCRIPT], {
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        PATH: process.env.PATH,
        API_BUNDLE: join(bundles.api, 'index.js'),
        BATCH_BUNDLE: join(bundles.batch as string, 'index.js'),
        KEY,
        STORAGE_MODE: 'endpoint',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        STAGE: 'bundle',
        API_KEYS: `w:${hashApiKey(KEY)}:read+write`,
        LOG_LEVEL: 'error',
        METRICS_SINK: 'off',
        LLM_PROVIDER: 'none',
        SEGMENT_SCAN_WORKERS: '2',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const line = stderr.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line).toBeDefined();
    const result = JSON.parse((line as string).slice('RESULT '.length)) as { statuses: number[]; docs: number; summary: Record<string, unknown>; codeCache: string[] };
    expect(result.statuses.sort()).toEqual([200, 201]);
    expect(result.docs).toBe(200);
    // The bundle step recorded a V8 code cache that this Node.js accepts, and the handlers work from it.
    expect(result.codeCache).toEqual(['accepted', 'accepted']);
    expect(result.summary).toMatchObject({ status: 'completed', customersWritten: 12, scan: { mode: 'threads', workers: 2 } });
  });
});
