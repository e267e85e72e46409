import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashApiKey } from '../../backend/src/common/auth/api-key';
import { EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../backend/src/storage/embedded-dynamodb';
import { LAMBDA_FUNCTIONS } from '../../backend/src/lambda-functions';
import { ensureLambdaBundles } from '../lib/lambda-bundle';

const KEY = 'bundle-test-key-0000000000000001';

const CONTEXT = `const context = { functionName: 'bundle-test', awsRequestId: 'a', getRemainingTimeInMillis: () => 60000 };`;

/**
 * Runs in a fresh Node process with the API function's V8 flags, as Lambda loads a handler (plain
 * require of index.js, which runs handler.js with its code cache): creates 12 customers with orders
 * through the API bundle and fetches a /docs asset; prints the results as one JSON line.
 */
const API_SCRIPT = `
const api = require(process.env.BUNDLE);
${CONTEXT}
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
  process.stderr.write('RESULT ' + JSON.stringify({ statuses: [...new Set(statuses)], docs, codeCache: api.codeCache }) + '\\n');
  process.exit(0);
})().catch((err) => { process.stderr.write('FAILED ' + err.stack + '\\n'); process.exit(1); });
`;

/** The same for the batch bundle, with the batch function's flags: one scheduled run. */
const BATCH_SCRIPT = `
const batch = require(process.env.BUNDLE);
${CONTEXT}
batch.handler({ source: 'aws.events' }, context).then((summary) => {
  process.stderr.write('RESULT ' + JSON.stringify({ summary, codeCache: batch.codeCache }) + '\\n');
  process.exit(0);
}, (err) => { process.stderr.write('FAILED ' + err.stack + '\\n'); process.exit(1); });
`;

describe('Lambda bundles', () => {
  let dynamo: EmbeddedDynamoDb;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamoDb();
  });
  afterAll(async () => {
    await dynamo.close();
  });

  /** Runs `script` in a fresh node with `flags`, the bundle in `dir` as BUNDLE; @returns its RESULT line. */
  async function runBundle(script: string, dir: string, flags: readonly string[]): Promise<Record<string, unknown>> {
    const { stderr } = await promisify(execFile)(process.execPath, [...flags, '-e', script], {
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        PATH: process.env.PATH,
        BUNDLE: join(dir, 'index.js'),
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
    if (line === undefined) throw new Error(`no result: ${stderr}`);
    return JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown>;
  }

  it('serve the API and run the batch job (worker threads included) from the bundled files, each with its code cache', async () => {
    const bundles = ensureLambdaBundles();
    expect(bundles.batch).toBeDefined();
    const api = await runBundle(API_SCRIPT, bundles.api, LAMBDA_FUNCTIONS.api.v8Flags);
    expect((api.statuses as number[]).sort()).toEqual([200, 201]);
    expect(api.docs).toBe(200);
    // The bundle step recorded a code cache that V8 accepts under the function's flags, and the handler works from it.
    expect(api.codeCache).toBe('accepted');
    const batch = await runBundle(BATCH_SCRIPT, bundles.batch as string, LAMBDA_FUNCTIONS.batch.v8Flags);
    expect(batch.codeCache).toBe('accepted');
    expect(batch.summary).toMatchObject({ status: 'completed', customersWritten: 12, scan: { mode: 'threads', workers: 2 } });
  });

  it('records the cache under the functions\' flags: other V8 flags make V8 reject it', async () => {
    const bundles = ensureLambdaBundles();
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write(require(process.argv[1]).codeCache)', join(bundles.api, 'index.js')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(stdout).toBe('rejected');
  });
});
