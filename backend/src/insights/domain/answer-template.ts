import { UNIT_DECIMALS, type Figure, type InsightContext } from './insight-context';
import { conceptOfSegment, segmentDisplayName, type InsightScheme } from './segment-vocabulary';

/** An answer in three parts. */
export interface InsightAnswer {
  /** The figures that answer the question, stated plainly. */
  readonly data: string;
  /** What the figures mean. */
  readonly insight: string;
  /** What to do about it. */
  readonly recommendation: string;
}

/** Standard play per segment concept (no figures: the template adds them). */
const PLAYS: Readonly<Record<string, string>> = {
  champions: 'reward them (early access, loyalty perks) and ask for reviews and referrals; avoid discounting',
  loyal: 'upsell higher-value products and enrol them in a loyalty programme',
  potential_loyalists: 'offer membership or a loyalty programme and recommend related products to build the habit',
  new: 'run an onboarding series and make the second purchase easy with a time-limited incentive',
  promising: 'build brand awareness with free trials or small offers that lead to a second order',
  need_attention: 'send personalised, limited-time offers based on their past purchases',
  about_to_sleep: 'share popular products and a modest discount to reconnect before they lapse',
  at_risk: 'send personalised win-back messages with renewals or relevant offers',
  cant_lose: 'win them back with personal outreach, a strong offer and a survey on what changed',
  hibernating: 'offer other relevant products and special discounts; keep contact costs low',
  lost: 'try one low-cost reactivation campaign; otherwise stop spending on them',
  no_purchases: 'send a first-purchase incentive to turn registrations into customers',
};

/**
 * Formats a figure at the precision the context carries (`UNIT_DECIMALS`), with thousands
 * separators; percentages end with `%`, days with ` days`. The output re-reads as the same value, so
 * templated answers always pass the grounding check.
 */
export function formatFigure(f: Figure): string {
  const decimals = UNIT_DECIMALS[f.unit];
  const text = f.value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  switch (f.unit) {
    case 'percent':
      return `${text}%`;
    case 'days':
      return `${text} days`;
    default:
      return text;
  }
}

class Figures {
  private readonly byKey: ReadonlyMap<string, Figure>;

