import { medianOfSorted, quantileOfSorted } from '../../common/domain/statistics';
import fc from 'fast-check';
import { templateAnswer } from './answer-template';
import { checkGrounding } from './grounding';
import { buildInsightContext, contextTokens, estimateTokens, InsightContext } from './insight-context';
import { detectIntent, INSIGHT_INTENTS } from './intent-detection';
import { compareSegments, computeSegmentAnalytics, CustomerSegmentRow } from './segment-analytics';
import { RFM_SEGMENTS } from './segment-vocabulary';

const DAY = 86_400_000;
const AS_OF = Date.parse('2011-12-10T00:00:00Z');

function row(customerId: string, segment: string, recencyDays: number | null, frequency: number, monetary: number, firstDaysAgo = 300): CustomerSegmentRow {
  return { customerId, segment, recencyDays, frequency, monetary, firstPurchaseMs: recencyDays === null ? null : AS_OF - firstDaysAgo * DAY };
}

const ROWS: CustomerSegmentRow[] = [
  row('1', 'champions', 2, 10, 5000, 365.25),
  row('2', 'champions', 10, 6, 3000),
  row('3', 'champions', 20, 8, 1000),
  row('4', 'at_risk', 120, 3, 900),
  row('5', 'at_risk', 200, 2, 300),
  row('6', 'hibernating', 400, 1, 100),
  row('7', 'no_purchases', null, 0, 0),
];
const OPTIONS = { expectedLifetimeYears: 3, topCustomers: 2 };

