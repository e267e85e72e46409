import { medianOfSorted } from '../../common/domain/statistics';
import { rfmSegmentOf, type RfmSegment } from '../rfm/rfm-segment-map';
import { daviesBouldinScore, silhouetteScore } from './cluster-quality';
import {
  fitStandardScaler,
  rfmLogMatrix,
  scaleRfmPoint,
  standardize,
  unscaleRfmPoint,
  type RfmPoint,
  type StandardScaler,
} from './feature-scaling';
import { fitKMeans, type KMeansResult } from './kmeans';
import { nearestCentroid } from './kmeans-predict';
import { fitMiniBatchKMeans } from './minibatch-kmeans';

/** Above this many customers `algorithm: 'auto'` switches from Lloyd to mini-batch. */
export const MINIBATCH_AUTO_THRESHOLD = 2_000_000;

export interface RfmKMeansOptions {
  readonly k?: number;
  readonly nInit?: number;
  readonly seed?: number;
  readonly maxIter?: number;
  readonly tol?: number;
  /** Default `'auto'`: Lloyd up to {@link MINIBATCH_AUTO_THRESHOLD} rows, mini-batch above. */
  readonly algorithm?: 'lloyd' | 'minibatch' | 'auto';
  readonly silhouetteSampleSize?: number;
  /** Creation instant stored in the model (injected clock), epoch ms. */
  readonly createdAtMs: number;
}

export interface FeatureSummary {
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface RfmClusterProfile {
  readonly cluster: number;
  readonly size: number;
  /** size / n. */
  readonly share: number;
  /** Business name: the RFM named segment of the centroid, see {@link fitRfmKMeans}. */
  readonly name: RfmSegment;
  /** Quintile-equivalent scores (1..5) of the centroid among the training customers. */
  readonly scores: { readonly r: number; readonly f: number; readonly m: number };
  /** Centroid mapped back to original units: expm1(z × scale + mean). */
  readonly centroid: RfmPoint;
  readonly recencyDays: FeatureSummary;
  readonly frequency: FeatureSummary;
  readonly monetary: FeatureSummary;
}

/** A fitted, serialisable RFM K-Means model (plain JSON-compatible data). */
export interface RfmKMeansModel {
  readonly algorithm: 'lloyd' | 'minibatch';
  readonly k: number;
  readonly seed: number;
  readonly nInit: number;
  readonly features: readonly ['recencyDays', 'frequency', 'monetary'];
  readonly transform: 'standardize(log1p(x))';
  readonly scaler: StandardScaler;
  /** k centroids in the scaled space. */
  readonly centroids: number[][];
  readonly inertia: number;
  readonly iterations: number;
  readonly silhouette: number;
  readonly daviesBouldin: number;
  readonly clusterSizes: number[];
  readonly profiles: RfmClusterProfile[];
  readonly trainedOn: number;
  readonly createdAtMs: number;
}

export interface RfmClusterPrediction {
  readonly cluster: number;
  readonly name: RfmSegment;
  /** Euclidean distance to the centroid in the scaled space. */
  readonly distance: number;
  /** 1 − d₁/d₂, see `assignmentConfidence`. */
  readonly confidence: number;
  readonly profile: RfmClusterProfile;
}

/**
 * Quintile-equivalent score of `x` among sorted training values: 1 + ⌊5p⌋ clamped to 1..5, with p
 * the mid-rank percentile (count below + count at or below) / 2n, so that ties — frequent for
 * frequency — sit in the middle of their run, as a rank-based quintile would place them on average.
 */
export function percentileScore(sorted: Float64Array, x: number): number {
  const n = sorted.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  const below = lo;
  hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  const p = (below + lo) / (2 * n);
  return Math.min(5, Math.max(1, 1 + Math.floor(5 * p)));
}

function summarize(values: Float64Array): FeatureSummary {
  const sorted = values.slice().sort();
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return {
    mean: sum / n,
    median: medianOfSorted(sorted) ?? NaN,
    min: sorted[0],
    max: sorted[n - 1],
  };
}

function column(rows: readonly RfmPoint[], key: keyof RfmPoint): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i][key];
  return out;
}

/**
 * Fits K-Means on RFM features (segmentation spec §C): X = standardize(log1p([R, F, M])) with
 * population standard deviation, then {@link fitKMeans} (or {@link fitMiniBatchKMeans}), then
 * silhouette (exact up to 10,000 customers, else on a seeded sample), Davies–Bouldin and per-cluster
 * profiles (mean/median/min/max of R, F, M).
 *
 * Business name of a cluster: its centroid is mapped back to original units
 * (expm1(z × scale + mean)); that typical customer gets R, F and M scores by
 * {@link percentileScore} among the training customers (R reversed: recent = 5), and the name is the
 * RFM named segment of its (R, F) scores (spec §B map). Two clusters may share a name.
 *
 * @param rows one per customer; features finite and ≥ 0.
 * @returns the model and the cluster label of each row.
 * @throws RangeError when k is outside 2..n or a feature is negative or not finite.
 */
