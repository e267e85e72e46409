import type { LifecycleSegment } from '../rfm/lifecycle-segments';
import type { RfmSegment } from '../rfm/rfm-segment-map';
import { CHURN_VALUE_SEGMENTS, type ChurnValueSegment } from '../rules/rule-labels';

/**
 * The four ways a customer is segmented: RFM named segment (spec §B), lifecycle segment (spec §B),
 * K-Means cluster of the active model (spec §C) and the churn × value cell of the rule profile (§A).
 */
export const SEGMENT_SCHEMES = ['rfm', 'lifecycle', 'cluster', 'rules-churn-value'] as const;
export type SegmentScheme = (typeof SEGMENT_SCHEMES)[number];

/** Segment of a customer without any order on or before the reference date, in every scheme. */
export const NO_PURCHASES = 'no_purchases';
/** Cluster segment when no K-Means model could be trained (fewer customers than k). */
export const UNCLUSTERED = 'unclustered';

/** English display names of the RFM named segments. */
export const RFM_SEGMENT_NAMES: Readonly<Record<RfmSegment, string>> = {
  champions: 'Champions',
  loyal_customers: 'Loyal customers',
  potential_loyalists: 'Potential loyalists',
  new_customers: 'New customers',
  promising: 'Promising',
  need_attention: 'Need attention',
  about_to_sleep: 'About to sleep',
  at_risk: 'At risk',
  cant_lose: "Can't lose them",
  hibernating: 'Hibernating',
};

/** English display names of the lifecycle segments. */
export const LIFECYCLE_SEGMENT_NAMES: Readonly<Record<LifecycleSegment, string>> = {
  lost: 'Lost',
  hibernating: 'Hibernating',
  cant_lose: "Can't lose them",
  at_risk: 'At risk',
  champions: 'Champions',
  loyal: 'Loyal',
  new: 'New',
  potential_loyalists: 'Potential loyalists',
  needs_attention: 'Needs attention',
};

const CLUSTER_SEGMENT = /^m(\d{1,9})-c(\d{1,2})$/;

/** Segment id of cluster `cluster` of model version `version`: `m<version>-c<cluster>`. */
export function clusterSegmentId(version: number, cluster: number): string {
  return `m${version}-c${cluster}`;
}

/** Model version and cluster of a cluster segment id, or null when it is not one. */
export function parseClusterSegmentId(segment: string): { version: number; cluster: number } | null {
  const m = CLUSTER_SEGMENT.exec(segment);
  return m ? { version: Number(m[1]), cluster: Number(m[2]) } : null;
}

/** Whether `segment` can be a segment of `scheme` (cluster ids are checked for shape only). */
export function isKnownSegment(scheme: SegmentScheme, segment: string): boolean {
  if (segment === NO_PURCHASES) return true;
  switch (scheme) {
    case 'rfm':
      return segment in RFM_SEGMENT_NAMES;
    case 'lifecycle':
      return segment in LIFECYCLE_SEGMENT_NAMES;
    case 'rules-churn-value':
      return segment in CHURN_VALUE_SEGMENTS;
    case 'cluster':
      return segment === UNCLUSTERED || CLUSTER_SEGMENT.test(segment);
  }
}

/**
 * English display name of a segment; for clusters, `clusterNames` maps the segment id to the
 * business name of the cluster (the RFM name of its centroid).
 */
export function segmentDisplayName(scheme: SegmentScheme, segment: string, clusterNames: Readonly<Record<string, string>> = {}): string {
  if (segment === NO_PURCHASES) return 'No purchases';
  if (segment === UNCLUSTERED) return 'Not clustered';
  switch (scheme) {
    case 'rfm':
      return RFM_SEGMENT_NAMES[segment as RfmSegment] ?? segment;
    case 'lifecycle':
      return LIFECYCLE_SEGMENT_NAMES[segment as LifecycleSegment] ?? segment;
    case 'rules-churn-value':
      return CHURN_VALUE_SEGMENTS[segment as ChurnValueSegment] ?? segment;
    case 'cluster': {
      const name = clusterNames[segment];
      return name ? `${RFM_SEGMENT_NAMES[name as RfmSegment] ?? name} (${segment})` : segment;
    }
  }
}
