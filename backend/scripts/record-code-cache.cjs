'use strict';
// Records the V8 code cache of a bundled Lambda handler (see lambda-entry.cjs):
//
//   node scripts/record-code-cache.cjs <dist-lambda/handler folder> [--warm-up-api] [--v8-flags="<flags>"]
//
// The flags are those node runs the handler with on Lambda (src/lambda-functions.ts): V8 accepts a
// cache only under the flags it was recorded with.
// Loads the handler through its entry file and, with --warm-up-api, serves four requests (no API key:
// 401; an invalid body: 400; create a customer: 201; read one: 404) against a stand-in DynamoDB
// endpoint on 127.0.0.1 that answers every call with an empty JSON object, so that the cache also
// holds the functions of the Nest bootstrap, the request pipeline and the DynamoDB client. Then
// writes handler.js.cache. Runs with a fixed environment of its own: no AWS call is made and no
// credential of the caller is read.
const { createHash, randomBytes } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { join, resolve } = require('node:path');

const [dirArg, ...flags] = process.argv.slice(2);
if (!dirArg) {
  process.stderr.write('usage: record-code-cache.cjs <handler folder> [--warm-up-api] [--v8-flags="<flags>"]\n');
  process.exit(2);
}
const dir = resolve(dirArg);
const key = process.env.CODE_CACHE_KEY ?? randomBytes(24).toString('hex');

function event(method, path, headers, body) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'code-cache', ...headers },
    requestContext: { requestId: `code-cache-${method}`, http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' } },
    body,
    isBase64Encoded: false,
  };
}

/** A DynamoDB endpoint that accepts every call and returns `{}` (PutItem succeeds, GetItem finds nothing). */
async function standInDynamoDb() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

async function main() {
  const dynamo = flags.includes('--warm-up-api') ? await standInDynamoDb() : undefined;
  if (dynamo) process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${dynamo.address().port}`;
  const entry = require(join(dir, 'index.js'));
  if (dynamo) {
    const context = { functionName: 'code-cache-warm-up', awsRequestId: 'code-cache', getRemainingTimeInMillis: () => 30000 };
    const json = { 'x-api-key': key, 'content-type': 'application/json' };
    const answers = [
      await entry.handler(event('GET', '/v1/customers/warm-up', {}), context),
      await entry.handler(event('POST', '/v1/customers', json, '{"id":""}'), context),
      await entry.handler(event('POST', '/v1/customers', json, '{"id":"warm-up","country":"Iceland"}'), context),
      await entry.handler(event('GET', '/v1/customers/warm-up', { 'x-api-key': key }), context),
    ].map((answer) => answer.statusCode);
    if (answers.join() !== '401,400,201,404') throw new Error(`warm-up answered ${answers.join(', ')}, expected 401, 400, 201, 404`);
    await entry.closeLambdaApp();
    dynamo.close();
  }
  const cache = entry.createCodeCache();
  writeFileSync(join(dir, 'handler.js.cache'), cache);
  process.stdout.write(`${JSON.stringify({ codeCacheKiB: Math.round(cache.length / 102.4) / 10 })}\n`);
}

if (process.env.CODE_CACHE_RECORDING !== '1') {
  // Re-run with the fixed environment below rather than the caller's.
  const { execFileSync } = require('node:child_process');
  const env = {
    PATH: process.env.PATH,
    CODE_CACHE_RECORDING: '1',
    NODE_ENV: 'production',
    AWS_LAMBDA_FUNCTION_NAME: 'code-cache-warm-up',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'code-cache',
    AWS_SECRET_ACCESS_KEY: 'code-cache',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    STORAGE_MODE: 'aws',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    API_KEYS: `code-cache:${createHash('sha256').update(key, 'utf8').digest('hex')}:read+write`,
    LLM_PROVIDER: 'none',
    METRICS_SINK: 'off',
    LOG_LEVEL: 'error',
  };
  const v8Flags = (flags.find((flag) => flag.startsWith('--v8-flags=')) ?? '--v8-flags=').slice('--v8-flags='.length).split(' ').filter(Boolean);
  const out = execFileSync(process.execPath, [...v8Flags, __filename, dir, ...flags], { env: { ...env, CODE_CACHE_KEY: key }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(out.split('\n').filter((line) => line.startsWith('{"codeCacheKiB"')).join('\n') + '\n');
} else {
  main().catch((err) => {
    process.stderr.write(`code cache not recorded: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
