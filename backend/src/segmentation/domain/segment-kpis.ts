import { roundMoney, roundTo } from '../../common/domain/money';
import type { SegmentTotals } from './run-aggregates';

/** KPIs of one segment. */
export interface SegmentKpis {
  readonly customers: number;
  readonly customerShare: number;
  readonly revenue: number;
  readonly revenueShare: number;
  readonly orders: number;
  readonly averageOrderValue: number | null;
  readonly meanFrequency: number | null;
  readonly meanRecencyDays: number | null;
  readonly meanMonetary: number | null;
  readonly churned: number;
  /** Churned buyers / buyers (null without buyers). */
  readonly churnShare: number | null;
}

/** Change of a segment's KPIs against the previous run (a segment absent before counts as zero). */
export interface SegmentTrend {
  readonly previous: SegmentKpis | null;
  readonly customersChange: number;
  readonly revenueChange: number;
  /** Null unless both runs have a churn share. */
  readonly churnShareChange: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * KPIs of segment totals `t` within its scheme's table of a run: shares of customers and revenue,
 * average order value (revenue / orders), mean frequency, recency and monetary per buyer, churn share.
 */
export function kpisOf(t: SegmentTotals, scheme: Readonly<Record<string, SegmentTotals>>): SegmentKpis {
  const all = Object.values(scheme);
  const customers = all.reduce((n, x) => n + x.customers, 0);
  const revenue = all.reduce((n, x) => n + x.revenue, 0);
  const round = (x: number | null, digits = 4) => (x === null ? null : roundTo(x, digits));
  return {
    customers: t.customers,
    customerShare: roundTo(ratio(t.customers, customers) ?? 0, 6),
    revenue: roundMoney(t.revenue),
    revenueShare: roundTo(ratio(t.revenue, revenue) ?? 0, 6),
    orders: t.orders,
    averageOrderValue: ratio(t.revenue, t.orders) === null ? null : roundMoney(t.revenue / t.orders),
    meanFrequency: round(ratio(t.orders, t.buyers)),
    meanRecencyDays: round(ratio(t.recencyDaysSum, t.buyers), 2),
    meanMonetary: ratio(t.revenue, t.buyers) === null ? null : roundMoney(t.revenue / t.buyers),
    churned: t.churned,
    churnShare: round(ratio(t.churned, t.buyers), 6),
  };
}

/** Trend of `now` against `previous` (null: the segment had no customers in the previous run). */
export function trendOf(now: SegmentKpis, previous: SegmentKpis | null): SegmentTrend {
  return {
    previous,
    customersChange: now.customers - (previous?.customers ?? 0),
    revenueChange: roundMoney(now.revenue - (previous?.revenue ?? 0)),
    churnShareChange: now.churnShare !== null && previous !== null && previous.churnShare !== null ? roundTo(now.churnShare - previous.churnShare, 6) : null,
  };
}
