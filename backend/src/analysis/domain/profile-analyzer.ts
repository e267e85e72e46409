import { Order } from '../../purchases/domain/order';
import { intervalsInDays, intervalStats, summarizePurchases } from '../../purchases/domain/purchase-summary';
import { MS_PER_DAY } from '../../common/domain/time';
import { distinctPurchaseDays, ordersAsOf, predictNextOrder } from './consumption-analyzer';

export const SPENDING_TIERS = ['low', 'medium', 'high', 'very_high'] as const;
export type SpendingTier = (typeof SPENDING_TIERS)[number];
export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export type ChurnRisk = (typeof CHURN_RISKS)[number];
export const REGULARITIES = ['regular', 'irregular', 'one_off', 'insufficient_data'] as const;
export type PurchaseRegularity = (typeof REGULARITIES)[number];
export type SpendTrend = 'rising' | 'stable' | 'falling' | 'insufficient_data';

/** Upper bounds of spend per 30 days (data currency) of the low, medium and high tiers. */
export const SPENDING_TIER_BOUNDS = [50, 250, 1000] as const;
/** Window of the spend trend, in days: the last window against the one before. */
export const TREND_WINDOW_DAYS = 90;
/** CV of purchase-day intervals at or below which buying is called regular. */
export const REGULAR_MAX_CV = 0.5;

/** Facts computed from the orders; a model never changes them. Money unrounded, in the data's currency. */
export interface ProfileFacts {
  readonly orders: number;
  readonly totalSpent: number;
  readonly averageOrderValue: number | null;
  /** Spend per 30 days over the span from the first purchase to `asOf` (at least 30 days). */
  readonly spendPer30Days: number;
  readonly ordersPer30Days: number | null;
  readonly recencyDays: number | null;
  readonly firstPurchaseAt: string | null;
  readonly lastPurchaseAt: string | null;
  readonly purchaseDays: number;
  readonly intervalMeanDays: number | null;
  readonly intervalMedianDays: number | null;
  readonly intervalCv: number | null;
  readonly expectedIntervalDays: number | null;
  readonly distinctProducts: number;
  /** Mean distinct products per order. */
  readonly averageBasketSize: number | null;
  readonly spendLast90Days: number;
  readonly spendPrevious90Days: number;
  readonly spendTrend: SpendTrend;
  readonly topProducts: ReadonlyArray<{ productId: string; description: string | null; category: string | null; timesBought: number; totalSpent: number }>;
  readonly topCategories: ReadonlyArray<{ category: string; spendShare: number }>;
}

/** Spending and behaviour profile. */
export interface ProfileResult {
  readonly facts: ProfileFacts;
  readonly spendingTier: SpendingTier;
  readonly purchaseRegularity: PurchaseRegularity;
  readonly churnRisk: ChurnRisk;
  /** Products that characterise the customer (ids from the history). */
  readonly keyProductIds: readonly string[];
  readonly insights: readonly string[];
  readonly summary: string;
}

/** Facts of the profile as of `asOfMs`; reuses `summarizePurchases` for RFM, intervals and products. */
export function profileFacts(orders: readonly Order[], asOfMs: number): ProfileFacts {
  const visible = ordersAsOf(orders, asOfMs);
  const summary = summarizePurchases(visible, asOfMs, Number.MAX_SAFE_INTEGER);
  const instants = visible.map((o) => Date.parse(o.purchasedAtUtc));
  const days = distinctPurchaseDays(instants);
  const stats = intervalStats(intervalsInDays(days));
  const next = predictNextOrder(instants);
  const windowMs = TREND_WINDOW_DAYS * MS_PER_DAY;
  let last = 0;
  let previous = 0;
  visible.forEach((o, i) => {
    const age = asOfMs - instants[i];
    if (age < windowMs) last += o.total;
    else if (age < 2 * windowMs) previous += o.total;
  });
  const spanDays = summary.firstPurchaseAt ? (asOfMs - Date.parse(summary.firstPurchaseAt)) / MS_PER_DAY : 0;
  const byCategory = new Map<string, number>();
  for (const p of summary.products) if (p.category) byCategory.set(p.category, (byCategory.get(p.category) ?? 0) + p.totalSpent);
  const categorySpend = [...byCategory.values()].reduce((s, x) => s + x, 0);
  return {
    orders: summary.orders,
    totalSpent: summary.totalSpent,
    averageOrderValue: summary.averageOrderValue,
    spendPer30Days: summary.totalSpent / Math.max(spanDays / 30, 1),
    ordersPer30Days: summary.ordersPer30Days,
    recencyDays: summary.rfm?.recencyDays ?? null,
    firstPurchaseAt: summary.firstPurchaseAt,
    lastPurchaseAt: summary.lastPurchaseAt,
    purchaseDays: days.length,
    intervalMeanDays: stats.meanDays,
    intervalMedianDays: stats.medianDays,
    intervalCv: stats.coefficientOfVariation,
    expectedIntervalDays: next?.expectedIntervalDays ?? null,
    distinctProducts: summary.distinctProducts,
    averageBasketSize: visible.length ? visible.reduce((s, o) => s + new Set(o.lines.map((l) => l.productId)).size, 0) / visible.length : null,
    spendLast90Days: last,
    spendPrevious90Days: previous,
    spendTrend: trendOf(last, previous),
    topProducts: summary.products.slice(0, 5).map((p) => ({
      productId: p.productId,
      description: p.description ?? null,
      category: p.category ?? null,
      timesBought: p.timesBought,
      totalSpent: p.totalSpent,
    })),
    topCategories: [...byCategory.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([category, spend]) => ({ category, spendShare: categorySpend > 0 ? spend / categorySpend : 0 })),
  };
}

