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
  /** Per point: lower bound on the distance to every centroid other than its own (Hamerly). */
  readonly lowerBounds: Float64Array;
  /** Per centroid: distance moved by the last update step. */
  readonly centroidShifts: Float64Array;
  /** Per centroid: half the distance to the nearest other centroid. */
  readonly halfSeparations: Float64Array;
  /** Whether `lowerBounds` hold for the current labels and the centroids before the last update. */
  boundsValid: boolean;
  readonly maxSquaredNorm: number;
  /** k-means++ D² per point and its running sum; empty until the first seeding. */
  closest: Float64Array;
  cumulative: Float64Array;
}

function createWorkspace(data: Float64Array, n: number, d: number, k: number): Workspace {
  const squaredNorms = new Float64Array(n);
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
    labels: new Int32Array(n),
    minDistances: new Float64Array(n),
    centroids: new Float64Array(k * d),
    sums: new Float64Array(k * d),
    counts: new Float64Array(k),
    centroidNorms: new Float64Array(k),
    lowerBounds: new Float64Array(n),
    centroidShifts: new Float64Array(k),
    halfSeparations: new Float64Array(k),
    boundsValid: false,
    maxSquaredNorm,
    closest: new Float64Array(0),
    cumulative: new Float64Array(0),
  };
}

/** Number of candidate centres tried per k-means++ step: 2 + ⌊ln k⌋ (scikit-learn). */
export function kmeansPlusPlusTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
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
 * Greedy k-means++ seeding (Arthur & Vassilvitskii, "k-means++: the advantages of careful seeding",
 * SODA 2007; greedy variant as scikit-learn `_kmeans_plusplus`): the first centre is a uniformly
 * drawn point; each next centre is the best of 2 + ⌊ln k⌋ candidates drawn with probability
 * proportional to D² (squared distance to the nearest chosen centre), "best" meaning the one that
 * leaves the smallest potential Σ D².
 *
 * @returns k × d initial centroids, row-major, each a copy of a data point.
 */
export function kmeansPlusPlus(data: Float64Array, d: number, k: number, rng: SeededRandom): Float64Array {
  const n = data.length / d;
  const ws = createWorkspace(data, n, d, k);
  seedKMeansPlusPlus(ws, rng);
  return Float64Array.from(ws.centroids);
}

/**
 * Potential Σ min(D², ‖x − candidate‖²) of each of the `trials` candidates in `candidates`
 * (row-major), in one pass over the data; each potential is summed in point order.
 */
function candidatePotentials(ws: Workspace, candidates: Float64Array, trials: number, potentials: Float64Array): void {
  const { data, n, d } = ws;
  const closest = ws.closest;
  potentials.fill(0);
  if (d === 3 && trials <= 4) {
    const padded = new Float64Array(12);
    padded.set(candidates.subarray(0, trials * 3));
    const all = new Float64Array(4);
    candidatePotentials3(data, n, closest, padded, all);
    for (let t = 0; t < trials; t++) potentials[t] = all[t];
    return;
  }
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const current = closest[i];
    for (let t = 0, offset = 0; t < trials; t++, offset += d) {
      let sq = 0;
      for (let u = 0; u < d; u++) {
        const e = data[base + u] - candidates[offset + u];
        sq += e * e;
      }
      potentials[t] += sq < current ? sq : current;
    }
  }
}

/** The d = 3, up-to-4-candidate loop of {@link candidatePotentials} (unused candidate slots hold 0). */
function candidatePotentials3(data: Float64Array, n: number, closest: Float64Array, candidates: Float64Array, potentials: Float64Array): void {
  const a0 = candidates[0];
  const a1 = candidates[1];
  const a2 = candidates[2];
  const b0 = candidates[3];
  const b1 = candidates[4];
  const b2 = candidates[5];
  const c0 = candidates[6];
  const c1 = candidates[7];
  const c2 = candidates[8];
  const e0 = candidates[9];
  const e1 = candidates[10];
  const e2 = candidates[11];
  let pa = 0;
  let pb = 0;
  let pc = 0;
  let pe = 0;
  for (let i = 0, base = 0; i < n; i++, base += 3) {
    const x0 = data[base];
    const x1 = data[base + 1];
    const x2 = data[base + 2];
    const current = closest[i];
    let f0 = x0 - a0;
    let f1 = x1 - a1;
    let f2 = x2 - a2;
    let sq = f0 * f0 + f1 * f1 + f2 * f2;
    pa += sq < current ? sq : current;
    f0 = x0 - b0;
    f1 = x1 - b1;
    f2 = x2 - b2;
    sq = f0 * f0 + f1 * f1 + f2 * f2;
    pb += sq < current ? sq : current;
    f0 = x0 - c0;
    f1 = x1 - c1;
    f2 = x2 - c2;
    sq = f0 * f0 + f1 * f1 + f2 * f2;
    pc += sq < current ? sq : current;
    f0 = x0 - e0;
    f1 = x1 - e1;
    f2 = x2 - e2;
    sq = f0 * f0 + f1 * f1 + f2 * f2;
    pe += sq < current ? sq : current;
  }
  potentials[0] = pa;
  potentials[1] = pb;
  potentials[2] = pc;
  potentials[3] = pe;
}

