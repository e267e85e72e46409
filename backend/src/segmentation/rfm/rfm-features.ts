import { wholeDaysBetween } from '../../common/domain/time';

/** One order reduced to what RFM needs. `purchasedAtMs` is epoch milliseconds (UTC). */
export interface OrderFact {
  readonly orderId: string;
  readonly purchasedAtMs: number;
  /** Σ quantity × unitPrice of the order's lines, in the data's currency. */
  readonly total: number;
}

/** Recency, frequency and monetary value of one customer as of a reference date. */
export interface RfmFeatures {
  /** Whole days from the last purchase to `asOf` (floor; 0 for a purchase less than a day before). */
  readonly recencyDays: number;
  /** Number of distinct orders (invoices). */
  readonly frequency: number;
  /** Σ order totals, unrounded. */
  readonly monetary: number;
  readonly firstPurchaseMs: number;
  readonly lastPurchaseMs: number;
}

/**
 * RFM features (segmentation spec §B): recency = whole days from the last purchase to `asOfMs`,
 * frequency = distinct order ids, monetary = Σ order totals. Orders after `asOfMs` are ignored, so
 * the figures are those an analyst would have seen on that date.
 *
 * @returns `null` when the customer has no order on or before `asOfMs`.
 */
export function computeRfmFeatures(orders: readonly OrderFact[], asOfMs: number): RfmFeatures | null {
  const seen = new Set<string>();
  let monetary = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const order of orders) {
    if (order.purchasedAtMs > asOfMs || seen.has(order.orderId)) continue;
    seen.add(order.orderId);
    monetary += order.total;
    if (order.purchasedAtMs < first) first = order.purchasedAtMs;
    if (order.purchasedAtMs > last) last = order.purchasedAtMs;
  }
  if (seen.size === 0) return null;
  return {
    recencyDays: wholeDaysBetween(last, asOfMs),
    frequency: seen.size,
    monetary,
    firstPurchaseMs: first,
    lastPurchaseMs: last,
  };
}
