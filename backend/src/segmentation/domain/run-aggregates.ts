import type { CustomerAssignment } from './population-segmentation';
import { SEGMENT_SCHEMES, type SegmentScheme } from './segment-schemes';

/** Sufficient statistics of one segment in one run. */
export interface SegmentTotals {
  readonly customers: number;
  /** Customers with at least one purchase (the denominators of the means). */
  readonly buyers: number;
  /** Σ monetary (total spent). */
  readonly revenue: number;
  /** Σ frequency (orders). */
  readonly orders: number;
  readonly recencyDaysSum: number;
  /** Buyers whose recency exceeds the run's churn threshold. */
  readonly churned: number;
}

/** Per scheme: segment → totals, and transitions `from → to` against the previous run. */
export interface RunAggregates {
  readonly segments: Record<SegmentScheme, Record<string, SegmentTotals>>;
  /** `transitions[scheme][from][to]` = customers; `from` is `''` for customers absent from the previous run. */
  readonly transitions: Record<SegmentScheme, Record<string, Record<string, number>>>;
}

const ZERO: SegmentTotals = { customers: 0, buyers: 0, revenue: 0, orders: 0, recencyDaysSum: 0, churned: 0 };

function perScheme<T>(make: () => T): Record<SegmentScheme, T> {
  return Object.fromEntries(SEGMENT_SCHEMES.map((s) => [s, make()])) as Record<SegmentScheme, T>;
}

/** Aggregates with no customer. */
export function emptyAggregates(): RunAggregates {
  return { segments: perScheme(() => ({})), transitions: perScheme(() => ({})) };
}

function addTotals(a: SegmentTotals, b: SegmentTotals): SegmentTotals {
  return {
    customers: a.customers + b.customers,
    buyers: a.buyers + b.buyers,
    revenue: a.revenue + b.revenue,
    orders: a.orders + b.orders,
    recencyDaysSum: a.recencyDaysSum + b.recencyDaysSum,
    churned: a.churned + b.churned,
  };
}

/**
 * Aggregates of a set of assignments. A buyer is churned when recencyDays > `churnAfterDays`.
 * `previous` gives each customer's segments in the previous run (absent: a new customer).
 */
export function aggregateAssignments(
  assignments: readonly CustomerAssignment[],
  churnAfterDays: number,
  previous: ReadonlyMap<string, Readonly<Record<string, string>>> | null,
): RunAggregates {
  const out = emptyAggregates();
  for (const a of assignments) {
    const buyer = a.recencyDays !== null;
    const own: SegmentTotals = {
      customers: 1,
      buyers: buyer ? 1 : 0,
      revenue: a.monetary,
      orders: a.frequency,
      recencyDaysSum: a.recencyDays ?? 0,
      churned: buyer && (a.recencyDays as number) > churnAfterDays ? 1 : 0,
    };
    const before = previous?.get(a.customerId);
    for (const scheme of SEGMENT_SCHEMES) {
      const segment = a.segments[scheme];
      const bucket = out.segments[scheme];
      bucket[segment] = addTotals(bucket[segment] ?? ZERO, own);
      if (previous) {
        const from = before?.[scheme] ?? '';
        const row = (out.transitions[scheme][from] ??= {});
        row[segment] = (row[segment] ?? 0) + 1;
      }
    }
  }
  return out;
}

/** Sum of two aggregates (chunks of one run). */
export function mergeAggregates(a: RunAggregates, b: RunAggregates): RunAggregates {
  const out = emptyAggregates();
  for (const scheme of SEGMENT_SCHEMES) {
    for (const src of [a, b]) {
      for (const [segment, totals] of Object.entries(src.segments[scheme] ?? {})) {
        out.segments[scheme][segment] = addTotals(out.segments[scheme][segment] ?? ZERO, totals);
      }
      for (const [from, row] of Object.entries(src.transitions[scheme] ?? {})) {
        const target = (out.transitions[scheme][from] ??= {});
        for (const [to, n] of Object.entries(row)) target[to] = (target[to] ?? 0) + n;
      }
    }
  }
  return out;
}

/** One `from → to` movement count. */
export interface Transition {
  readonly from: string | null;
  readonly to: string | null;
  readonly customers: number;
}

/**
 * Transitions between two assignment maps (customer → segment of one scheme); customers present in
 * only one map move from or to `null`. Sorted by customers desc, then from, then to.
 */
export function transitionsBetween(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Transition[] {
  const counts = new Map<string, Transition>();
  const bump = (from: string | null, to: string | null) => {
    const key = `${from ?? ''}\u0000${to ?? ''}`;
    const t = counts.get(key);
    counts.set(key, { from, to, customers: (t?.customers ?? 0) + 1 });
  };
  for (const [id, to] of after) bump(before.get(id) ?? null, to);
  for (const [id, from] of before) if (!after.has(id)) bump(from, null);
  return sortTransitions([...counts.values()]);
}

/** Transitions of a stored `from → to` table (`''` meaning none). */
export function transitionsOf(table: Readonly<Record<string, Readonly<Record<string, number>>>>): Transition[] {
  const out: Transition[] = [];
  for (const [from, row] of Object.entries(table)) {
    for (const [to, customers] of Object.entries(row)) out.push({ from: from === '' ? null : from, to: to === '' ? null : to, customers });
  }
  return sortTransitions(out);
}

function sortTransitions(list: Transition[]): Transition[] {
  return list.sort(
    (a, b) => b.customers - a.customers || (a.from ?? '').localeCompare(b.from ?? '') || (a.to ?? '').localeCompare(b.to ?? ''),
  );
}
