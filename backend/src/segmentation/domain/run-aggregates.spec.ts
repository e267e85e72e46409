import type { CustomerAssignment } from './population-segmentation';
import { aggregateAssignments, emptyAggregates, mergeAggregates, transitionsBetween, transitionsOf } from './run-aggregates';

function assignment(customerId: string, rfm: string, recencyDays: number | null, frequency: number, monetary: number): CustomerAssignment {
  return {
    customerId,
    segments: { rfm, lifecycle: 'new', cluster: 'm1-c0', 'rules-churn-value': 'Düzenli' },
    recencyDays,
    frequency,
    monetary,
    firstPurchaseMs: null,
    scores: null,
    cluster: null,
    valueSegment: null,
    churnValueSegment: null,
    rules: null,
  };
}

describe('aggregateAssignments', () => {
  const a = assignment('1', 'champions', 10, 4, 100);
  const b = assignment('2', 'champions', 120, 2, 50);
  const c = assignment('3', 'hibernating', 200, 1, 20);
  const ghost = assignment('4', 'no_purchases', null, 0, 0);

  it('sums customers, buyers, revenue, orders, recency and churned (recency > churnAfterDays) per segment', () => {
    const out = aggregateAssignments([a, b, c, ghost], 90, null);
    expect(out.segments.rfm).toEqual({
      champions: { customers: 2, buyers: 2, revenue: 150, orders: 6, recencyDaysSum: 130, churned: 1 },
      hibernating: { customers: 1, buyers: 1, revenue: 20, orders: 1, recencyDaysSum: 200, churned: 1 },
      no_purchases: { customers: 1, buyers: 0, revenue: 0, orders: 0, recencyDaysSum: 0, churned: 0 },
    });
    expect(out.segments.lifecycle.new.customers).toBe(4);
    expect(out.transitions.rfm).toEqual({});
  });

  it('a recency equal to the threshold is not churned', () => {
    expect(aggregateAssignments([assignment('1', 'x', 90, 1, 1)], 90, null).segments.rfm.x.churned).toBe(0);
  });

  it('counts transitions from the previous run; customers new to the run come from ""', () => {
    const previous = new Map([
      ['1', { rfm: 'loyal_customers', lifecycle: 'new', cluster: 'm1-c0', 'rules-churn-value': 'Düzenli' }],
      ['2', { rfm: 'champions', lifecycle: 'loyal', cluster: 'm1-c1', 'rules-churn-value': 'Düzenli' }],
    ]);
    const out = aggregateAssignments([a, b, c], 90, previous);
    expect(out.transitions.rfm).toEqual({ loyal_customers: { champions: 1 }, champions: { champions: 1 }, '': { hibernating: 1 } });
    expect(out.transitions.lifecycle).toEqual({ new: { new: 1 }, loyal: { new: 1 }, '': { new: 1 } });
  });

  it('merging the aggregates of two chunks equals aggregating them at once', () => {
    const previous = new Map([['1', { rfm: 'at_risk' }]]);
    const merged = mergeAggregates(aggregateAssignments([a, b], 90, previous), aggregateAssignments([c, ghost], 90, previous));
    expect(merged).toEqual(aggregateAssignments([a, b, c, ghost], 90, previous));
    expect(mergeAggregates(emptyAggregates(), emptyAggregates())).toEqual(emptyAggregates());
  });
});

describe('transitions', () => {
  it('transitionsBetween counts moves, stays, arrivals (from null) and departures (to null), largest first', () => {
    const before = new Map([
      ['1', 'a'],
      ['2', 'a'],
      ['3', 'b'],
      ['4', 'b'],
    ]);
    const after = new Map([
      ['1', 'b'],
      ['2', 'b'],
      ['3', 'b'],
      ['5', 'a'],
    ]);
    expect(transitionsBetween(before, after)).toEqual([
      { from: 'a', to: 'b', customers: 2 },
      { from: null, to: 'a', customers: 1 },
      { from: 'b', to: null, customers: 1 },
      { from: 'b', to: 'b', customers: 1 },
    ]);
  });

  it('transitionsOf reads a stored table with "" as none, in the same order', () => {
    expect(transitionsOf({ '': { x: 1 }, y: { x: 3, y: 1 } })).toEqual([
      { from: 'y', to: 'x', customers: 3 },
      { from: null, to: 'x', customers: 1 },
      { from: 'y', to: 'y', customers: 1 },
    ]);
    expect(transitionsOf({})).toEqual([]);
  });
});
