/**
 * Thresholds of the rule profile. Every comparison direction is fixed by the spec (§A); only the
 * numbers are configuration. Days are whole days, months are `membershipDays / daysPerMonth`.
 */
export interface RuleThresholds {
  /** age ≤ this → GenZ. */
  readonly genZMaxAge: number;
  /** age ≤ this → GençYetişkin. */
  readonly youngAdultMaxAge: number;
  /** age ≤ this → Yetişkin, above → Olgun. */
  readonly adultMaxAge: number;
  /** lastPurchaseDaysAgo > this → Riskli. */
  readonly riskyAfterDays: number;
  /** lastPurchaseDaysAgo ≥ this (and not Riskli) → Ilık. */
  readonly coolingFromDays: number;
  readonly daysPerMonth: number;
  readonly platinumMinMonths: number;
  readonly platinumMinOrdersPerMonth: number;
  readonly goldMinMonths: number;
  readonly goldMinOrdersPerMonth: number;
  /** totalOrders ≥ this → Gümüş. */
  readonly silverMinOrders: number;
  /** Share of orders in the affinity category above this → Odaklı. */
  readonly focusedMinShare: number;
  /** distinct products / totalOrders above this → Kaşif. */
  readonly explorerMinDiversity: number;
  /** distinct products / totalOrders above this → Dengeli, else Sadık. */
  readonly balancedMinDiversity: number;
  /** estimatedBudget = basket × this. */
  readonly budgetMultiplier: number;
  /** Products bought at most every this many days can be missing regulars. */
  readonly regularMaxAvgDaysBetween: number;
  /** A regular is missing when days since last purchase > this × avgDaysBetween. */
  readonly overdueFactor: number;
  /** Length of topProducts, at most 64. */
  readonly topProductsLimit: number;
  /** lastPurchaseDaysAgo reported for a customer without purchases. */
  readonly newCustomerLastPurchaseDaysAgo: number;
  /** lastPurchaseDaysAgo assumed for a region profile. */
  readonly regionLastPurchaseDaysAgo: number;
  /** Region profile avgMonthlySpend = medianBasket × this. */
  readonly regionBasketsPerMonth: number;
}

/** The spec §A values. */
export const DEFAULT_RULE_THRESHOLDS: RuleThresholds = Object.freeze({
  genZMaxAge: 25,
  youngAdultMaxAge: 35,
  adultMaxAge: 50,
  riskyAfterDays: 60,
  coolingFromDays: 30,
  daysPerMonth: 30,
  platinumMinMonths: 12,
  platinumMinOrdersPerMonth: 2,
  goldMinMonths: 6,
  goldMinOrdersPerMonth: 1,
  silverMinOrders: 3,
  focusedMinShare: 0.6,
  explorerMinDiversity: 0.7,
  balancedMinDiversity: 0.4,
  budgetMultiplier: 1.2,
  regularMaxAvgDaysBetween: 60,
  overdueFactor: 1.2,
  topProductsLimit: 5,
  newCustomerLastPurchaseDaysAgo: 999,
  regionLastPurchaseDaysAgo: 30,
  regionBasketsPerMonth: 2,
});
