import { MS_PER_DAY } from '../../common/domain/time';
import { type RfmFeatures } from './rfm-features';

/** The eight lifecycle segments of spec §B, plus the fall-through `needs_attention`. */
export type LifecycleSegment =
  | 'lost'
  | 'hibernating'
  | 'cant_lose'
  | 'at_risk'
  | 'champions'
  | 'loyal'
  | 'new'
  | 'potential_loyalists'
  | 'needs_attention';

/** Per-customer inputs of the lifecycle rules. */
export interface LifecycleFeatures {
  /** Whole days since the last purchase. */
  readonly daysSinceLastPurchase: number;
  /** Total spent, in the data's currency. */
  readonly lifetimeValue: number;
  /** Orders per 30 days over the active span, see {@link purchaseFrequency}. */
  readonly purchaseFrequency: number;
  readonly totalOrders: number;
}

/**
 * Rule thresholds; money in the data's currency (the defaults suit the Online Retail £ amounts).
 * Comparisons are as in spec §B: `days >` for the inactivity rules, `≥` for value and frequency,
 * `≤` for the recency of engaged customers.
 */
export interface LifecycleThresholds {
  readonly lostAfterDays: number;
  readonly hibernatingAfterDays: number;
  readonly cantLoseMinValue: number;
  readonly cantLoseAfterDays: number;
  readonly atRiskMinValue: number;
  readonly atRiskAfterDays: number;
  readonly championsMinFrequency: number;
  readonly championsMinValue: number;
  readonly championsMaxDays: number;
  readonly loyalMinFrequency: number;
  readonly loyalMinValue: number;
  readonly newMaxOrders: number;
  readonly newMaxDays: number;
  readonly potentialMinFrequency: number;
  readonly potentialMaxDays: number;
  /** Active spans shorter than this many days are stretched to it (see {@link purchaseFrequency}). */
  readonly minActiveSpanDays: number;
}

export const DEFAULT_LIFECYCLE_THRESHOLDS: LifecycleThresholds = Object.freeze({
  lostAfterDays: 365,
  hibernatingAfterDays: 180,
  cantLoseMinValue: 800,
  cantLoseAfterDays: 120,
  atRiskMinValue: 300,
  atRiskAfterDays: 90,
  championsMinFrequency: 4,
  championsMinValue: 1000,
  championsMaxDays: 30,
  loyalMinFrequency: 2,
  loyalMinValue: 500,
  newMaxOrders: 2,
  newMaxDays: 30,
  potentialMinFrequency: 1,
  potentialMaxDays: 60,
  minActiveSpanDays: 30,
});

/**
 * Orders per 30 days over the customer's active span (first to last purchase, in days):
 * `totalOrders × 30 / max(spanDays, minActiveSpanDays)`.
 *
 * The floor on the span defines the single-order and same-day cases (zero span, where the plain
 * ratio divides by zero): all orders are taken as placed within one 30-day window, so one order gives
 * 1 and three orders on one day give 3. It also keeps a burst of orders over a few days from
 * reading as hundreds of orders a month.
 *
 * @param activeSpanDays days from the first to the last purchase (fractions allowed), ≥ 0.
 */
export function purchaseFrequency(
  totalOrders: number,
  activeSpanDays: number,
  minActiveSpanDays = DEFAULT_LIFECYCLE_THRESHOLDS.minActiveSpanDays,
): number {
  return (totalOrders * 30) / Math.max(activeSpanDays, minActiveSpanDays, Number.MIN_VALUE);
}

/** Lifecycle inputs from RFM features; the active span is measured in fractional days. */
export function lifecycleFeaturesOf(
  rfm: RfmFeatures,
  thresholds: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS,
): LifecycleFeatures {
  const spanDays = (rfm.lastPurchaseMs - rfm.firstPurchaseMs) / MS_PER_DAY;
  return {
    daysSinceLastPurchase: rfm.recencyDays,
    lifetimeValue: rfm.monetary,
    purchaseFrequency: purchaseFrequency(rfm.frequency, spanDays, thresholds.minActiveSpanDays),
    totalOrders: rfm.frequency,
  };
}

/**
 * Lifecycle segment, first matching rule in the fixed order of spec §B: lost, hibernating,
 * cant_lose, at_risk, champions, loyal, new, potential_loyalists; otherwise needs_attention (an
 * inactive low-value customer is not a potential loyalist).
 */
export function lifecycleSegmentOf(
  c: LifecycleFeatures,
  t: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS,
): LifecycleSegment {
  const days = c.daysSinceLastPurchase;
  const value = c.lifetimeValue;
  const freq = c.purchaseFrequency;
  if (days > t.lostAfterDays) return 'lost';
  if (days > t.hibernatingAfterDays) return 'hibernating';
  if (value >= t.cantLoseMinValue && days > t.cantLoseAfterDays) return 'cant_lose';
  if (value >= t.atRiskMinValue && days > t.atRiskAfterDays) return 'at_risk';
  if (freq >= t.championsMinFrequency && value >= t.championsMinValue && days <= t.championsMaxDays) return 'champions';
  if (freq >= t.loyalMinFrequency && value >= t.loyalMinValue) return 'loyal';
  if (c.totalOrders <= t.newMaxOrders && days <= t.newMaxDays) return 'new';
  if (freq >= t.potentialMinFrequency && days <= t.potentialMaxDays) return 'potential_loyalists';
  return 'needs_attention';
}

/** {@link lifecycleSegmentOf} over columns (index i across the four arrays is one customer). */
export function lifecycleSegments(
  daysSinceLastPurchase: ArrayLike<number>,
  lifetimeValue: ArrayLike<number>,
  purchaseFrequencies: ArrayLike<number>,
  totalOrders: ArrayLike<number>,
  t: LifecycleThresholds = DEFAULT_LIFECYCLE_THRESHOLDS,
): LifecycleSegment[] {
  const n = daysSinceLastPurchase.length;
  const out = new Array<LifecycleSegment>(n);
  for (let i = 0; i < n; i++) {
    out[i] = lifecycleSegmentOf(
      {
        daysSinceLastPurchase: daysSinceLastPurchase[i],
        lifetimeValue: lifetimeValue[i],
        purchaseFrequency: purchaseFrequencies[i],
        totalOrders: totalOrders[i],
      },
      t,
    );
  }
  return out;
}
