import { arenaSeedingKernel, createSeedingKernel, seedKMeansPlusPlus as seedCentres, SeedingKernel } from './kmeans-seeding';
import { KMeansArena } from './kmeans-wasm';
import { SeededRandom } from './prng';

export interface KMeansOptions {
  /** Number of clusters, 1 ≤ k ≤ n. */
  readonly k: number;
  /** Independent k-means++ initialisations; the lowest-inertia run wins. Default 10. */
  readonly nInit?: number;
  /** Lloyd iterations per run. Default 300. */
  readonly maxIter?: number;
  /** Relative tolerance on Σ‖Δcentroid‖², scaled by the mean feature variance. Default 1e-4. */
  readonly tol?: number;
  /** PRNG seed; the same seed and data always give the same model. Default 0. */
  readonly seed?: number;
  /** Explicit k × d initial centroids (row-major); when given, a single run starts from them. */
  readonly init?: Float64Array;
}

/** One k-means run. */
export interface KMeansRun {
  readonly seed: number;
  readonly inertia: number;
  readonly iterations: number;
}

export interface KMeansResult {
  readonly k: number;
  /** Features per point. */
  readonly d: number;
  /** k × d, row-major. */
  readonly centroids: Float64Array;
  /** Cluster of each point, 0..k-1. */
  readonly labels: Int32Array;
  /** Σ squared Euclidean distance of each point to its centroid. */
  readonly inertia: number;
  /** Lloyd iterations of the winning run. */
  readonly iterations: number;
  /** Whether the winning run stopped before maxIter (labels stable or centroid shift ≤ tol). */
  readonly converged: boolean;
  readonly clusterSizes: number[];
  /**
   * Inertia of the assignment step of each iteration of the winning run (points to the nearest of
   * the centroids at the start of that iteration); non-increasing up to rounding.
   */
  readonly inertiaTrace: number[];
  readonly runs: KMeansRun[];
}

/** Buffers shared by the runs of one fit so that no run allocates per point. */
interface Workspace {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly squaredNorms: Float64Array;
  readonly labels: Int32Array;
  readonly minDistances: Float64Array;
  readonly centroids: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly centroidNorms: Float64Array;
  /**
   * Per point: upper bound on the distance to its own centroid (Hamerly), stored as the bound minus
   * `upperDrift[own]` at the time it was set, so that a pass updates no per-point bound it does not test.
   */
  readonly upperBounds: Float64Array;
  /**
   * Per point: lower bound on the distance to every centroid other than its own (Hamerly), stored as
   * the bound plus `lowerDrift[own]` at the time it was set.
   */
  readonly lowerBounds: Float64Array;
  /** Per centroid: Σ of its shifts since the bounds were initialised. */
  readonly upperDrift: Float64Array;
  /** Per centroid: Σ of the largest shift among the other centroids since the bounds were initialised. */
  readonly lowerDrift: Float64Array;
  /** Per cluster: Σ‖x‖² of its members (with `sums` and `counts`, the inertia without a point pass). */
  readonly normSums: Float64Array;
  /** Whether sums, counts and normSums must be rebuilt from the labels before the next assignment. */
  sumsStale: boolean;
  /** Per centroid: distance moved by the last update step. */
  readonly centroidShifts: Float64Array;
  /** Per centroid: half the distance to the nearest other centroid. */
  readonly halfSeparations: Float64Array;
  /**
   * Whether `labels` and `lowerBounds` are a valid assignment and valid bounds for the centroids
   * before the last update (whose moves are in `centroidShifts`).
   */
  boundsValid: boolean;
  readonly maxSquaredNorm: number;
  /** The k-means++ passes and their per-point state; created at the first seeding. */
  seeding: SeedingKernel | null;
  /** For d = 3: the WebAssembly memory holding the arrays above, and its kernels. */
  readonly arena: KMeansArena | null;
}

