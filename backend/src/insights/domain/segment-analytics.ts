import { medianOfSorted, quantileOfSorted } from '../../common/domain/statistics';
import { MS_PER_DAY } from '../../common/domain/time';
/** Milliseconds per day. */
/** Days per year used to turn the observation window into years (Julian year). */
export const DAYS_PER_YEAR = 365.25;

/** One customer of a segmentation run with its RFM features as of the reference date. */
export interface CustomerSegmentRow {
  readonly customerId: string;
  readonly segment: string;
  /** Whole days from the last purchase to the reference date; null without any purchase. */
  readonly recencyDays: number | null;
  /** Distinct orders (invoices) on or before the reference date. */
  readonly frequency: number;
  /** Σ quantity × unit price over those orders, in the data's currency (= historic CLV). */
  readonly monetary: number;
  /** First purchase, epoch ms; null without any purchase. */
  readonly firstPurchaseMs: number | null;
}

/** Recency band of the churn-risk distribution: `minDays..maxDays` inclusive (`maxDays` null = open). */
export interface RecencyBand {
  readonly label: string;
  readonly minDays: number;
  readonly maxDays: number | null;
}

/** Default churn-risk bands, in days since the last purchase: 0–30, 31–90, 91–180, 181–365, > 365. */
export const DEFAULT_RECENCY_BANDS: readonly RecencyBand[] = [
  { label: '0-30', minDays: 0, maxDays: 30 },
  { label: '31-90', minDays: 31, maxDays: 90 },
  { label: '91-180', minDays: 91, maxDays: 180 },
  { label: '181-365', minDays: 181, maxDays: 365 },
  { label: '>365', minDays: 366, maxDays: null },
];

/** Settings of the analytics; see {@link computeSegmentAnalytics}. */
export interface AnalyticsOptions {
  /** Expected customer lifetime of the predicted CLV, in years. */
  readonly expectedLifetimeYears: number;
  /** Customers listed per segment in `topCustomers`. */
  readonly topCustomers: number;
  readonly recencyBands?: readonly RecencyBand[];
}

/** Mean and median of one feature over a segment's buyers (customers with a purchase); null without buyers. */
export interface Distribution {
  readonly mean: number | null;
  readonly median: number | null;
}

/** One band of the churn-risk distribution of a segment. */
export interface BandCount {
  readonly band: string;
  readonly customers: number;
  /** Share of the segment's buyers, in percent (0..100). */
  readonly sharePct: number;
}

/** Value tier counts of a segment; the tier thresholds are population-wide, see {@link ValueTierThresholds}. */
export interface ValueTierCounts {
  readonly high: number;
  readonly medium: number;
  readonly low: number;
}

/**
 * Value tiers of the population by historic CLV (monetary): `high` ≥ the 80th percentile of the
 * buyers' monetary, `medium` ≥ the 40th percentile, else `low` (customers without purchases are `low`).
 */
export interface ValueTierThresholds {
  readonly highMin: number;
  readonly mediumMin: number;
}

/** A top customer of a segment by monetary. */
export interface TopCustomer {
  readonly customerId: string;
  readonly monetary: number;
  readonly frequency: number;
  readonly recencyDays: number | null;
}

/**
 * Figures of one segment. Money is in the data's currency, unrounded; shares in percent (0..100).
 *
 * - Historic CLV of a customer = total spent (monetary); `historicClv.mean` is its mean over every
 *   customer of the segment, `historicClv.total` the segment revenue.
 * - Predicted CLV of a customer of the segment = AOV × purchase rate × expected lifetime, with
 *   AOV = segment revenue / segment orders, purchase rate = segment orders / segment customers /
 *   observation years (orders per customer per year), observation years = (reference date − first
 *   purchase in the population) / 365.25 days, expected lifetime = `expectedLifetimeYears`. It assumes
 *   the segment keeps its past purchase rate and basket for the whole lifetime, no discounting, no
 *   margin (revenue, not profit), and no churn beyond what the lifetime implies.
 */
