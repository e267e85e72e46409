import { assignToCentroids, checkKMeansInput, inertiaOf, kmeansPlusPlus, meanFeatureVariance, type KMeansResult } from './kmeans';
import { SeededRandom } from './prng';

export interface MiniBatchKMeansOptions {
  readonly k: number;
  /** Points per step, drawn with replacement. Default 1024. */
  readonly batchSize?: number;
  /** Passes over the data (steps = maxIter × n / batchSize). Default 100. */
  readonly maxIter?: number;
  /** k-means++ initialisations compared on a validation sample. Default 3. */
  readonly nInit?: number;
  /** Points of the random subset used by each initialisation and of the validation sample. Default 3 × batchSize. */
  readonly initSize?: number;
  /** Clusters whose accumulated count falls below this fraction of the largest are re-seeded. Default 0.01. */
  readonly reassignmentRatio?: number;
  /** Stop after this many steps without improvement of the smoothed batch inertia. Default 10. */
  readonly maxNoImprovement?: number;
  /** Stop when Σ‖Δcentroid‖² ≤ tol × mean feature variance; 0 disables. Default 0. */
  readonly tol?: number;
  readonly seed?: number;
}

/**
 * Mini-batch K-Means (D. Sculley, "Web-scale k-means clustering", WWW 2010) with scikit-learn 1.2
 * `MiniBatchKMeans` semantics, for inputs too large for full Lloyd passes:
 * - initialisation: `nInit` greedy k-means++ runs, each on `initSize` points drawn with replacement;
 *   the one with the lowest inertia on a fixed validation draw of `initSize` points wins;
 * - each step draws `batchSize` points with replacement, assigns them to the nearest centroid and
 *   moves each centroid to the running mean of all points it has received (per-centre counts, i.e.
 *   learning rate 1/count);
 * - clusters whose count is below `reassignmentRatio` × the largest count are re-seeded at distinct
 *   random batch points (at most half a batch) and given the smallest remaining count;
 * - convergence: an exponentially weighted average of the per-point batch inertia (α = 2 × batch /
 *   (n + 1)) that has not improved for `maxNoImprovement` steps, or the `tol` test; at most
 *   maxIter × n / batchSize steps;
 * - finally every point is labelled and the inertia is computed on the full data.
 * The reported `iterations` is the number of passes, ⌈steps × batchSize / n⌉, as `n_iter_`;
 * `inertiaTrace` holds the batch inertias (per point), which are noisy and need not decrease.
 *
 * @param data n × d points, row-major.
 * @throws RangeError on a bad shape, k outside 1..n or non-finite data.
 */