/** closest = min(closest, D² to the point at `offset`), cumulative = running sums (d = 3); @returns the potential. */
function addCentre3(data: Float64Array, n: number, offset: number, closest: Float64Array, cumulative: Float64Array): number {
  const q0 = data[offset];
  const q1 = data[offset + 1];
  const q2 = data[offset + 2];
  let running = 0;
  for (let i = 0, base = 0; i < n; i++, base += 3) {
    const e0 = data[base] - q0;
    const e1 = data[base + 1] - q1;
    const e2 = data[base + 2] - q2;
    const sq = e0 * e0 + e1 * e1 + e2 * e2;
    const v = sq < closest[i] ? sq : closest[i];
    closest[i] = v;
    running += v;
    cumulative[i] = running;
  }
  return running;
}

function seedKMeansPlusPlus(ws: Workspace, rng: SeededRandom): void {
  const { data, n, d, k, centroids } = ws;
  const trials = kmeansPlusPlusTrials(k);
  if (ws.closest.length !== n) {
    ws.closest = new Float64Array(n);
    ws.cumulative = new Float64Array(n);
  }
  const { closest, cumulative } = ws;
  const candidateIds = new Int32Array(trials);
  const candidatePoints = new Float64Array(trials * d);
  const potentials = new Float64Array(trials);

  const first = rng.nextInt(n);
  centroids.set(data.subarray(first * d, first * d + d), 0);
  let potential = 0;
  if (d === 3) {
    closest.fill(Infinity);
    potential = addCentre3(data, n, first * 3, closest, cumulative);
  } else {
    for (let i = 0; i < n; i++) {
      const sq = squaredDistance(data, i * d, first * d, d);
      closest[i] = sq;
      potential += sq;
      cumulative[i] = potential;
    }
  }

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
    candidatePotentials(ws, candidatePoints, trials, potentials);
    let best = 0;
    for (let t = 1; t < trials; t++) if (potentials[t] < potentials[best]) best = t;
    const id = candidateIds[best];
    centroids.set(data.subarray(id * d, id * d + d), c * d);
    let running = 0;
    if (d === 3) {
      potential = addCentre3(data, n, id * 3, closest, cumulative);
      continue;
    }
    for (let i = 0, base = 0; i < n; i++, base += d) {
      const sq = squaredDistance(data, base, id * d, d);
      const v = sq < closest[i] ? sq : closest[i];
      closest[i] = v;
      running += v;
      cumulative[i] = running;
    }
    potential = running;
  }
}

/**
 * Assignment step: nearest centroid of every point by the squared-norm expansion
 * ‖x − c‖² = ‖x‖² − 2x·c + ‖c‖² (only ‖c‖² − 2x·c is compared). When `accumulate`, also sums the
 * points per cluster into `sums`/`counts`.
 *
 * @returns the number of points whose label changed, and stores the inertia in `out[0]`.
 */
