import { Order } from '../../purchases/domain/order';
import { intervalsInDays, intervalStats, summarizePurchases } from '../../purchases/domain/purchase-summary';
import { MS_PER_DAY } from '../../segmentation/rfm/rfm-features';
import { estimateNextIntervalDays, regularityConfidence } from './interval-estimate';

/** Distinct purchase days a product needs before its next purchase is predicted (two intervals). */
export const MIN_PURCHASE_DAYS_FOR_PREDICTION = 3;
/** Most product predictions kept, by confidence. */
export const MAX_PRODUCT_PREDICTIONS = 50;

/** Next purchase of one product the customer buys regularly. */
export interface ProductPrediction {
  readonly productId: string;
  /** From the customer's orders, never from a model. */
  readonly description: string | null;
  readonly category: string | null;
  /** Distinct days the product was bought on. */
  readonly purchaseDays: number;
  readonly lastPurchasedAt: string;
  /** Mean days between purchase days. */
  readonly meanIntervalDays: number | null;
  /** Coefficient of variation of those intervals (ddof = 1); null with one interval. */
  readonly intervalCv: number | null;
  /** ISO-8601 UTC instant. */
  readonly predictedNextPurchaseAt: string;
  /** 0..1, see `regularityConfidence`. */
  readonly confidence: number;
  readonly rationale: string;
}

/** Next order of the customer, whatever it contains. */
export interface NextOrderPrediction {
  /** Expected days between orders, see `estimateNextIntervalDays`. */
  readonly expectedIntervalDays: number;
  readonly predictedNextPurchaseAt: string;
  readonly confidence: number;
}

/** Consumption prediction: the next order and the next purchase of each regularly bought product. */
export interface ConsumptionResult {
  readonly nextOrder: NextOrderPrediction | null;
  /** Most confident first. */
  readonly predictions: readonly ProductPrediction[];
}

/** Sorted distinct UTC day starts (ms) of the given instants: several invoices on one day are one purchase. */
export function distinctPurchaseDays(instantsMs: readonly number[]): number[] {
  return [...new Set(instantsMs.map((ms) => Math.floor(ms / MS_PER_DAY) * MS_PER_DAY))].sort((a, b) => a - b);
}

/** Orders at or before `asOfMs`, oldest first. */
export function ordersAsOf(orders: readonly Order[], asOfMs: number): Order[] {
  return orders
    .filter((o) => Date.parse(o.purchasedAtUtc) <= asOfMs)
    .sort((a, b) => a.purchasedAtUtc.localeCompare(b.purchasedAtUtc) || a.orderId.localeCompare(b.orderId));
}

/**
 * Customer-level next order from the intervals between distinct purchase days (the predictor of the
 * backtest): last purchase day + `estimateNextIntervalDays(intervals)`, confidence from their CV.
 *
 * @returns null with fewer than two purchase days.
 */
export function predictNextOrder(purchaseInstantsMs: readonly number[]): NextOrderPrediction | null {
  const days = distinctPurchaseDays(purchaseInstantsMs);
  const intervals = intervalsInDays(days);
  const expected = estimateNextIntervalDays(intervals);
  if (expected === null) return null;
  const last = Math.max(...purchaseInstantsMs);
  return {
    expectedIntervalDays: expected,
    predictedNextPurchaseAt: new Date(last + expected * MS_PER_DAY).toISOString(),
    confidence: regularityConfidence(intervalStats(intervals).coefficientOfVariation, intervals.length),
  };
}

/** Purchase statistics of one product of the history. */
export interface ProductPurchaseStats {
  readonly productId: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly purchaseDays: number;
  readonly intervalsDays: readonly number[];
  readonly meanIntervalDays: number | null;
  readonly intervalCv: number | null;
  /** Latest purchase instant, ms. */
  readonly lastPurchasedMs: number;
}

/**
 * Per-product purchase days and intervals of the visible orders, in `summarizePurchases` product
 * order (most bought first); names and categories are those of the orders.
 */
export function productPurchaseStats(visible: readonly Order[], asOfMs: number): Map<string, ProductPurchaseStats> {
  const summary = summarizePurchases(visible, asOfMs, Number.MAX_SAFE_INTEGER);
  const timesByProduct = new Map<string, number[]>();
  for (const order of visible) {
    const ms = Date.parse(order.purchasedAtUtc);
    for (const line of order.lines) {
      const times = timesByProduct.get(line.productId) ?? [];
      times.push(ms);
      timesByProduct.set(line.productId, times);
    }
  }
  const out = new Map<string, ProductPurchaseStats>();
  for (const product of summary.products) {
    const times = timesByProduct.get(product.productId) ?? [];
    const days = distinctPurchaseDays(times);
    const intervals = intervalsInDays(days);
    const stats = intervalStats(intervals);
    out.set(product.productId, {
      productId: product.productId,
      description: product.description ?? null,
      category: product.category ?? null,
      purchaseDays: days.length,
      intervalsDays: intervals,
      meanIntervalDays: stats.meanDays,
      intervalCv: stats.coefficientOfVariation,
      lastPurchasedMs: Math.max(...times),
    });
  }
  return out;
}

/**
 * Rule-based consumption prediction as of `asOfMs` (later orders ignored). For each product bought
 * on at least {@link MIN_PURCHASE_DAYS_FOR_PREDICTION} distinct days: next purchase = last purchase +
 * `estimateNextIntervalDays(product intervals, prior = the customer's order interval estimate)`,
 * confidence = `regularityConfidence(CV, intervals)`. Names and categories come from the orders.
 */
export function predictConsumption(orders: readonly Order[], asOfMs: number): ConsumptionResult {
  const visible = ordersAsOf(orders, asOfMs);
  const nextOrder = predictNextOrder(visible.map((o) => Date.parse(o.purchasedAtUtc)));
  const predictions: ProductPrediction[] = [];
  for (const product of productPurchaseStats(visible, asOfMs).values()) {
    if (product.purchaseDays < MIN_PURCHASE_DAYS_FOR_PREDICTION) continue;
    const expected = estimateNextIntervalDays(product.intervalsDays, { priorDays: nextOrder?.expectedIntervalDays }) as number;
    const last = product.lastPurchasedMs;
    predictions.push({
      productId: product.productId,
      description: product.description,
      category: product.category,
      purchaseDays: product.purchaseDays,
      lastPurchasedAt: new Date(last).toISOString(),
      meanIntervalDays: product.meanIntervalDays,
      intervalCv: product.intervalCv,
      predictedNextPurchaseAt: new Date(last + expected * MS_PER_DAY).toISOString(),
      confidence: regularityConfidence(product.intervalCv, product.intervalsDays.length),
      rationale:
        `Bought on ${product.purchaseDays} separate days, about every ${Math.round(expected)} days` +
        (product.intervalCv === null ? '' : ` (interval CV ${product.intervalCv.toFixed(2)})`) +
        `; last on ${new Date(last).toISOString().slice(0, 10)}.`,
    });
  }
  predictions.sort(
    (a, b) =>
      b.confidence - a.confidence || a.predictedNextPurchaseAt.localeCompare(b.predictedNextPurchaseAt) || a.productId.localeCompare(b.productId),
  );
  return { nextOrder, predictions: predictions.slice(0, MAX_PRODUCT_PREDICTIONS) };
}