/** Last window's spend against the previous one: > +20 % rising, < −20 % falling. */
export function trendOf(last: number, previous: number): SpendTrend {
  if (last === 0 && previous === 0) return 'insufficient_data';
  if (previous === 0) return 'rising';
  const ratio = last / previous;
  if (ratio > 1.2) return 'rising';
  if (ratio < 0.8) return 'falling';
  return 'stable';
}

/** Tier by spend per 30 days against {@link SPENDING_TIER_BOUNDS}. */
export function spendingTierOf(spendPer30Days: number): SpendingTier {
  const index = SPENDING_TIER_BOUNDS.findIndex((bound) => spendPer30Days < bound);
  return index === -1 ? 'very_high' : SPENDING_TIERS[index];
}

/** Regular when the CV of purchase-day intervals is ≤ 0.5 (needs two intervals). */
export function regularityOf(facts: Pick<ProfileFacts, 'purchaseDays' | 'intervalCv'>): PurchaseRegularity {
  if (facts.purchaseDays <= 1) return 'one_off';
  if (facts.intervalCv === null) return 'insufficient_data';
  return facts.intervalCv <= REGULAR_MAX_CV ? 'regular' : 'irregular';
}

/**
 * Churn risk from recency against the expected interval: ≤ 1.5 intervals low, ≤ 3 medium, else high.
 * A one-off buyer is medium within 90 days of the purchase, else high.
 */
export function churnRiskOf(facts: Pick<ProfileFacts, 'recencyDays' | 'expectedIntervalDays'>): ChurnRisk {
  if (facts.recencyDays === null) return 'high';
  if (facts.expectedIntervalDays === null || facts.expectedIntervalDays <= 0) return facts.recencyDays <= 90 ? 'medium' : 'high';
  const ratio = facts.recencyDays / facts.expectedIntervalDays;
  if (ratio <= 1.5) return 'low';
  return ratio <= 3 ? 'medium' : 'high';
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Rule-based profile: facts, tier, regularity, churn risk and templated insights. */
export function profileCustomer(orders: readonly Order[], asOfMs: number): ProfileResult {
  const facts = profileFacts(orders, asOfMs);
  const spendingTier = spendingTierOf(facts.spendPer30Days);
  const purchaseRegularity = regularityOf(facts);
  const churnRisk = churnRiskOf(facts);
  const insights: string[] = [];
  if (facts.orders === 0) {
    insights.push('No purchases up to the reference date.');
  } else {
    insights.push(`${facts.orders} orders, average order value ${round1(facts.averageOrderValue ?? 0)}, ${spendingTier.replace('_', ' ')} spend per month (${round1(facts.spendPer30Days)}).`);
    if (facts.expectedIntervalDays !== null) {
      insights.push(`Buys about every ${Math.round(facts.expectedIntervalDays)} days; ${purchaseRegularity.replace('_', ' ')} rhythm; last purchase ${facts.recencyDays} days ago.`);
    } else {
      insights.push(`Single purchase day so far, ${facts.recencyDays} days ago.`);
    }
    if (facts.spendTrend !== 'insufficient_data') {
      insights.push(`Spend in the last 90 days is ${facts.spendTrend} (${round1(facts.spendLast90Days)} against ${round1(facts.spendPrevious90Days)} before).`);
    }
    if (facts.topProducts.length > 0) {
      const top = facts.topProducts[0];
      insights.push(`Most bought product: ${top.description ?? top.productId} (${top.timesBought} orders).`);
    }
    insights.push(`Churn risk ${churnRisk}.`);
  }
  return {
    facts,
    spendingTier,
    purchaseRegularity,
    churnRisk,
    keyProductIds: facts.topProducts.slice(0, 3).map((p) => p.productId),
    insights,
    summary: facts.orders === 0 ? 'No purchase history.' : `${capitalise(spendingTier.replace('_', ' '))}-spend, ${purchaseRegularity.replace('_', ' ')} buyer with ${churnRisk} churn risk.`,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
