import { detectIntent, InsightIntent } from './intent-detection';
import { resolveFollowUp, TurnReference } from './follow-up';

type Case = readonly [question: string, intent: InsightIntent, segments: readonly string[], scheme?: 'rfm' | 'lifecycle'];

const CASES: readonly Case[] = [
  ['Tell me about the champions', 'segment_analysis', ['champions']],
  ['tell me about Champions', 'segment_analysis', ['champions']],
  ['How big is the champion segment?', 'segment_analysis', ['champions']],
  ['describe loyal_customers', 'segment_analysis', ['loyal_customers']],
  ['Who are our loyal customers?', 'segment_analysis', ['loyal_customers']],
  ['what about the loyal ones', 'segment_analysis', ['loyal_customers']],
  ['Describe potential loyalists', 'segment_analysis', ['potential_loyalists']],
  ['potential_loyalists overview', 'segment_analysis', ['potential_loyalists']],
  ['How many new customers do we have?', 'segment_analysis', ['new_customers']],
  ['new customer segment size', 'segment_analysis', ['new_customers']],
  ['Who needs attention?', 'segment_analysis', ['need_attention']],
  ['customers about to sleep', 'segment_analysis', ['about_to_sleep']],
  ['about-to-sleep breakdown', 'segment_analysis', ['about_to_sleep']],
  ['Show me the At-Risk group', 'segment_analysis', ['at_risk']],
  ['at_risk', 'segment_analysis', ['at_risk']],
  ["Who are the customers we can't lose?", 'segment_analysis', ['cant_lose']],
  ['cant lose them segment', 'segment_analysis', ['cant_lose']],
  ['Cannot-lose customers profile', 'segment_analysis', ['cant_lose']],
  ['hibernating customers', 'segment_analysis', ['hibernating']],
  ['How many lost customers are there?', 'segment_analysis', ['lost'], 'lifecycle'],
  ['Describe the lifecycle segment loyal', 'segment_analysis', ['loyal'], 'lifecycle'],
  ['lifecycle: new customers', 'segment_analysis', ['new'], 'lifecycle'],
  ['lifecycle needs_attention', 'segment_analysis', ['needs_attention'], 'lifecycle'],
  ['Champions vs at risk', 'comparison', ['champions', 'at_risk']],
  ['Compare loyal customers and hibernating', 'comparison', ['loyal_customers', 'hibernating']],
  ['champions versus cant_lose', 'comparison', ['champions', 'cant_lose']],
  ['What is the difference between promising and new customers?', 'comparison', ['promising', 'new_customers']],
  ['Are champions better than loyal customers?', 'comparison', ['champions', 'loyal_customers']],
  ['champions or potential loyalists, which spends more?', 'comparison', ['champions', 'potential_loyalists']],
  ['Which customers are likely to churn?', 'churn', []],
  ['What is our retention looking like?', 'churn', []],
  ['churn risk of hibernating customers', 'churn', ['hibernating']],
  ['How do we win back lapsed buyers?', 'churn', []],
  ['Which segment should I prioritise for ROI?', 'marketing_strategy', []],
  ['Which segment should we prioritize?', 'marketing_strategy', []],
  ['What campaign should we run for champions?', 'marketing_strategy', ['champions']],
  ['marketing strategy for about to sleep', 'marketing_strategy', ['about_to_sleep']],
  ['What is the total revenue?', 'business_metrics', []],
  ['average order value of champions', 'business_metrics', ['champions']],
  ['What is the customer lifetime value of loyal customers?', 'business_metrics', ['loyal_customers']],
  ['How often do champions buy?', 'customer_behaviour', ['champions']],
  ['purchase frequency of new customers', 'customer_behaviour', ['new_customers']],
  ['Hello!', 'general', []],
  ['What can you do?', 'general', []],
  ['canvas bags', 'general', []],
  ['Is Lostwithiel a good market?', 'general', []],
  ['Show me segment 3', 'segment_analysis', []],
  ['cluster 2 and 4', 'general', []],
  ['heroic efforts', 'general', []],
];

