import type { CustomerFeatures } from './domain/customer-features';
import type { SegmentScheme } from './domain/segment-schemes';

/** A customer's current batch segments, as stored (schemes whose membership was set by a batch run). */
export type StoredBatchSegments = Readonly<Partial<Record<SegmentScheme, string>>>;

/** Options of a population scan. */
export interface PopulationScanOptions {
  /** Picks the reference date once the latest purchase of the population is known (epoch ms; null: no purchase). */
  readonly resolveAsOf: (latestPurchaseMs: number | null) => number;
  /** Items read so far (all segments). */
  readonly onProgress?: (itemsScanned: number) => void;
  /**
   * Also return each customer's current batch memberships (read from the same partitions, with a
   * strongly consistent scan), so that the batch rewrites only the changed ones.
   */
  readonly withBatchMemberships?: boolean;
}

/** The population as of a reference date, and how it was read. */
export interface PopulationScan {
  readonly asOfMs: number;
  readonly features: CustomerFeatures[];
  readonly itemsScanned: number;
  readonly mode: 'threads' | 'in-process';
  readonly workers: number;
  readonly segments: number;
  /** With `withBatchMemberships`: customer id → current batch segments (absent: none stored). */
  readonly batchMemberships?: ReadonlyMap<string, StoredBatchSegments>;
}

/** Port: reads every stored customer with its orders and reduces each to {@link CustomerFeatures}. */
export abstract class CustomerPopulationScanner {
  abstract scan(options: PopulationScanOptions): Promise<PopulationScan>;
}
