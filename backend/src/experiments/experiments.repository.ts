import type { AnalysisType } from '../analysis/domain/analysis-type';
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
  readonly customerId: string;
  readonly analysisType: AnalysisType;
  /** ISO-8601 UTC. */
  readonly occurredAt: string;
  /** Event figures (latency, tokens, rating, error days...). */
  readonly payload: Readonly<Record<string, number | boolean | string | null>>;
  /** TTL, epoch seconds. */
  readonly expiresAt: number;
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

  abstract getClaims(analysisType: AnalysisType): Promise<ClaimSet>;

  /** Writes the claims of a type when the stored version is `expectedVersion`; false when it is not. */
  abstract saveClaims(analysisType: AnalysisType, claims: readonly RunningClaim[], expectedVersion: number): Promise<boolean>;

  /** Stores the event unless one with its (analysis id, kind) exists; true when new. */
  abstract putEventIfAbsent(event: ExperimentEvent, shard: number): Promise<boolean>;

  abstract getEvent(analysisId: string, kind: ExperimentEventKind): Promise<ExperimentEvent | undefined>;

  /** Marks a unit as exposed to the experiment; true the first time. */
  abstract markUnitExposed(experimentKey: string, unitId: string, variantKey: string, at: string, expiresAt: number): Promise<boolean>;

  /** Atomically adds `increment` to the counters of one aggregate shard (DynamoDB `ADD`). */
  abstract addToAggregate(experimentKey: string, variantKey: string, shard: number, increment: Counters): Promise<void>;

  /** Counters of every variant, summed over its shards (one Query, no Scan). */
  abstract readAggregates(experimentKey: string): Promise<Map<string, Counters>>;

  abstract putServedPrediction(prediction: ServedPrediction): Promise<void>;

  abstract getServedPrediction(customerId: string): Promise<ServedPrediction | undefined>;
}
