import { Page } from '../common/http/pagination';
import { AnalysisSource, AnalysisType, ExperimentAssignment, FallbackReason, TokenUsage } from './domain/analysis-type';
import { CostAggregate } from './domain/cost-aggregation';

/** One computed analysis as stored in the cache and the history. */
export interface StoredAnalysis<R = unknown> {
  readonly analysisId: string;
  readonly customerId: string;
  readonly analysisType: AnalysisType;
  /** Reference instant (ISO-8601 UTC). */
  readonly asOf: string;
  /** When it was computed (ISO-8601 UTC, from the clock). */
  readonly generatedAt: string;
  readonly source: AnalysisSource;
  /** Model that answered (bedrock), or was asked before falling back; null when none was asked. */
  readonly modelId: string | null;
  readonly reason: FallbackReason | null;
  readonly promptId: string;
  readonly promptVersion: string;
  readonly experiment: ExperimentAssignment | null;
  readonly inputHash: string;
  readonly usage: TokenUsage;
  /** Model cost of computing it, USD, unrounded. */
  readonly costUsd: number;
  /** Time it took to compute, in ms. */
  readonly latencyMs: number;
  /** Product ids of the model answer dropped because they are not in the history. */
  readonly droppedProductIds: readonly string[];
  readonly result: R;
}

/** One increment of a cost aggregate (integers). */
export type CostIncrement = CostAggregate;

/**
 * Port: analysis cache, history and cost aggregates. Adapter: DynamoDB (`infrastructure/`), cache and
 * history in the customer's partition, costs in day partitions.
 */
export abstract class AnalysisRepository {
  /** The cached analysis of this input hash unless expired at `nowEpochSeconds`. */
  abstract findCached(customerId: string, type: AnalysisType, inputHash: string, nowEpochSeconds: number): Promise<StoredAnalysis | undefined>;

  /** Stores an analysis in the cache until `expiresAt` (epoch seconds). */
  abstract putCached(analysis: StoredAnalysis, expiresAt: number): Promise<void>;

  /** Appends an analysis to the customer's history until `expiresAt` (epoch seconds). */
  abstract appendHistory(analysis: StoredAnalysis, expiresAt: number): Promise<void>;

  /** History newest first, expired items filtered out. */
  abstract listHistory(customerId: string, limit: number, nowEpochSeconds: number, cursor?: string): Promise<Page<StoredAnalysis>>;

  /** Atomically adds an increment to its day/model/type aggregate. */
  abstract addCost(increment: CostIncrement): Promise<void>;

  /** Aggregates of the given days (`YYYY-MM-DD`). */
  abstract listCosts(days: readonly string[]): Promise<CostAggregate[]>;
}
