import { SeededRandom } from './prng';

/** Largest n for which {@link silhouetteScore} is exact by default; beyond, a seeded sample is used. */
export const SILHOUETTE_EXACT_MAX = 10_000;

export interface SilhouetteOptions {
  /** Points used when n exceeds it (default {@link SILHOUETTE_EXACT_MAX}). */
  readonly sampleSize?: number;
  /** Seed of the sample draw. Default 0. */
  readonly seed?: number;
}

function distinctLabels(labels: Int32Array, k: number): number {
  const seen = new Uint8Array(k);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (seen[labels[i]] === 0) {
      seen[labels[i]] = 1;
      count++;
    }
  }
  return count;
}

/**
 * Mean silhouette coefficient (P. J. Rousseeuw, "Silhouettes: a graphical aid to the interpretation
 * and validation of cluster analysis", J. Comput. Appl. Math. 20, 1987), Euclidean distance:
 * s(i) = (b − a) / max(a, b) with a the mean distance to the other members of i's cluster and b the
 * smallest mean distance to another cluster; s(i) = 0 for a singleton cluster (scikit-learn
 * `silhouette_score`). O(n² d) time, O(n k) memory. For n > sampleSize it is computed within a
 * uniform sample of that many points drawn without replacement by a seeded PRNG, as scikit-learn
 * does with `sample_size`.
 *
 * @param labels cluster per point, 0..k-1.
 * @returns a value in [−1, 1].
 * @throws RangeError when the (sampled) points carry fewer than 2 or more than n − 1 distinct labels.
 */
export function silhouetteScore(
  data: Float64Array,
  d: number,
  labels: Int32Array,
  k: number,
  options: SilhouetteOptions = {},
): number {
  const n = labels.length;
  const sampleSize = options.sampleSize ?? SILHOUETTE_EXACT_MAX;
  let points = data;
  let pointLabels = labels;
  let m = n;
  if (n > sampleSize) {
    const index = Int32Array.from({ length: n }, (_, i) => i);
    const rng = new SeededRandom(options.seed ?? 0);
    for (let i = 0; i < sampleSize; i++) {
      const j = i + rng.nextInt(n - i);
      const tmp = index[i];
      index[i] = index[j];
      index[j] = tmp;
    }
    m = sampleSize;
    points = new Float64Array(m * d);
    pointLabels = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      points.set(data.subarray(index[i] * d, index[i] * d + d), i * d);
      pointLabels[i] = labels[index[i]];
    }
  }
  const used = distinctLabels(pointLabels, k);
  if (used < 2 || used > m - 1) throw new RangeError(`silhouette needs 2..n-1 clusters, got ${used} for n = ${m}`);

  const sums = new Float64Array(m * k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < m; i++) sizes[pointLabels[i]]++;
  for (let i = 0; i < m; i++) {
    const bi = i * d;
    const li = pointLabels[i];
    const rowI = i * k;
    for (let j = i + 1; j < m; j++) {
      const bj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = points[bi + t] - points[bj + t];
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      sums[rowI + pointLabels[j]] += dist;
      sums[j * k + li] += dist;
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const li = pointLabels[i];
    const own = sizes[li];
    if (own <= 1) continue;
    const a = sums[i * k + li] / (own - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === li || sizes[c] === 0) continue;
      const mean = sums[i * k + c] / sizes[c];
      if (mean < b) b = mean;
    }
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / m;
}

/**
 * Davies–Bouldin index (D. L. Davies and D. W. Bouldin, "A cluster separation measure", IEEE TPAMI
 * 1(2), 1979), as scikit-learn `davies_bouldin_score`: S_i = mean distance of cluster i's points to
 * its centroid (the mean of those points), R_ij = (S_i + S_j) / ‖c_i − c_j‖, index = mean over
 * clusters of max_j R_ij. Lower is better; 0 when all spreads or all centroid distances are 0.
 * Empty clusters are ignored.
 *
 * @throws RangeError when fewer than 2 clusters are non-empty.
 */
export function daviesBouldinScore(data: Float64Array, d: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  const centroids = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    sizes[l]++;
    for (let t = 0; t < d; t++) centroids[l * d + t] += data[i * d + t];
  }
  const present: number[] = [];
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) continue;
    present.push(c);
    for (let t = 0; t < d; t++) centroids[c * d + t] /= sizes[c];
  }
  if (present.length < 2) throw new RangeError('Davies–Bouldin needs at least 2 non-empty clusters');
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[i * d + t] - centroids[l * d + t];
      s += diff * diff;
    }
    spread[l] += Math.sqrt(s);
  }
  let allSpreadZero = true;
  for (const c of present) {
    spread[c] /= sizes[c];
    if (spread[c] !== 0) allSpreadZero = false;
  }
  let allCentroidsCoincide = true;
  let total = 0;
  for (const i of present) {
    let worst = 0;
    for (const j of present) {
      if (i === j) continue;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = centroids[i * d + t] - centroids[j * d + t];
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      if (dist === 0) continue;
      allCentroidsCoincide = false;
      const ratio = (spread[i] + spread[j]) / dist;
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  if (allSpreadZero || allCentroidsCoincide) return 0;
  return total / present.length;
}
