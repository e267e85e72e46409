import { roundMoney } from '../../common/domain/money';
import { wholeDaysBetween } from '../../common/domain/time';
import type { Gender, RegionInfo, ValidCustomerData, ValidProductHistoryEntry } from './customer-data';
import {
  AFFINITY_TYPES,
  AGE_SEGMENTS,
  CHURN_SEGMENTS,
  CHURN_VALUE_MATRIX,
  CHURN_VALUE_SEGMENTS,
  DIVERSITY_PROFILES,
  LOYALTY_TIERS,
  PROFILE_MESSAGES,
  VALUE_SEGMENTS,
  type AffinityType,
  type AgeSegment,
  type ChurnSegment,
  type ChurnValueSegment,
  type DiversityProfile,
  type LoyaltyTier,
  type ProfileMode,
  type ValueSegment,
} from './rule-labels';
import { DEFAULT_RULE_THRESHOLDS, type RuleThresholds } from './rule-thresholds';

export interface TopProduct {
  readonly productId: string;
  readonly category: string;
  readonly totalQuantity: number;
  readonly totalSpent: number;
  /** `lastPurchase` exactly as received. */
  readonly lastBought: string;
}

/** A product bought regularly whose next purchase is overdue. */
export interface MissingRegular {
  readonly productId: string;
  readonly category: string;
  readonly avgDaysBetween: number;
  /** Whole days from the product's last purchase to `asOf`. */
  readonly daysSinceLastPurchase: number;
  /** daysSinceLastPurchase − avgDaysBetween. */
  readonly daysOverdue: number;
  readonly lastPurchase: string;
}

/** English display names of the profile's label values. */
export interface RuleProfileDisplay {
  readonly ageSegment: string;
  readonly churnSegment: string;
  readonly valueSegment: string;
  readonly loyaltyTier: string;
  readonly affinityType: string;
  readonly diversityProfile: string;
  readonly churnValueSegment: string;
}

/**
 * The eight-dimension profile (segmentation spec §A). Money fields are rounded to 2 decimals;
 * rules are evaluated on the unrounded values.
 */
export interface RuleProfile {
  readonly mode: ProfileMode;
  readonly customerId: string | null;
  readonly city: string | null;
  /** Region name. */
  readonly region: string | null;
  /** The regionalClimate dimension (region.climateType), under the agent's field name. */
  readonly climateType: string | null;
  readonly age: number | null;
  readonly gender: Gender | null;
  readonly ageSegment: AgeSegment;
  readonly churnSegment: ChurnSegment;
  readonly valueSegment: ValueSegment;
  readonly loyaltyTier: LoyaltyTier;
  readonly affinityCategory: string | null;
  readonly affinityType: AffinityType;
  readonly diversityProfile: DiversityProfile;
  /** Cell of the churn × value matrix. */
  readonly churnValueSegment: ChurnValueSegment;
  readonly display: RuleProfileDisplay;
  readonly estimatedBudget: number;
  readonly avgBasket: number;
  readonly avgMonthlySpend: number;
  readonly lastPurchaseDaysAgo: number;
  /** Σ orderCount over the product lines. */
  readonly orderCount: number;
  readonly totalSpent: number;
  readonly membershipDays: number;
  /** membershipDays / daysPerMonth, unrounded. */
  readonly membershipMonths: number;
  /** Orders per month of membership (0 when membershipMonths is 0), unrounded. */
  readonly orderFrequency: number;
  readonly distinctProducts: number;
  readonly missingRegulars: MissingRegular[];
  readonly topProducts: TopProduct[];
  readonly message: string;
}

/** Age band; the bounds are inclusive upper limits. */
export function ageSegmentOf(age: number, t: RuleThresholds = DEFAULT_RULE_THRESHOLDS): AgeSegment {
  if (age <= t.genZMaxAge) return 'GenZ';
  if (age <= t.youngAdultMaxAge) return 'GençYetişkin';
  if (age <= t.adultMaxAge) return 'Yetişkin';
  return 'Olgun';
}