function createWorkspace(data: Float64Array, n: number, d: number, k: number): Workspace {
  const arena = d === 3 ? KMeansArena.create(data, k) : null;
  const arrays = arena ?? {
    squaredNorms: new Float64Array(n),
    labels: new Int32Array(n),
    centroids: new Float64Array(k * d),
    sums: new Float64Array(k * d),
    counts: new Float64Array(k),
    centroidNorms: new Float64Array(k),
    upperBounds: new Float64Array(n),
    lowerBounds: new Float64Array(n),
    upperDrift: new Float64Array(k),
    lowerDrift: new Float64Array(k),
    normSums: new Float64Array(k),
    halfSeparations: new Float64Array(k),
  };
  const squaredNorms = arrays.squaredNorms;
  let maxSquaredNorm = 0;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    let s = 0;
    for (let t = 0; t < d; t++) s += data[base + t] * data[base + t];
    squaredNorms[i] = s;
    if (s > maxSquaredNorm) maxSquaredNorm = s;
  }
  return {
    data,
    n,
    d,
    k,
    squaredNorms,
    labels: arrays.labels,
    minDistances: new Float64Array(n),
    centroids: arrays.centroids,
    sums: arrays.sums,
    counts: arrays.counts,
    centroidNorms: arrays.centroidNorms,
    upperBounds: arrays.upperBounds,
    lowerBounds: arrays.lowerBounds,
    upperDrift: arrays.upperDrift,
    lowerDrift: arrays.lowerDrift,
    normSums: arrays.normSums,
    sumsStale: true,
    centroidShifts: new Float64Array(k),
    halfSeparations: arrays.halfSeparations,
    boundsValid: false,
    maxSquaredNorm,
    seeding: arena === null ? null : arenaSeedingKernel(arena),
    arena,
  };
}

function squaredDistance(data: Float64Array, a: number, b: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const diff = data[a + t] - data[b + t];
    s += diff * diff;
  }
  return s;
}

/**
 * Greedy k-means++ seeding ({@link seedCentres}).
 *
 * @returns k × d initial centroids, row-major, each a copy of a data point.
 */
export function kmeansPlusPlus(data: Float64Array, d: number, k: number, rng: SeededRandom): Float64Array {
  const centroids = new Float64Array(k * d);
  seedCentres(createSeedingKernel(data, d), data, d, k, centroids, rng);
  return centroids;
}

/**
 * k-means++ into `ws.centroids`; leaves every point labelled with its nearest seed (lowest index on
 * ties) and the bounds of the first assignment valid: the exact distance to that seed above,
 * nothing known below, no shifts.
 */
function seedKMeansPlusPlus(ws: Workspace, rng: SeededRandom): void {
  const { data, n, d, k } = ws;
  ws.seeding ??= createSeedingKernel(data, d);
  const kernel = ws.seeding;
  seedCentres(kernel, data, d, k, ws.centroids, rng);
  ws.labels.set(kernel.labels);
  const { upperBounds, lowerBounds } = ws;
  const closest = kernel.closest;
  for (let i = 0; i < n; i++) upperBounds[i] = Math.sqrt(closest[i]);
  lowerBounds.fill(0);
  ws.upperDrift.fill(0);
  ws.lowerDrift.fill(0);
  ws.centroidShifts.fill(0);
  ws.boundsValid = true;
}

/** Relative margin of the bound tests, far above the rounding of the norm expansion and of the bounds. */
const BOUND_MARGIN = 1e-5;

/** Scratch of {@link nearestTwo}: the best and second-best ‖c‖² − 2x·c. */
const NEAREST = new Float64Array(2);

/**
 * Nearest and second-nearest centroid of the point at `base` by ‖c‖² − 2x·c, lowest index on ties.
 * @returns the nearest index; its value is left in `NEAREST[0]`, the second-best in `NEAREST[1]`.
 */
function nearestTwo(data: Float64Array, base: number, d: number, k: number, centroids: Float64Array, centroidNorms: Float64Array): number {
  let best = 0;
  let bestValue = Infinity;
  let secondValue = Infinity;
  for (let j = 0, cb = 0; j < k; j++, cb += d) {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += data[base + t] * centroids[cb + t];
    const v = centroidNorms[j] - 2 * dot;
    if (v < bestValue) {
      secondValue = bestValue;
      bestValue = v;
      best = j;
    } else if (v < secondValue) secondValue = v;
  }
  NEAREST[0] = bestValue;
  NEAREST[1] = secondValue;
  return best;
}

/** ‖x‖² − 2x·c + ‖c‖² for the point at `base` and centroid `j`, clamped at 0 (the scan's own value). */
function expandedSquaredDistance(data: Float64Array, base: number, d: number, centroids: Float64Array, centroidNorms: Float64Array, squaredNorm: number, j: number): number {
  const cb = j * d;
  let dot = 0;
  for (let t = 0; t < d; t++) dot += data[base + t] * centroids[cb + t];
  const sum = squaredNorm + (centroidNorms[j] - 2 * dot);
  return sum > 0 ? sum : 0;
}

