import type { CustomerFeatures } from './domain/customer-features';

/** Options of a population scan. */
export interface PopulationScanOptions {
  /** Picks the reference date once the latest purchase of the population is known (epoch ms; null: no purchase). */
  readonly resolveAsOf: (latestPurchaseMs: number | null) => number;
  /** Items read so far (all segments). */
  readonly onProgress?: (itemsScanned: number) => void;
}

/** The population as of a reference date, and how it was read. */
export interface PopulationScan {
  readonly asOfMs: number;
  readonly features: CustomerFeatures[];
  readonly itemsScanned: number;
  readonly mode: 'threads' | 'in-process';
  readonly workers: number;
  readonly segments: number;
}

/** Port: reads every stored customer with its orders and reduces each to {@link CustomerFeatures}. */
export abstract class CustomerPopulationScanner {
  abstract scan(options: PopulationScanOptions): Promise<PopulationScan>;
}
