import { median } from '../../common/domain/statistics';
import { MS_PER_DAY, wholeDaysBetween } from '../../common/domain/time';
import { computeRfmFeatures } from '../../segmentation/rfm/rfm-features';
import { Order } from './order';

/** Summary statistics of a list of intervals in days. */
export interface IntervalStats {
  /** Number of intervals (orders − 1). */
  readonly count: number;
  readonly meanDays: number | null;
  readonly medianDays: number | null;
  /** Sample standard deviation / mean (ddof = 1); null with fewer than two intervals or a zero mean. */
  readonly coefficientOfVariation: number | null;
}

/** How a customer buys one product. */
export interface ProductPattern {
  readonly productId: string;
  readonly description?: string;
  readonly category?: string;
  /** Orders containing the product. */
  readonly timesBought: number;
  readonly totalQuantity: number;
  readonly totalSpent: number;
  /** Mean days between consecutive orders containing the product; null if bought once. */
  readonly meanDaysBetween: number | null;
  readonly lastBoughtAt: string;
  /** Whole days from the last purchase of the product to `asOf`. */
  readonly daysSinceLastBought: number;
}

/** Enriched purchase history of one customer as of a date (orders after it are ignored). */
export interface PurchaseSummary {
  readonly asOf: string;
  readonly orders: number;
  readonly totalSpent: number;
  readonly averageOrderValue: number | null;
  readonly firstPurchaseAt: string | null;
  readonly lastPurchaseAt: string | null;
  readonly rfm: { readonly recencyDays: number; readonly frequency: number; readonly monetary: number } | null;
  /** Orders per 30 days over the span from first purchase to `asOf`, a span of at least 30 days (null without orders). */
  readonly ordersPer30Days: number | null;
  readonly interPurchaseIntervals: IntervalStats;
  readonly products: readonly ProductPattern[];
  /** Distinct products bought, before `productLimit` is applied. */
  readonly distinctProducts: number;
}

/** Mean, median and coefficient of variation (sample sd, ddof = 1, over the mean) of intervals in days. */
export function intervalStats(intervalsDays: readonly number[]): IntervalStats {
  const n = intervalsDays.length;
  if (n === 0) return { count: 0, meanDays: null, medianDays: null, coefficientOfVariation: null };
  const mean = intervalsDays.reduce((s, x) => s + x, 0) / n;
  let cv: number | null = null;
  if (n >= 2 && mean > 0) {
    const variance = intervalsDays.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    cv = Math.sqrt(variance) / mean;
  }
  return { count: n, meanDays: mean, medianDays: median(intervalsDays), coefficientOfVariation: cv };
}

/** Differences in (fractional) days between consecutive sorted instants. */
export function intervalsInDays(sortedMs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < sortedMs.length; i++) out.push((sortedMs[i] - sortedMs[i - 1]) / MS_PER_DAY);
  return out;
}

/**
 * Summarises a customer's orders as of `asOfMs`: RFM (segmentation spec §B), order count, total
 * spent, average order value, inter-purchase intervals and per-product consumption patterns sorted
 * by times bought, then total spent. Money is unrounded; callers round at the edge.
 */
export function summarizePurchases(orders: readonly Order[], asOfMs: number, productLimit = 100): PurchaseSummary {
  const visible = orders
    .map((order) => ({ order, ms: Date.parse(order.purchasedAtUtc) }))
    .filter((o) => o.ms <= asOfMs)
    .sort((a, b) => a.ms - b.ms || (a.order.orderId < b.order.orderId ? -1 : 1));
  const rfm = computeRfmFeatures(
    visible.map(({ order, ms }) => ({ orderId: order.orderId, purchasedAtMs: ms, total: order.total })),
    asOfMs,
  );
  const products = new Map<string, { pattern: Omit<ProductPattern, 'meanDaysBetween' | 'lastBoughtAt' | 'daysSinceLastBought'>; times: number[] }>();
  for (const { order, ms } of visible) {
    const seenInOrder = new Set<string>();
    for (const line of order.lines) {
      let entry = products.get(line.productId);
      if (!entry) {
        entry = {
          pattern: { productId: line.productId, description: line.description, category: line.category, timesBought: 0, totalQuantity: 0, totalSpent: 0 },
          times: [],
        };
        products.set(line.productId, entry);
      }
      const p = entry.pattern as { -readonly [K in keyof typeof entry.pattern]: (typeof entry.pattern)[K] };
      p.totalQuantity += line.quantity;
      p.totalSpent += line.quantity * line.unitPrice;
      if (line.description) p.description = line.description;
      if (line.category) p.category = line.category;
      if (!seenInOrder.has(line.productId)) {
        seenInOrder.add(line.productId);
        p.timesBought += 1;
        entry.times.push(ms);
      }
    }
  }
  const patterns: ProductPattern[] = [...products.values()]
    .map(({ pattern, times }) => {
      const last = times[times.length - 1];
      return {
        ...pattern,
        meanDaysBetween: intervalStats(intervalsInDays(times)).meanDays,
        lastBoughtAt: new Date(last).toISOString(),
        daysSinceLastBought: wholeDaysBetween(last, asOfMs),
      };
    })
    .sort((a, b) => b.timesBought - a.timesBought || b.totalSpent - a.totalSpent || (a.productId < b.productId ? -1 : 1));
  const totalSpent = rfm?.monetary ?? 0;
  const spanDays = rfm ? (asOfMs - rfm.firstPurchaseMs) / MS_PER_DAY : 0;
  return {
    asOf: new Date(asOfMs).toISOString(),
    orders: rfm?.frequency ?? 0,
    totalSpent,
    averageOrderValue: rfm ? totalSpent / rfm.frequency : null,
    firstPurchaseAt: rfm ? new Date(rfm.firstPurchaseMs).toISOString() : null,
    lastPurchaseAt: rfm ? new Date(rfm.lastPurchaseMs).toISOString() : null,
    rfm: rfm ? { recencyDays: rfm.recencyDays, frequency: rfm.frequency, monetary: rfm.monetary } : null,
    ordersPer30Days: rfm ? rfm.frequency / Math.max(spanDays / 30, 1) : null,
    interPurchaseIntervals: intervalStats(intervalsInDays(visible.map((o) => o.ms))),
    products: patterns.slice(0, productLimit),
    distinctProducts: patterns.length,
  };
}