/** Churn band from whole days since the last purchase. */
export function churnSegmentOf(daysSinceLastPurchase: number, t: RuleThresholds = DEFAULT_RULE_THRESHOLDS): ChurnSegment {
  if (daysSinceLastPurchase > t.riskyAfterDays) return 'Riskli';
  if (daysSinceLastPurchase >= t.coolingFromDays) return 'Ilık';
  return 'Aktif';
}

/** HighValue only when the average basket is strictly above the region's median basket. */
export function valueSegmentOf(avgBasket: number, medianBasket: number | null): ValueSegment {
  return medianBasket !== null && avgBasket > medianBasket ? 'HighValue' : 'Standard';
}

/** Loyalty tier, first match: Platin, Altın, Gümüş, Bronz. */
export function loyaltyTierOf(
  membershipMonths: number,
  ordersPerMonth: number,
  totalOrders: number,
  t: RuleThresholds = DEFAULT_RULE_THRESHOLDS,
): LoyaltyTier {
  if (membershipMonths >= t.platinumMinMonths && ordersPerMonth >= t.platinumMinOrdersPerMonth) return 'Platin';
  if (membershipMonths >= t.goldMinMonths && ordersPerMonth >= t.goldMinOrdersPerMonth) return 'Altın';
  if (totalOrders >= t.silverMinOrders) return 'Gümüş';
  return 'Bronz';
}

/** Odaklı when the affinity category's share of orders is strictly above the threshold. */
export function affinityTypeOf(affinityOrderShare: number, t: RuleThresholds = DEFAULT_RULE_THRESHOLDS): AffinityType {
  return affinityOrderShare > t.focusedMinShare ? 'Odaklı' : 'Keşifçi';
}

/** Diversity from distinct products per order; both thresholds are strict. */
export function diversityProfileOf(productsPerOrder: number, t: RuleThresholds = DEFAULT_RULE_THRESHOLDS): DiversityProfile {
  if (productsPerOrder > t.explorerMinDiversity) return 'Kaşif';
  if (productsPerOrder > t.balancedMinDiversity) return 'Dengeli';
  return 'Sadık';
}

function display(
  age: AgeSegment,
  churn: ChurnSegment,
  value: ValueSegment,
  loyalty: LoyaltyTier,
  affinity: AffinityType,
  diversity: DiversityProfile,
  cell: ChurnValueSegment,
): RuleProfileDisplay {
  return {
    ageSegment: AGE_SEGMENTS[age],
    churnSegment: CHURN_SEGMENTS[churn],
    valueSegment: VALUE_SEGMENTS[value],
    loyaltyTier: LOYALTY_TIERS[loyalty],
    affinityType: AFFINITY_TYPES[affinity],
    diversityProfile: DIVERSITY_PROFILES[diversity],
    churnValueSegment: CHURN_VALUE_SEGMENTS[cell],
  };
}

/*
 * Scratch buffers reused across calls keep the per-profile work allocation-free; the engine is
 * synchronous, so no two calls can interleave.
 */
const LINEAR_SCAN_LIMIT = 32;
const categoryNames: string[] = [];
let categorySpent = new Float64Array(64);
let categoryOrders = new Float64Array(64);
let categoryCount = 0;
const categoryIndexByName = new Map<string, number>();
const distinctIds = new Set<string>();
const topIndex = new Int32Array(64);

function categorySlot(name: string): number {
  if (categoryCount <= LINEAR_SCAN_LIMIT) {
    for (let c = 0; c < categoryCount; c++) if (categoryNames[c] === name) return c;
  } else {
    const found = categoryIndexByName.get(name);
    if (found !== undefined) return found;
  }
  if (categoryCount === categorySpent.length) {
    const spent = new Float64Array(categoryCount * 2);
    spent.set(categorySpent);
    categorySpent = spent;
    const orders = new Float64Array(categoryCount * 2);
    orders.set(categoryOrders);
    categoryOrders = orders;
  }
  const slot = categoryCount++;
  categoryNames[slot] = name;
  categorySpent[slot] = 0;
  categoryOrders[slot] = 0;
  if (categoryCount === LINEAR_SCAN_LIMIT + 1) {
    categoryIndexByName.clear();
    for (let c = 0; c < categoryCount; c++) categoryIndexByName.set(categoryNames[c], c);
  } else if (categoryCount > LINEAR_SCAN_LIMIT + 1) {
    categoryIndexByName.set(name, slot);
  }
  return slot;
}

