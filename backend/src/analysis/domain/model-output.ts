import { Order } from '../../purchases/domain/order';
import { MS_PER_DAY } from '../../segmentation/rfm/rfm-features';
import { groundProductIds } from './analysis-input';
import { ConsumptionResult, ordersAsOf, predictNextOrder, ProductPrediction, productPurchaseStats } from './consumption-analyzer';
import { ChurnRisk, profileFacts, ProfileResult, PurchaseRegularity, SpendingTier } from './profile-analyzer';
import { MAX_RECOMMENDATIONS, RecommendationKind, RecommendationsResult } from './recommendation-analyzer';

/** Tool input of the consumption prediction prompt (after schema validation). */
export interface ConsumptionModelOutput {
  readonly predictions: ReadonlyArray<{ productId: string; predictedNextPurchaseDate: string; confidence: number; rationale: string }>;
  readonly summary: string;
}

/** Tool input of the customer profile prompt. */
export interface ProfileModelOutput {
  readonly spendingTier: SpendingTier;
  readonly purchaseRegularity: PurchaseRegularity;
  readonly churnRisk: ChurnRisk;
  readonly keyProductIds: readonly string[];
  readonly insights: readonly string[];
  readonly summary: string;
}

/** Tool input of the recommendations prompt. */
export interface RecommendationsModelOutput {
  readonly recommendations: ReadonlyArray<{ productId: string; kind: RecommendationKind; score: number; reason: string }>;
}

/** A model answer turned into a result, with the product ids that were dropped. */
export interface GroundedResult<R> {
  readonly result: R;
  /** Product ids the model gave that are not in the customer's history (or had an impossible date). */
  readonly droppedProductIds: readonly string[];
}

/** The model named products but none of them is in the customer's history: the answer is unusable. */
export class UngroundedOutputError extends Error {
  readonly reason = 'ungrounded_products';
  constructor(readonly droppedProductIds: readonly string[]) {
    super(`model output names ${droppedProductIds.length} product(s) outside the customer's history and none inside`);
    this.name = 'UngroundedOutputError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of a real calendar day `YYYY-MM-DD` (UTC midnight), else NaN. */
export function parseCalendarDay(value: string): number {
  const m = DATE.exec(value);
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : NaN;
}

function assertSomeGrounded(given: number, dropped: readonly string[]): void {
  if (given > 0 && dropped.length === given) throw new UngroundedOutputError(dropped);
}

/**
 * Consumption result from a model answer: predictions for products of the history whose date is a
 * real day not before the product's last purchase; names, categories and interval figures from the
 * orders; the customer's next order from the rules.
 *
 * @throws UngroundedOutputError when every prediction is dropped.
 */
export function groundConsumption(output: ConsumptionModelOutput, orders: readonly Order[], asOfMs: number): GroundedResult<ConsumptionResult> {
  const visible = ordersAsOf(orders, asOfMs);
  const stats = productPurchaseStats(visible, asOfMs);
  const seen = new Set<string>();
  const { kept, dropped } = groundProductIds(
    output.predictions.map((p) => p.productId),
    new Set(stats.keys()),
  );
  const keptSet = new Set(kept);
  const predictions: ProductPrediction[] = [];
  for (const p of output.predictions) {
    const s = stats.get(p.productId);
    if (!keptSet.has(p.productId) || !s || seen.has(p.productId)) continue;
    const dayMs = parseCalendarDay(p.predictedNextPurchaseDate);
    if (Number.isNaN(dayMs) || dayMs + MS_PER_DAY <= s.lastPurchasedMs) {
      dropped.push(p.productId);
      continue;
    }
    seen.add(p.productId);
    predictions.push({
      productId: p.productId,
      description: s.description,
      category: s.category,
      purchaseDays: s.purchaseDays,
      lastPurchasedAt: new Date(s.lastPurchasedMs).toISOString(),
      meanIntervalDays: s.meanIntervalDays,
      intervalCv: s.intervalCv,
      predictedNextPurchaseAt: new Date(dayMs).toISOString(),
      confidence: p.confidence,
      rationale: p.rationale,
    });
  }
  assertSomeGrounded(output.predictions.length, dropped);
  predictions.sort((a, b) => b.confidence - a.confidence || a.productId.localeCompare(b.productId));
  return {
    result: { nextOrder: predictNextOrder(visible.map((o) => Date.parse(o.purchasedAtUtc))), predictions },
    droppedProductIds: dropped,
  };
}

/**
 * Profile from a model answer: facts always from the orders; tier, regularity, churn risk, insights
 * and summary from the model; key products kept only when they are in the history.
 *
 * @throws UngroundedOutputError when key products were given and none is in the history.
 */
export function groundProfile(output: ProfileModelOutput, orders: readonly Order[], asOfMs: number): GroundedResult<ProfileResult> {
  const facts = profileFacts(orders, asOfMs);
  const known = new Set(productPurchaseStats(ordersAsOf(orders, asOfMs), asOfMs).keys());
  const { kept, dropped } = groundProductIds([...new Set(output.keyProductIds)], known);
  assertSomeGrounded(new Set(output.keyProductIds).size, dropped);
  return {
    result: {
      facts,
      spendingTier: output.spendingTier,
      purchaseRegularity: output.purchaseRegularity,
      churnRisk: output.churnRisk,
      keyProductIds: kept,
      insights: output.insights,
      summary: output.summary,
    },
    droppedProductIds: dropped,
  };
}

/**
 * Recommendations from a model answer, in the model's order (duplicates removed), limited to products
 * of the history; names and categories from the orders.
 *
 * @throws UngroundedOutputError when recommendations were given and none is in the history.
 */
export function groundRecommendations(output: RecommendationsModelOutput, orders: readonly Order[], asOfMs: number): GroundedResult<RecommendationsResult> {
  const stats = productPurchaseStats(ordersAsOf(orders, asOfMs), asOfMs);
  const { dropped } = groundProductIds(
    output.recommendations.map((r) => r.productId),
    new Set(stats.keys()),
  );
  assertSomeGrounded(output.recommendations.length, dropped);
  const seen = new Set<string>();
  const items = output.recommendations
    .filter((r) => stats.has(r.productId) && !seen.has(r.productId) && seen.add(r.productId))
    .slice(0, MAX_RECOMMENDATIONS)
    .map((r, i) => {
      const s = stats.get(r.productId);
      return { rank: i + 1, productId: r.productId, description: s?.description ?? null, category: s?.category ?? null, kind: r.kind, score: r.score, reason: r.reason };
    });
  return { result: { items }, droppedProductIds: dropped };
}