  constructor(context: InsightContext) {
    this.byKey = new Map(context.figures.map((f) => [f.key, f]));
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The formatted figure, or null when the context does not carry it. */
  get(key: string): string | null {
    const f = this.byKey.get(key);
    return f ? formatFigure(f) : null;
  }

  value(key: string): number | null {
    return this.byKey.get(key)?.value ?? null;
  }
}

function sentence(parts: ReadonlyArray<string | null>): string {
  const kept = parts.filter((p): p is string => p !== null && p.length > 0);
  return kept.length > 0 ? `${kept.join('; ')}.` : '';
}

function labelled(label: string, value: string | null): string | null {
  return value === null ? null : `${label} ${value}`;
}

function describeSegment(scheme: InsightScheme, id: string, f: Figures): string {
  const name = segmentDisplayName(scheme, id);
  const facts = sentence([
    labelled('customers', f.get(`${id}.customers`)),
    labelled('share of customers', f.get(`${id}.customerSharePct`)),
    labelled('revenue', f.get(`${id}.revenue`)),
    labelled('share of revenue', f.get(`${id}.revenueSharePct`)),
    labelled('average order value', f.get(`${id}.averageOrderValue`)),
    labelled('median recency', f.get(`${id}.recencyDaysMedian`)),
    labelled('mean orders per customer', f.get(`${id}.frequencyMean`)),
    labelled('median total spent', f.get(`${id}.monetaryMedian`)),
    labelled('historic CLV (mean total spent)', f.get(`${id}.historicClvMean`)),
    labelled('predicted CLV per customer', f.get(`${id}.predictedClvPerCustomer`)),
  ]);
  return facts.length > 0 ? `${name}: ${facts}` : `${name}: no customers in the latest segmentation run.`;
}

function briefLine(scheme: InsightScheme, id: string, metric: string, f: Figures, rank: number): string {
  const own = f.get(`${id}.${metric}`);
  const extra = [labelled('customers', f.get(`${id}.customers`)), labelled('revenue share', f.get(`${id}.revenueSharePct`))].filter(
    (p): p is string => p !== null,
  );
  return `${rank}. ${segmentDisplayName(scheme, id)}${own !== null ? ` (${own}` : ' ('}${extra.length > 0 ? `${own !== null ? ', ' : ''}${extra.join(', ')}` : ''})`;
}

const RANKING_METRIC: Readonly<Record<string, string>> = {
  'predicted CLV per customer, highest first': 'predictedClvPerCustomer',
  'share of buyers inactive for more than 90 days, highest first': 'inactiveOver90DaysPct',
  'revenue, highest first': 'revenue',
  'mean purchase frequency, highest first': 'frequencyMean',
  'customers, most first': 'customers',
};

function rankingLines(context: InsightContext, f: Figures, limit: number): string[] {
  if (!context.ranking) return [];
  const metric = RANKING_METRIC[context.ranking.by] ?? 'customers';
  return context.ranking.segments
    .filter((id) => f.has(`${id}.customers`) || f.has(`${id}.${metric}`))
    .slice(0, limit)
    .map((id, i) => briefLine(context.scheme, id, metric, f, i + 1));
}

function playOf(scheme: InsightScheme, id: string): string {
  const concept = conceptOfSegment(scheme, id)?.concept ?? id;
  return PLAYS[concept] ?? 'review the segment and test a targeted offer against a control group';
}

function totalsSentence(f: Figures): string {
  return sentence([
    labelled('All customers', f.get('all.customers')),
    labelled('total revenue', f.get('all.revenue')),
    labelled('average order value', f.get('all.averageOrderValue')),
  ]);
}

/**
 * The templated answer (pure, deterministic): built only from the context's figures, so it is
 * grounded by construction. Used without a model, and when a model answer fails validation or the
 * grounding check.
 */
export function templateAnswer(context: InsightContext): InsightAnswer {
  const f = new Figures(context);
  const scheme = context.scheme;
  const unknown =
    context.unknownSegments.length > 0
      ? ` Not a ${scheme} segment: ${context.unknownSegments.join(', ')}; the ${scheme} segments are listed by ${context.ranking?.by ?? 'size'}.`
      : '';
  const named = context.segments.map((s) => s.id);
  const ranked = rankingLines(context, f, 5);
  const rankedText = ranked.length > 0 ? ` Ranked by ${context.ranking?.by}: ${ranked.join('; ')}.` : '';
  const top = context.ranking?.segments[0];

  switch (context.intent) {
    case 'comparison': {
      if (named.length >= 2) {
        const [a, b] = named;
        const pair = `${a}-vs-${b}`;
        const nameA = segmentDisplayName(scheme, a);
        const nameB = segmentDisplayName(scheme, b);
        const revRatio = f.get(`${pair}.revenue.ratio`);
        const aovDiff = f.get(`${pair}.averageOrderValue.differencePct`);
        const recDiff = f.get(`${pair}.recencyDaysMedian.difference`);
        return {
          data: `${describeSegment(scheme, a, f)} ${describeSegment(scheme, b, f)}`,
          insight: sentence([
            revRatio !== null ? `${nameA} bring ${revRatio} times the revenue of ${nameB}` : null,
            aovDiff !== null ? `their average order value differs by ${aovDiff} relative to ${nameB}` : null,
            recDiff !== null ? `the median recency differs by ${recDiff}` : null,
          ]) || `${nameA} and ${nameB} differ as the figures above show.`,
          recommendation: `${nameA}: ${playOf(scheme, a)}. ${nameB}: ${playOf(scheme, b)}.`,
        };
      }
      break;
    }
    case 'churn': {
      const focus = named[0] ?? top;
      const bands = focus
        ? context.figures.filter((x) => x.segment === focus && x.metric.startsWith('recency') && x.metric.endsWith('.sharePct'))
        : [];
      const bandText = bands.map((b) => `${b.metric.slice('recency'.length, -'.sharePct'.length)} days ${formatFigure(b)}`).join(', ');
      return {
        data: `${named.map((id) => describeSegment(scheme, id, f)).join(' ')}${rankedText}${unknown}`.trim(),
        insight:
          focus && bandText.length > 0
            ? `Days since the last purchase in ${segmentDisplayName(scheme, focus)}: ${bandText}.`
            : top
              ? `${segmentDisplayName(scheme, top)} has the largest share of buyers inactive for more than 90 days.`
              : 'No segment has buyers yet.',
        recommendation: focus ? `${segmentDisplayName(scheme, focus)}: ${playOf(scheme, focus)}.` : 'Start with the segment ranked first.',
      };
    }
    default:
      break;
  }

  const focus = named[0];
  if (focus !== undefined) {
    const others = named.slice(1).map((id) => describeSegment(scheme, id, f));
    const position = context.ranking?.segments.indexOf(focus) ?? -1;
    const rankNote =
      position >= 0 && position < 10 && context.ranking
        ? `${segmentDisplayName(scheme, focus)} is number ${position + 1} by ${context.ranking.by}.`
        : '';
    const share = f.value(`${focus}.revenueSharePct`);
    const custShare = f.value(`${focus}.customerSharePct`);
    const weight =
      share !== null && custShare !== null
        ? share > custShare
          ? `It brings a larger share of revenue (${f.get(`${focus}.revenueSharePct`)}) than of customers (${f.get(`${focus}.customerSharePct`)}).`
          : `It brings a smaller share of revenue (${f.get(`${focus}.revenueSharePct`)}) than of customers (${f.get(`${focus}.customerSharePct`)}).`
        : '';
    return {
      data: [describeSegment(scheme, focus, f), ...others].join(' ') + unknown,
      insight: [rankNote, weight].filter((s) => s.length > 0).join(' ') || `${segmentDisplayName(scheme, focus)} as the figures show.`,
      recommendation: `${segmentDisplayName(scheme, focus)}: ${playOf(scheme, focus)}.`,
    };
  }
  return {
    data: `${totalsSentence(f)}${rankedText}${unknown}`.trim(),
    insight: top
      ? `${segmentDisplayName(scheme, top)} ranks first by ${context.ranking?.by}.`
      : 'There are no segmented customers in the latest run.',
    recommendation: top ? `Start with ${segmentDisplayName(scheme, top)}: ${playOf(scheme, top)}.` : 'Import orders and run the segmentation batch first.',
  };
}
