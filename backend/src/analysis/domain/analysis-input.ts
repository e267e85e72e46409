import { createHash } from 'node:crypto';
import { roundMoney } from '../../common/domain/money';
import { isoDay } from '../../common/domain/time';
import { Order } from '../../purchases/domain/order';
import { summarizePurchases } from '../../purchases/domain/purchase-summary';
import { AnalysisType } from './analysis-type';
import { ConsumptionOptions, predictConsumption } from './consumption-analyzer';
import { profileFacts } from './profile-analyzer';

/** Most products described in a model input, most bought first. */
export const MAX_INPUT_PRODUCTS = 100;

/**
 * The structured data a model receives (the `input` JSON block; never inside the system prompt).
 * No customer id, name or contact: only what the analysis needs. Money rounded to 2 decimals.
 */
export interface AnalysisInputDocument {
  readonly analysisType: AnalysisType;
  /** Reference date `YYYY-MM-DD`; orders after it are excluded. */
  readonly asOf: string;
  readonly currency: string | null;
  readonly orderCount: number;
  /** The latest `maxOrders` orders, oldest first. */
  readonly orders: ReadonlyArray<{
    readonly date: string;
    readonly total: number;
    readonly lines: ReadonlyArray<{ productId: string; description: string | null; category: string | null; quantity: number; unitPrice: number }>;
  }>;
  readonly products: ReadonlyArray<{
    readonly productId: string;
    readonly description: string | null;
    readonly category: string | null;
    readonly timesBought: number;
    readonly totalSpent: number;
    readonly lastBoughtAt: string;
    readonly meanDaysBetween: number | null;
  }>;
  /** Figures computed by the rules, given so the model reasons from correct numbers. */
  readonly computed: Readonly<Record<string, unknown>>;
}

/** UTC calendar day `YYYY-MM-DD` of an instant in ms. */

/**
 * Builds the model input of `type` from the orders visible at `asOfMs` (oldest first).
 *
 * @param maxOrders latest orders included in full (older ones only count in `products`).
 * @param options lapse horizon of the rule figures (`computed.regularProducts` excludes lapsed products,
 *   listed in `computed.lapsedProducts`).
 */
export function buildAnalysisInput(
  type: AnalysisType,
  visible: readonly Order[],
  asOfMs: number,
  maxOrders: number,
  options: ConsumptionOptions = {},
): AnalysisInputDocument {
  const summary = summarizePurchases(visible, asOfMs, MAX_INPUT_PRODUCTS);
  const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  let computed: Record<string, unknown>;
  if (type === 'customer_profile') {
    const facts = profileFacts(visible, asOfMs);
    computed = { profile: { ...facts, totalSpent: roundMoney(facts.totalSpent), spendPer30Days: roundMoney(facts.spendPer30Days) } };
  } else {
    const consumption = predictConsumption(visible, asOfMs, options);
    const regular = (p: (typeof consumption.predictions)[number]) => ({
      productId: p.productId,
      purchaseDays: p.purchaseDays,
      meanIntervalDays: round1(p.meanIntervalDays),
      intervalCv: round1(p.intervalCv),
      lastPurchasedAt: p.lastPurchasedAt.slice(0, 10),
    });
    computed = {
      nextOrder: consumption.nextOrder,
      regularProducts: consumption.predictions.slice(0, 30).map(regular),
      lapsedProducts: consumption.lapsed.slice(0, 30).map(regular),
    };
  }
  return {
    analysisType: type,
    asOf: isoDay(asOfMs),
    currency: visible.find((o) => o.currency)?.currency ?? null,
    orderCount: visible.length,
    orders: visible.slice(-maxOrders).map((o) => ({
      date: o.purchasedAtUtc.slice(0, 10),
      total: roundMoney(o.total),
      lines: o.lines.map((l) => ({
        productId: l.productId,
        description: l.description ?? null,
        category: l.category ?? null,
        quantity: l.quantity,
        unitPrice: roundMoney(l.unitPrice),
      })),
    })),
    products: summary.products.map((p) => ({
      productId: p.productId,
      description: p.description ?? null,
      category: p.category ?? null,
      timesBought: p.timesBought,
      totalSpent: roundMoney(p.totalSpent),
      lastBoughtAt: p.lastBoughtAt.slice(0, 10),
      meanDaysBetween: round1(p.meanDaysBetween),
    })),
    computed,
  };
}

/** What identifies a cached analysis: the same parts give the same hash. */
export interface AnalysisCacheKeyParts {
  readonly analysisType: AnalysisType;
  /** Orders visible at `asOf` (any order; sorted inside). */
  readonly orders: ReadonlyArray<Pick<Order, 'orderId' | 'purchasedAtUtc' | 'total'>>;
  /** Reference day `YYYY-MM-DD`: predictions are relative to it. */
  readonly asOfDay: string;
  readonly promptId: string;
  readonly promptVersion: string;
  /** Catalog model id, or `rules@<version>` when no model is asked. */
  readonly engine: string;
  /** Sampling parameters and anything else that changes the answer. */
  readonly parameters: Readonly<Record<string, number | string | null>>;
}

/**
 * SHA-256 (hex, first 32 characters = 128 bits) of a canonical JSON of the parts: orders sorted by
 * id with their UTC instant and total (orders are immutable once stored, so a new or different order
 * changes the hash), reference day, prompt id and version, engine and parameters.
 */
export function analysisInputHash(parts: AnalysisCacheKeyParts): string {
  const orders = [...parts.orders]
    .sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0))
    .map((o) => [o.orderId, o.purchasedAtUtc, o.total]);
  const parameters = Object.keys(parts.parameters)
    .sort()
    .map((k) => [k, parts.parameters[k]]);
  const canonical = JSON.stringify([1, parts.analysisType, parts.asOfDay, parts.promptId, parts.promptVersion, parts.engine, parameters, orders]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** Splits model-given product ids into those of the customer's history and the invented ones. */
export function groundProductIds(ids: readonly string[], known: ReadonlySet<string>): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const id of ids) (known.has(id) ? kept : dropped).push(id);
  return { kept, dropped };
}