function countDistinctProducts(history: readonly ValidProductHistoryEntry[]): number {
  const n = history.length;
  if (n <= LINEAR_SCAN_LIMIT) {
    let distinct = 0;
    outer: for (let i = 0; i < n; i++) {
      const id = history[i].productId;
      for (let j = 0; j < i; j++) if (history[j].productId === id) continue outer;
      distinct++;
    }
    return distinct;
  }
  distinctIds.clear();
  for (let i = 0; i < n; i++) distinctIds.add(history[i].productId);
  const distinct = distinctIds.size;
  distinctIds.clear();
  return distinct;
}

/** Relative tolerance under which two category totals count as tied (absorbs summation-order noise). */
const TIE_TOLERANCE = 1e-9;

function affinityCategoryOf(trend: string | null): number {
  let max = -Infinity;
  for (let c = 0; c < categoryCount; c++) if (categorySpent[c] > max) max = categorySpent[c];
  const tolerance = TIE_TOLERANCE * Math.max(1, Math.abs(max));
  let chosen = -1;
  for (let c = 0; c < categoryCount; c++) {
    if (max - categorySpent[c] > tolerance) continue;
    if (categoryNames[c] === trend) return c;
    if (chosen < 0 || categoryNames[c] < categoryNames[chosen]) chosen = c;
  }
  return chosen;
}

function regionProfile(data: ValidCustomerData, region: RegionInfo, t: RuleThresholds): RuleProfile {
  const basket = region.medianBasket;
  return {
    mode: 'region',
    customerId: null,
    city: data.city ?? data.customer?.city ?? null,
    region: region.name,
    climateType: region.climateType,
    age: null,
    gender: null,
    ageSegment: 'Yetişkin',
    churnSegment: 'Aktif',
    valueSegment: 'Standard',
    loyaltyTier: 'Gümüş',
    affinityCategory: region.trend,
    affinityType: 'Keşifçi',
    diversityProfile: 'Dengeli',
    churnValueSegment: 'Düzenli',
    display: display('Yetişkin', 'Aktif', 'Standard', 'Gümüş', 'Keşifçi', 'Dengeli', 'Düzenli'),
    estimatedBudget: roundMoney(basket * t.budgetMultiplier),
    avgBasket: roundMoney(basket),
    avgMonthlySpend: roundMoney(basket * t.regionBasketsPerMonth),
    lastPurchaseDaysAgo: t.regionLastPurchaseDaysAgo,
    orderCount: 0,
    totalSpent: 0,
    membershipDays: 0,
    membershipMonths: 0,
    orderFrequency: 0,
    distinctProducts: 0,
    missingRegulars: [],
    topProducts: [],
    message: PROFILE_MESSAGES.region,
  };
}

