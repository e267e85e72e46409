import { join } from 'node:path';
import { fitKMeans } from './kmeans';
import { fitKMeansParallel, PARALLEL_MIN_WORK } from './kmeans-parallel';
import { SeededRandom } from './prng';

/** Gaussian blobs around 4 centres in 3-D, from a seeded generator. */
function blobs(n: number, seed: number): Float64Array {
  const rng = new SeededRandom(seed);
  const centres = [0, 0, 0, 5, 5, 0, -4, 3, 2, 1, -5, 4];
  const data = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = (i % 4) * 3;
    for (let t = 0; t < 3; t++) {
      const u = Math.max(rng.nextFloat(), 1e-12);
      const v = rng.nextFloat();
      data[i * 3 + t] = centres[c + t] + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
  return data;
}

// Workers load the TypeScript worker through ts-node here; the service uses the compiled file.
const TS_RUNTIME = { file: join(__dirname, 'kmeans.worker.ts'), execArgv: ['-r', 'ts-node/register/transpile-only'] };

describe('fitKMeansParallel', () => {
  it('gives exactly the sequential model for the same seed (runs spread over 2 workers)', async () => {
    const n = Math.ceil(PARALLEL_MIN_WORK / 4);
    const data = blobs(n, 11);
    const options = { k: 5, nInit: 4, seed: 42 };
    const sequential = fitKMeans(data, 3, options);
    const parallel = await fitKMeansParallel(data, 3, options, 2, TS_RUNTIME);
    expect(parallel.runs).toEqual(sequential.runs);
    expect(parallel.inertia).toBe(sequential.inertia);
    expect(Array.from(parallel.centroids)).toEqual(Array.from(sequential.centroids));
    expect(Buffer.from(parallel.labels.buffer).equals(Buffer.from(sequential.labels.buffer))).toBe(true);
  }, 60_000);

  it('runs small fits in this thread with the same result', async () => {
    const data = blobs(400, 3);
    const options = { k: 4, nInit: 3, seed: 1 };
    await expect(fitKMeansParallel(data, 3, options, 2, TS_RUNTIME)).resolves.toEqual(fitKMeans(data, 3, options));
  });
});
