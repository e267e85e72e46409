/**
 * Quantile of ascending data by linear interpolation between closest ranks: numpy `quantile` with
 * the default `method="linear"` (Hyndman & Fan 1996, definition 7), including numpy's `_lerp`, which
 * interpolates from the upper neighbour when the fraction is ≥ 0.5 so that results match to the bit.
 *
 * @param sorted ascending values, at least one.
 * @param p probability in [0, 1].
 * @throws RangeError when `sorted` is empty or `p` is outside [0, 1].
 */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Median of ascending data, as numpy `median` (mean of the two middle values for an even count); null when empty. */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** {@link medianOfSorted} of a sorted copy of `values` (any order, not modified); null when empty. */
export function median(values: readonly number[]): number | null {
  return medianOfSorted(Float64Array.from(values).sort());
}

/**
 * Welch–Satterthwaite degrees of freedom of a difference of two means (Welch 1947):
 * ν = (v_A + v_B)² / (v_A²/(n_A − 1) + v_B²/(n_B − 1)), with v = s²/n the variance of each mean
 * (or of a scaled mean, for margin contrasts). Fractional.
 */
export function welchSatterthwaiteDegreesOfFreedom(varianceOfMeanA: number, nA: number, varianceOfMeanB: number, nB: number): number {
  const va = varianceOfMeanA;
  const vb = varianceOfMeanB;
  return (va + vb) ** 2 / ((va * va) / (nA - 1) + (vb * vb) / (nB - 1));
}