function newCustomerProfile(data: ValidCustomerData, region: RegionInfo, asOfMs: number, t: RuleThresholds): RuleProfile {
  const customer = data.customer;
  const age = customer?.age ?? null;
  const ageSegment = age === null ? 'Yetişkin' : ageSegmentOf(age, t);
  const registeredAtMs = customer?.registeredAtMs ?? null;
  const membershipDays = registeredAtMs === null ? 0 : Math.max(0, wholeDaysBetween(registeredAtMs, asOfMs));
  const basket = region.medianBasket;
  return {
    mode: 'new_customer',
    customerId: data.customerId,
    city: data.city ?? customer?.city ?? null,
    region: region.name,
    climateType: region.climateType,
    age,
    gender: customer?.gender ?? null,
    ageSegment,
    churnSegment: 'Riskli',
    valueSegment: 'Standard',
    loyaltyTier: 'Bronz',
    affinityCategory: region.trend,
    affinityType: 'Keşifçi',
    diversityProfile: 'Kaşif',
    churnValueSegment: 'Kayıp Alıcı',
    display: display(ageSegment, 'Riskli', 'Standard', 'Bronz', 'Keşifçi', 'Kaşif', 'Kayıp Alıcı'),
    estimatedBudget: roundMoney(basket * t.budgetMultiplier),
    avgBasket: roundMoney(basket),
    avgMonthlySpend: 0,
    lastPurchaseDaysAgo: t.newCustomerLastPurchaseDaysAgo,
    orderCount: 0,
    totalSpent: 0,
    membershipDays,
    membershipMonths: membershipDays / t.daysPerMonth,
    orderFrequency: 0,
    distinctProducts: 0,
    missingRegulars: [],
    topProducts: [],
    message: PROFILE_MESSAGES.new_customer,
  };
}

/**
 * Computes the eight-dimension rule profile of segmentation spec §A.
 *
 * Mode: no top-level `customerId` → `region`; no or empty `productHistory` → `new_customer`; else
 * `regular`. In regular mode, with `registeredAt` absent the membership starts at the earliest
 * first/last purchase; a purchase dated after `asOfMs` counts as 0 days ago; an unknown age gives
 * `Yetişkin`; with no region the value segment is `Standard` and affinity ties fall to the
 * alphabetically first category; with 0 orders the order-share ratios are 0.
 *
 * @param data output of {@link validateCustomerData} (dates already parsed).
 * @param asOfMs reference instant in epoch ms; "days ago" are whole days (floor) up to it.
 * @param thresholds rule numbers, {@link DEFAULT_RULE_THRESHOLDS} by default.
 * @throws RangeError when `asOfMs` is not finite.
 * @throws TypeError when the mode is `region` or `new_customer` and `data.region` is null (the
 *   validator rejects such payloads).
 */
