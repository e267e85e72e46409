/** The two named-segment schemes insights answer about (segmentation spec §B). */
export const INSIGHT_SCHEMES = ['rfm', 'lifecycle'] as const;
export type InsightScheme = (typeof INSIGHT_SCHEMES)[number];

/** RFM named segments (spec §B), in the order of the segment map. */
export const RFM_SEGMENTS = [
  'champions',
  'loyal_customers',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose',
  'hibernating',
] as const;

/** Lifecycle segments (spec §B), in rule order. */
export const LIFECYCLE_SEGMENTS = [
  'lost',
  'hibernating',
  'cant_lose',
  'at_risk',
  'champions',
  'loyal',
  'new',
  'potential_loyalists',
  'needs_attention',
] as const;

/** Segment of customers without any purchase on or before the reference date (every scheme). */
export const NO_PURCHASES_SEGMENT = 'no_purchases';

/**
 * A segment concept shared by the two schemes: its id in each scheme (absent when the scheme has no
 * such segment), a display name and the phrases that name it in a question.
 */
export interface SegmentConcept {
  readonly concept: string;
  readonly displayName: string;
  readonly ids: Readonly<Partial<Record<InsightScheme, string>>>;
  /**
   * Phrases in normalised form (see {@link normaliseText}): lowercase, apostrophes removed, `_`/`-`
   * as spaces. Singular and plural forms are listed explicitly.
   */
  readonly phrases: readonly string[];
}

/** Every named segment with its synonyms. Bare numbers never name a segment. */
export const SEGMENT_CONCEPTS: readonly SegmentConcept[] = [
  {
    concept: 'champions',
    displayName: 'Champions',
    ids: { rfm: 'champions', lifecycle: 'champions' },
    phrases: ['champions', 'champion', 'champs'],
  },
  {
    concept: 'loyal',
    displayName: 'Loyal customers',
    ids: { rfm: 'loyal_customers', lifecycle: 'loyal' },
    phrases: ['loyal customers', 'loyal customer', 'loyal buyers', 'loyal segment', 'loyal ones', 'loyal', 'loyals'],
  },
  {
    concept: 'potential_loyalists',
    displayName: 'Potential loyalists',
    ids: { rfm: 'potential_loyalists', lifecycle: 'potential_loyalists' },
    phrases: ['potential loyalists', 'potential loyalist', 'potential loyals', 'would be loyalists'],
  },
  {
    concept: 'new',
    displayName: 'New customers',
    ids: { rfm: 'new_customers', lifecycle: 'new' },
    phrases: ['new customers', 'new customer', 'new buyers', 'new buyer', 'newcomers', 'newcomer', 'new segment', 'new ones'],
  },
  {
    concept: 'promising',
    displayName: 'Promising',
    ids: { rfm: 'promising' },
    phrases: ['promising customers', 'promising customer', 'promising segment', 'promising ones', 'promising'],
  },
  {
    concept: 'need_attention',
    displayName: 'Need attention',
    ids: { rfm: 'need_attention', lifecycle: 'needs_attention' },
    phrases: ['needs attention', 'need attention', 'needing attention', 'require attention', 'requires attention'],
  },
  {
    concept: 'about_to_sleep',
    displayName: 'About to sleep',
    ids: { rfm: 'about_to_sleep' },
    phrases: ['about to sleep', 'about to fall asleep', 'almost asleep', 'falling asleep', 'sleepy customers', 'sleepy'],
  },
  {
    concept: 'at_risk',
    displayName: 'At risk',
    ids: { rfm: 'at_risk', lifecycle: 'at_risk' },
    phrases: ['at risk customers', 'at risk customer', 'at risk segment', 'at risk', 'atrisk'],
  },
  {
    concept: 'cant_lose',
    displayName: "Can't lose them",
    ids: { rfm: 'cant_lose', lifecycle: 'cant_lose' },
    phrases: ['cant lose them', 'cant lose', 'cannot lose them', 'cannot lose', 'can not lose them', 'can not lose', 'cant loose'],
  },
  {
    concept: 'hibernating',
    displayName: 'Hibernating',
    ids: { rfm: 'hibernating', lifecycle: 'hibernating' },
    phrases: ['hibernating customers', 'hibernating customer', 'hibernating', 'hibernators', 'hibernator', 'dormant customers', 'dormant'],
  },
  {
    concept: 'lost',
    displayName: 'Lost',
    ids: { lifecycle: 'lost' },
    phrases: ['lost customers', 'lost customer', 'lost segment', 'lost ones', 'lost', 'churned customers', 'churned customer'],
  },
  {
    concept: 'no_purchases',
    displayName: 'No purchases',
    ids: { rfm: NO_PURCHASES_SEGMENT, lifecycle: NO_PURCHASES_SEGMENT },
    phrases: ['no purchases', 'no purchase', 'never purchased', 'without purchases', 'without any purchase'],
  },
];

/**
 * Normalises free text for matching: lowercase; typographic apostrophes and quotes removed with the
 * ASCII ones (`can't` → `cant`); `_`, `-`, `/` and other punctuation become spaces; whitespace
 * collapsed. Digits and letters (including non-ASCII letters) are kept.
 */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Segment ids of a scheme. */
export function segmentsOf(scheme: InsightScheme): readonly string[] {
  return scheme === 'rfm' ? RFM_SEGMENTS : LIFECYCLE_SEGMENTS;
}

/** The concept of a segment id in a scheme, or undefined. */
export function conceptOfSegment(scheme: InsightScheme, segment: string): SegmentConcept | undefined {
  return SEGMENT_CONCEPTS.find((c) => c.ids[scheme] === segment);
}

/** English display name of a segment id (`at_risk` → `At risk`); the id itself when unknown. */
export function segmentDisplayName(scheme: InsightScheme, segment: string): string {
  if (segment === NO_PURCHASES_SEGMENT) return 'No purchases';
  return conceptOfSegment(scheme, segment)?.displayName ?? segment;
}
