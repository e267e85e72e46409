import type { CustomerSegmentRow } from './domain/segment-analytics';
import type { InsightScheme } from './domain/segment-vocabulary';

/** A customer of a run: its RFM features and its segment in each scheme. */
export type CustomerRunRow = Omit<CustomerSegmentRow, 'segment'> & { readonly segments: Readonly<Record<InsightScheme, string>> };

/** The latest completed full segmentation run, as insights read it. */
export interface SegmentationRunRef {
  readonly runId: string;
  /** Reference date of the run's figures, epoch ms. */
  readonly asOfMs: number;
  readonly customers: number;
}

/** Port: the stored segmentation data insights compute their figures from. */
export abstract class SegmentDataSource {
  /** The latest completed full run, or undefined when none exists yet. */
  abstract latestRun(): Promise<SegmentationRunRef | undefined>;

  /**
   * One row per customer of the run: its segments (from the run) and its RFM features as of
   * `asOfMs` (from the stored orders; later orders are ignored).
   */
  abstract rows(run: SegmentationRunRef, asOfMs: number): Promise<CustomerRunRow[]>;
}
