import { Order } from '../../purchases/domain/order';
import { summarizePurchases } from '../../purchases/domain/purchase-summary';
import { MS_PER_DAY } from '../../common/domain/time';
import { ConsumptionOptions, ordersAsOf, predictConsumption } from './consumption-analyzer';
import { dueInDays, UPCOMING_WITHIN_DAYS } from './replenishment';

/** Kinds a model may give (the recommendations tool schema). */
export const MODEL_RECOMMENDATION_KINDS = ['replenishment', 'product_affinity', 'category_affinity'] as const;
export type ModelRecommendationKind = (typeof MODEL_RECOMMENDATION_KINDS)[number];
/** Every kind of a result: `win_back` marks a lapsed regular product (rules, or a model replenishment of one). */
export const RECOMMENDATION_KINDS = [...MODEL_RECOMMENDATION_KINDS, 'win_back'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];
/** Most recommendations an analysis keeps; routes return a prefix (`limit` 1..20). */
export const MAX_RECOMMENDATIONS = 20;

/** One recommended product of the customer's own history. */
export interface Recommendation {
  readonly rank: number;
  readonly productId: string;
  /** From the customer's orders, never from a model. */
  readonly description: string | null;
  readonly category: string | null;
  readonly kind: RecommendationKind;
  /** 0..1; replenishments score 0.5..1 and rank above win-backs and affinities (0..0.5). */
  readonly score: number;
  readonly reason: string;
}

/** Ranked recommendations, best first. */
export interface RecommendationsResult {
  readonly items: readonly Recommendation[];
}

/**
 * Rule-based recommendations as of `asOfMs`:
 * 1. replenishment of regulars due within 7 days or overdue (not lapsed): score = 0.5 + 0.5 · confidence;
 * 2. the other products not in the last order (lapsed ones even if they were: the customer has not
 *    ordered for longer than their lapse window), by
 *    score = 0.5 · (0.5 · share of orders with the product + 0.3 · share of those orders that also hold a
 *    product of the last order + 0.2 · spend share of the product's category): `win_back` for lapsed
 *    regular products (`isLapsed`), else `category_affinity` when the category term is the largest,
 *    else `product_affinity`. Win-backs thus always rank below the due regulars.
 */
export function recommendProducts(orders: readonly Order[], asOfMs: number, limit = MAX_RECOMMENDATIONS, options: ConsumptionOptions = {}): RecommendationsResult {
  const visible = ordersAsOf(orders, asOfMs);
  if (visible.length === 0) return { items: [] };
  const consumption = predictConsumption(visible, asOfMs, options);
  const lapsed = new Map(consumption.lapsed.map((p) => [p.productId, p]));
  const items: Omit<Recommendation, 'rank'>[] = [];
  const taken = new Set<string>();
  const due = consumption.predictions
    .map((p) => ({ p, due: dueInDays(p, asOfMs) }))
    .filter((x) => x.due <= UPCOMING_WITHIN_DAYS)
    .sort((a, b) => b.p.confidence - a.p.confidence || a.due - b.due);
  for (const { p, due: d } of due) {
    taken.add(p.productId);
    items.push({
      productId: p.productId,
      description: p.description,
      category: p.category,
      kind: 'replenishment',
      score: 0.5 + 0.5 * p.confidence,
      reason: d < 0 ? `Usually rebought every ${Math.round(p.meanIntervalDays ?? 0)} days; overdue by ${Math.round(-d)} days.` : `Usually rebought every ${Math.round(p.meanIntervalDays ?? 0)} days; due in ${Math.round(d)} days.`,
    });
  }
  const lastOrder = visible[visible.length - 1];
  const lastProducts = new Set(lastOrder.lines.map((l) => l.productId));
  const summary = summarizePurchases(visible, asOfMs, Number.MAX_SAFE_INTEGER);
  const categorySpend = new Map<string, number>();
  let totalCategorySpend = 0;
  for (const p of summary.products) {
    if (!p.category) continue;
    categorySpend.set(p.category, (categorySpend.get(p.category) ?? 0) + p.totalSpent);
    totalCategorySpend += p.totalSpent;
  }
  const withLast = new Map<string, number>();
  for (const order of visible.slice(0, -1)) {
    const ids = new Set(order.lines.map((l) => l.productId));
    const hasLast = [...ids].some((id) => lastProducts.has(id));
    if (hasLast) for (const id of ids) withLast.set(id, (withLast.get(id) ?? 0) + 1);
  }
  const affinities = summary.products
    .filter((p) => !taken.has(p.productId) && (lapsed.has(p.productId) || !lastProducts.has(p.productId)))
    .map((p) => {
      const frequency = p.timesBought / visible.length;
      const coOccurrence = (withLast.get(p.productId) ?? 0) / p.timesBought;
      const categoryShare = p.category && totalCategorySpend > 0 ? (categorySpend.get(p.category) ?? 0) / totalCategorySpend : 0;
      const terms = { frequency: 0.5 * frequency, coOccurrence: 0.3 * coOccurrence, category: 0.2 * categoryShare };
      const gone = lapsed.get(p.productId);
      const kind: RecommendationKind = gone
        ? 'win_back'
        : terms.category > terms.frequency && terms.category > terms.coOccurrence
          ? 'category_affinity'
          : 'product_affinity';
      const reason = gone
        ? `Was rebought about every ${Math.round(gone.meanIntervalDays ?? 0)} days until ${gone.lastPurchasedAt.slice(0, 10)}; not bought for ${Math.round((asOfMs - Date.parse(gone.lastPurchasedAt)) / MS_PER_DAY)} days.`
        : kind === 'category_affinity'
          ? `From ${p.category}, ${Math.round(categoryShare * 100)} % of the customer's category spend.`
          : `In ${p.timesBought} of ${visible.length} orders` + (coOccurrence > 0 ? `; often bought with items of the last order.` : '.');
      return { p, score: 0.5 * (terms.frequency + terms.coOccurrence + terms.category), kind, reason };
    })
    .sort((a, b) => b.score - a.score || a.p.productId.localeCompare(b.p.productId));
  for (const a of affinities) {
    items.push({ productId: a.p.productId, description: a.p.description ?? null, category: a.p.category ?? null, kind: a.kind, score: a.score, reason: a.reason });
  }
  return { items: items.slice(0, Math.min(limit, MAX_RECOMMENDATIONS)).map((item, i) => ({ rank: i + 1, ...item })) };
}
