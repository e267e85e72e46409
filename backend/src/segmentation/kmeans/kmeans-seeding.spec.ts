import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { createScalarSeedingKernel, createSeedingKernel, createWasmSeedingKernel, seedKMeansPlusPlus, SeedingKernel } from './kmeans-seeding';
import { SeededRandom } from './prng';

/** Points in 3-D from a seed: rounded coordinates (so that ties and duplicates occur), optionally far from 0. */
const points3 = fc
  .record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), n: fc.integer({ min: 1, max: 160 }), offset: fc.constantFrom(0, 250, -1e4) })
  .map(({ seed, n, offset }) => {
    const rng = new SeededRandom(seed);
    return { seed, data: Float64Array.from({ length: n * 3 }, () => offset + Math.round((rng.nextFloat() * 8 - 4) * 20) / 20) };
  });

function wasmKernel(data: Float64Array): SeedingKernel {
  const kernel = createWasmSeedingKernel(data);
  if (kernel === null) throw new Error('WebAssembly SIMD is unavailable on this Node.js');
  return kernel;
}

describe('k-means++ seeding kernels', () => {
  it('the committed WebAssembly binary is the assembly of seeding-kernels.wat', () => {
    expect(() => execFileSync(process.execPath, [join(__dirname, '../../../scripts/build-wasm.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('uses the WebAssembly kernels for d = 3 and the scalar ones otherwise', () => {
    const data = Float64Array.from({ length: 12 }, (_, i) => i);
    expect(createWasmSeedingKernel(data)).not.toBeNull();
    expect(createSeedingKernel(data, 3).closest.byteOffset).toBeGreaterThan(0); // a view into the module's memory
    expect(createSeedingKernel(data, 4).closest.byteOffset).toBe(0);
  });

  it('WebAssembly and scalar kernels agree bit for bit: potentials, D², labels, running sums', () => {
    fc.assert(
      fc.property(points3, fc.integer({ min: 1, max: 7 }), ({ seed, data }, trials) => {
        const n = data.length / 3;
        const scalar = createScalarSeedingKernel(data, 3);
        const simd = wasmKernel(data);
        const rng = new SeededRandom(seed ^ 0x5bd1e995);
        for (const kernel of [scalar, simd]) kernel.reset();
        for (let c = 0; c < 4; c++) {
          const candidates = new Float64Array(trials * 3);
          for (let t = 0; t < trials; t++) {
            const p = rng.nextInt(n);
            candidates.set(data.subarray(3 * p, 3 * p + 3), 3 * t);
          }
          if (c > 0) {
            const [a, b] = [new Float64Array(trials), new Float64Array(trials)];
            scalar.potentials(candidates, trials, a);
            simd.potentials(candidates, trials, b);
            expect(Array.from(b)).toEqual(Array.from(a));
          }
          const id = rng.nextInt(n);
          expect(simd.addCentre(id, c)).toBe(scalar.addCentre(id, c));
          expect(Array.from(simd.closest)).toEqual(Array.from(scalar.closest));
          expect(Array.from(simd.labels)).toEqual(Array.from(scalar.labels));
          expect(Array.from(simd.cumulative)).toEqual(Array.from(scalar.cumulative));
        }
      }),
      { numRuns: 80 },
    );
  });

  it('seeds the same centres with either kernel, and again after a reset', () => {
    fc.assert(
      fc.property(points3, fc.integer({ min: 1, max: 12 }), ({ seed, data }, k) => {
        const n = data.length / 3;
        fc.pre(k <= n);
        const seedWith = (kernel: SeedingKernel): { centroids: number[]; labels: number[] } => {
          const centroids = new Float64Array(k * 3);
          seedKMeansPlusPlus(kernel, data, 3, k, centroids, new SeededRandom(seed));
          return { centroids: Array.from(centroids), labels: Array.from(kernel.labels) };
        };
        const simd = wasmKernel(data);
        const first = seedWith(simd);
        expect(seedWith(createScalarSeedingKernel(data, 3))).toEqual(first);
        expect(seedWith(simd)).toEqual(first);
        // every label is the nearest seed (lowest index on ties)
        for (let i = 0; i < n; i++) {
          const distances = Array.from({ length: k }, (_, j) => (data[3 * i] - first.centroids[3 * j]) ** 2 + (data[3 * i + 1] - first.centroids[3 * j + 1]) ** 2 + (data[3 * i + 2] - first.centroids[3 * j + 2]) ** 2);
          expect(distances[first.labels[i]]).toBeLessThanOrEqual(Math.min(...distances) * (1 + 1e-12) + 1e-12);
        }
      }),
      { numRuns: 60 },
    );
  });
});
