import { median } from '../../common/domain/statistics';
import { clusterSegmentId, NO_PURCHASES, UNCLUSTERED, type SegmentScheme } from './segment-schemes';
import { churnValueOf, type CustomerFeatures, type RuleFacts } from './customer-features';
import { predictRfmCluster, type RfmKMeansModel } from '../kmeans/rfm-kmeans';
import { DEFAULT_LIFECYCLE_THRESHOLDS, lifecycleFeaturesOf, lifecycleSegmentOf, type LifecycleThresholds } from '../rfm/lifecycle-segments';
import { binOf } from '../rfm/quintiles';
import { compareCustomerIds, scoreRfm, type RfmQuintileEdges } from '../rfm/rfm-scores';
import { rfmSegmentOf } from '../rfm/rfm-segment-map';
import type { ChurnValueSegment, ValueSegment } from '../rules/rule-labels';

/** RFM quintile scores of one customer. */
export interface RfmScores {
  readonly r: number;
  readonly f: number;
  readonly m: number;
  /** `${r}${f}${m}`. */
  readonly cell: string;
}

/** Cluster of one customer under a stored model version. */
export interface ClusterAssignment {
  readonly modelVersion: number;
  readonly cluster: number;
  /** Business name of the cluster (RFM name of its centroid). */
  readonly name: string;
  /** Distance to the centroid in the scaled space. */
  readonly distance: number;
  /** 1 − d₁/d₂ (see `assignmentConfidence`). */
  readonly confidence: number;
}

/** Segments of one customer in every scheme, with the figures they were decided on. */
export interface CustomerAssignment {
  readonly customerId: string;
  readonly segments: Readonly<Record<SegmentScheme, string>>;
  readonly recencyDays: number | null;
  readonly frequency: number;
  readonly monetary: number;
  /** Epoch ms of the first purchase; null without purchases. */
  readonly firstPurchaseMs: number | null;
  readonly scores: RfmScores | null;
  readonly cluster: ClusterAssignment | null;
  readonly valueSegment: ValueSegment | null;
  readonly churnValueSegment: ChurnValueSegment | null;
  readonly rules: RuleFacts | null;
}

/** A model version with its fitted parameters. */
export interface VersionedModel {
  readonly version: number;
  readonly model: RfmKMeansModel;
}

/** Population-level inputs of a segmentation run. */
export interface PopulationParams {
  /** Population median of the rule basket; the value segment threshold (null: everyone Standard). */
  readonly medianBasket: number | null;
  readonly model: VersionedModel | null;
  readonly lifecycle?: LifecycleThresholds;
}

/** What a run keeps to score later customers the same way: quintile edges and the frequency distribution. */
export interface RfmReference {
  readonly edges: RfmQuintileEdges;
  /** Sorted `[frequency, customers]` pairs of the scored population. */
  readonly frequencyHistogram: [number, number][];
}

/** Median of the rule baskets of the customers with purchases; null without any. */
export function medianBasketOf(features: readonly CustomerFeatures[]): number | null {
  return median(features.flatMap((f) => (f.rules ? [f.rules.basket] : [])));
}

function histogramOf(frequencies: readonly number[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const f of frequencies) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * Quintile scores of one customer against a stored run: R and M by the stored edges (right-closed
 * bins, as in the run); F by the stored frequency-rank edges at the customer's mid-rank among the
 * run's population (ties in frequency take the middle of their run, since the id tie-break of the
 * batch needs the whole population).
 */
export function scoreAgainstReference(rfm: { recencyDays: number; frequency: number; monetary: number }, ref: RfmReference): RfmScores {
  let below = 0;
  let ties = 0;
  for (const [value, count] of ref.frequencyHistogram) {
    if (value < rfm.frequency) below += count;
    else if (value === rfm.frequency) ties = count;
  }
  const rank = below + (ties + 1) / 2;
  const r = 6 - binOf(ref.edges.recency, rfm.recencyDays);
  const f = binOf(ref.edges.frequencyRank, rank);
  const m = binOf(ref.edges.monetary, rfm.monetary);
  return { r, f, m, cell: `${r}${f}${m}` };
}

/** Cluster of one customer under a model. */
export function clusterOf(model: VersionedModel, rfm: { recencyDays: number; frequency: number; monetary: number }): ClusterAssignment {
  const p = predictRfmCluster(model.model, rfm);
  return { modelVersion: model.version, cluster: p.cluster, name: p.name, distance: p.distance, confidence: p.confidence };
}

/**
 * Segments every customer of a population (spec §B and §C): RFM quintile scores over the customers
 * with purchases (pandas-compatible, ties in frequency broken by customer id) and their named
 * segment, the lifecycle segment, the cluster of `params.model` and the churn × value cell of the
 * rule profile against `params.medianBasket`. Customers without purchases get `no_purchases` in
 * every scheme.
 *
 * @returns assignments sorted by customer id (numeric ids numerically) and the RFM reference.
 */
export function segmentPopulation(
  features: readonly CustomerFeatures[],
  params: PopulationParams,
): { assignments: CustomerAssignment[]; reference: RfmReference } {
  const sorted = [...features].sort((a, b) => compareCustomerIds(a.customerId, b.customerId));
  const buyers = sorted.filter((f) => f.rfm !== null);
  const scoring = scoreRfm(
    buyers.map((f) => ({
      customerId: f.customerId,
      recencyDays: f.rfm!.recencyDays,
      frequency: f.rfm!.frequency,
      monetary: f.rfm!.monetary,
    })),
  );
  const scoreById = new Map(scoring.scores.map((s) => [s.customerId, s]));
  const thresholds = params.lifecycle ?? DEFAULT_LIFECYCLE_THRESHOLDS;
  const assignments = sorted.map((f): CustomerAssignment => {
    if (f.rfm === null || f.rules === null) {
      return {
        customerId: f.customerId,
        segments: { rfm: NO_PURCHASES, lifecycle: NO_PURCHASES, cluster: NO_PURCHASES, 'rules-churn-value': NO_PURCHASES },
        recencyDays: null,
        frequency: 0,
        monetary: 0,
        firstPurchaseMs: null,
        scores: null,
        cluster: null,
        valueSegment: null,
        churnValueSegment: null,
        rules: null,
      };
    }
    const s = scoreById.get(f.customerId)!;
    const lifecycle = lifecycleSegmentOf(lifecycleFeaturesOf(f.rfm, thresholds), thresholds);
    const cluster = params.model ? clusterOf(params.model, f.rfm) : null;
    const value = churnValueOf(f.rules, params.medianBasket);
    return {
      customerId: f.customerId,
      segments: {
        rfm: rfmSegmentOf(s.rScore, s.fScore),
        lifecycle,
        cluster: cluster ? clusterSegmentId(cluster.modelVersion, cluster.cluster) : UNCLUSTERED,
        'rules-churn-value': value.churnValueSegment,
      },
      recencyDays: f.rfm.recencyDays,
      frequency: f.rfm.frequency,
      monetary: f.rfm.monetary,
      firstPurchaseMs: f.rfm.firstPurchaseMs,
      scores: { r: s.rScore, f: s.fScore, m: s.mScore, cell: s.rfmCell },
      cluster,
      valueSegment: value.valueSegment,
      churnValueSegment: value.churnValueSegment,
      rules: f.rules,
    };
  });
  return {
    assignments,
    reference: { edges: scoring.edges, frequencyHistogram: histogramOf(buyers.map((f) => f.rfm!.frequency)) },
  };
}