export function fitRfmKMeans(rows: readonly RfmPoint[], options: RfmKMeansOptions): { model: RfmKMeansModel; labels: Int32Array } {
  const k = options.k ?? 5;
  const n = rows.length;
  if (!(k >= 2 && k <= n)) throw new RangeError(`k must be in 2..${n}, got ${k}`);
  const seed = options.seed ?? 0;
  const nInit = options.nInit ?? 10;
  const logs = rfmLogMatrix(rows);
  const scaler = fitStandardScaler(logs, 3);
  const data = standardize(logs, scaler);
  const algorithm =
    options.algorithm === 'minibatch' || (options.algorithm !== 'lloyd' && n > MINIBATCH_AUTO_THRESHOLD) ? 'minibatch' : 'lloyd';
  const fit: KMeansResult =
    algorithm === 'minibatch'
      ? fitMiniBatchKMeans(data, 3, { k, seed, nInit: options.nInit ?? 3, maxIter: options.maxIter ?? 100, tol: options.tol ?? 0 })
      : fitKMeans(data, 3, { k, nInit, seed, maxIter: options.maxIter, tol: options.tol });

  const recency = column(rows, 'recencyDays');
  const frequency = column(rows, 'frequency');
  const monetary = column(rows, 'monetary');
  const sortedR = recency.slice().sort();
  const sortedF = frequency.slice().sort();
  const sortedM = monetary.slice().sort();
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[fit.labels[i]].push(i);

  const profiles: RfmClusterProfile[] = [];
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) {
    const z = Array.from(fit.centroids.subarray(c * 3, c * 3 + 3));
    centroids.push(z);
    const centroid = unscaleRfmPoint(z, scaler);
    const r = 6 - percentileScore(sortedR, centroid.recencyDays);
    const f = percentileScore(sortedF, centroid.frequency);
    const m = percentileScore(sortedM, centroid.monetary);
    const idx = members[c];
    const pick = (values: Float64Array): Float64Array => Float64Array.from(idx, (i) => values[i]);
    const empty: FeatureSummary = { mean: NaN, median: NaN, min: NaN, max: NaN };
    profiles.push({
      cluster: c,
      size: idx.length,
      share: idx.length / n,
      name: rfmSegmentOf(r, f),
      scores: { r, f, m },
      centroid,
      recencyDays: idx.length > 0 ? summarize(pick(recency)) : empty,
      frequency: idx.length > 0 ? summarize(pick(frequency)) : empty,
      monetary: idx.length > 0 ? summarize(pick(monetary)) : empty,
    });
  }

  const model: RfmKMeansModel = {
    algorithm,
    k,
    seed,
    nInit: algorithm === 'minibatch' ? (options.nInit ?? 3) : nInit,
    features: ['recencyDays', 'frequency', 'monetary'],
    transform: 'standardize(log1p(x))',
    scaler,
    centroids,
    inertia: fit.inertia,
    iterations: fit.iterations,
    silhouette: silhouetteScore(data, 3, fit.labels, k, { sampleSize: options.silhouetteSampleSize, seed }),
    daviesBouldin: daviesBouldinScore(data, 3, fit.labels, k),
    clusterSizes: fit.clusterSizes,
    profiles,
    trainedOn: n,
    createdAtMs: options.createdAtMs,
  };
  return { model, labels: fit.labels };
}

/**
 * Assigns one customer to the nearest centroid of a fitted model, in the model's scaled space.
 *
 * @throws RangeError when a feature is negative or not finite.
 */
export function predictRfmCluster(model: RfmKMeansModel, point: RfmPoint): RfmClusterPrediction {
  if (!(point.recencyDays >= 0 && point.frequency >= 0 && point.monetary >= 0) || !Number.isFinite(point.recencyDays + point.frequency + point.monetary)) {
    throw new RangeError('recency, frequency and monetary must be finite and ≥ 0');
  }
  const flat = model.centroids.flat();
  const match = nearestCentroid(flat, scaleRfmPoint(point, model.scaler));
  const profile = model.profiles[match.cluster];
  return { cluster: match.cluster, name: profile.name, distance: match.distance, confidence: match.confidence, profile };
}