/**
 * Sums, counts and Σ‖x‖² per cluster from the labels (the start of a run, or after empty clusters
 * were re-seeded); the assignment passes then keep them up to date point move by point move.
 */
function rebuildClusterSums(ws: Workspace): void {
  const { data, n, d, labels, sums, counts, normSums, squaredNorms } = ws;
  ws.sumsStale = false;
  if (ws.arena !== null) return ws.arena.clusterSums();
  sums.fill(0);
  counts.fill(0);
  normSums.fill(0);
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const j = labels[i];
    const sb = j * d;
    for (let t = 0; t < d; t++) sums[sb + t] += data[base + t];
    counts[j]++;
    normSums[j] += squaredNorms[i];
  }
}

/**
 * Σ over clusters of Σ‖x − c‖² = Σ‖x‖² − 2c·Σx + |cluster|·‖c‖² (clamped at 0 per cluster), for the
 * current members and the centroids of the last assignment.
 */
function clusterInertia(ws: Workspace): number {
  const { d, k, centroids, centroidNorms, sums, counts, normSums } = ws;
  let inertia = 0;
  for (let j = 0; j < k; j++) {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += centroids[j * d + t] * sums[j * d + t];
    const value = normSums[j] - 2 * dot + counts[j] * centroidNorms[j];
    inertia += value > 0 ? value : 0;
  }
  return inertia;
}

/**
 * Assignment step with Hamerly's bounds (G. Hamerly, "Making k-means even faster", SDM 2010). Each
 * point keeps an upper bound on its distance to its own centroid, which grows by that centroid's
 * shift at each update, and a lower bound on its distance to every other centroid, which shrinks by
 * the largest shift among them (both kept relative to per-centroid running drifts, so a skipped
 * point costs three reads and no write). A point keeps its label without reading it when the upper
 * bound is below the lower bound or half the distance from its centroid to the nearest other one
 * (Elkan's lemma 1), by a margin that makes the outcome certain despite rounding; otherwise the
 * upper bound is tightened to the exact distance (norm expansion ‖x‖² − 2x·c + ‖c‖²) and tested
 * again, and only then are all k centroids scanned (lowest index on ties) and both bounds reset.
 * The labels are therefore exactly those of a full scan.
 *
 * When `accumulate`, every label change moves the point between the clusters' sums, counts and
 * Σ‖x‖² (Hamerly's incremental update), which must be current for the labels on entry.
 * When `ws.boundsValid` is false (explicit initial centroids) every point is scanned.
 *
 * @returns the number of points whose label changed.
 */
function assignPointsBounded(ws: Workspace, accumulate: boolean): number {
  const { d, k, centroids, centroidNorms, centroidShifts, halfSeparations, upperDrift, lowerDrift } = ws;
  let maxCentroidNorm = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += centroids[j * d + t] * centroids[j * d + t];
    centroidNorms[j] = s;
    if (s > maxCentroidNorm) maxCentroidNorm = s;
  }
  halfSeparations.fill(Infinity);
  for (let j = 0; j < k; j++) {
    for (let m = j + 1; m < k; m++) {
      const half = 0.5 * Math.sqrt(squaredDistance(centroids, j * d, m * d, d));
      if (half < halfSeparations[j]) halfSeparations[j] = half;
      if (half < halfSeparations[m]) halfSeparations[m] = half;
    }
  }
  if (ws.boundsValid) {
    let maxShift = 0;
    let secondShift = 0;
    let maxShiftIndex = -1;
    for (let j = 0; j < k; j++) {
      const shift = centroidShifts[j];
      if (shift > maxShift) {
        secondShift = maxShift;
        maxShift = shift;
        maxShiftIndex = j;
      } else if (shift > secondShift) secondShift = shift;
    }
    for (let j = 0; j < k; j++) {
      upperDrift[j] += centroidShifts[j];
      lowerDrift[j] += j === maxShiftIndex ? secondShift : maxShift;
    }
  } else {
    // No bound holds: make every test fail, so that every point is scanned.
    halfSeparations.fill(-Infinity);
    ws.lowerBounds.fill(-Infinity);
    upperDrift.fill(0);
    lowerDrift.fill(0);
  }
  const margin = BOUND_MARGIN * Math.sqrt(ws.maxSquaredNorm + maxCentroidNorm);
  const changed = ws.arena === null ? boundedPass(ws, margin, accumulate) : ws.arena.boundedPass(margin, accumulate);
  ws.boundsValid = true;
  return changed;
}

