import type { AnalysisType, RoutedCallType } from '../analysis/domain/analysis-type';
import { Page } from '../common/http/pagination';
import type { Experiment, ExperimentNamespace, ExperimentStatus } from './domain/experiment';
import type { Counters } from './domain/experiment-aggregates';

/** A running experiment's claim on an analysis type, with the frozen config the router serves. */
export interface RunningClaim {
  readonly experimentKey: string;
  readonly namespace?: ExperimentNamespace;
  readonly experiment: Experiment;
}

/** Every running claim of an analysis type and the optimistic-lock version of that list. */
export interface ClaimSet {
  readonly claims: readonly RunningClaim[];
  /** 0 when the item does not exist yet. */
  readonly version: number;
}

export type ExperimentEventKind = 'exposure' | 'rating' | 'thumbs' | 'outcome';

/** A raw event, keyed by (analysis id, kind): that pair is its idempotency key. */
export interface ExperimentEvent {
  readonly analysisId: string;
  readonly kind: ExperimentEventKind;
  readonly experimentKey: string;
  readonly variantKey: string;
  /** The assignment unit the call was routed for (customer id; `<apiKeyName>#<sessionId>` for insights). */
  readonly customerId: string;
  readonly analysisType: RoutedCallType;
  /** ISO-8601 UTC. */
  readonly occurredAt: string;
  /** Event figures (latency, tokens, rating, error days...). */
  readonly payload: Readonly<Record<string, number | boolean | string | null>>;
  /** TTL, epoch seconds. */
  readonly expiresAt: number;
}

/**
 * The first exposure of an assignment unit to an experiment. Stored once (its id is the unit) in the
 * experiment's event partition `shard`, the aggregate shard its `units` increment went to, so a
 * recompute counts units (and requests first served from the cache) exactly.
 */
export interface UnitMarker {
  readonly experimentKey: string;
  readonly unitId: string;
  readonly variantKey: string;
  /** ISO-8601 UTC. */
  readonly firstExposedAt: string;
  /** The first exposure was a cached answer (it carries a request, no model metrics). */
  readonly viaCache: boolean;
  /** TTL, epoch seconds. */
  readonly expiresAt: number;
}

/** One item of an experiment's event partition. */
export type PartitionRecord = { readonly type: 'event'; readonly event: ExperimentEvent } | { readonly type: 'unit'; readonly marker: UnitMarker };

/** Where counters go: an experiment's aggregate generation, a variant and a shard. */
export interface AggregateTarget {
  readonly experimentKey: string;
  readonly generation: number;
  readonly variantKey: string;
  readonly shard: number;
}

/** The last next-purchase prediction served to a customer inside an experiment. */
export interface ServedPrediction {
  readonly customerId: string;
  readonly analysisId: string;
  readonly experimentKey: string;
  readonly variantKey: string;
  readonly analysisType: AnalysisType;
  /** ISO-8601 UTC. */
  readonly servedAt: string;
  readonly expiresAt: number;
}

/**
 * Port: experiment configs, running claims, raw events, sharded aggregates and prediction pointers.
 * Every write is a single-item conditional put or update (no transactions).
 */
export abstract class ExperimentsRepository {
  /** @throws ExperimentAlreadyExistsError when the key is taken. */
  abstract create(experiment: Experiment): Promise<void>;

  abstract get(key: string): Promise<Experiment | undefined>;

  /** Replaces the config when its stored version is `expectedVersion`; false when it is not. */
  abstract save(experiment: Experiment, expectedVersion: number): Promise<boolean>;

  /** Newest first; `status` filters the page, and without it archived experiments are left out. */
  abstract list(limit: number, cursor?: string, status?: ExperimentStatus): Promise<Page<Experiment>>;

  abstract getClaims(analysisType: RoutedCallType): Promise<ClaimSet>;

  /** Writes the claims of a type when the stored version is `expectedVersion`; false when it is not. */
  abstract saveClaims(analysisType: RoutedCallType, claims: readonly RunningClaim[], expectedVersion: number): Promise<boolean>;

  /** Stores the event unless one with its (analysis id, kind) exists; true when new. */
  abstract putEventIfAbsent(event: ExperimentEvent, shard: number): Promise<boolean>;

  abstract getEvent(analysisId: string, kind: ExperimentEventKind): Promise<ExperimentEvent | undefined>;

  /** Marks a unit as exposed to the experiment (indexed in event partition `shard`); true the first time. */
  abstract markUnitExposed(marker: UnitMarker, shard: number): Promise<boolean>;

  /** Atomically adds `increment` to the counters of one aggregate shard (DynamoDB `ADD`). */
  abstract addToAggregate(target: AggregateTarget, increment: Counters): Promise<void>;

  /** Replaces one aggregate shard item with `counters` (a single put; retrying writes the same item). */
  abstract putAggregate(target: AggregateTarget, counters: Counters): Promise<void>;

  /** Counters of every variant in `generation`, summed over its shards (one Query, no Scan). */
  abstract readAggregates(experimentKey: string, generation: number): Promise<Map<string, Counters>>;

  /** Deletes the aggregate items of the experiment whose generation `matches`; returns how many. */
  abstract deleteAggregates(experimentKey: string, matches: (generation: number) => boolean): Promise<number>;

  /**
   * Every event and unit marker of event partition `shard` of the experiment, page by page (Query on
   * the `byExperimentEvents` index, never a Scan; eventually consistent).
   */
  abstract partitionRecords(experimentKey: string, shard: number): AsyncIterable<readonly PartitionRecord[]>;

  abstract putServedPrediction(prediction: ServedPrediction): Promise<void>;

  abstract getServedPrediction(customerId: string): Promise<ServedPrediction | undefined>;
}
