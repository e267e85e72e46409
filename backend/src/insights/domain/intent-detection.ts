import { INSIGHT_SCHEMES, InsightScheme, normaliseText, SEGMENT_CONCEPTS, SegmentConcept } from './segment-vocabulary';

/** What a question asks about; decides which figures the context carries. */
export const INSIGHT_INTENTS = [
  'segment_analysis',
  'comparison',
  'churn',
  'marketing_strategy',
  'customer_behaviour',
  'business_metrics',
  'general',
] as const;
export type InsightIntent = (typeof INSIGHT_INTENTS)[number];

/** A reference to the previous turn's ranked segment list (`the second one`, `the other one`). */
export type FollowUpReference =
  | { readonly kind: 'ordinal'; /** 1-based; -1 means the last. */ readonly position: number }
  | { readonly kind: 'other' }
  | { readonly kind: 'same' };

/** Result of {@link detectIntent}. */
export interface DetectedIntent {
  readonly intent: InsightIntent;
  /** Scheme named in the question (`rfm`, `lifecycle`) or implied by a scheme-specific segment; else the default. */
  readonly scheme: InsightScheme;
  /** Segment ids of `scheme` in order of first mention, without duplicates. */
  readonly segments: readonly string[];
  /**
   * Segments named but unknown: words before or after "segment(s)" that are no segment
   * (`the platinum segment` → `platinum`), and known segments that do not exist in `scheme`
   * (`promising` asked about in the lifecycle scheme). Bare numbers are never segment names.
   */
  readonly unknownSegments: readonly string[];
  /** Set when the question points back at the previous turn instead of naming a segment. */
  readonly followUp: FollowUpReference | null;
  /** True when the question asks for a ranking or a priority (`which segment should I prioritise`). */
  readonly wantsRanking: boolean;
}

interface KeywordRule {
  readonly intent: InsightIntent;
  /** Patterns over the normalised question; each word-bounded. */
  readonly patterns: readonly string[];
}

/**
 * Keyword rules, most specific first; the first rule with a match decides (comparison also needs
 * no keyword when two or more segments come with a comparative word). Patterns are regular
 * expressions over normalised text and are wrapped in word boundaries, so `vs` does not match in
 * `canvas` nor `roi` in `heroic`.
 */
const RULES: readonly KeywordRule[] = [
  {
    intent: 'comparison',
    patterns: ['vs', 'versus', 'compar(e|ed|es|ing|ison|isons)', 'difference(s)? between', 'differ(s|ence|ences)?', 'contrast', 'stack up against'],
  },
  {
    intent: 'churn',
    patterns: [
      'churn(s|ed|ing|ers)?',
      'attrition',
      'retention',
      'retain(ed|ing)?',
      'laps(e|ed|ing)',
      'inactive',
      'inactivity',
      'win (them )?back',
      'winback',
      'reactivat(e|ed|ion|ing)',
      'leav(e|es|ing)',
      'stop(ped)? buying',
      'losing customers',
      'risk of losing',
      'churn risk',
      'recency bands?',
    ],
  },
  {
    intent: 'marketing_strategy',
    patterns: [
      'campaigns?',
      'marketing',
      'strateg(y|ies|ic)',
      'promot(e|ion|ions)',
      'target(ing|ed)?',
      'prioriti[sz](e|ed|ing)',
      'priority',
      'priorities',
      'focus on',
      'roi',
      'return on investment',
      'invest(ment)?',
      'budget',
      'offers?',
      'discounts?',
      'upsell(ing)?',
      'cross sell(ing)?',
      'loyalty program(me)?',
      'engage(ment)?',
      'recommend(ation|ations)?',
      'what should (i|we) do',
      'how (can|should) (i|we)',
      'actions?',
    ],
  },
  {
    intent: 'business_metrics',
    patterns: [
      'revenue',
      'sales',
      'turnover',
      'aov',
      'average order value',
      'clv',
      'ltv',
      '(customer )?lifetime value',
      'total spen[dt]',
      'income',
      'kpis?',
      'metrics?',
      'how much',
      'money',
      'profit(s|able|ability)?',
      'worth',
      'value tiers?',
    ],
  },
  {
    intent: 'customer_behaviour',
    patterns: [
      'behaviou?rs?',
      'behaviou?ral',
      'habits?',
      'how often',
      'frequen(cy|tly|t)',
      'recency',
      'recent(ly)?',
      'purchas(e|es|ing) patterns?',
      'buying patterns?',
      'buy(s|ing)?',
      'bought',
      'orders? per',
      'basket',
      'shop(s|ping)?',
      'when did',
    ],
  },
  {
    intent: 'segment_analysis',
    patterns: ['segments?', 'groups?', 'cohorts?', 'tell me about', 'describe', 'profile', 'overview', 'breakdown', 'how many', 'size', 'who are', 'top customers', 'distribution'],
  },
];

