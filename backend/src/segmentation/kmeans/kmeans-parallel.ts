import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fitKMeans, KMeansOptions, KMeansPlan, KMeansResult, KMeansRunResult, pickBestRun, planKMeans } from './kmeans';

/** Below this many point-runs (n × nInit) the worker start-up costs more than it saves. */
export const PARALLEL_MIN_WORK = 2_000_000;

/** Message a k-means worker receives: the shared data, the plan and its share of run seeds. */
export interface KMeansWorkerRequest {
  readonly data: Float64Array;
  readonly plan: KMeansPlan;
  readonly runSeeds: readonly number[];
}

/** How to start a worker: the compiled worker file (and node flags, e.g. a TypeScript loader in tests). */
export interface KMeansWorkerRuntime {
  readonly file: string;
  readonly execArgv?: readonly string[];
}

/** The compiled worker beside this file, or undefined when not running from JavaScript. */
function defaultRuntime(): KMeansWorkerRuntime | undefined {
  return __filename.endsWith('.js') ? { file: __filename.replace(/kmeans-parallel\.js$/, 'kmeans.worker.js') } : undefined;
}

/**
 * {@link fitKMeans} with the independent `nInit` runs spread over worker threads (the data shared
 * through one SharedArrayBuffer). Every run keeps the seed it has in the sequential fit and the best
 * run is chosen in run order, so the model is identical to `fitKMeans` with the same options.
 * Small fits (n × nInit < {@link PARALLEL_MIN_WORK}), a single run, or code not running from
 * compiled JavaScript (e.g. under ts-jest) run in this thread.
 *
 * @param workers threads to use; default: the machine's available parallelism, at most nInit.
 * @param runtime how to start workers; default: the compiled `kmeans.worker.js` beside this file.
 * @throws RangeError as {@link fitKMeans}.
 */
export async function fitKMeansParallel(
  data: Float64Array,
  d: number,
  options: KMeansOptions,
  workers = availableParallelism(),
  runtime: KMeansWorkerRuntime | undefined = defaultRuntime(),
): Promise<KMeansResult> {
  const plan = planKMeans(data, d, options);
  const lanes = Math.min(workers, plan.runSeeds.length);
  if (options.init !== undefined || lanes < 2 || plan.n * plan.runSeeds.length < PARALLEL_MIN_WORK || !runtime) {
    return fitKMeans(data, d, options);
  }
  const shared = new Float64Array(new SharedArrayBuffer(data.byteLength));
  shared.set(data);
  const shares: number[][] = Array.from({ length: lanes }, () => []);
  const order: number[][] = Array.from({ length: lanes }, () => []);
  plan.runSeeds.forEach((seed, r) => {
    shares[r % lanes].push(seed);
    order[r % lanes].push(r);
  });
  const perLane = await Promise.all(shares.map((runSeeds) => runInWorker(runtime, { data: shared, plan, runSeeds })));
  const results = new Array<KMeansRunResult>(plan.runSeeds.length);
  perLane.forEach((laneResults, lane) => laneResults.forEach((result, i) => (results[order[lane][i]] = result)));
  return pickBestRun(results, plan);
}

function runInWorker(runtime: KMeansWorkerRuntime, request: KMeansWorkerRequest): Promise<KMeansRunResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(runtime.file, { workerData: request, execArgv: [...(runtime.execArgv ?? [])] });
    worker.once('message', (results: KMeansRunResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`k-means worker exited with code ${code}`));
    });
  });
}
