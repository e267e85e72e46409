import { SeededRandom } from './prng';
import { KMeansArena, POTENTIALS_PER_CALL } from './kmeans-wasm';

/** Number of candidate centres tried per k-means++ step: 2 + ⌊ln k⌋ (scikit-learn). */
export function kmeansPlusPlusTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * The two passes over the data that k-means++ repeats, with the per-point state they keep: D² to
 * the nearest chosen centre (`closest`), its running sums in point order (`cumulative`, for the D²
 * draws) and the index of that centre (`labels`, lowest on ties).
 */
export interface SeedingKernel {
  readonly closest: Float64Array;
  readonly cumulative: Float64Array;
  readonly labels: Int32Array;
  /** Forgets every centre (closest = ∞, labels = 0), for a new seeding. */
  reset(): void;
  /** out[t] = Σ_i min(closest[i], ‖x_i − candidate_t‖²), summed in point order; candidates: trials × d. */
  potentials(candidates: Float64Array, trials: number, out: Float64Array): void;
  /**
   * Makes the point `id` centre number `c`: closest = min(closest, D² to it), labels = c where it
   * is strictly nearer, cumulative = running sums.
   * @returns the new potential Σ closest.
   */
  addCentre(id: number, c: number): number;
}

/** Plain TypeScript kernels, any d. */
export function createScalarSeedingKernel(data: Float64Array, d: number): SeedingKernel {
  const n = data.length / d;
  const closest = new Float64Array(n).fill(Infinity);
  const cumulative = new Float64Array(n);
  const labels = new Int32Array(n);
  return {
    closest,
    cumulative,
    labels,
    reset: () => resetSeeding(closest, labels),
    potentials(candidates, trials, out) {
      out.fill(0, 0, trials);
      for (let i = 0, base = 0; i < n; i++, base += d) {
        const current = closest[i];
        for (let t = 0, offset = 0; t < trials; t++, offset += d) {
          let sq = 0;
          for (let u = 0; u < d; u++) {
            const e = data[base + u] - candidates[offset + u];
            sq += e * e;
          }
          out[t] += sq < current ? sq : current;
        }
      }
    },
    addCentre(id, c) {
      const offset = id * d;
      let running = 0;
      for (let i = 0, base = 0; i < n; i++, base += d) {
        let sq = 0;
        for (let u = 0; u < d; u++) {
          const e = data[base + u] - data[offset + u];
          sq += e * e;
        }
        let v = closest[i];
        if (sq < v) {
          v = sq;
          closest[i] = sq;
          labels[i] = c;
        }
        running += v;
        cumulative[i] = running;
      }
      return running;
    },
  };
}

function resetSeeding(closest: Float64Array, labels: Int32Array): void {
  closest.fill(Infinity);
  labels.fill(0);
}

/**
 * The d = 3 kernels in WebAssembly SIMD over an arena's arrays (kmeans-kernels.wat), bit-for-bit
 * equal to {@link createScalarSeedingKernel} and about twice as fast.
 */
export function arenaSeedingKernel(arena: KMeansArena): SeedingKernel {
  const { closest, cumulative, labels, candidates: slots, potentials: sums } = arena;
  return {
    closest,
    cumulative,
    labels,
    reset: () => resetSeeding(closest, labels),
    potentials(candidates, trials, out) {
      for (let first = 0; first < trials; first += POTENTIALS_PER_CALL) {
        const count = Math.min(POTENTIALS_PER_CALL, trials - first);
        slots.set(candidates.subarray(3 * first, 3 * (first + count)));
        // Unused slots repeat the last candidate; their sums are ignored.
        for (let t = count; t < POTENTIALS_PER_CALL; t++) slots.copyWithin(3 * t, 3 * (count - 1), 3 * count);
        arena.potentials4();
        for (let t = 0; t < count; t++) out[first + t] = sums[t];
      }
    },
    addCentre: (id, c) => arena.addCentre(id, c),
  };
}

/** {@link arenaSeedingKernel} over a copy of `data` (n × 3), or null where WebAssembly SIMD is unavailable. */
export function createWasmSeedingKernel(data: Float64Array): SeedingKernel | null {
  const arena = KMeansArena.create(data, 1);
  return arena === null ? null : arenaSeedingKernel(arena);
}

/** The fastest kernels for the shape: WebAssembly SIMD for d = 3 where available, else scalar. */
export function createSeedingKernel(data: Float64Array, d: number): SeedingKernel {
  return (d === 3 ? createWasmSeedingKernel(data) : null) ?? createScalarSeedingKernel(data, d);
}

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii, "k-means++: the advantages of careful seeding",
 * SODA 2007; greedy variant as scikit-learn `_kmeans_plusplus`): the first centre is a uniformly
 * drawn point; each next centre is the best of 2 + ⌊ln k⌋ candidates drawn with probability
 * proportional to D² (squared distance to the nearest chosen centre), "best" meaning the one that
 * leaves the smallest potential Σ D².
 *
 * Writes the k × d centres (copies of data points, row-major) into `centroids`; on return the
 * kernel's `closest` and `labels` hold each point's D² to its nearest centre and that centre.
 */
export function seedKMeansPlusPlus(kernel: SeedingKernel, data: Float64Array, d: number, k: number, centroids: Float64Array, rng: SeededRandom): void {
  const n = data.length / d;
  kernel.reset();
  const trials = kmeansPlusPlusTrials(k);
  const { cumulative } = kernel;
  const candidateIds = new Int32Array(trials);
  const candidatePoints = new Float64Array(trials * d);
  const potentials = new Float64Array(trials);
  const addCentre = (id: number, c: number): number => {
    centroids.set(data.subarray(id * d, id * d + d), c * d);
    return kernel.addCentre(id, c);
  };

  let potential = addCentre(rng.nextInt(n), 0);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const target = rng.nextFloat() * potential;
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      const id = Math.min(lo, n - 1);
      candidateIds[t] = id;
      candidatePoints.set(data.subarray(id * d, id * d + d), t * d);
    }
    kernel.potentials(candidatePoints, trials, potentials);
    let best = 0;
    for (let t = 1; t < trials; t++) if (potentials[t] < potentials[best]) best = t;
    potential = addCentre(candidateIds[best], c);
  }
}
