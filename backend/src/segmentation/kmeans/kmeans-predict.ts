/** Nearest centroid of one point. */
export interface CentroidMatch {
  readonly cluster: number;
  /** Euclidean distance to the nearest centroid, in the model's (scaled) space. */
  readonly distance: number;
  /** Euclidean distance to the second-nearest centroid; `Infinity` when k = 1. */
  readonly secondDistance: number;
  /** See {@link assignmentConfidence}. */
  readonly confidence: number;
}

/**
 * Confidence of a nearest-centroid assignment: `1 − d₁ / d₂`, with d₁ and d₂ the distances to the
 * nearest and second-nearest centroids. 1 at the centroid itself (or when k = 1), falling to 0 on
 * the boundary between two clusters (equidistant; also when d₂ = 0, i.e. coinciding centroids).
 * It measures how unambiguous the cluster choice is, not a probability.
 */
export function assignmentConfidence(distance: number, secondDistance: number): number {
  if (secondDistance === Infinity) return 1;
  if (!(secondDistance > 0)) return 0;
  return 1 - distance / secondDistance;
}

/**
 * Nearest centroid by exact Euclidean distance (lowest index on ties).
 *
 * @param centroids k × d, row-major.
 * @param point d values in the same space as the centroids.
 * @throws RangeError when `point` does not have d values or there is no centroid.
 */
export function nearestCentroid(centroids: ArrayLike<number>, point: ArrayLike<number>): CentroidMatch {
  const d = point.length;
  const k = centroids.length / d;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`centroids (${centroids.length} values) do not fit d = ${d}`);
  let best = 0;
  let bestSq = Infinity;
  let secondSq = Infinity;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = point[t] - centroids[j * d + t];
      s += diff * diff;
    }
    if (s < bestSq) {
      secondSq = bestSq;
      bestSq = s;
      best = j;
    } else if (s < secondSq) {
      secondSq = s;
    }
  }
  const distance = Math.sqrt(bestSq);
  const secondDistance = Math.sqrt(secondSq);
  return { cluster: best, distance, secondDistance, confidence: assignmentConfidence(distance, secondDistance) };
}
