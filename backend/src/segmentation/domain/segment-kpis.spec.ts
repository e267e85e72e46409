import type { SegmentTotals } from './run-aggregates';
import { kpisOf, trendOf } from './segment-kpis';

const totals = (customers: number, buyers: number, revenue: number, orders: number, recencyDaysSum: number, churned: number): SegmentTotals => ({
  customers,
  buyers,
  revenue,
  orders,
  recencyDaysSum,
  churned,
});

describe('segment KPIs', () => {
  const vip = totals(4, 4, 1000, 20, 100, 1);
  const rest = totals(6, 5, 500, 5, 1000, 4);
  const scheme = { vip, rest };

  it('shares, average order value and per-buyer means, churn share', () => {
    expect(kpisOf(vip, scheme)).toEqual({
      customers: 4,
      customerShare: 0.4,
      revenue: 1000,
      revenueShare: 0.666667,
      orders: 20,
      averageOrderValue: 50,
      meanFrequency: 5,
      meanRecencyDays: 25,
      meanMonetary: 250,
      churned: 1,
      churnShare: 0.25,
    });
    expect(kpisOf(rest, scheme)).toMatchObject({ customerShare: 0.6, averageOrderValue: 100, meanFrequency: 1, meanRecencyDays: 200, meanMonetary: 100, churnShare: 0.8 });
  });

  it('a segment without buyers or orders has null means and churn share', () => {
    const none = totals(3, 0, 0, 0, 0, 0);
    expect(kpisOf(none, { none })).toMatchObject({ customerShare: 1, revenueShare: 0, averageOrderValue: null, meanFrequency: null, meanRecencyDays: null, meanMonetary: null, churnShare: null });
  });

  it('trend against the previous run; a segment new to the run starts from zero', () => {
    const now = kpisOf(vip, scheme);
    const before = kpisOf(totals(2, 2, 300.5, 6, 40, 1), scheme);
    expect(trendOf(now, before)).toEqual({ previous: before, customersChange: 2, revenueChange: 699.5, churnShareChange: -0.25 });
    expect(trendOf(now, null)).toEqual({ previous: null, customersChange: 4, revenueChange: 1000, churnShareChange: null });
    const noBuyers = kpisOf(totals(1, 0, 0, 0, 0, 0), scheme);
    expect(trendOf(now, noBuyers).churnShareChange).toBeNull();
  });
});