/** The point loop of {@link assignPointsBounded}; arrays are read into locals so that the loop has no object loads. */
function boundedPass(ws: Workspace, margin: number, accumulate: boolean): number {
  const { data, n, d, k, centroids, centroidNorms, squaredNorms, labels, sums, counts, normSums } = ws;
  const { upperBounds, lowerBounds, upperDrift, lowerDrift, halfSeparations } = ws;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    const half = halfSeparations[own];
    const lower = lowerBounds[i] - lowerDrift[own];
    const bounded = upperBounds[i] + upperDrift[own] + margin;
    // Two comparisons or-ed as integers rather than a max: which bound is larger is unpredictable.
    if ((+(bounded < lower) | +(bounded < half)) !== 0) continue;
    const base = i * d;
    const squaredNorm = squaredNorms[i];
    const upper = Math.sqrt(expandedSquaredDistance(data, base, d, centroids, centroidNorms, squaredNorm, own)) + margin;
    upperBounds[i] = upper - margin - upperDrift[own];
    if (upper < lower || upper < half) continue;
    const best = nearestTwo(data, base, d, k, centroids, centroidNorms);
    const bestSum = squaredNorm + NEAREST[0];
    const secondSum = squaredNorm + NEAREST[1];
    upperBounds[i] = (bestSum > 0 ? Math.sqrt(bestSum) : 0) - upperDrift[best];
    lowerBounds[i] = (secondSum > 0 ? Math.sqrt(secondSum) : 0) + lowerDrift[best];
    if (best === own) continue;
    labels[i] = best;
    changed++;
    if (accumulate) {
      const from = own * d;
      const to = best * d;
      for (let t = 0; t < d; t++) {
        const x = data[base + t];
        sums[from + t] -= x;
        sums[to + t] += x;
      }
      counts[own]--;
      counts[best]++;
      normSums[own] -= squaredNorm;
      normSums[best] += squaredNorm;
    }
  }
  return changed;
}

/**
 * minDistances[i] = ‖x_i − c(label_i)‖² by the norm expansion of the assignment step (clamped at 0),
 * with the `centroidNorms` of the last assignment.
 */
function ownSquaredDistances(ws: Workspace): void {
  const { data, n, d, centroids, centroidNorms, squaredNorms, labels, minDistances } = ws;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    minDistances[i] = expandedSquaredDistance(data, base, d, centroids, centroidNorms, squaredNorms[i], labels[i]);
  }
}

/**
 * Empty clusters take the points farthest from their current centroid, as scikit-learn
 * `_relocate_empty_clusters_dense` (labels are not updated until the next assignment).
 */
function relocateEmptyClusters(ws: Workspace): void {
  const { data, d, k, sums, counts, labels, minDistances, n } = ws;
  if (!counts.includes(0)) return;
  ownSquaredDistances(ws);
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let far = 0;
    for (let i = 1; i < n; i++) if (minDistances[i] > minDistances[far]) far = i;
    minDistances[far] = -1;
    const old = labels[far];
    for (let t = 0; t < d; t++) {
      sums[old * d + t] -= data[far * d + t];
      sums[j * d + t] = data[far * d + t];
    }
    counts[old] -= 1;
    counts[j] = 1;
  }
  ws.sumsStale = true;
}

/** Update step: centroids = cluster means. @returns Σ‖Δcentroid‖². */
function updateCentroids(ws: Workspace): number {
  const { d, k, centroids, sums, counts, centroidShifts } = ws;
  let shift = 0;
  for (let j = 0; j < k; j++) {
    const w = counts[j];
    let own = 0;
    for (let t = 0; t < d; t++) {
      const idx = j * d + t;
      const value = w > 0 ? sums[idx] / w : sums[idx];
      const delta = value - centroids[idx];
      shift += delta * delta;
      own += delta * delta;
      centroids[idx] = value;
    }
    centroidShifts[j] = Math.sqrt(own);
  }
  return shift;
}

/**
 * One Lloyd run from the centroids already in `ws.centroids` (scikit-learn `_kmeans_single_lloyd`):
 * assign, relocate empty clusters, update; stop when no label changes ("strict convergence") or when
 * Σ‖Δcentroid‖² ≤ `tolerance`; if the loop did not stop on stable labels, one final assignment makes
 * labels consistent with the final centroids.
 */
