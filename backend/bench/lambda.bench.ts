import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hashApiKey } from '../src/common/auth/api-key';
import { LAMBDA_FUNCTIONS } from '../src/lambda-functions';
import { startEmbeddedDynamoDb } from '../src/storage/embedded-dynamodb';
import { ensureTables } from '../src/storage/ensure-tables';
import { allTableDefinitions } from '../src/storage/table-definitions';
import { writeBenchmark } from './bench-output';

/** `backend/`, from `dist-bench/bench/`. */
const BACKEND_DIR = resolve(__dirname, '..', '..');
const API_DIR = join(BACKEND_DIR, 'dist-lambda', 'api');
/** The entry Lambda loads (scripts/lambda-entry.cjs), which runs handler.js with its code cache. */
const API_BUNDLE = join(API_DIR, 'index.js');
const RUNS = 7;
const TARGET_MS = 300;
const CHILD_TIMEOUT_MS = 30_000;
const KEY = 'bench-lambda-key-000000000000001';

/**
 * Runs in a child process while dynalite serves from this one, hence the asynchronous `execFile`.
 * What one fresh Node process does, as Lambda's runtime would: require the bundled handler, then
 * serve a first request (create a customer) and a second one (read it back), timing each.
 */
const CHILD = `
const event = (method, path, body) => ({
  version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
  headers: { host: 'bench', 'x-api-key': process.env.BENCH_KEY, ...(body ? { 'content-type': 'application/json' } : {}) },
  requestContext: { requestId: 'bench-' + method, http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' } },
  body, isBase64Encoded: false,
});
const context = { functionName: 'bench-api', awsRequestId: 'bench', getRemainingTimeInMillis: () => 29000 };
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
const t0 = process.hrtime.bigint();
const { handler, codeCache } = require(process.env.BENCH_BUNDLE);
const requireMs = ms(t0);
const id = 'bench-' + process.pid;
const t1 = process.hrtime.bigint();
handler(event('POST', '/v1/customers', JSON.stringify({ id, country: 'Iceland' })), context).then(async (first) => {
  const firstRequestMs = ms(t1);
  const t2 = process.hrtime.bigint();
  const second = await handler(event('GET', '/v1/customers/' + id), context);
  const warmRequestMs = ms(t2);
  process.stderr.write('BENCH ' + JSON.stringify({ requireMs, firstRequestMs, warmRequestMs, codeCache, status: [first.statusCode, second.statusCode] }) + '\\n');
  process.exit(0);
});
`;

interface ChildResult {
  readonly requireMs: number;
  readonly firstRequestMs: number;
  readonly warmRequestMs: number;
  readonly codeCache: string;
  readonly status: readonly number[];
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round1 = (value: number) => Math.round(value * 10) / 10;

function summary(values: readonly number[]): Record<string, number> {
  return { median: round1(median(values)), min: round1(Math.min(...values)), max: round1(Math.max(...values)) };
}

/**
 * Cold start of the bundled API handler: `RUNS` fresh Node processes, each requiring
 * `dist-lambda/api/index.js` and serving a first request, in AWS storage mode (no table creation)
 * against dynalite whose tables this process created beforehand. Also records the bundle size.
 * Builds the bundle first when it is missing (`npm run bundle`). Target: require + first request
 * under 300 ms (median).
 */
export async function run(): Promise<void> {
  const loadAtStart = loadavg()[0];
  if (!existsSync(join(API_DIR, 'handler.js.cache'))) execFileSync('npm', ['run', 'bundle', '--silent'], { cwd: BACKEND_DIR, stdio: 'inherit' });
  const dynamo = await startEmbeddedDynamoDb();
  const table = 'bench-lambda-customers';
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await ensureTables(client, allTableDefinitions({ customers: table }));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      BENCH_BUNDLE: API_BUNDLE,
      BENCH_KEY: KEY,
      STORAGE_MODE: 'aws',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      CUSTOMERS_TABLE: table,
      API_KEYS: `bench:${hashApiKey(KEY)}:read+write`,
      AWS_LAMBDA_FUNCTION_NAME: 'bench-api',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LLM_PROVIDER: 'none',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    const coldStarts = async (): Promise<ChildResult[]> => {
      const results: ChildResult[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        // The V8 flags of the API function on Lambda (its runtime's and its NODE_OPTIONS).
        const { stderr } = await promisify(execFile)(process.execPath, [...LAMBDA_FUNCTIONS.api.v8Flags, '-e', CHILD], { env, encoding: 'utf8', maxBuffer: 16 * 2 ** 20, timeout: CHILD_TIMEOUT_MS });
        const line = stderr.split('\n').find((l) => l.startsWith('BENCH '));
        if (!line) throw new Error(`child printed no result: ${stderr}`);
        const result = JSON.parse(line.slice('BENCH '.length)) as ChildResult;
        if (result.status[0] !== 201 || result.status[1] !== 200) throw new Error(`unexpected statuses ${result.status.join(', ')}`);
        results.push(result);
      }
      return results;
    };
    const results = await coldStarts();
    // The same without the cache: what a runtime whose V8 rejects it (another Node.js version) pays.
    const cacheFile = join(API_DIR, 'handler.js.cache');
    renameSync(cacheFile, `${cacheFile}.aside`);
    let withoutCache: ChildResult[];
    try {
      withoutCache = await coldStarts();
    } finally {
      renameSync(`${cacheFile}.aside`, cacheFile);
    }
    const code = readFileSync(join(API_DIR, 'handler.js'));
    const codeCache = [...new Set(results.map((r) => r.codeCache))].join(', ');
    const coldStartMs = results.map((r) => r.requireMs + r.firstRequestMs);
    writeBenchmark('lambda', {
      description:
        'Bundled API handler (dist-lambda/api/index.js, which runs handler.js with the V8 code cache recorded by npm run bundle; codeCache says whether V8 accepted it) in fresh Node processes: require, first request (POST /v1/customers, Nest bootstrap included) and a warm GET, AWS storage mode against in-process dynalite with pre-created tables',
      runs: RUNS,
      targetColdStartMs: TARGET_MS,
      coldStartMs: summary(coldStartMs),
      requireMs: summary(results.map((r) => r.requireMs)),
      firstRequestMs: summary(results.map((r) => r.firstRequestMs)),
      warmRequestMs: summary(results.map((r) => r.warmRequestMs)),
      withinTarget: median(coldStartMs) < TARGET_MS,
      withoutCodeCache: {
        coldStartMs: summary(withoutCache.map((r) => r.requireMs + r.firstRequestMs)),
        requireMs: summary(withoutCache.map((r) => r.requireMs)),
        firstRequestMs: summary(withoutCache.map((r) => r.firstRequestMs)),
      },
      loadAverage1mAtStart: round1(loadAtStart),
      loadAverage1mAtEnd: round1(loadavg()[0]),
      codeCache,
      nodeFlags: LAMBDA_FUNCTIONS.api.v8Flags.join(' '),
      bundle: {
        file: 'backend/dist-lambda/api/handler.js',
        sizeKiB: round1(code.length / 1024),
        gzipKiB: round1(gzipSync(code).length / 1024),
        codeCacheKiB: round1(statSync(join(API_DIR, 'handler.js.cache')).size / 1024),
      },
    });
  } finally {
    client.destroy();
    await dynamo.close();
  }
}