export interface SegmentFigures {
  readonly segment: string;
  readonly customers: number;
  readonly customerSharePct: number;
  /** Customers with at least one purchase. */
  readonly buyers: number;
  readonly revenue: number;
  readonly revenueSharePct: number;
  /** Σ frequency. */
  readonly orders: number;
  /** Average order value = revenue / orders; null without orders. */
  readonly averageOrderValue: number | null;
  readonly recencyDays: Distribution;
  readonly frequency: Distribution;
  readonly monetary: Distribution;
  readonly historicClv: { readonly mean: number | null; readonly total: number };
  readonly predictedClv: { readonly perCustomer: number | null; readonly purchaseRatePerYear: number | null };
  readonly churnRisk: readonly BandCount[];
  readonly valueTiers: ValueTierCounts;
  readonly topCustomers: readonly TopCustomer[];
}

/** Population totals of a report. */
export interface PopulationTotals {
  readonly customers: number;
  readonly buyers: number;
  readonly revenue: number;
  readonly orders: number;
  readonly averageOrderValue: number | null;
  readonly historicClvMean: number | null;
}

/** The analytics of one scheme of one run as of a reference date. */
export interface SegmentAnalyticsReport {
  readonly asOfMs: number;
  readonly totals: PopulationTotals;
  /** Segments by revenue, highest first (ties by id). */
  readonly segments: readonly SegmentFigures[];
  readonly valueTierThresholds: ValueTierThresholds;
  readonly recencyBands: readonly RecencyBand[];
  readonly clvAssumptions: ClvAssumptions;
}

/** The stated assumptions of the predicted CLV. */
export interface ClvAssumptions {
  readonly formula: string;
  readonly expectedLifetimeYears: number;
  /** Years between the first purchase in the population and the reference date. */
  readonly observationYears: number;
}

function distribution(values: number[]): Distribution {
  if (values.length === 0) return { mean: null, median: null };
  values.sort((a, b) => a - b);
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, median: medianOfSorted(values) };
}

