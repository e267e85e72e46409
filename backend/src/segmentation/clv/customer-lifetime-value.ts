import { BgNbdParams, expectedPurchases, probabilityAlive } from './bg-nbd';
import { ClvCustomerSummary } from './clv-summary';
import { expectedAverageValue, GammaGammaParams } from './gamma-gamma';

/** Horizon and discounting of {@link discountedClv} (defaults of lifetimes' `customer_lifetime_value`). */
export interface ClvHorizon {
  /** Months summed (default 12). */
  readonly months?: number;
  /** Discount rate per month (default 0.01). */
  readonly monthlyDiscountRate?: number;
  /** Days in a month, in the model's time unit (default 30, lifetimes' factor for `freq="D"`). */
  readonly daysPerMonth?: number;
}

/**
 * Discounted CLV over a horizon (lifetimes' `_customer_lifetime_value` with `freq="D"`):
 * Σᵢ₌₁..ₙ E[Z] · (E[Y(i·L)] − E[Y((i−1)·L)]) / (1 + d)ⁱ, with L days per month, n months, monthly
 * discount rate d, E[Y] the BG/NBD conditional expected purchases and E[Z] the Gamma-Gamma
 * expected average value.
 *
 * @returns null when E[Z] cannot be computed (see `expectedAverageValue`).
 * @throws RangeError for a negative or non-integer number of months, a discount rate ≤ −1 or days per month ≤ 0.
 */
export function discountedClv(bgNbd: BgNbdParams, gammaGamma: GammaGammaParams, customer: ClvCustomerSummary, horizon: ClvHorizon = {}): number | null {
  const months = horizon.months ?? 12;
  const d = horizon.monthlyDiscountRate ?? 0.01;
  const days = horizon.daysPerMonth ?? 30;
  if (!Number.isInteger(months) || months < 0 || !(d > -1) || !(days > 0)) {
    throw new RangeError(`needs integer months >= 0, monthly discount rate > -1, days per month > 0 (got ${months}, ${d}, ${days})`);
  }
  const value = expectedAverageValue(gammaGamma, customer);
  if (value === null) return null;
  let clv = 0;
  let previous = 0;
  for (let i = 1; i <= months; i++) {
    const cumulative = expectedPurchases(bgNbd, customer, i * days);
    clv += (value * (cumulative - previous)) / (1 + d) ** i;
    previous = cumulative;
  }
  return clv;
}

/** One customer's probabilistic CLV figures. */
export interface CustomerClvPrediction {
  readonly customerId: string;
  readonly probabilityAlive: number;
  /** E[Y(t)] by horizon in days (key: the horizon, e.g. 30, 90, 365). */
  readonly expectedPurchases: Readonly<Record<number, number>>;
  /** Gamma-Gamma E[Z]; null when it cannot be computed. */
  readonly expectedAverageValue: number | null;
  /** {@link discountedClv}; null when E[Z] cannot be computed. */
  readonly clv: number | null;
}

/** Default horizons of expected purchases, in days. */
export const CLV_PURCHASE_HORIZONS_DAYS: readonly number[] = [30, 90, 365];

/**
 * All CLV figures of one customer from fitted BG/NBD and Gamma-Gamma parameters (time unit: days).
 *
 * @param horizonsDays horizons of expected purchases (default 30, 90, 365 days).
 */
export function predictCustomerClv(
  customerId: string,
  customer: ClvCustomerSummary,
  bgNbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  horizon: ClvHorizon = {},
  horizonsDays: readonly number[] = CLV_PURCHASE_HORIZONS_DAYS,
): CustomerClvPrediction {
  return {
    customerId,
    probabilityAlive: probabilityAlive(bgNbd, customer),
    expectedPurchases: Object.fromEntries(horizonsDays.map((t) => [t, expectedPurchases(bgNbd, customer, t)])),
    expectedAverageValue: expectedAverageValue(gammaGamma, customer),
    clv: discountedClv(bgNbd, gammaGamma, customer, horizon),
  };
}

/** Sums of the CLV figures over the customers of one segment. */
export interface SegmentClvTotals {
  readonly segmentId: string;
  readonly customers: number;
  /** Σ P(alive): expected number of customers still active. */
  readonly expectedActiveCustomers: number;
  readonly meanProbabilityAlive: number;
  /** Σ E[Y(t)] by horizon in days. */
  readonly expectedPurchases: Readonly<Record<number, number>>;
  /** Σ CLV over the customers whose CLV could be computed. */
  readonly clv: number;
  /** Customers of the segment without a CLV (their E[Z] cannot be computed): `clv` leaves them out. */
  readonly customersWithoutClv: number;
}

/**
 * Segment-level sums of customer CLV predictions.
 *
 * @param segmentOf segment id of a customer; customers for which it returns undefined are skipped.
 * @returns one entry per segment, in order of first appearance.
 */
export function sumClvBySegment(predictions: readonly CustomerClvPrediction[], segmentOf: (customerId: string) => string | undefined): SegmentClvTotals[] {
  const bySegment = new Map<string, { customers: number; alive: number; purchases: Record<number, number>; clv: number; withoutClv: number }>();
  for (const p of predictions) {
    const segmentId = segmentOf(p.customerId);
    if (segmentId === undefined) continue;
    let s = bySegment.get(segmentId);
    if (!s) {
      s = { customers: 0, alive: 0, purchases: {}, clv: 0, withoutClv: 0 };
      bySegment.set(segmentId, s);
    }
    s.customers += 1;
    s.alive += p.probabilityAlive;
    for (const [t, e] of Object.entries(p.expectedPurchases)) s.purchases[Number(t)] = (s.purchases[Number(t)] ?? 0) + e;
    if (p.clv === null) s.withoutClv += 1;
    else s.clv += p.clv;
  }
  return [...bySegment].map(([segmentId, s]) => ({
    segmentId,
    customers: s.customers,
    expectedActiveCustomers: s.alive,
    meanProbabilityAlive: s.alive / s.customers,
    expectedPurchases: s.purchases,
    clv: s.clv,
    customersWithoutClv: s.withoutClv,
  }));
}
