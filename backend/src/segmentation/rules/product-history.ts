import { MS_PER_DAY } from '../../common/domain/time';
import type { ValidProductHistoryEntry } from './customer-data';

/** One stored order line as far as the product history needs it. */
export interface OrderLineInput {
  readonly productId: string;
  readonly description?: string;
  readonly category?: string;
  readonly quantity: number;
  /** Price of one unit in the data's currency. */
  readonly unitPrice: number;
}

export interface OrderInput {
  /** Epoch ms (UTC). */
  readonly purchasedAtMs: number;
  readonly lines: readonly OrderLineInput[];
}

/** Category given to products whose lines never name one. */
export const UNKNOWN_CATEGORY = 'uncategorized';

interface Accumulator {
  readonly productId: string;
  category: string;
  totalQuantity: number;
  totalSpent: number;
  orderCount: number;
  lastOrder: OrderInput | null;
  firstMs: number;
  lastMs: number;
  days: number[];
}

/**
 * Builds the `productHistory` of the rule profile from a stored customer's orders, so that a
 * customer of this system can be profiled like an agent payload.
 *
 * Per product: totalQuantity = Σ quantity, totalSpent = Σ quantity × unitPrice (unrounded),
 * orderCount = orders containing the product, firstPurchase / lastPurchase as ISO-8601 UTC,
 * avgDaysBetween = mean gap in days between the distinct UTC calendar days the product was bought
 * on, i.e. (last day − first day) / (distinct days − 1), `null` with fewer than two such days.
 * Category is the first one a line names, else {@link UNKNOWN_CATEGORY}. Orders after `asOfMs` are
 * ignored (the history an analyst would have seen then). Products appear in order of first
 * appearance in `orders`.
 *
 * @returns entries ready for {@link profileCustomer} (dates already parsed).
 */
export function productHistoryFromOrders(
  orders: readonly OrderInput[],
  asOfMs: number,
): ValidProductHistoryEntry[] {
  const byProduct = new Map<string, Accumulator>();
  for (const order of orders) {
    const at = order.purchasedAtMs;
    if (at > asOfMs) continue;
    const day = Math.floor(at / MS_PER_DAY);
    for (const line of order.lines) {
      let acc = byProduct.get(line.productId);
      if (acc === undefined) {
        acc = {
          productId: line.productId,
          category: UNKNOWN_CATEGORY,
          totalQuantity: 0,
          totalSpent: 0,
          orderCount: 0,
          lastOrder: null,
          firstMs: at,
          lastMs: at,
          days: [],
        };
        byProduct.set(line.productId, acc);
      }
      if (acc.category === UNKNOWN_CATEGORY && line.category !== undefined && line.category !== '') {
        acc.category = line.category;
      }
      acc.totalQuantity += line.quantity;
      acc.totalSpent += line.quantity * line.unitPrice;
      if (acc.lastOrder !== order) {
        acc.orderCount++;
        acc.lastOrder = order;
        acc.days.push(day);
      }
      if (at < acc.firstMs) acc.firstMs = at;
      if (at > acc.lastMs) acc.lastMs = at;
    }
  }

  const history: ValidProductHistoryEntry[] = [];
  for (const acc of byProduct.values()) {
    const distinctDays = new Set(acc.days);
    let firstDay = Infinity;
    let lastDay = -Infinity;
    for (const d of distinctDays) {
      if (d < firstDay) firstDay = d;
      if (d > lastDay) lastDay = d;
    }
    const avgDaysBetween = distinctDays.size < 2 ? null : (lastDay - firstDay) / (distinctDays.size - 1);
    history.push({
      productId: acc.productId,
      category: acc.category,
      totalQuantity: acc.totalQuantity,
      totalSpent: acc.totalSpent,
      orderCount: acc.orderCount,
      firstPurchase: new Date(acc.firstMs).toISOString(),
      lastPurchase: new Date(acc.lastMs).toISOString(),
      avgDaysBetween,
      firstPurchaseMs: acc.firstMs,
      lastPurchaseMs: acc.lastMs,
    });
  }
  return history;
}
