import type { InsightIntent } from './intent-detection';
import { compareSegments, type SegmentAnalyticsReport, type SegmentFigures } from './segment-analytics';
import { segmentDisplayName, type InsightScheme } from './segment-vocabulary';

/** Unit of a figure; decides its rounding in the context and its formatting in templates. */
export type FigureUnit = 'customers' | 'orders' | 'currency' | 'percent' | 'days' | 'per_year' | 'years' | 'ratio';

/** Decimals a figure of each unit carries in the context (the precision the model sees). */
export const UNIT_DECIMALS: Readonly<Record<FigureUnit, number>> = {
  customers: 0,
  orders: 0,
  currency: 2,
  percent: 1,
  days: 1,
  per_year: 2,
  years: 2,
  ratio: 2,
};

/** One number the answer may use: stored data or a figure computed from it, rounded to its unit's decimals. */
export interface Figure {
  /** `<segment or "all">.<metric>` (`champions.revenue`, `all.customers`, `champions-vs-at_risk.revenue.ratio`). */
  readonly key: string;
  /** Segment id, or null for population totals and comparisons. */
  readonly segment: string | null;
  readonly metric: string;
  readonly value: number;
  readonly unit: FigureUnit;
  /** Extra label (a customer id for top customers). */
  readonly label?: string;
}

/** A group of figures added to the context as a whole or not at all. */
export interface FigureGroup {
  readonly name: string;
  readonly figures: readonly Figure[];
}

/** One earlier turn of the session as the model sees it. */
export interface HistoryTurn {
  readonly question: string;
  readonly answer: string;
}

/** The compact, budgeted document the model answers from (its `input`); every allowed number is in it. */
export interface InsightContext {
  readonly question: string;
  readonly intent: InsightIntent;
  readonly scheme: InsightScheme;
  /** Reference date of the figures, `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly segments: readonly { readonly id: string; readonly name: string }[];
  readonly unknownSegments: readonly string[];
  /** Segments ranked for the intent, best first, and what they are ranked by. */
  readonly ranking: { readonly by: string; readonly segments: readonly string[] } | null;
  readonly definitions: Readonly<Record<string, string>>;
  readonly figures: readonly Figure[];
  /** Figure groups left out to keep within the token budget. */
  readonly omittedGroups: readonly string[];
  readonly history: readonly HistoryTurn[];
}

/** Token budget of a context. */
export interface ContextBudget {
  /** Tokens for the whole context (figures, definitions, history), estimated with {@link estimateTokens}. */
  readonly maxTokens: number;
  /** Part of `maxTokens` that history may use at most. */
  readonly historyMaxTokens: number;
}

/**
 * Token estimate of a text: ⌈characters / 4⌉ (the usual rule of thumb for English and JSON with
 * BPE tokenizers; it over-counts digits slightly, which errs on the safe side of a budget).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The document sent to the model for a context: the same content with figures folded into
 * `{ owner: { metric: value } }` (a top customer's id as `top<n>.customerId`), without the names of
 * the groups left out; units are stated in `definitions.units`.
 */
export function modelInputOf(context: InsightContext): Record<string, unknown> {
  const figures: Record<string, Record<string, number | string>> = {};
  for (const f of context.figures) {
    const owner = f.key.slice(0, f.key.length - f.metric.length - 1);
    const entry = (figures[owner] ??= {});
    entry[f.metric] = f.value;
    if (f.label !== undefined) entry[`${f.metric.split('.')[0]}.customerId`] = f.label;
  }
  const { figures: _list, omittedGroups: _omitted, ...rest } = context;
  return { ...rest, figures };
}

/** Tokens of a context: {@link estimateTokens} of the compact JSON of {@link modelInputOf}. */
export function contextTokens(context: InsightContext): number {
  return estimateTokens(JSON.stringify(modelInputOf(context)));
}

