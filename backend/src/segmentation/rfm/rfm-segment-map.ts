/** Named RFM segments of the default (R score, F score) map (segmentation spec §B). */
export type RfmSegment =
  | 'champions'
  | 'loyal_customers'
  | 'potential_loyalists'
  | 'new_customers'
  | 'promising'
  | 'need_attention'
  | 'about_to_sleep'
  | 'at_risk'
  | 'cant_lose'
  | 'hibernating';

/** Inclusive score ranges of R and F covered by one named segment. */
export interface RfmSegmentRule<S extends string = RfmSegment> {
  readonly segment: S;
  readonly r: readonly [number, number];
  readonly f: readonly [number, number];
}

/** The spec §B map. */
export const DEFAULT_RFM_SEGMENT_RULES: readonly RfmSegmentRule[] = [
  { segment: 'hibernating', r: [1, 2], f: [1, 2] },
  { segment: 'at_risk', r: [1, 2], f: [3, 4] },
  { segment: 'cant_lose', r: [1, 2], f: [5, 5] },
  { segment: 'about_to_sleep', r: [3, 3], f: [1, 2] },
  { segment: 'need_attention', r: [3, 3], f: [3, 3] },
  { segment: 'loyal_customers', r: [3, 4], f: [4, 5] },
  { segment: 'promising', r: [4, 4], f: [1, 1] },
  { segment: 'new_customers', r: [5, 5], f: [1, 1] },
  { segment: 'potential_loyalists', r: [4, 5], f: [2, 3] },
  { segment: 'champions', r: [5, 5], f: [4, 5] },
];

/** Segment per (R, F) cell: `cells[(r - 1) * 5 + (f - 1)]`. */
export interface RfmSegmentMap<S extends string = RfmSegment> {
  readonly cells: readonly S[];
}

/**
 * Builds the 25-cell lookup from range rules.
 *
 * @throws RangeError when a rule has a score outside 1..5, or a cell is covered by no rule or by
 *   more than one (the map must be a partition of the 5 × 5 grid).
 */
export function buildRfmSegmentMap<S extends string>(rules: readonly RfmSegmentRule<S>[]): RfmSegmentMap<S> {
  const cells = new Array<S | undefined>(25).fill(undefined);
  for (const rule of rules) {
    const [r0, r1] = rule.r;
    const [f0, f1] = rule.f;
    for (const s of [r0, r1, f0, f1]) {
      if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`segment ${rule.segment}: score ${s} outside 1..5`);
    }
    for (let r = r0; r <= r1; r++) {
      for (let f = f0; f <= f1; f++) {
        const cell = (r - 1) * 5 + (f - 1);
        const existing = cells[cell];
        if (existing !== undefined) throw new RangeError(`cell R${r}F${f} is in both ${existing} and ${rule.segment}`);
        cells[cell] = rule.segment;
      }
    }
  }
  const missing = cells.findIndex((s) => s === undefined);
  if (missing >= 0) throw new RangeError(`cell R${Math.floor(missing / 5) + 1}F${(missing % 5) + 1} has no segment`);
  return { cells: cells as S[] };
}

export const DEFAULT_RFM_SEGMENT_MAP: RfmSegmentMap = buildRfmSegmentMap(DEFAULT_RFM_SEGMENT_RULES);

/**
 * Named segment of an (R, F) score pair.
 *
 * @throws RangeError when a score is not an integer in 1..5.
 */
export function rfmSegmentOf<S extends string = RfmSegment>(
  rScore: number,
  fScore: number,
  map: RfmSegmentMap<S> = DEFAULT_RFM_SEGMENT_MAP as unknown as RfmSegmentMap<S>,
): S {
  if (!(rScore >= 1 && rScore <= 5 && fScore >= 1 && fScore <= 5) || !Number.isInteger(rScore) || !Number.isInteger(fScore)) {
    throw new RangeError(`RFM scores must be integers in 1..5, got R${rScore} F${fScore}`);
  }
  return map.cells[(rScore - 1) * 5 + (fScore - 1)];
}
