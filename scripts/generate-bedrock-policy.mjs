#!/usr/bin/env node
// Writes bedrock-iam-policy.json from the backend's model catalog (DEFAULT_MODEL_CATALOG) with the
// same function the CDK stack uses for the API role (infra/lib/bedrock-policy.ts).
//   node scripts/generate-bedrock-policy.mjs            write the file
//   node scripts/generate-bedrock-policy.mjs --check    exit 1 if the committed file differs
//   node scripts/generate-bedrock-policy.mjs --models   print the catalog as JSON lines (modelId, inferenceProfileId)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'infra', 'package.json'));
require('ts-node').register({ transpileOnly: true, project: join(root, 'infra', 'tsconfig.json') });
const { bedrockPolicyDocument } = require(join(root, 'infra', 'lib', 'bedrock-policy.ts'));
const { DEFAULT_MODEL_CATALOG } = require(join(root, 'backend', 'src', 'llm', 'model-catalog.ts'));

const file = join(root, 'bedrock-iam-policy.json');
const text = `${JSON.stringify(bedrockPolicyDocument(DEFAULT_MODEL_CATALOG), null, 2)}\n`;
const mode = process.argv[2];

if (mode === '--models') {
  for (const m of DEFAULT_MODEL_CATALOG) process.stdout.write(`${m.modelId} ${m.inferenceProfileId ?? '-'}\n`);
} else if (mode === '--check') {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    committed = '';
  }
  if (committed !== text) {
    process.stderr.write('bedrock-iam-policy.json differs from the model catalog: run node scripts/generate-bedrock-policy.mjs\n');
    process.exit(1);
  }
  process.stdout.write('bedrock-iam-policy.json matches the model catalog\n');
} else if (mode === undefined) {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
} else {
  process.stderr.write('usage: generate-bedrock-policy.mjs [--check|--models]\n');
  process.exit(2);
}
