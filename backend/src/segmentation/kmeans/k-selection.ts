import { daviesBouldinScore, silhouetteScore } from './cluster-quality';
import { fitKMeans } from './kmeans';

export interface KSelectionOptions {
  readonly kMin?: number;
  readonly kMax?: number;
  readonly nInit?: number;
  readonly seed?: number;
  /** See {@link silhouetteScore}. */
  readonly silhouetteSampleSize?: number;
}

export interface KSelectionRow {
  readonly k: number;
  readonly inertia: number;
  readonly silhouette: number;
  readonly daviesBouldin: number;
  readonly iterations: number;
  readonly clusterSizes: number[];
}

export interface KSelectionReport {
  readonly rows: KSelectionRow[];
  /** k with the highest mean silhouette. */
  readonly bestBySilhouette: number;
  /** k with the lowest Davies–Bouldin index. */
  readonly bestByDaviesBouldin: number;
  /** Knee of the inertia curve, see {@link elbowOf}. */
  readonly elbow: number;
}

/**
 * Knee of a decreasing curve (k, inertia): the k farthest from the straight line joining the first
 * and last points once both axes are scaled to [0, 1] (the "Kneedle" difference curve of Satopää,
 * Albrecht, Irwin and Raghavan, "Finding a 'Kneedle' in a haystack", ICDCS workshops 2011).
 */
export function elbowOf(ks: readonly number[], inertias: readonly number[]): number {
  const m = ks.length;
  if (m < 3) return ks[0];
  const k0 = ks[0];
  const kSpan = ks[m - 1] - k0 || 1;
  const top = inertias[0];
  const span = top - inertias[m - 1] || 1;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = (ks[i] - k0) / kSpan;
    const y = (top - inertias[i]) / span;
    const gap = y - x;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return ks[best];
}

/**
 * Fits K-Means for each k in kMin..kMax (default 2..10) with the same seed and reports inertia,
 * silhouette (Rousseeuw 1987), Davies–Bouldin (1979) and the suggested k by each criterion.
 *
 * @param data n × d points, row-major (already scaled).
 * @throws RangeError when kMin < 2, kMax < kMin or kMax ≥ n.
 */
export function kSelectionReport(data: Float64Array, d: number, options: KSelectionOptions = {}): KSelectionReport {
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 10;
  const n = data.length / d;
  if (kMin < 2 || kMax < kMin || kMax >= n) throw new RangeError(`k range ${kMin}..${kMax} invalid for n = ${n}`);
  const rows: KSelectionRow[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit = fitKMeans(data, d, { k, nInit: options.nInit ?? 10, seed: options.seed ?? 0 });
    rows.push({
      k,
      inertia: fit.inertia,
      silhouette: silhouetteScore(data, d, fit.labels, k, { sampleSize: options.silhouetteSampleSize, seed: options.seed }),
      daviesBouldin: daviesBouldinScore(data, d, fit.labels, k),
      iterations: fit.iterations,
      clusterSizes: fit.clusterSizes,
    });
  }
  const bestBy = (score: (r: KSelectionRow) => number): number =>
    rows.reduce((best, r) => (score(r) > score(best) ? r : best)).k;
  return {
    rows,
    bestBySilhouette: bestBy((r) => r.silhouette),
    bestByDaviesBouldin: bestBy((r) => -r.daviesBouldin),
    elbow: elbowOf(
      rows.map((r) => r.k),
      rows.map((r) => r.inertia),
    ),
  };
}
