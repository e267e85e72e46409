import type { CustomerAssignment } from './population-segmentation';
import { SEGMENT_SCHEMES, type SegmentScheme } from './segment-schemes';

/** A customer's segment in one scheme. */
export interface SchemeSegment {
  readonly customerId: string;
  readonly scheme: SegmentScheme;
  readonly segment: string;
}

/**
 * The memberships of `assignments` that must be (re)written: every scheme whose segment differs
 * from the customer's stored batch segment in that scheme (all four when nothing is stored).
 */
export function changedMemberships(
  assignments: readonly CustomerAssignment[],
  stored: ReadonlyMap<string, Readonly<Partial<Record<SegmentScheme, string>>>>,
): SchemeSegment[] {
  return assignments.flatMap((a) => {
    const current = stored.get(a.customerId);
    return SEGMENT_SCHEMES.filter((scheme) => current?.[scheme] !== a.segments[scheme]).map((scheme) => ({
      customerId: a.customerId,
      scheme,
      segment: a.segments[scheme],
    }));
  });
}

/** Figures a segment was decided on, per scheme (shown beside the current membership). */
export function membershipDetails(a: CustomerAssignment, scheme: SegmentScheme): Record<string, unknown> {
  const features = { recencyDays: a.recencyDays, frequency: a.frequency, monetary: a.monetary };
  switch (scheme) {
    case 'rfm':
      return { ...features, scores: a.scores };
    case 'lifecycle':
      return features;
    case 'cluster':
      return a.cluster ? { ...a.cluster } : {};
    case 'rules-churn-value':
      return a.rules ? { ...a.rules, valueSegment: a.valueSegment, churnValueSegment: a.churnValueSegment } : {};
  }
}
