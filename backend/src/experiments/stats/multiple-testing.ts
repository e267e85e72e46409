/**
 * Holm (1979) step-down adjusted p-values, controlling the family-wise error rate:
 * with p₍₁₎ ≤ … ≤ p₍m₎, p̃₍i₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍j₎).
 * Same as `statsmodels.stats.multitest.multipletests(method='holm')`.
 *
 * @param pValues raw p-values in [0, 1], any order; the output keeps the input order.
 */
export function holmAdjustedPValues(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m).fill(1);
  let runningMax = 0;
  order.forEach((index, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - rank) * (pValues[index] ?? 1)));
    adjusted[index] = runningMax;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg (1995) step-up adjusted p-values (q-values), controlling the false discovery
 * rate: p̃₍i₎ = min(1, min_{j ≥ i} m·p₍j₎/j).
 * Same as `statsmodels.stats.multitest.multipletests(method='fdr_bh')`.
 *
 * @param pValues raw p-values in [0, 1], any order; the output keeps the input order.
 */
export function benjaminiHochbergAdjustedPValues(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m).fill(1);
  let runningMin = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank] ?? 0;
    runningMin = Math.min(runningMin, (m / (rank + 1)) * (pValues[index] ?? 1));
    adjusted[index] = runningMin;
  }
  return adjusted;
}

function ascendingOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => (values[a] ?? 1) - (values[b] ?? 1) || a - b);
}
