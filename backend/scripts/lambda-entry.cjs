'use strict';
// Entry file of a bundled Lambda handler (copied to dist-lambda/<handler>/index.js by
// scripts/bundle-lambda.mjs). It runs the bundle, handler.js, exactly as `require` would, but
// compiles it with the V8 code cache stored beside it (handler.js.cache), which the bundle step
// records after a warm-up. V8 checks that the cache comes from the same V8 version, flags and
// source, and otherwise rejects it and compiles from source: a stale or foreign cache costs nothing
// but the time it would have saved. Exports the handler's exports, plus `codeCache`
// ('accepted' | 'rejected' | 'absent', also in LAMBDA_CODE_CACHE for the handler's start-up log)
// and `createCodeCache()` (a new cache with every function compiled so far) for the bundle step and
// the benchmark.
const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, 'handler.js');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  cachedData = undefined;
}
// No importModuleDynamically: Node drops it for a script compiled from a cache, so the bundle step
// leaves no dynamic import() in handler.js.
const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const codeCache = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
// For the handler's start-up log.
process.env.LAMBDA_CODE_CACHE = codeCache;
const bundle = { exports: {}, id: file, filename: file, path: __dirname, loaded: false, children: [], paths: module.paths };
script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(file), bundle, file, __dirname);
bundle.loaded = true;

module.exports = {
  ...bundle.exports,
  codeCache,
  createCodeCache: () => script.createCachedData(),
};