function pct(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

function bandOf(recencyDays: number, bands: readonly RecencyBand[]): number {
  const index = bands.findIndex((b) => recencyDays >= b.minDays && (b.maxDays === null || recencyDays <= b.maxDays));
  return index === -1 ? bands.length - 1 : index;
}

/**
 * Computes the per-segment analytics of one scheme (pure): size and share, revenue and share, mean
 * and median recency, frequency and monetary (over buyers), AOV, historic and predicted CLV (see
 * {@link SegmentFigures}), churn-risk distribution by recency band, value tiers, top customers.
 *
 * @param rows one row per customer of the run (any order; ids unique).
 * @param asOfMs the reference date (epoch ms) the recencies were computed at.
 */
export function computeSegmentAnalytics(rows: readonly CustomerSegmentRow[], asOfMs: number, options: AnalyticsOptions): SegmentAnalyticsReport {
  const bands = options.recencyBands ?? DEFAULT_RECENCY_BANDS;
  let revenue = 0;
  let orders = 0;
  let buyers = 0;
  let firstPurchaseMs: number | null = null;
  const monetaryOfBuyers: number[] = [];
  const bySegment = new Map<string, CustomerSegmentRow[]>();
  for (const row of rows) {
    revenue += row.monetary;
    orders += row.frequency;
    if (row.recencyDays !== null) {
      buyers += 1;
      monetaryOfBuyers.push(row.monetary);
    }
    if (row.firstPurchaseMs !== null && (firstPurchaseMs === null || row.firstPurchaseMs < firstPurchaseMs)) firstPurchaseMs = row.firstPurchaseMs;
    const list = bySegment.get(row.segment);
    if (list) list.push(row);
    else bySegment.set(row.segment, [row]);
  }
  monetaryOfBuyers.sort((a, b) => a - b);
  const thresholds: ValueTierThresholds = {
    highMin: monetaryOfBuyers.length > 0 ? quantileOfSorted(monetaryOfBuyers, 0.8) : 0,
    mediumMin: monetaryOfBuyers.length > 0 ? quantileOfSorted(monetaryOfBuyers, 0.4) : 0,
  };
  const observationYears = firstPurchaseMs === null ? 0 : Math.max(0, asOfMs - firstPurchaseMs) / MS_PER_DAY / DAYS_PER_YEAR;
  const totalCustomers = rows.length;

  const segments = [...bySegment.entries()].map(([segment, members]): SegmentFigures => {
    const segRevenue = members.reduce((s, r) => s + r.monetary, 0);
    const segOrders = members.reduce((s, r) => s + r.frequency, 0);
    const withPurchase = members.filter((r) => r.recencyDays !== null);
    const counts = new Array<number>(bands.length).fill(0);
    const tiers = { high: 0, medium: 0, low: 0 };
    for (const r of members) {
      if (r.recencyDays !== null) counts[bandOf(r.recencyDays, bands)] += 1;
      if (r.recencyDays !== null && r.monetary >= thresholds.highMin) tiers.high += 1;
      else if (r.recencyDays !== null && r.monetary >= thresholds.mediumMin) tiers.medium += 1;
      else tiers.low += 1;
    }
    const aov = segOrders > 0 ? segRevenue / segOrders : null;
    const rate = observationYears > 0 && members.length > 0 ? segOrders / members.length / observationYears : null;
    const top = [...withPurchase]
      .sort((a, b) => b.monetary - a.monetary || a.customerId.localeCompare(b.customerId, 'en', { numeric: true }))
      .slice(0, options.topCustomers)
      .map((r) => ({ customerId: r.customerId, monetary: r.monetary, frequency: r.frequency, recencyDays: r.recencyDays }));
    return {
      segment,
      customers: members.length,
      customerSharePct: pct(members.length, totalCustomers),
      buyers: withPurchase.length,
      revenue: segRevenue,
      revenueSharePct: pct(segRevenue, revenue),
      orders: segOrders,
      averageOrderValue: aov,
      recencyDays: distribution(withPurchase.map((r) => r.recencyDays as number)),
      frequency: distribution(withPurchase.map((r) => r.frequency)),
      monetary: distribution(withPurchase.map((r) => r.monetary)),
      historicClv: { mean: members.length > 0 ? segRevenue / members.length : null, total: segRevenue },
      predictedClv: {
        perCustomer: aov !== null && rate !== null ? aov * rate * options.expectedLifetimeYears : null,
        purchaseRatePerYear: rate,
      },
      churnRisk: bands.map((b, i) => ({ band: b.label, customers: counts[i], sharePct: pct(counts[i], withPurchase.length) })),
      valueTiers: tiers,
      topCustomers: top,
    };
  });
  segments.sort((a, b) => b.revenue - a.revenue || a.segment.localeCompare(b.segment));
  return {
    asOfMs,
    totals: {
      customers: totalCustomers,
      buyers,
      revenue,
      orders,
      averageOrderValue: orders > 0 ? revenue / orders : null,
      historicClvMean: totalCustomers > 0 ? revenue / totalCustomers : null,
    },
    segments,
    valueTierThresholds: thresholds,
    recencyBands: bands,
    clvAssumptions: {
      formula: 'predicted CLV = AOV × purchases per customer per year × expected lifetime (years)',
      expectedLifetimeYears: options.expectedLifetimeYears,
      observationYears,
    },
  };
}

/** One metric of a two-segment comparison. */
export interface MetricComparison {
  readonly metric: string;
  readonly a: number | null;
  readonly b: number | null;
  /** a − b; null when either is null. */
  readonly difference: number | null;
  /** a / b; null when either is null or b is 0. */
  readonly ratio: number | null;
}

/** Metrics compared by {@link compareSegments}, with how to read each from {@link SegmentFigures}. */
export const COMPARED_METRICS: ReadonlyArray<readonly [string, (s: SegmentFigures) => number | null]> = [
  ['customers', (s) => s.customers],
  ['customerSharePct', (s) => s.customerSharePct],
  ['revenue', (s) => s.revenue],
  ['revenueSharePct', (s) => s.revenueSharePct],
  ['averageOrderValue', (s) => s.averageOrderValue],
  ['recencyDaysMean', (s) => s.recencyDays.mean],
  ['recencyDaysMedian', (s) => s.recencyDays.median],
  ['frequencyMean', (s) => s.frequency.mean],
  ['frequencyMedian', (s) => s.frequency.median],
  ['monetaryMean', (s) => s.monetary.mean],
  ['monetaryMedian', (s) => s.monetary.median],
  ['historicClvMean', (s) => s.historicClv.mean],
  ['predictedClvPerCustomer', (s) => s.predictedClv.perCustomer],
];

/** Metric-by-metric comparison of two segments' figures (pure). */
export function compareSegments(a: SegmentFigures, b: SegmentFigures): MetricComparison[] {
  return COMPARED_METRICS.map(([metric, read]) => {
    const x = read(a);
    const y = read(b);
    return {
      metric,
      a: x,
      b: y,
      difference: x !== null && y !== null ? x - y : null,
      ratio: x !== null && y !== null && y !== 0 ? x / y : null,
    };
  });
}
