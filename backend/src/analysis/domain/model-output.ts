import { Order } from '../../purchases/domain/order';
import { MS_PER_DAY, parseIsoDay } from '../../common/domain/time';
import { groundProductIds } from './analysis-input';
import {
  activeStatus,
  byConfidence,
  ConsumptionOptions,
  ConsumptionResult,
  MAX_PRODUCT_PREDICTIONS,
  ordersAsOf,
  predictConsumption,
  ProductPrediction,
  productPurchaseStats,
} from './consumption-analyzer';
import { ChurnRisk, profileFacts, ProfileResult, PurchaseRegularity, SpendingTier } from './profile-analyzer';
import { MAX_RECOMMENDATIONS, ModelRecommendationKind, RecommendationKind, RecommendationsResult } from './recommendation-analyzer';

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
  readonly recommendations: ReadonlyArray<{ productId: string; kind: ModelRecommendationKind; score: number; reason: string }>;
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

function assertSomeGrounded(given: number, dropped: readonly string[]): void {
  if (given > 0 && dropped.length === given) throw new UngroundedOutputError(dropped);
}

/**
 * Consumption result from a model answer merged with the rules: every regular product that is not
 * lapsed gets a prediction, the model's when it gave one for a product of the history with a real
 * day not before the product's last purchase (`source: 'bedrock'`), else the rules' (`source:
 * 'rules'`); model predictions of products outside the rules' list (bought on fewer days) are kept
 * too. Lapsed products (`isLapsed`, from the history whatever the model said) and the customer's next
 * order come from the rules. Names, categories and interval figures always come from the orders.
 *
 * @throws UngroundedOutputError when every model prediction is dropped.
 */
export function groundConsumption(
  output: ConsumptionModelOutput,
  orders: readonly Order[],
  asOfMs: number,
  options: ConsumptionOptions = {},
): GroundedResult<ConsumptionResult> {
  const visible = ordersAsOf(orders, asOfMs);
  const stats = productPurchaseStats(visible, asOfMs);
  const rules = predictConsumption(visible, asOfMs, options);
  const lapsedIds = new Set(rules.lapsed.map((p) => p.productId));
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
    const dayMs = parseIsoDay(p.predictedNextPurchaseDate);
    if (Number.isNaN(dayMs) || dayMs + MS_PER_DAY <= s.lastPurchasedMs) {
      dropped.push(p.productId);
      continue;
    }
    seen.add(p.productId);
    if (lapsedIds.has(p.productId)) continue;
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
      status: activeStatus(dayMs, asOfMs),
      source: 'bedrock',
    });
  }
  assertSomeGrounded(output.predictions.length, dropped);
  for (const r of rules.predictions) if (!seen.has(r.productId)) predictions.push(r);
  predictions.sort(byConfidence);
  return {
    result: { nextOrder: rules.nextOrder, predictions: predictions.slice(0, MAX_PRODUCT_PREDICTIONS), lapsed: rules.lapsed },
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
 * of the history; names and categories from the orders. A `replenishment` of a lapsed product
 * (`isLapsed`) is relabelled `win_back` and moved just below the last remaining replenishment (the model's order
 * is kept otherwise).
 *
 * @throws UngroundedOutputError when recommendations were given and none is in the history.
 */
export function groundRecommendations(
  output: RecommendationsModelOutput,
  orders: readonly Order[],
  asOfMs: number,
  options: ConsumptionOptions = {},
): GroundedResult<RecommendationsResult> {
  const visible = ordersAsOf(orders, asOfMs);
  const stats = productPurchaseStats(visible, asOfMs);
  const lapsedIds = new Set(predictConsumption(visible, asOfMs, options).lapsed.map((p) => p.productId));
  const { dropped } = groundProductIds(
    output.recommendations.map((r) => r.productId),
    new Set(stats.keys()),
  );
  assertSomeGrounded(output.recommendations.length, dropped);
  const seen = new Set<string>();
  const grounded = output.recommendations
    .filter((r) => stats.has(r.productId) && !seen.has(r.productId) && seen.add(r.productId))
    .map((r) => ({ ...r, kind: (r.kind === 'replenishment' && lapsedIds.has(r.productId) ? 'win_back' : r.kind) as RecommendationKind }));
  const kept = grounded.filter((r) => r.kind !== 'win_back');
  const afterDue = kept.reduce((at, r, i) => (r.kind === 'replenishment' ? i + 1 : at), 0);
  const items = [...kept.slice(0, afterDue), ...grounded.filter((r) => r.kind === 'win_back'), ...kept.slice(afterDue)]
    .slice(0, MAX_RECOMMENDATIONS)
    .map((r, i) => {
      const s = stats.get(r.productId);
      return { rank: i + 1, productId: r.productId, description: s?.description ?? null, category: s?.category ?? null, kind: r.kind, score: r.score, reason: r.reason };
    });
  return { result: { items }, droppedProductIds: dropped };
}
