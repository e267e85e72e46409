import { growthbookHash } from './hashing';

/** Half-open bucket range [start, end) of one variant. */
export type BucketRange = readonly [start: number, end: number];

/** A namespace claim: units whose namespace hash falls in [start, end) may enter the experiment. */
export type Namespace = readonly [id: string, start: number, end: number];

/** Equal weights 1/n (empty for n ≤ 0), as GrowthBook's `getEqualWeights`. */
export function equalWeights(numVariations: number): number[] {
  if (numVariations <= 0) return [];
  return new Array<number>(numVariations).fill(1 / numVariations);
}

/**
 * Variant ranges from cumulative weights × coverage (GrowthBook `getBucketRanges`): variant i gets
 * [c_i, c_i + coverage·w_i) with c_i = Σ_{j<i} w_j, so lowering coverage shrinks every range in
 * place and never moves a unit from one variant to another. Coverage is clamped to [0, 1]; weights
 * of the wrong length or not summing to 1 ± 0.01 fall back to equal weights.
 */
export function bucketRanges(
  numVariations: number,
  coverage = 1,
  weights?: readonly number[],
): BucketRange[] {
  const clampedCoverage = Math.min(1, Math.max(0, coverage));
  const equal = equalWeights(numVariations);
  let used: readonly number[] = weights && weights.length === numVariations ? weights : equal;
  const total = used.reduce((sum, w) => sum + w, 0);
  if (total < 0.99 || total > 1.01) used = equal;
  let cumulative = 0;
  return used.map((w): BucketRange => {
    const start = cumulative;
    cumulative += w;
    return [start, start + clampedCoverage * w];
  });
}

/** Whether `bucket` lies in the half-open `range`. */
export function inRange(bucket: number, range: BucketRange): boolean {
  return bucket >= range[0] && bucket < range[1];
}

/**
 * Index of the range containing `bucket`, or −1 when it is outside every range (outside coverage),
 * as GrowthBook's `chooseVariation`.
 */
export function chooseVariation(bucket: number, ranges: readonly BucketRange[]): number {
  return ranges.findIndex((range) => inRange(bucket, range));
}

/**
 * Whether a unit belongs to a namespace slice (GrowthBook `inNamespace`): hash version 1 with seed
 * `"__" + namespaceId`, tested against [start, end). Experiments with disjoint slices of the same
 * namespace never share a unit.
 */
export function inNamespace(unitId: string, namespace: Namespace): boolean {
  const bucket = growthbookHash(`__${namespace[0]}`, unitId, 1);
  return bucket !== null && bucket >= namespace[1] && bucket < namespace[2];
}