export function fitMiniBatchKMeans(data: Float64Array, d: number, options: MiniBatchKMeansOptions): KMeansResult {
  const k = options.k;
  const n = checkKMeansInput(data, d, k);
  const batchSize = Math.min(options.batchSize ?? 1024, n);
  let initSize = options.initSize ?? 3 * batchSize;
  if (initSize < k) initSize = 3 * k;
  initSize = Math.min(initSize, n);
  const maxIter = options.maxIter ?? 100;
  const nInit = options.nInit ?? 3;
  const reassignmentRatio = options.reassignmentRatio ?? 0.01;
  const maxNoImprovement = options.maxNoImprovement ?? 10;
  const tolerance = (options.tol ?? 0) > 0 ? (options.tol ?? 0) * meanFeatureVariance(data, d) : 0;
  const rng = new SeededRandom(options.seed ?? 0);

  const gather = (count: number, out: Float64Array, index: Int32Array): void => {
    for (let i = 0; i < count; i++) {
      const row = rng.nextInt(n);
      index[i] = row;
      for (let t = 0; t < d; t++) out[i * d + t] = data[row * d + t];
    }
  };

  const validation = new Float64Array(initSize * d);
  const scratchIndex = new Int32Array(Math.max(initSize, batchSize));
  gather(initSize, validation, scratchIndex);
  let centroids: Float64Array = new Float64Array(k * d);
  let bestInitInertia = Infinity;
  const initSample = new Float64Array(initSize * d);
  for (let r = 0; r < nInit; r++) {
    gather(initSize, initSample, scratchIndex);
    const candidate = kmeansPlusPlus(initSample, d, k, rng);
    const { labels } = assignToCentroids(validation, d, candidate);
    const inertia = inertiaOf(validation, d, candidate, labels);
    if (inertia < bestInitInertia) {
      bestInitInertia = inertia;
      centroids = candidate;
    }
  }

  const counts = new Float64Array(k);
  const batch = new Float64Array(batchSize * d);
  const batchSums = new Float64Array(k * d);
  const batchCounts = new Float64Array(k);
  const previous = new Float64Array(k * d);
  const pick = new Int32Array(batchSize);
  const trace: number[] = [];
  const steps = Math.floor((maxIter * n) / batchSize);
  const alpha = Math.min(1, (batchSize * 2) / (n + 1));
  let ewa = NaN;
  let ewaMin = Infinity;
  let noImprovement = 0;
  let sinceReassign = 0;
  let step = 0;
  let converged = false;
  for (; step < steps; step++) {
    gather(batchSize, batch, scratchIndex);
    let reassign = false;
    sinceReassign += batchSize;
    if (counts.some((c) => c === 0) || sinceReassign >= 10 * k) {
      sinceReassign = 0;
      reassign = true;
    }

    const { labels, squaredDistances } = assignToCentroids(batch, d, centroids);
    let batchInertia = 0;
    batchSums.fill(0);
    batchCounts.fill(0);
    for (let i = 0; i < batchSize; i++) {
      const l = labels[i];
      batchInertia += squaredDistances[i];
      batchCounts[l]++;
      for (let t = 0; t < d; t++) batchSums[l * d + t] += batch[i * d + t];
    }
    previous.set(centroids);
    for (let j = 0; j < k; j++) {
      if (batchCounts[j] === 0) continue;
      const total = counts[j] + batchCounts[j];
      for (let t = 0; t < d; t++) {
        centroids[j * d + t] = (centroids[j * d + t] * counts[j] + batchSums[j * d + t]) / total;
      }
      counts[j] = total;
    }

    if (reassign && reassignmentRatio > 0) {
      let maxCount = 0;
      for (let j = 0; j < k; j++) if (counts[j] > maxCount) maxCount = counts[j];
      const low: number[] = [];
      for (let j = 0; j < k; j++) if (counts[j] < reassignmentRatio * maxCount) low.push(j);
      if (low.length > 0.5 * batchSize) {
        low.sort((a, b) => counts[a] - counts[b] || a - b);
        low.length = Math.floor(0.5 * batchSize);
        low.sort((a, b) => a - b);
      }
      if (low.length > 0) {
        for (let i = 0; i < batchSize; i++) pick[i] = i;
        let minKept = Infinity;
        for (let j = 0; j < k; j++) if (!low.includes(j) && counts[j] < minKept) minKept = counts[j];
        for (let r = 0; r < low.length; r++) {
          const s = r + rng.nextInt(batchSize - r);
          const chosen = pick[s];
          pick[s] = pick[r];
          pick[r] = chosen;
          const j = low[r];
          for (let t = 0; t < d; t++) centroids[j * d + t] = batch[chosen * d + t];
          counts[j] = minKept === Infinity ? 0 : minKept;
        }
      }
    }

    const perPoint = batchInertia / batchSize;
    trace.push(perPoint);
    if (step === 0) continue;
    ewa = Number.isNaN(ewa) ? perPoint : ewa * (1 - alpha) + perPoint * alpha;
    if (tolerance > 0) {
      let shift = 0;
      for (let i = 0; i < centroids.length; i++) shift += (centroids[i] - previous[i]) ** 2;
      if (shift <= tolerance) {
        converged = true;
        step++;
        break;
      }
    }
    if (ewa < ewaMin) {
      noImprovement = 0;
      ewaMin = ewa;
    } else if (++noImprovement >= maxNoImprovement) {
      converged = true;
      step++;
      break;
    }
  }

  const { labels } = assignToCentroids(data, d, centroids);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const inertia = inertiaOf(data, d, centroids, labels);
  return {
    k,
    d,
    centroids,
    labels,
    inertia,
    iterations: Math.ceil((Math.max(step, 1) * batchSize) / n),
    converged,
    clusterSizes: sizes,
    inertiaTrace: trace,
    runs: [{ seed: options.seed ?? 0, inertia, iterations: Math.ceil((Math.max(step, 1) * batchSize) / n) }],
  };
}
