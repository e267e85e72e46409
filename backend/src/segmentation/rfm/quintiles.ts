import { quantileOfSorted } from '../../common/domain/statistics';

/**
 * Equal-count bin edges: the quantiles at `i / bins` for i = 0..bins (as numpy
 * `quantile(x, linspace(0, 1, bins + 1))`, which pandas `qcut` uses).
 *
 * @param values any order; not modified.
 * @returns `bins + 1` ascending edges, first = min, last = max.
 * @throws RangeError when `values` is empty or contains NaN.
 */
export function quantileEdges(values: ArrayLike<number>, bins = 5): Float64Array {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length > 0 && Number.isNaN(sorted[sorted.length - 1])) throw new RangeError('quantile edges of NaN');
  const step = 1 / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = quantileOfSorted(sorted, i === bins ? 1 : i * step);
  return edges;
}

/**
 * 1-based bin of `x` among right-closed bins `(e[i-1], e[i]]`, the first bin closed on both sides
 * (pandas `cut(..., right=True, include_lowest=True)`): 1 + the number of inner edges strictly below
 * `x`. Values outside [e0, e_last] are clamped to the first or last bin. With duplicate edges (heavy
 * ties), the empty bins between them are skipped: a value goes to the lowest bin that contains it,
 * where pandas `qcut` would raise.
 */
export function binOf(edges: ArrayLike<number>, x: number): number {
  const inner = edges.length - 1;
  let bin = 1;
  for (let i = 1; i < inner; i++) if (edges[i] < x) bin++;
  return bin;
}

/**
 * Quintile (or other equal-count) scores of a feature, as pandas
 * `qcut(values, bins, labels=[1..bins])`, or `labels=[bins..1]` when `descending` (recency: the
 * most recent customers score 5).
 *
 * @returns `scores[i]` in 1..bins for `values[i]`, and the edges used.
 * @throws RangeError when `values` is empty or contains NaN.
 */
export function quantileScores(
  values: ArrayLike<number>,
  bins = 5,
  descending = false,
): { scores: Uint8Array; edges: Float64Array } {
  const edges = quantileEdges(values, bins);
  const n = values.length;
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const bin = binOf(edges, values[i]);
    scores[i] = descending ? bins + 1 - bin : bin;
  }
  return { scores, edges };
}

/**
 * Ranks 1..n with ties broken by position in `order` (pandas `rank(method="first")` on rows laid out
 * in that order).
 *
 * @param values feature per row.
 * @param order a permutation of row indices giving the tie-break order (row `order[0]` first).
 * @returns `rank[i]` of row i, as float64 (pandas returns floats).
 */
export function rankFirst(values: ArrayLike<number>, order: ArrayLike<number>): Float64Array {
  const n = values.length;
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) position[order[p]] = p;
  const rows = Int32Array.from(order);
  rows.sort((a, b) => values[a] - values[b] || position[a] - position[b]);
  const rank = new Float64Array(n);
  for (let r = 0; r < n; r++) rank[rows[r]] = r + 1;
  return rank;
}