export function profileCustomer(
  data: ValidCustomerData,
  asOfMs: number,
  thresholds: RuleThresholds = DEFAULT_RULE_THRESHOLDS,
): RuleProfile {
  if (!Number.isFinite(asOfMs)) throw new RangeError(`asOfMs must be a finite epoch-ms value, got ${asOfMs}`);
  const t = thresholds;
  const region = data.region;
  const customer = data.customer;
  if (data.customerId === null || customer === null || customer.productHistory.length === 0) {
    if (region === null) throw new TypeError('region is required for region and new-customer profiles');
    return data.customerId === null ? regionProfile(data, region, t) : newCustomerProfile(data, region, asOfMs, t);
  }

  const history = customer.productHistory;
  const n = history.length;
  const topLimit = Math.min(t.topProductsLimit, n, topIndex.length);
  let topCount = 0;
  let totalSpent = 0;
  let totalOrders = 0;
  let lastPurchaseMs = -Infinity;
  let earliestMs = Infinity;
  const missingRegulars: MissingRegular[] = [];
  categoryCount = 0;

  for (let i = 0; i < n; i++) {
    const p = history[i];
    const spent = p.totalSpent;
    totalSpent += spent;
    totalOrders += p.orderCount;
    if (p.lastPurchaseMs > lastPurchaseMs) lastPurchaseMs = p.lastPurchaseMs;
    const startMs = p.firstPurchaseMs ?? p.lastPurchaseMs;
    if (startMs < earliestMs) earliestMs = startMs;

    const slot = categorySlot(p.category);
    categorySpent[slot] += spent;
    categoryOrders[slot] += p.orderCount;

    const avgDays = p.avgDaysBetween;
    if (avgDays !== null && avgDays > 0 && avgDays <= t.regularMaxAvgDaysBetween) {
      const daysSince = wholeDaysBetween(p.lastPurchaseMs, asOfMs);
      if (daysSince > t.overdueFactor * avgDays) {
        missingRegulars.push({
          productId: p.productId,
          category: p.category,
          avgDaysBetween: avgDays,
          daysSinceLastPurchase: daysSince,
          daysOverdue: daysSince - avgDays,
          lastPurchase: p.lastPurchase,
        });
      }
    }

    // Insertion into the running top list; strict comparison keeps input order among equal spends.
    if (topCount < topLimit || (topLimit > 0 && spent > history[topIndex[topCount - 1]].totalSpent)) {
      let j = topCount < topLimit ? topCount++ : topCount - 1;
      while (j > 0 && spent > history[topIndex[j - 1]].totalSpent) {
        topIndex[j] = topIndex[j - 1];
        j--;
      }
      topIndex[j] = i;
    }
  }

  const registeredAtMs = customer.registeredAtMs ?? earliestMs;
  const membershipDays = Math.max(0, wholeDaysBetween(registeredAtMs, asOfMs));
  const membershipMonths = membershipDays / t.daysPerMonth;
  const lastPurchaseDaysAgo = Math.max(0, wholeDaysBetween(lastPurchaseMs, asOfMs));
  const avgBasket = totalOrders > 0 ? totalSpent / totalOrders : 0;
  const orderFrequency = membershipMonths > 0 ? totalOrders / membershipMonths : 0;
  const avgMonthlySpend = membershipMonths > 0 ? totalSpent / membershipMonths : 0;
  const distinctProducts = countDistinctProducts(history);
  const affinitySlot = affinityCategoryOf(region === null ? null : region.trend);
  const affinityShare = totalOrders > 0 ? categoryOrders[affinitySlot] / totalOrders : 0;
  const productsPerOrder = totalOrders > 0 ? distinctProducts / totalOrders : 0;

  const age = customer.age;
  const ageSegment = age === null ? 'Yetişkin' : ageSegmentOf(age, t);
  const churnSegment = churnSegmentOf(lastPurchaseDaysAgo, t);
  const valueSegment = valueSegmentOf(avgBasket, region === null ? null : region.medianBasket);
  const loyaltyTier = loyaltyTierOf(membershipMonths, orderFrequency, totalOrders, t);
  const affinityType = affinityTypeOf(affinityShare, t);
  const diversityProfile = diversityProfileOf(productsPerOrder, t);
  const churnValueSegment = CHURN_VALUE_MATRIX[valueSegment][churnSegment];

  const topProducts: TopProduct[] = new Array<TopProduct>(topCount);
  for (let k = 0; k < topCount; k++) {
    const p = history[topIndex[k]];
    topProducts[k] = {
      productId: p.productId,
      category: p.category,
      totalQuantity: p.totalQuantity,
      totalSpent: p.totalSpent,
      lastBought: p.lastPurchase,
    };
  }

  return {
    mode: 'regular',
    customerId: data.customerId,
    city: data.city ?? customer.city,
    region: region === null ? null : region.name,
    climateType: region === null ? null : region.climateType,
    age,
    gender: customer.gender,
    ageSegment,
    churnSegment,
    valueSegment,
    loyaltyTier,
    affinityCategory: categoryNames[affinitySlot],
    affinityType,
    diversityProfile,
    churnValueSegment,
    display: display(ageSegment, churnSegment, valueSegment, loyaltyTier, affinityType, diversityProfile, churnValueSegment),
    estimatedBudget: roundMoney(avgBasket * t.budgetMultiplier),
    avgBasket: roundMoney(avgBasket),
    avgMonthlySpend: roundMoney(avgMonthlySpend),
    lastPurchaseDaysAgo,
    orderCount: totalOrders,
    totalSpent: roundMoney(totalSpent),
    membershipDays,
    membershipMonths,
    orderFrequency,
    distinctProducts,
    missingRegulars,
    topProducts,
    message: PROFILE_MESSAGES.regular,
  };
}