describe('detectIntent', () => {
  it.each(CASES.map(([question, intent, segments, scheme]) => ({ question, intent, segments, scheme: scheme ?? 'rfm' })))(
    '$question → $intent $segments',
    ({ question, intent, segments, scheme }) => {
      const detected = detectIntent(question);
      expect(detected.intent).toBe(intent);
      expect(detected.segments).toEqual(segments);
      expect(detected.scheme).toBe(scheme);
    },
  );

  it('has at least 40 phrasings', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it('does not read "vs" inside a word as a comparison', () => {
    expect(detectIntent('canvas tote sales for champions').intent).toBe('business_metrics');
    expect(detectIntent('canvas tote sales for champions').segments).toEqual(['champions']);
  });

  it('does not take bare numbers as segment ids', () => {
    const detected = detectIntent('compare segment 1 vs segment 2');
    expect(detected.segments).toEqual([]);
    expect(detected.unknownSegments).toEqual([]);
  });

  it('does not find "lost" inside "lostwithiel" nor "new" inside "renewal"', () => {
    expect(detectIntent('sales in lostwithiel').segments).toEqual([]);
    expect(detectIntent('renewal customers').segments).toEqual([]);
  });

  it('reports unknown segments named next to "segment"', () => {
    const detected = detectIntent('Tell me about the platinum segment');
    expect(detected.unknownSegments).toEqual(['platinum']);
    expect(detected.intent).toBe('segment_analysis');
    expect(detectIntent('segment called whales').unknownSegments).toEqual(['whales']);
  });

  it('reports a segment of the other scheme as unknown', () => {
    const detected = detectIntent('lifecycle view of promising customers');
    expect(detected.scheme).toBe('lifecycle');
    expect(detected.segments).toEqual([]);
    expect(detected.unknownSegments).toEqual(['promising']);
  });

  it('keeps segments in order of mention without duplicates', () => {
    expect(detectIntent('at risk vs champions vs at-risk').segments).toEqual(['at_risk', 'champions']);
  });

  it('prefers the longest phrase (potential loyalists is not loyal)', () => {
    expect(detectIntent('potential loyalists').segments).toEqual(['potential_loyalists']);
    expect(detectIntent('loyal customers that need attention').segments).toEqual(['loyal_customers', 'need_attention']);
  });

  it('uses the default scheme when none is implied', () => {
    expect(detectIntent('champions', 'lifecycle').scheme).toBe('lifecycle');
    expect(detectIntent('RFM champions', 'lifecycle').scheme).toBe('rfm');
  });

  it('flags ranking questions', () => {
    expect(detectIntent('Which segment should I prioritise for ROI?').wantsRanking).toBe(true);
    expect(detectIntent('describe champions').wantsRanking).toBe(false);
  });

  it.each([
    ['and the second one?', { kind: 'ordinal', position: 2 }],
    ['What about the 3rd one', { kind: 'ordinal', position: 3 }],
    ['and the last?', { kind: 'ordinal', position: -1 }],
    ['the first', { kind: 'ordinal', position: 1 }],
    ['and the other one?', { kind: 'other' }],
    ['what about it?', { kind: 'same' }],
  ])('detects the follow-up %s', (question, reference) => {
    expect(detectIntent(question).followUp).toEqual(reference);
  });

  it('is not a follow-up when the question names a segment or is long', () => {
    expect(detectIntent('the second one of champions').followUp).toBeNull();
    expect(detectIntent('what was revenue in the first half of the year for us').followUp).toBeNull();
  });
});

describe('resolveFollowUp', () => {
  const roi: TurnReference = {
    intent: 'marketing_strategy',
    scheme: 'rfm',
    segments: [],
    rankedSegments: ['champions', 'loyal_customers', 'cant_lose'],
  };

  it('resolves ordinals against the previous ranked list and inherits the intent', () => {
    const resolved = resolveFollowUp(detectIntent('and the second one?'), roi);
    expect(resolved.segments).toEqual(['loyal_customers']);
    expect(resolved.intent).toBe('marketing_strategy');
    expect(resolved.resolution).toEqual({ reference: '#2', segment: 'loyal_customers' });
    expect(resolveFollowUp(detectIntent('and the last one?'), roi).segments).toEqual(['cant_lose']);
  });

  it('keeps a specific intent of the follow-up', () => {
    expect(resolveFollowUp(detectIntent('what about churn for the third one?'), roi)).toMatchObject({ intent: 'churn', segments: ['cant_lose'] });
  });

  it('resolves "the other one" after a comparison, and flips back', () => {
    const comparison: TurnReference = { intent: 'comparison', scheme: 'rfm', segments: ['champions', 'at_risk'], rankedSegments: ['champions', 'at_risk'] };
    const first = resolveFollowUp(detectIntent('and the other one?'), comparison);
    expect(first).toMatchObject({ intent: 'segment_analysis', segments: ['at_risk'] });
    const next: TurnReference = { intent: first.intent, scheme: 'rfm', segments: first.segments, rankedSegments: comparison.rankedSegments };
    expect(resolveFollowUp(detectIntent('and the other one?'), next).segments).toEqual(['champions']);
  });

  it('leaves the question alone without a previous turn or beyond the list', () => {
    expect(resolveFollowUp(detectIntent('and the second one?'), undefined).resolution).toBeNull();
    expect(resolveFollowUp(detectIntent('and the fifth one?'), roi).resolution).toBeNull();
    expect(resolveFollowUp(detectIntent('describe champions'), roi).resolution).toBeNull();
  });
});