function lloydRun(ws: Workspace, maxIter: number, tolerance: number, trace: number[]): { iterations: number; converged: boolean } {
  let iterations = 0;
  let strict = false;
  let converged = false;
  ws.sumsStale = true;
  for (let iter = 0; iter < maxIter; iter++) {
    iterations = iter + 1;
    if (ws.sumsStale) rebuildClusterSums(ws);
    const changed = assignPointsBounded(ws, true);
    trace.push(clusterInertia(ws));
    relocateEmptyClusters(ws);
    const shift = updateCentroids(ws);
    // The first assignment is compared with "no labels" (scikit-learn starts from -1), so it never
    // counts as stable, even when the seeding already labelled every point with its nearest seed.
    if (changed === 0 && iter > 0) {
      strict = true;
      converged = true;
      break;
    }
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  if (!strict) assignPointsBounded(ws, false);
  return { iterations, converged };
}

/** Σ‖x − c(label)‖², computed directly (not via the norm expansion) for accuracy. */
export function inertiaOf(data: Float64Array, d: number, centroids: Float64Array, labels: Int32Array): number {
  let inertia = 0;
  for (let i = 0, base = 0; i < labels.length; i++, base += d) {
    const cb = labels[i] * d;
    for (let t = 0; t < d; t++) {
      const diff = data[base + t] - centroids[cb + t];
      inertia += diff * diff;
    }
  }
  return inertia;
}

/** Mean over features of the population variance (scikit-learn `_tolerance` before × tol). */
export function meanFeatureVariance(data: Float64Array, d: number): number {
  const n = data.length / d;
  let total = 0;
  for (let t = 0; t < d; t++) {
    let mean = 0;
    for (let i = t; i < data.length; i += d) mean += data[i];
    mean /= n;
    let ss = 0;
    for (let i = t; i < data.length; i += d) ss += (data[i] - mean) * (data[i] - mean);
    total += ss / n;
  }
  return total / d;
}

/** Whether two labelings are the same partition up to renaming (scikit-learn `_is_same_clustering`). */
export function isSameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const mapping = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const m = mapping[a[i]];
    if (m === -1) mapping[a[i]] = b[i];
    else if (m !== b[i]) return false;
  }
  return true;
}

/** Validates the data shape and k; returns n. */
export function checkKMeansInput(data: Float64Array, d: number, k: number): number {
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d must be a positive integer, got ${d}`);
  const n = data.length / d;
  if (!Number.isInteger(n)) throw new RangeError(`data length ${data.length} is not a multiple of d = ${d}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (n < k) throw new RangeError(`k = ${k} exceeds the number of points (${n})`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`data[${i}] is not finite`);
  }
  return n;
}

function clusterSizes(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  return sizes;
}

/**
 * K-Means clustering with scikit-learn `KMeans(algorithm="lloyd")` semantics (scikit-learn 1.2
 * user guide §2.3.2 and `sklearn/cluster/_kmeans.py`): greedy k-means++ seeding, Lloyd iterations
 * until the labels stop changing or Σ‖Δcentroid‖² ≤ tol × mean feature variance, at most `maxIter`
 * iterations, a final assignment pass, empty clusters re-seeded with the farthest points, best of
 * `nInit` runs by inertia (a later run replaces the best only when its inertia is lower and its
 * partition differs). Run r is seeded by the r-th uint32 of a {@link SeededRandom} seeded with
 * `seed`, so a given seed always gives the same model. Ties in the nearest centroid go to the lowest
 * cluster index.
 *
 * Cost: O(nInit × (k × (2 + ln k) × n × d + iterations × n × k × d)) time, O(n + k × d) memory
 * beyond the data.
 *
 * @param data n × d points, row-major.
 * @throws RangeError on a bad shape, k outside 1..n, non-finite data, nInit/maxIter < 1, or an
 *   `init` that is not k × d.
 */
export function fitKMeans(data: Float64Array, d: number, options: KMeansOptions): KMeansResult {
  const plan = planKMeans(data, d, options);
  const ws = createWorkspace(data, plan.n, d, plan.k);
  const results = plan.runSeeds.map((runSeed) => runKMeansOnce(ws, runSeed, plan, options.init));
  return pickBestRun(results, plan);
}

