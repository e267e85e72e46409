import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `backend/dist-lambda`: one folder per handler (`api/`, `batch/`), each with its entry `index.js`,
 * the bundle `handler.js` and its V8 code cache `handler.js.cache`.
 */
export const LAMBDA_BUNDLE_DIR = resolve(__dirname, '..', '..', 'backend', 'dist-lambda');

/** Which handler bundles exist. */
export interface LambdaBundles {
  readonly api: string;
  /** Absent when the backend has no batch handler. */
  readonly batch?: string;
}

/**
 * The handler bundles, built with `npm run bundle -w backend` (tsc + esbuild, offline) when the API
 * bundle is missing, so that `cdk synth` works from a clean clone. An existing bundle is used as it
 * is: `deploy-lambda.sh` always rebuilds it before deploying.
 *
 * @throws Error when the build fails or produces no API bundle.
 */
export function ensureLambdaBundles(dir = LAMBDA_BUNDLE_DIR): LambdaBundles {
  const api = join(dir, 'api');
  // handler.js: a bundle from before the entry/code-cache layout is rebuilt too.
  if (!existsSync(join(api, 'handler.js'))) {
    process.stderr.write(`Lambda bundle missing in ${dir}: building it (npm run bundle -w backend) ...\n`);
    execFileSync('npm', ['run', 'bundle', '--silent', '-w', 'backend'], { cwd: resolve(dir, '..', '..'), stdio: ['ignore', 2, 2] });
  }
  if (!existsSync(join(api, 'handler.js'))) throw new Error(`no API bundle in ${api}`);
  const batch = join(dir, 'batch');
  return { api, ...(existsSync(join(batch, 'handler.js')) ? { batch } : {}) };
}
