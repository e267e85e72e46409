/**
 * Fixed log-spaced latency histogram kept as atomic counters beside the sufficient statistics, so
 * that p50/p95 come from O(buckets) numbers instead of the events.
 *
 * Bucket edges are e_k = 10^(k/10) ms for k = 0..60 (1 ms … 1,000 s, ten buckets per decade, each
 * edge 25.9 % above the previous one). Bucket 0 is [0, 1) ms, bucket k ∈ 1..60 is [e_(k−1), e_k),
 * bucket 61 is [1,000 s, ∞). A quantile is located in its bucket from the cumulative counts and
 * interpolated geometrically inside it (linearly in bucket 0), so its relative error is below
 * 10^0.1 − 1 ≈ 25.9 % in the worst case and much smaller when values spread over many buckets
 * (the same scheme as HdrHistogram/Prometheus native histograms, with a coarser base).
 */
export const LATENCY_BUCKETS_PER_DECADE = 10;
const TOP_EDGE_INDEX = 60;
/** Number of counters: 62. */
export const LATENCY_BUCKET_COUNT = TOP_EDGE_INDEX + 2;

function edge(k: number): number {
  return 10 ** (k / LATENCY_BUCKETS_PER_DECADE);
}

/** Index of the bucket holding `latencyMs` (negative and non-finite values go to bucket 0). */
export function latencyBucketIndex(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  const k = Math.floor(Math.log10(latencyMs) * LATENCY_BUCKETS_PER_DECADE) + 1;
  // Guard the floating-point boundary: value exactly on an edge belongs to the bucket above it.
  const corrected = latencyMs < edge(k - 1) ? k - 1 : latencyMs >= edge(k) ? k + 1 : k;
  return Math.min(Math.max(corrected, 1), TOP_EDGE_INDEX + 1);
}

/** [lower, upper) of bucket `index` in ms (upper = Infinity for the last bucket). */
export function latencyBucketBounds(index: number): readonly [number, number] {
  if (index <= 0) return [0, 1];
  if (index > TOP_EDGE_INDEX) return [edge(TOP_EDGE_INDEX), Infinity];
  return [edge(index - 1), edge(index)];
}

/**
 * Estimated `quantile` (0..1) of the latencies counted in `counts` (one count per bucket), in ms.
 *
 * @returns null when the histogram is empty.
 * @throws RangeError for a quantile outside [0, 1].
 */
export function latencyQuantileFromHistogram(counts: readonly number[], quantile: number): number | null {
  if (!(quantile >= 0 && quantile <= 1)) throw new RangeError('quantile must be in [0, 1]');
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total <= 0) return null;
  const target = quantile * total;
  let cumulative = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] ?? 0;
    if (count <= 0) continue;
    if (cumulative + count >= target) {
      const fraction = Math.min(1, Math.max(0, (target - cumulative) / count));
      const [lower, upper] = latencyBucketBounds(index);
      if (!Number.isFinite(upper)) return lower;
      if (lower === 0) return fraction * upper;
      return lower * (upper / lower) ** fraction;
    }
    cumulative += count;
  }
  return latencyBucketBounds(counts.length - 1)[0];
}