/** What every run of a fit shares: shape, stopping rule and the per-run seeds. */
export interface KMeansPlan {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly maxIter: number;
  /** Absolute tolerance: tol × mean feature variance. */
  readonly tolerance: number;
  /** Seed of run r: the r-th uint32 of `SeededRandom(seed)`. */
  readonly runSeeds: readonly number[];
}

/** The outcome of one k-means++ + Lloyd run. */
export interface KMeansRunResult extends KMeansRun {
  readonly converged: boolean;
  readonly labels: Int32Array;
  readonly centroids: Float64Array;
  readonly trace: number[];
}

/**
 * Validates the input and fixes the per-run seeds, so that runs can execute anywhere (this thread
 * or workers) and still give the same model.
 *
 * @throws RangeError as {@link fitKMeans}.
 */
export function planKMeans(data: Float64Array, d: number, options: KMeansOptions): KMeansPlan {
  const k = options.k;
  const n = checkKMeansInput(data, d, k);
  const maxIter = options.maxIter ?? 300;
  const nInit = options.init === undefined ? (options.nInit ?? 10) : 1;
  if (!(maxIter >= 1) || !(nInit >= 1)) throw new RangeError('maxIter and nInit must be ≥ 1');
  if (options.init !== undefined && options.init.length !== k * d) {
    throw new RangeError(`init must hold k × d = ${k * d} values, got ${options.init.length}`);
  }
  const master = new SeededRandom(options.seed ?? 0);
  const runSeeds = Array.from({ length: nInit }, () => master.nextUint32());
  return { n, d, k, maxIter, tolerance: (options.tol ?? 1e-4) * meanFeatureVariance(data, d), runSeeds };
}

/** Runs k-means over `data` for the given run seeds (a worker's share of a plan). */
export function runKMeansSeeds(data: Float64Array, plan: KMeansPlan, runSeeds: readonly number[]): KMeansRunResult[] {
  const ws = createWorkspace(data, plan.n, plan.d, plan.k);
  return runSeeds.map((runSeed) => runKMeansOnce(ws, runSeed, plan));
}

function runKMeansOnce(ws: Workspace, runSeed: number, plan: KMeansPlan, init?: Float64Array): KMeansRunResult {
  if (init !== undefined) {
    ws.centroids.set(init);
    ws.labels.fill(0);
    ws.boundsValid = false;
  } else seedKMeansPlusPlus(ws, new SeededRandom(runSeed));
  const trace: number[] = [];
  const { iterations, converged } = lloydRun(ws, plan.maxIter, plan.tolerance, trace);
  return {
    seed: runSeed,
    inertia: ws.arena === null ? inertiaOf(ws.data, ws.d, ws.centroids, ws.labels) : ws.arena.inertia(),
    iterations,
    converged,
    labels: Int32Array.from(ws.labels),
    centroids: Float64Array.from(ws.centroids),
    trace,
  };
}

/**
 * The winning run, scanning runs in order: a later run replaces the best only when its inertia is
 * lower and its partition differs (scikit-learn).
 */
export function pickBestRun(results: readonly KMeansRunResult[], plan: Pick<KMeansPlan, 'k' | 'd'>): KMeansResult {
  let best = results[0];
  for (let r = 1; r < results.length; r++) {
    const run = results[r];
    if (run.inertia < best.inertia && !isSameClustering(run.labels, best.labels, plan.k)) best = run;
  }
  return {
    k: plan.k,
    d: plan.d,
    centroids: best.centroids,
    labels: best.labels,
    inertia: best.inertia,
    iterations: best.iterations,
    converged: best.converged,
    clusterSizes: clusterSizes(best.labels, plan.k),
    inertiaTrace: best.trace,
    runs: results.map(({ seed, inertia, iterations }) => ({ seed, inertia, iterations })),
  };
}

/**
 * Nearest centroid of each point (lowest index on ties) and its squared distance.
 *
 * @returns labels and squared distances, one per point.
 */
export function assignToCentroids(
  data: Float64Array,
  d: number,
  centroids: Float64Array,
): { labels: Int32Array; squaredDistances: Float64Array } {
  const k = centroids.length / d;
  const n = data.length / d;
  const ws = createWorkspace(data, n, d, k);
  ws.centroids.set(centroids);
  assignPointsBounded(ws, false);
  ownSquaredDistances(ws);
  return { labels: ws.labels, squaredDistances: ws.minDistances };
}