describe('computeSegmentAnalytics', () => {
  const report = computeSegmentAnalytics(ROWS, AS_OF, OPTIONS);
  const champions = report.segments.find((s) => s.segment === 'champions')!;

  it('computes sizes, shares, revenue and means / medians over buyers', () => {
    expect(report.totals).toMatchObject({ customers: 7, buyers: 6, revenue: 10300, orders: 30 });
    expect(report.segments.map((s) => s.segment)).toEqual(['champions', 'at_risk', 'hibernating', 'no_purchases']);
    expect(champions.customers).toBe(3);
    expect(champions.customerSharePct).toBeCloseTo((100 * 3) / 7);
    expect(champions.revenueSharePct).toBeCloseTo((100 * 9000) / 10300);
    expect(champions.averageOrderValue).toBeCloseTo(9000 / 24);
    expect(champions.recencyDays).toEqual({ mean: 32 / 3, median: 10 });
    expect(champions.frequency).toEqual({ mean: 8, median: 8 });
    expect(champions.monetary).toEqual({ mean: 3000, median: 3000 });
    expect(champions.historicClv).toEqual({ mean: 3000, total: 9000 });
  });

  it('predicts CLV as AOV × purchases per customer per year × lifetime over the observed years', () => {
    expect(report.clvAssumptions.observationYears).toBeCloseTo(1);
    expect(champions.predictedClv.purchaseRatePerYear).toBeCloseTo(8);
    expect(champions.predictedClv.perCustomer).toBeCloseTo((9000 / 24) * 8 * 3);
  });

  it('distributes recency over the bands and lists top customers', () => {
    const atRisk = report.segments.find((s) => s.segment === 'at_risk')!;
    expect(atRisk.churnRisk.map((b) => b.customers)).toEqual([0, 0, 1, 1, 0]);
    expect(atRisk.churnRisk[2].sharePct).toBe(50);
    expect(report.segments.find((s) => s.segment === 'hibernating')!.churnRisk[4].customers).toBe(1);
    expect(champions.topCustomers.map((c) => c.customerId)).toEqual(['1', '2']);
    const tiers = report.segments.map((s) => s.valueTiers.high + s.valueTiers.medium + s.valueTiers.low);
    expect(tiers.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('compares two segments metric by metric', () => {
    const atRisk = report.segments.find((s) => s.segment === 'at_risk')!;
    const revenue = compareSegments(champions, atRisk).find((c) => c.metric === 'revenue')!;
    expect(revenue).toEqual({ metric: 'revenue', a: 9000, b: 1200, difference: 7800, ratio: 7.5 });
  });

  it('medians and quantiles follow numpy', () => {
    expect(medianOfSorted([1, 2, 3, 4])).toBe(2.5);
    expect(medianOfSorted([])).toBeNull();
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.8)).toBeCloseTo(4.2);
  });
});

describe('buildInsightContext', () => {
  const report = computeSegmentAnalytics(ROWS, AS_OF, OPTIONS);
  const build = (question: string, maxTokens = 4000, history: { question: string; answer: string }[] = []): InsightContext => {
    const d = detectIntent(question);
    return buildInsightContext(
      { question, intent: d.intent, scheme: d.scheme, segments: d.segments, unknownSegments: d.unknownSegments, report, history },
      { maxTokens, historyMaxTokens: 200 },
    );
  };

  it('estimates tokens as ceil(chars / 4)', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('stays within the budget and names the groups left out', () => {
    expect(build('Tell me about the champions', 100).figures).toEqual([]);
    for (const budget of [300, 500, 800, 1200, 4000]) {
      const context = build('Tell me about the champions', budget);
      if (context.figures.length > 0) expect(contextTokens(context)).toBeLessThanOrEqual(budget);
    }
    const full = contextTokens(build('Tell me about the champions', 100_000));
    const small = build('Tell me about the champions', full - 60);
    expect(small.omittedGroups.length).toBeGreaterThan(0);
    expect(small.figures.some((f) => f.key === 'champions.revenue')).toBe(true);
    expect(build('Tell me about the champions', 4000).omittedGroups).toEqual([]);
  });

  it('carries only the figures the intent needs', () => {
    const comparison = build('champions vs at risk');
    expect(comparison.figures.some((f) => f.key === 'champions-vs-at_risk.revenue.ratio' && f.value === 7.5)).toBe(true);
    expect(comparison.figures.some((f) => f.metric.startsWith('top'))).toBe(false);
    const roi = build('Which segment should I prioritise for ROI?');
    expect(roi.ranking?.by).toContain('predicted CLV');
    expect(roi.ranking?.segments[0]).toBe('champions');
    expect(roi.figures.some((f) => f.key === 'champions.predictedClvPerCustomer')).toBe(true);
  });

  it('keeps the newest history turns that fit the history budget', () => {
    const turns = Array.from({ length: 20 }, (_, i) => ({ question: `question ${i}`, answer: 'x'.repeat(100) }));
    const context = build('champions', 4000, turns);
    expect(context.history.length).toBeGreaterThan(0);
    expect(context.history.length).toBeLessThan(20);
    expect(context.history[context.history.length - 1].question).toBe('question 19');
  });

  it('rounds figures to the precision of their unit', () => {
    const context = build('describe champions');
    expect(context.figures.find((f) => f.key === 'champions.customerSharePct')!.value).toBe(42.9);
    expect(context.figures.find((f) => f.key === 'champions.averageOrderValue')!.value).toBe(375);
  });
});

describe('templateAnswer', () => {
  const report = computeSegmentAnalytics(ROWS, AS_OF, OPTIONS);

  it.each([
    'Tell me about the champions',
    'champions vs at risk',
    'Which segment should I prioritise for ROI?',
    'Which customers are likely to churn?',
    'churn of at risk',
    'What is the total revenue?',
    'How often do champions buy?',
    'Hello',
    'Tell me about the platinum segment',
  ])('is grounded and has three parts: %s', (question) => {
    const d = detectIntent(question);
    const context = buildInsightContext(
      { question, intent: d.intent, scheme: d.scheme, segments: d.segments, unknownSegments: d.unknownSegments, report, history: [] },
      { maxTokens: 4000, historyMaxTokens: 200 },
    );
    const answer = templateAnswer(context);
    expect(answer.data.length).toBeGreaterThan(0);
    expect(answer.insight.length).toBeGreaterThan(0);
    expect(answer.recommendation.length).toBeGreaterThan(0);
    expect(checkGrounding([answer.data, answer.insight, answer.recommendation], context)).toMatchObject({ grounded: true });
    expect(templateAnswer(context)).toEqual(answer);
  });

  it('is grounded for any intent, segments, data and budget', () => {
    const rowArb = fc.record({
      segment: fc.constantFrom(...RFM_SEGMENTS),
      recencyDays: fc.option(fc.integer({ min: 0, max: 700 }), { nil: null }),
      frequency: fc.integer({ min: 1, max: 50 }),
      monetary: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...INSIGHT_INTENTS),
        fc.subarray([...RFM_SEGMENTS], { maxLength: 2 }),
        fc.integer({ min: 200, max: 3000 }),
        (raw, intent, segments, maxTokens) => {
          const rows = raw.map((r, i) => row(String(i + 1), r.segment, r.recencyDays, r.recencyDays === null ? 0 : r.frequency, r.recencyDays === null ? 0 : r.monetary));
          const rep = computeSegmentAnalytics(rows, AS_OF, OPTIONS);
          const context = buildInsightContext(
            { question: 'q', intent, scheme: 'rfm', segments, unknownSegments: [], report: rep, history: [] },
            { maxTokens, historyMaxTokens: 100 },
          );
          const answer = templateAnswer(context);
          const result = checkGrounding([answer.data, answer.insight, answer.recommendation], context);
          if (!result.grounded) throw new Error(`${result.ungroundedNumbers.join(', ')} in ${JSON.stringify(answer)}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});