const COMPARATIVE = /\b(better|worse|more|less|higher|lower|bigger|smaller|larger|best|worst|or)\b/;
const RANKING = /\b(which|rank(ed|ing)?|top|best|worst|most|least|prioriti[sz](e|ed|ing)|priority|priorities|order of)\b/;

const ORDINALS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(first|1st)\b/, 1],
  [/\b(second|2nd)\b/, 2],
  [/\b(third|3rd)\b/, 3],
  [/\b(fourth|4th)\b/, 4],
  [/\b(fifth|5th)\b/, 5],
  [/\b(last|bottom|final)\b/, -1],
];
const FOLLOW_UP_NOUN = /\b(one|ones|segment|group|option|choice|item)\b/;
const OTHER = /\bthe other( one| segment| group)?\b/;
const SAME = /^(and |what about |how about )?(it|that|this|that one|this one|that segment|this segment|them|those)\b/;
/** Words that name no segment even when they stand next to "segment". */
const NOT_A_SEGMENT_NAME = new Set([
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'which', 'what', 'each', 'every', 'any', 'all', 'best', 'worst', 'biggest',
  'largest', 'smallest', 'top', 'other', 'same', 'one', 'per', 'by', 'of', 'in', 'for', 'my', 'our', 'your', 'their', 'its',
  'customer', 'customers', 'rfm', 'lifecycle', 'is', 'are', 'should', 'and', 'or', 'to', 'most', 'least', 'first', 'second',
  'third', 'last', 'next', 'another', 'whole', 'entire', 'new', 'specific', 'single', 'given', 'with', 'from', 'than', 'do',
  'does', 'has', 'have', 'was', 'were', 'be', 'on', 'at', 'sizes', 'size', 'share', 'analysis', 'performance', 'about',
  'me', 'i', 'we', 'you', 'it', 'how', 'why', 'when', 'where', 'who', 'mean', 'average', 'value', 'high', 'low', 'current',
  'named', 'called', 'cluster', 'clusters', 'level', 'wise', 'based', 'between', 'vs', 'versus', 'against', 'compare',
]);

interface Match {
  readonly start: number;
  readonly end: number;
  readonly concept: SegmentConcept;
}

function wordRegex(pattern: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'gu');
}

/** The compiled patterns, built at the first question rather than at import (a Lambda cold start imports this module). */
let compiled:
  | {
      readonly phrases: ReadonlyArray<{ concept: SegmentConcept; regex: RegExp }>;
      readonly rules: ReadonlyArray<{ intent: InsightIntent; regex: RegExp }>;
    }
  | undefined;

function patterns(): NonNullable<typeof compiled> {
  compiled ??= {
    phrases: SEGMENT_CONCEPTS.flatMap((concept) => concept.phrases.map((phrase) => ({ concept, regex: wordRegex(phrase.replace(/ /g, ' +')) }))),
    rules: RULES.map((rule) => ({ intent: rule.intent, regex: wordRegex(rule.patterns.join('|')) })),
  };
  return compiled;
}

/** Segment mentions in normalised text: longest phrase wins, overlapping shorter matches dropped. */
function findMentions(text: string): Match[] {
  const all: Match[] = [];
  for (const { concept, regex } of patterns().phrases) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) all.push({ start: m.index, end: m.index + m[0].length, concept });
  }
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Match[] = [];
  for (const match of all) {
    const last = kept[kept.length - 1];
    if (last && match.start < last.end) {
      if (match.end - match.start > last.end - last.start) kept[kept.length - 1] = match;
      continue;
    }
    kept.push(match);
  }
  return kept;
}

/** Words next to "segment(s)" that are neither a known segment, a stop word nor a number. */
function unknownNamedSegments(text: string, mentions: readonly Match[]): string[] {
  const covered = (start: number, end: number) => mentions.some((m) => start < m.end && end > m.start);
  const out: string[] = [];
  const candidates = [
    ...text.matchAll(/(?<![\p{L}\p{N}])([\p{L}][\p{L}\p{N}]*) +segments?(?![\p{L}\p{N}])/gu),
    ...text.matchAll(/(?<![\p{L}\p{N}])segments? +(?:called +|named +)?([\p{L}][\p{L}\p{N}]*)(?![\p{L}\p{N}])/gu),
  ];
  for (const m of candidates) {
    const word = m[1];
    const start = (m.index ?? 0) + m[0].indexOf(word);
    if (NOT_A_SEGMENT_NAME.has(word) || covered(start, start + word.length)) continue;
    if (INTENT_WORDS.some((r) => r.test(word))) continue;
    if (!out.includes(word)) out.push(word);
  }
  return out;
}

