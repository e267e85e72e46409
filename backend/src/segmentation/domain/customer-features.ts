import { MS_PER_DAY, parseIsoUtc } from '../../common/domain/time';
import { computeRfmFeatures } from '../rfm/rfm-features';
import type { Gender, ValidCustomerData } from '../rules/customer-data';
import { productHistoryFromOrders, type OrderLineInput } from '../rules/product-history';
import { CHURN_VALUE_MATRIX, CHURN_VALUE_SEGMENTS, VALUE_SEGMENTS } from '../rules/rule-labels';
import {
  profileCustomer,
  valueSegmentOf,
  type RuleProfile,
} from '../rules/rule-profile';
import type {
  AffinityType,
  AgeSegment,
  ChurnSegment,
  ChurnValueSegment,
  DiversityProfile,
  LoyaltyTier,
  ValueSegment,
} from '../rules/rule-labels';

/** Profile fields the segmentation reads. */
export interface CustomerFacts {
  readonly customerId: string;
  readonly country?: string | null;
  readonly city?: string | null;
  readonly age?: number | null;
  readonly gender?: Gender | null;
  /** ISO-8601 as stored. */
  readonly registeredAt?: string | null;
}

/** One stored order as the segmentation reads it. */
export interface OrderFacts {
  readonly orderId: string;
  /** Epoch ms (UTC). */
  readonly purchasedAtMs: number;
  /** Σ quantity × unitPrice. */
  readonly total: number;
  readonly lines: readonly OrderLineInput[];
}

/** RFM features (spec §B) with the first and last purchase instants (epoch ms). */
export interface RfmFacts {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: number;
  readonly firstPurchaseMs: number;
  readonly lastPurchaseMs: number;
}

/**
 * The region-independent labels of the rule profile (spec §A) plus the unrounded basket the value
 * segment is decided on (Σ totalSpent / Σ orderCount over product lines, the contract's avgBasket).
 */
export interface RuleFacts {
  readonly ageSegment: AgeSegment;
  readonly churnSegment: ChurnSegment;
  readonly loyaltyTier: LoyaltyTier;
  readonly affinityCategory: string | null;
  readonly affinityType: AffinityType;
  readonly diversityProfile: DiversityProfile;
  readonly basket: number;
  readonly lastPurchaseDaysAgo: number;
  readonly membershipDays: number;
  readonly distinctProducts: number;
}

/** Everything the batch needs about one customer, as compact plain data (crosses worker threads). */
export interface CustomerFeatures {
  readonly customerId: string;
  readonly country: string | null;
  /** Null when the customer has no order on or before the reference date. */
  readonly rfm: RfmFacts | null;
  readonly rules: RuleFacts | null;
}

/** The rule engine's input for a stored customer: orders become `productHistory`, no region. */
export function customerDataOf(customer: CustomerFacts, orders: readonly OrderFacts[], asOfMs: number): ValidCustomerData {
  const registeredAtMs = customer.registeredAt ? parseIsoUtc(customer.registeredAt) : NaN;
  return {
    customerId: customer.customerId,
    city: customer.city ?? null,
    customer: {
      customerId: customer.customerId,
      city: customer.city ?? null,
      age: customer.age ?? null,
      gender: customer.gender ?? null,
      registeredAt: Number.isNaN(registeredAtMs) ? null : (customer.registeredAt as string),
      registeredAtMs: Number.isNaN(registeredAtMs) ? null : registeredAtMs,
      productHistory: productHistoryFromOrders(orders, asOfMs),
    },
    region: null,
  };
}

/**
 * The full rule profile of a stored customer (spec §A, "a customer stored in this system can be
 * profiled too"). There is no region: the value segment compares the basket with `medianBasket`
 * (the population median basket of the latest batch run) when given, else it is `Standard`; the
 * affinity ties fall to the alphabetically first category.
 *
 * @returns null when the customer has no order on or before `asOfMs`.
 */
export function storedCustomerProfile(
  customer: CustomerFacts,
  orders: readonly OrderFacts[],
  asOfMs: number,
  medianBasket: number | null,
): RuleProfile | null {
  const data = customerDataOf(customer, orders, asOfMs);
  if ((data.customer?.productHistory.length ?? 0) === 0) return null;
  const profile = profileCustomer(data, asOfMs);
  return withPopulationValue(profile, basketOf(data), medianBasket);
}

/** The profile with its value segment (and churn × value cell) decided against `medianBasket`. */
export function withPopulationValue(profile: RuleProfile, basket: number, medianBasket: number | null): RuleProfile {
  const valueSegment = valueSegmentOf(basket, medianBasket);
  const churnValueSegment = CHURN_VALUE_MATRIX[valueSegment][profile.churnSegment];
  return {
    ...profile,
    valueSegment,
    churnValueSegment,
    display: { ...profile.display, valueSegment: VALUE_SEGMENTS[valueSegment], churnValueSegment: CHURN_VALUE_SEGMENTS[churnValueSegment] },
  };
}

function basketOf(data: ValidCustomerData): number {
  let spent = 0;
  let orders = 0;
  for (const p of data.customer?.productHistory ?? []) {
    spent += p.totalSpent;
    orders += p.orderCount;
  }
  return orders > 0 ? spent / orders : 0;
}

/** Value segment and churn × value cell of rule facts against a median basket. */
export function churnValueOf(rules: RuleFacts, medianBasket: number | null): { valueSegment: ValueSegment; churnValueSegment: ChurnValueSegment } {
  const valueSegment = valueSegmentOf(rules.basket, medianBasket);
  return { valueSegment, churnValueSegment: CHURN_VALUE_MATRIX[valueSegment][rules.churnSegment] };
}

/**
 * Features of one customer as of `asOfMs`: RFM (spec §B; orders after `asOfMs` ignored) and the
 * region-independent rule labels (spec §A).
 */
export function customerFeaturesOf(customer: CustomerFacts, orders: readonly OrderFacts[], asOfMs: number): CustomerFeatures {
  const rfm = computeRfmFeatures(orders, asOfMs);
  if (rfm === null) return { customerId: customer.customerId, country: customer.country ?? null, rfm: null, rules: null };
  const data = customerDataOf(customer, orders, asOfMs);
  const profile = profileCustomer(data, asOfMs);
  return {
    customerId: customer.customerId,
    country: customer.country ?? null,
    rfm: {
      recencyDays: rfm.recencyDays,
      frequency: rfm.frequency,
      monetary: rfm.monetary,
      firstPurchaseMs: rfm.firstPurchaseMs,
      lastPurchaseMs: rfm.lastPurchaseMs,
    },
    rules: {
      ageSegment: profile.ageSegment,
      churnSegment: profile.churnSegment,
      loyaltyTier: profile.loyaltyTier,
      affinityCategory: profile.affinityCategory,
      affinityType: profile.affinityType,
      diversityProfile: profile.diversityProfile,
      basket: basketOf(data),
      lastPurchaseDaysAgo: profile.lastPurchaseDaysAgo,
      membershipDays: profile.membershipDays,
      distinctProducts: profile.distinctProducts,
    },
  };
}

/**
 * Default reference date of a batch (spec §B snapshot): the latest purchase in the population plus
 * one day, but never after `nowMs`; `nowMs` when there is no purchase.
 */
export function defaultSnapshotMs(latestPurchaseMs: number | null, nowMs: number): number {
  return latestPurchaseMs === null ? nowMs : Math.min(nowMs, latestPurchaseMs + MS_PER_DAY);
}
