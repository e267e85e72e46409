import { quantileEdges, binOf, rankFirst } from './quintiles';
import { DEFAULT_RFM_SEGMENT_MAP, rfmSegmentOf, type RfmSegment, type RfmSegmentMap } from './rfm-segment-map';

/** RFM features of one customer (see `computeRfmFeatures`). */
export interface RfmRow {
  readonly customerId: string;
  /** Whole days since the last purchase. */
  readonly recencyDays: number;
  /** Distinct orders. */
  readonly frequency: number;
  /** Total spent, in the data's currency. */
  readonly monetary: number;
}

export interface RfmScore<S extends string = RfmSegment> {
  readonly customerId: string;
  /** 5 = most recent quintile. */
  readonly rScore: number;
  readonly fScore: number;
  readonly mScore: number;
  /** `${rScore}${fScore}${mScore}`, e.g. `'545'`. */
  readonly rfmCell: string;
  readonly segment: S;
}

/** The six quintile edges of each feature, ascending; F edges are on the frequency rank (1..n). */
export interface RfmQuintileEdges {
  readonly recency: number[];
  readonly frequencyRank: number[];
  readonly monetary: number[];
}

export interface RfmScoring<S extends string = RfmSegment> {
  /** One entry per input row, in input order. */
  readonly scores: RfmScore<S>[];
  readonly edges: RfmQuintileEdges;
}

const NUMERIC_ID = /^\d+(\.\d+)?$/;

/**
 * Orders customer ids as the reference Python pipeline sorts its CustomerID index: numerically when
 * both ids are plain numbers (Online Retail's `12347`), else by UTF-16 code units.
 */
export function compareCustomerIds(a: string, b: string): number {
  if (NUMERIC_ID.test(a) && NUMERIC_ID.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * RFM quintile scores and named segments (segmentation spec §B), matching pandas:
 * R = `qcut(recency, 5, labels=[5,4,3,2,1])`; F = `qcut(frequency.rank(method="first"), 5,
 * labels=[1..5])` with rows sorted by customer id, so ties in frequency are broken by id;
 * M = `qcut(monetary, 5, labels=[1..5])`. Edges are numpy linear-interpolation quantiles and bins are
 * right-closed (see {@link binOf} for duplicate edges). The segment comes from the (R, F) map.
 *
 * @param rows one per customer; ids should be unique (duplicates are ranked by input order).
 * @returns scores in input order and the edges used; for no rows, no scores and empty edges.
 * @throws RangeError when a feature is not a finite number.
 */
export function scoreRfm<S extends string = RfmSegment>(
  rows: readonly RfmRow[],
  map: RfmSegmentMap<S> = DEFAULT_RFM_SEGMENT_MAP as unknown as RfmSegmentMap<S>,
): RfmScoring<S> {
  const n = rows.length;
  if (n === 0) return { scores: [], edges: { recency: [], frequencyRank: [], monetary: [] } };
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Number.isFinite(row.recencyDays) || !Number.isFinite(row.frequency) || !Number.isFinite(row.monetary)) {
      throw new RangeError(`customer ${row.customerId}: RFM features must be finite numbers`);
    }
    recency[i] = row.recencyDays;
    frequency[i] = row.frequency;
    monetary[i] = row.monetary;
  }
  const byId = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    compareCustomerIds(rows[a].customerId, rows[b].customerId) || a - b,
  );
  const frequencyRank = rankFirst(frequency, byId);
  const rEdges = quantileEdges(recency);
  const fEdges = quantileEdges(frequencyRank);
  const mEdges = quantileEdges(monetary);

  const scores = new Array<RfmScore<S>>(n);
  for (let i = 0; i < n; i++) {
    const rScore = 6 - binOf(rEdges, recency[i]);
    const fScore = binOf(fEdges, frequencyRank[i]);
    const mScore = binOf(mEdges, monetary[i]);
    scores[i] = {
      customerId: rows[i].customerId,
      rScore,
      fScore,
      mScore,
      rfmCell: `${rScore}${fScore}${mScore}`,
      segment: rfmSegmentOf(rScore, fScore, map),
    };
  }
  return {
    scores,
    edges: { recency: Array.from(rEdges), frequencyRank: Array.from(fEdges), monetary: Array.from(mEdges) },
  };
}