function round(value: number, unit: FigureUnit): number {
  const f = 10 ** UNIT_DECIMALS[unit];
  const r = Math.round((value + (value >= 0 ? Number.EPSILON : -Number.EPSILON)) * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function figure(segment: string | null, metric: string, value: number | null, unit: FigureUnit, label?: string): Figure[] {
  if (value === null || !Number.isFinite(value)) return [];
  const owner = segment ?? 'all';
  return [{ key: `${owner}.${metric}`, segment, metric, value: round(value, unit), unit, ...(label !== undefined && { label }) }];
}

/** Size, revenue, AOV, R/F/M means and medians, historic and predicted CLV of a segment. */
export function coreFigures(s: SegmentFigures): Figure[] {
  const id = s.segment;
  return [
    ...figure(id, 'customers', s.customers, 'customers'),
    ...figure(id, 'customerSharePct', s.customerSharePct, 'percent'),
    ...figure(id, 'revenue', s.revenue, 'currency'),
    ...figure(id, 'revenueSharePct', s.revenueSharePct, 'percent'),
    ...figure(id, 'orders', s.orders, 'orders'),
    ...figure(id, 'averageOrderValue', s.averageOrderValue, 'currency'),
    ...figure(id, 'recencyDaysMean', s.recencyDays.mean, 'days'),
    ...figure(id, 'recencyDaysMedian', s.recencyDays.median, 'days'),
    ...figure(id, 'frequencyMean', s.frequency.mean, 'ratio'),
    ...figure(id, 'frequencyMedian', s.frequency.median, 'ratio'),
    ...figure(id, 'monetaryMean', s.monetary.mean, 'currency'),
    ...figure(id, 'monetaryMedian', s.monetary.median, 'currency'),
    ...figure(id, 'historicClvMean', s.historicClv.mean, 'currency'),
    ...figure(id, 'purchasesPerYear', s.predictedClv.purchaseRatePerYear, 'per_year'),
    ...figure(id, 'predictedClvPerCustomer', s.predictedClv.perCustomer, 'currency'),
  ];
}

/** Churn-risk distribution: customers and share of buyers per recency band. */
export function churnFigures(s: SegmentFigures): Figure[] {
  return s.churnRisk.flatMap((b) => [
    ...figure(s.segment, `recency${b.band}.customers`, b.customers, 'customers'),
    ...figure(s.segment, `recency${b.band}.sharePct`, b.sharePct, 'percent'),
  ]);
}

/** Share of a segment's buyers whose last purchase is more than 90 days old (bands above 31–90). */
export function inactiveOver90Pct(s: SegmentFigures): number {
  return s.churnRisk.slice(2).reduce((sum, b) => sum + b.sharePct, 0);
}

function tierFigures(s: SegmentFigures): Figure[] {
  return [
    ...figure(s.segment, 'valueTierHigh.customers', s.valueTiers.high, 'customers'),
    ...figure(s.segment, 'valueTierMedium.customers', s.valueTiers.medium, 'customers'),
    ...figure(s.segment, 'valueTierLow.customers', s.valueTiers.low, 'customers'),
  ];
}

function topFigures(s: SegmentFigures): Figure[] {
  return s.topCustomers.flatMap((c, i) => [
    ...figure(s.segment, `top${i + 1}.monetary`, c.monetary, 'currency', c.customerId),
    ...figure(s.segment, `top${i + 1}.frequency`, c.frequency, 'orders', c.customerId),
  ]);
}

function totalsFigures(report: SegmentAnalyticsReport): Figure[] {
  const t = report.totals;
  return [
    ...figure(null, 'customers', t.customers, 'customers'),
    ...figure(null, 'revenue', t.revenue, 'currency'),
    ...figure(null, 'orders', t.orders, 'orders'),
    ...figure(null, 'averageOrderValue', t.averageOrderValue, 'currency'),
    ...figure(null, 'historicClvMean', t.historicClvMean, 'currency'),
  ];
}

function comparisonFigures(a: SegmentFigures, b: SegmentFigures): Figure[] {
  const owner = `${a.segment}-vs-${b.segment}`;
  return compareSegments(a, b).flatMap((c) => {
    const diffPct = c.difference !== null && c.b !== null && c.b !== 0 ? (100 * c.difference) / c.b : null;
    const unit: FigureUnit = c.metric.endsWith('Pct') ? 'percent' : c.metric.startsWith('recency') ? 'days' : c.metric === 'customers' ? 'customers' : c.metric.startsWith('frequency') ? 'ratio' : 'currency';
    return [
      ...figure(null, `${c.metric}.difference`, c.difference, unit).map((f) => ({ ...f, key: `${owner}.${c.metric}.difference` })),
      ...figure(null, `${c.metric}.ratio`, c.ratio, 'ratio').map((f) => ({ ...f, key: `${owner}.${c.metric}.ratio` })),
      ...figure(null, `${c.metric}.differencePct`, diffPct, 'percent').map((f) => ({ ...f, key: `${owner}.${c.metric}.differencePct` })),
    ];
  });
}

/** Ranking of the segments for an intent: what they are ranked by and the order (best first). */
interface Ranking {
  readonly by: string;
  readonly value: (s: SegmentFigures) => number | null;
  readonly unit: FigureUnit;
  readonly metric: string;
}

/**
 * Rankings per intent. Marketing priority ("ROI") ranks by predicted CLV per customer: the return
 * expected from one contacted customer, assuming the same contact cost in every segment (there is no
 * cost data). Churn ranks by the share of buyers inactive for more than 90 days.
 */
const RANKINGS: Readonly<Record<InsightIntent, Ranking>> = {
  marketing_strategy: { by: 'predicted CLV per customer, highest first', value: (s) => s.predictedClv.perCustomer, unit: 'currency', metric: 'predictedClvPerCustomer' },
  churn: { by: 'share of buyers inactive for more than 90 days, highest first', value: inactiveOver90Pct, unit: 'percent', metric: 'inactiveOver90DaysPct' },
  business_metrics: { by: 'revenue, highest first', value: (s) => s.revenue, unit: 'currency', metric: 'revenue' },
  customer_behaviour: { by: 'mean purchase frequency, highest first', value: (s) => s.frequency.mean, unit: 'ratio', metric: 'frequencyMean' },
  segment_analysis: { by: 'revenue, highest first', value: (s) => s.revenue, unit: 'currency', metric: 'revenue' },
  comparison: { by: 'revenue, highest first', value: (s) => s.revenue, unit: 'currency', metric: 'revenue' },
  general: { by: 'customers, most first', value: (s) => s.customers, unit: 'customers', metric: 'customers' },
};

function rankSegments(report: SegmentAnalyticsReport, ranking: Ranking): SegmentFigures[] {
  return [...report.segments]
    .filter((s) => ranking.value(s) !== null)
    .sort((a, b) => (ranking.value(b) as number) - (ranking.value(a) as number) || a.segment.localeCompare(b.segment));
}

/** A brief line of figures for one segment of a ranking or an overview. */
function briefFigures(s: SegmentFigures, ranking: Ranking): Figure[] {
  const own = figure(s.segment, ranking.metric, ranking.value(s), ranking.unit);
  const base = [
    ...figure(s.segment, 'customers', s.customers, 'customers'),
    ...figure(s.segment, 'customerSharePct', s.customerSharePct, 'percent'),
    ...figure(s.segment, 'revenueSharePct', s.revenueSharePct, 'percent'),
    ...figure(s.segment, 'recencyDaysMedian', s.recencyDays.median, 'days'),
  ];
  return [...own, ...base.filter((f) => f.metric !== ranking.metric)];
}

/** What {@link selectFigureGroups} produces: groups in priority order and the ranking of the intent. */
export interface FigureSelection {
  readonly groups: readonly FigureGroup[];
  readonly ranking: { readonly by: string; readonly segments: readonly string[] };
}

/**
 * The figures an intent needs, as groups in priority order (pure): the named segments' details
 * first (core, then churn bands, value tiers, top customers for a segment analysis; both cores and
 * the metric-by-metric differences, ratios and % differences for a comparison), then one brief group
 * per ranked segment, then population totals.
 */
export function selectFigureGroups(intent: InsightIntent, report: SegmentAnalyticsReport, segments: readonly string[]): FigureSelection {
  const ranking = RANKINGS[intent];
  const ranked = rankSegments(report, ranking);
  const named = segments.flatMap((id) => report.segments.filter((s) => s.segment === id));
  const groups: FigureGroup[] = [];
  const push = (name: string, figures: Figure[]) => {
    if (figures.length > 0) groups.push({ name, figures });
  };
  for (const s of named) {
    push(`${s.segment}.core`, coreFigures(s));
    if (intent === 'churn' || intent === 'segment_analysis' || intent === 'marketing_strategy') push(`${s.segment}.churnRisk`, churnFigures(s));
  }
  if (named.length >= 2 && intent === 'comparison') push(`${named[0].segment}-vs-${named[1].segment}`, comparisonFigures(named[0], named[1]));
  for (const s of named) {
    if (intent === 'segment_analysis' || intent === 'business_metrics') push(`${s.segment}.valueTiers`, tierFigures(s));
    if (intent === 'segment_analysis') push(`${s.segment}.topCustomers`, topFigures(s));
  }
  push('all.totals', totalsFigures(report));
  for (const s of ranked) push(`${s.segment}.brief`, briefFigures(s, ranking));
  return { groups, ranking: { by: ranking.by, segments: ranked.map((s) => s.segment) } };
}

/** Inputs of {@link buildInsightContext}. */
export interface ContextInput {
  readonly question: string;
  readonly intent: InsightIntent;
  readonly scheme: InsightScheme;
  readonly segments: readonly string[];
  readonly unknownSegments: readonly string[];
  readonly report: SegmentAnalyticsReport;
  /** Earlier turns, oldest first. */
  readonly history: readonly HistoryTurn[];
  /** Overrides the intent's ranking (a follow-up keeps the ranked list it refers to). */
  readonly carriedRanking?: { readonly by: string; readonly segments: readonly string[] };
}

/**
 * Builds the model's context within a token budget (pure). History first takes the newest turns
 * that fit in `historyMaxTokens`; then figure groups are added in priority order, each only if the
 * whole context still fits in `maxTokens` (a group that does not fit is skipped and named in
 * `omittedGroups`, and later smaller groups may still fit). Figures are deduplicated by key. The
 * fixed part (question, segments, ranking, definitions, history) is always included: below its size
 * no figure fits.
 */
export function buildInsightContext(input: ContextInput, budget: ContextBudget): InsightContext {
  const selection = selectFigureGroups(input.intent, input.report, input.segments);
  const ranking = input.carriedRanking ?? selection.ranking;
  const history: HistoryTurn[] = [];
  let historyTokens = 0;
  for (const turn of [...input.history].reverse()) {
    const cost = estimateTokens(JSON.stringify(turn)) + 1;
    if (historyTokens + cost > budget.historyMaxTokens) break;
    history.unshift(turn);
    historyTokens += cost;
  }
  const a = input.report.clvAssumptions;
  const base: InsightContext = {
    question: input.question,
    intent: input.intent,
    scheme: input.scheme,
    asOf: new Date(input.report.asOfMs).toISOString().slice(0, 10),
    segments: input.segments.map((id) => ({ id, name: segmentDisplayName(input.scheme, id) })),
    unknownSegments: input.unknownSegments,
    ranking: ranking.segments.length > 0 ? ranking : null,
    definitions: {
      money: 'in the data currency',
      historicClv: 'total spent per customer',
      predictedClv: `${a.formula}; expected lifetime ${round(a.expectedLifetimeYears, 'years')} years; purchase rate over the ${round(a.observationYears, 'years')} years observed; no discounting, revenue not margin`,
      recencyBands: `days since the last purchase: ${input.report.recencyBands.map((b) => b.label).join(', ')}`,
      valueTiers: 'high: top 20% of buyers by total spent; medium: next 40%; low: the rest',
      units: 'customers and orders are counts; *Pct in percent; recency* in days; purchasesPerYear per customer; *.ratio = a / b',
    },
    figures: [],
    omittedGroups: [],
    history,
  };
  const figures: Figure[] = [];
  const seen = new Set<string>();
  const omitted: string[] = [];
  for (const group of selection.groups) {
    const fresh = group.figures.filter((f) => !seen.has(f.key));
    if (fresh.length === 0) continue;
    const candidate = { ...base, figures: [...figures, ...fresh] };
    if (contextTokens(candidate) > budget.maxTokens) {
      omitted.push(group.name);
      continue;
    }
    figures.push(...fresh);
    for (const f of fresh) seen.add(f.key);
  }
  return { ...base, figures, omittedGroups: omitted };
}