function assignPoints(ws: Workspace, accumulate: boolean, out: Float64Array): number {
  const { data, n, d, k, centroids, centroidNorms, squaredNorms, labels, minDistances, sums, counts } = ws;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += centroids[j * d + t] * centroids[j * d + t];
    centroidNorms[j] = s;
  }
  if (accumulate) {
    sums.fill(0);
    counts.fill(0);
  }
  let changed = 0;
  let inertia = 0;
  if (d === 3) {
    for (let i = 0, base = 0; i < n; i++, base += 3) {
      const x0 = data[base];
      const x1 = data[base + 1];
      const x2 = data[base + 2];
      let best = 0;
      let bestValue = Infinity;
      for (let j = 0, cb = 0; j < k; j++, cb += 3) {
        const v = centroidNorms[j] - 2 * (x0 * centroids[cb] + x1 * centroids[cb + 1] + x2 * centroids[cb + 2]);
        if (v < bestValue) {
          bestValue = v;
          best = j;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
      const dist = Math.max(0, squaredNorms[i] + bestValue);
      minDistances[i] = dist;
      inertia += dist;
      if (accumulate) {
        const sb = best * 3;
        sums[sb] += x0;
        sums[sb + 1] += x1;
        sums[sb + 2] += x2;
        counts[best]++;
      }
    }
  } else {
    for (let i = 0, base = 0; i < n; i++, base += d) {
      let best = 0;
      let bestValue = Infinity;
      for (let j = 0, cb = 0; j < k; j++, cb += d) {
        let dot = 0;
        for (let t = 0; t < d; t++) dot += data[base + t] * centroids[cb + t];
        const v = centroidNorms[j] - 2 * dot;
        if (v < bestValue) {
          bestValue = v;
          best = j;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
      const dist = Math.max(0, squaredNorms[i] + bestValue);
      minDistances[i] = dist;
      inertia += dist;
      if (accumulate) {
        const sb = best * d;
        for (let t = 0; t < d; t++) sums[sb + t] += data[base + t];
        counts[best]++;
      }
    }
  }
  out[0] = inertia;
  return changed;
}

/** Relative margin of the bound tests, far above the rounding of the norm expansion and of the bounds. */
const BOUND_MARGIN = 1e-5;

/**
 * Assignment step with Hamerly's bounds (G. Hamerly, "Making k-means even faster", SDM 2010): each
 * point keeps a lower bound on its distance to every centroid but its own, decreased by the largest
 * centroid shift of the last update; the point keeps its label without a scan when its exact distance
 * to its own centroid is below both that bound and half the distance from its centroid to the nearest
 * other one, by a margin that makes the skipped scan's outcome certain despite rounding. Otherwise it
 * is scanned exactly as {@link assignPoints}, so labels (lowest index on ties), distances, inertia,
 * sums and counts are bit-for-bit those of {@link assignPoints}.
 *
 * @returns the number of points whose label changed, and stores the inertia in `out[0]`.
 */
function assignPointsBounded(ws: Workspace, accumulate: boolean, out: Float64Array): number {
  const { data, n, d, k, centroids, centroidNorms, squaredNorms, labels, minDistances, sums, counts } = ws;
  const { lowerBounds, centroidShifts, halfSeparations } = ws;
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
  const margin = BOUND_MARGIN * Math.sqrt(ws.maxSquaredNorm + maxCentroidNorm);
  if (accumulate) {
    sums.fill(0);
    counts.fill(0);
  }
  const bounds: BoundedPass = { boundsValid: ws.boundsValid, maxShift, secondShift, maxShiftIndex, margin, accumulate, changed: 0, inertia: 0 };
  if (d === 3) {
    boundedPass3(data, n, k, centroids, centroidNorms, squaredNorms, labels, minDistances, sums, counts, lowerBounds, halfSeparations, bounds);
  } else boundedPassGeneric(ws, bounds);
  ws.boundsValid = true;
  out[0] = bounds.inertia;
  return bounds.changed;
}

/** Per-call constants and results of a bounded assignment pass. */
interface BoundedPass {
  readonly boundsValid: boolean;
  readonly maxShift: number;
  readonly secondShift: number;
  readonly maxShiftIndex: number;
  readonly margin: number;
  readonly accumulate: boolean;
  changed: number;
  inertia: number;
}

/** The d = 3 loop of {@link assignPointsBounded}; arrays are passed in so that the loop has no object loads. */
function boundedPass3(
  data: Float64Array,
  n: number,
  k: number,
  centroids: Float64Array,
  centroidNorms: Float64Array,
  squaredNorms: Float64Array,
  labels: Int32Array,
  minDistances: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
  lowerBounds: Float64Array,
  halfSeparations: Float64Array,
  pass: BoundedPass,
): void {
  const { boundsValid, maxShift, secondShift, maxShiftIndex, margin, accumulate } = pass;
  let changed = 0;
  let inertia = 0;
  for (let i = 0, base = 0; i < n; i++, base += 3) {
    const x0 = data[base];
    const x1 = data[base + 1];
    const x2 = data[base + 2];
    const own = labels[i];
    let best = own;
    let bestValue = Infinity;
    if (boundsValid) {
      const cb = own * 3;
      bestValue = centroidNorms[own] - 2 * (x0 * centroids[cb] + x1 * centroids[cb + 1] + x2 * centroids[cb + 2]);
      const lower = lowerBounds[i] - (own === maxShiftIndex ? secondShift : maxShift);
      const half = halfSeparations[own];
      const bound = (lower > half ? lower : half) - margin;
      if (bound > 0 && squaredNorms[i] + bestValue < bound * bound) lowerBounds[i] = lower;
      else bestValue = Infinity;
    }
    if (bestValue === Infinity) {
      let secondValue = Infinity;
      best = 0;
      for (let j = 0, cb = 0; j < k; j++, cb += 3) {
        const v = centroidNorms[j] - 2 * (x0 * centroids[cb] + x1 * centroids[cb + 1] + x2 * centroids[cb + 2]);
        if (v < bestValue) {
          secondValue = bestValue;
          bestValue = v;
          best = j;
        } else if (v < secondValue) secondValue = v;
      }
      const second = squaredNorms[i] + secondValue;
      lowerBounds[i] = second > 0 ? Math.sqrt(second) : 0;
      if (own !== best) {
        labels[i] = best;
        changed++;
      }
    }
    const sum = squaredNorms[i] + bestValue;
    const dist = sum > 0 ? sum : 0;
    minDistances[i] = dist;
    inertia += dist;
    if (accumulate) {
      const sb = best * 3;
      sums[sb] += x0;
      sums[sb + 1] += x1;
      sums[sb + 2] += x2;
      counts[best]++;
    }
  }
  pass.changed = changed;
  pass.inertia = inertia;
}

function boundedPassGeneric(ws: Workspace, pass: BoundedPass): void {
  const { data, n, d, k, centroids, centroidNorms, squaredNorms, labels, minDistances, sums, counts, lowerBounds, halfSeparations } = ws;
  const { boundsValid, maxShift, secondShift, maxShiftIndex, margin, accumulate } = pass;
  let changed = 0;
  let inertia = 0;
  for (let i = 0, base = 0; i < n; i++, base += d) {
    const own = labels[i];
    let best = own;
    let bestValue = Infinity;
    if (boundsValid) {
      const cb = own * d;
      let dot = 0;
      for (let t = 0; t < d; t++) dot += data[base + t] * centroids[cb + t];
      bestValue = centroidNorms[own] - 2 * dot;
      const lower = lowerBounds[i] - (own === maxShiftIndex ? secondShift : maxShift);
      const half = halfSeparations[own];
      const bound = (lower > half ? lower : half) - margin;
      if (bound > 0 && squaredNorms[i] + bestValue < bound * bound) lowerBounds[i] = lower;
      else bestValue = Infinity;
    }
    if (bestValue === Infinity) {
      let secondValue = Infinity;
      best = 0;
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
      const second = squaredNorms[i] + secondValue;
      lowerBounds[i] = second > 0 ? Math.sqrt(second) : 0;
      if (own !== best) {
        labels[i] = best;
        changed++;
      }
    }
    const sum = squaredNorms[i] + bestValue;
    const dist = sum > 0 ? sum : 0;
    minDistances[i] = dist;
    inertia += dist;
    if (accumulate) {
      const sb = best * d;
      for (let t = 0; t < d; t++) sums[sb + t] += data[base + t];
      counts[best]++;
    }
  }
  pass.changed = changed;
  pass.inertia = inertia;
}

/**
 * Empty clusters take the points farthest from their current centroid, as scikit-learn
 * `_relocate_empty_clusters_dense` (labels are not updated until the next assignment).
 */
function relocateEmptyClusters(ws: Workspace): void {
  const { data, d, k, sums, counts, labels, minDistances, n } = ws;
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
  ws.labels.fill(-1);
  ws.boundsValid = false;
  const inertia = new Float64Array(1);
  let iterations = 0;
  let strict = false;
  let converged = false;
  for (let iter = 0; iter < maxIter; iter++) {
    iterations = iter + 1;
    const changed = assignPointsBounded(ws, true, inertia);
    trace.push(inertia[0]);
    relocateEmptyClusters(ws);
    const shift = updateCentroids(ws);
    if (changed === 0) {
      strict = true;
      converged = true;
      break;
    }
    if (shift <= tolerance) {
      converged = true;
      break;
    }
  }
  if (!strict) assignPointsBounded(ws, false, inertia);
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
  if (init !== undefined) ws.centroids.set(init);
  else seedKMeansPlusPlus(ws, new SeededRandom(runSeed));
  const trace: number[] = [];
  const { iterations, converged } = lloydRun(ws, plan.maxIter, plan.tolerance, trace);
  return {
    seed: runSeed,
    inertia: inertiaOf(ws.data, ws.d, ws.centroids, ws.labels),
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
  ws.labels.fill(-1);
  assignPoints(ws, false, new Float64Array(1));
  return { labels: ws.labels, squaredDistances: ws.minDistances };
}