const INTENT_WORDS = RULES.map((rule) => new RegExp(`^(?:${rule.patterns.join('|')})$`, 'u'));

function schemeOf(text: string, mentions: readonly Match[], defaultScheme: InsightScheme): InsightScheme {
  const named = INSIGHT_SCHEMES.filter((s) => wordRegex(s === 'rfm' ? 'rfm' : 'life ?cycle').test(text));
  if (named.length === 1) return named[0];
  for (const scheme of INSIGHT_SCHEMES) {
    const other = scheme === 'rfm' ? 'lifecycle' : 'rfm';
    const forces = mentions.some((m) => m.concept.ids[scheme] !== undefined && m.concept.ids[other] === undefined);
    const forcesOther = mentions.some((m) => m.concept.ids[other] !== undefined && m.concept.ids[scheme] === undefined);
    if (forces && !forcesOther) return scheme;
  }
  return defaultScheme;
}

function followUpOf(text: string, hasSegments: boolean): FollowUpReference | null {
  if (hasSegments) return null;
  if (OTHER.test(text)) return { kind: 'other' };
  for (const [regex, position] of ORDINALS) {
    if (regex.test(text) && (FOLLOW_UP_NOUN.test(text) || text.split(' ').length <= 4)) return { kind: 'ordinal', position };
  }
  if (SAME.test(text)) return { kind: 'same' };
  return null;
}

/**
 * Detects the intent of a question and the segments it names (pure, deterministic). Matching runs
 * on {@link normaliseText} output, so `at_risk`, `At-Risk`, `at risk` and `can't lose` all match;
 * every keyword and segment phrase must stand as whole words.
 *
 * Intent: the first of comparison, churn, marketing strategy, business metrics, customer behaviour,
 * segment analysis whose keywords occur; two or more segments with a comparative word (`better`,
 * `or`, `more`...) is a comparison too; a question naming segments but no keyword is a segment
 * analysis; anything else is `general`.
 *
 * @param defaultScheme scheme used when the question neither names one nor implies one.
 */
export function detectIntent(question: string, defaultScheme: InsightScheme = 'rfm'): DetectedIntent {
  const text = normaliseText(question);
  const mentions = findMentions(text);
  const scheme = schemeOf(text, mentions, defaultScheme);
  const segments: string[] = [];
  const unknownSegments: string[] = [];
  for (const m of mentions) {
    const id = m.concept.ids[scheme];
    if (id === undefined) {
      const alien = m.concept.concept;
      if (!unknownSegments.includes(alien)) unknownSegments.push(alien);
    } else if (!segments.includes(id)) {
      segments.push(id);
    }
  }
  for (const word of unknownNamedSegments(text, mentions)) if (!unknownSegments.includes(word)) unknownSegments.push(word);

  const keywordText = stripMentions(text, mentions);
  const comparisonPossible = segments.length >= 2 || mentions.length > 0 || /\b(segments|groups|cohorts)\b/.test(text);
  let intent: InsightIntent | undefined = patterns().rules.find((r) => {
    if (r.intent === 'comparison' && !comparisonPossible) return false;
    r.regex.lastIndex = 0;
    return r.regex.test(keywordText);
  })?.intent;
  if (segments.length >= 2 && (intent === undefined || intent === 'segment_analysis') && COMPARATIVE.test(text)) intent = 'comparison';
  intent ??= segments.length > 0 || unknownSegments.length > 0 ? 'segment_analysis' : 'general';
  return {
    intent,
    scheme,
    segments,
    unknownSegments,
    followUp: followUpOf(text, segments.length > 0 || unknownSegments.length > 0),
    wantsRanking: RANKING.test(text),
  };
}

/** The text with segment mentions blanked, so `at risk` (a segment) does not read as a churn keyword. */
function stripMentions(text: string, mentions: readonly Match[]): string {
  let out = text;
  for (const m of [...mentions].reverse()) out = `${out.slice(0, m.start)}${' '.repeat(m.end - m.start)}${out.slice(m.end)}`;
  return out;
}
