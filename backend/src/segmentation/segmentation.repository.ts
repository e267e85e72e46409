import type { RfmReference } from './domain/population-segmentation';
import type { RunAggregates } from './domain/run-aggregates';
import type { SegmentScheme } from './domain/segment-schemes';

/** Who decided a segment: the batch job, an on-demand computation, or a person. */
export type AssignmentSource = 'batch' | 'on-demand' | 'manual';

/** A customer's current segment in one scheme. */
export interface SegmentMembership {
  readonly customerId: string;
  readonly scheme: SegmentScheme;
  readonly segment: string;
  readonly source: AssignmentSource;
  /** Batch run that assigned it (null for on-demand and manual). */
  readonly runId: string | null;
  /** ISO-8601 UTC. */
  readonly assignedAt: string;
  /** Reference date of the figures (ISO-8601 UTC); null for manual. */
  readonly asOf: string | null;
  /** Scheme-specific figures (scores, cluster distance, rule labels). */
  readonly details: Readonly<Record<string, unknown>>;
  readonly reason?: string;
  /**
   * Batch memberships: when the customer entered this segment (the batch rewrites a membership only
   * when its segment changes, so this can be older than `assignedAt`, the latest run confirming it).
   */
  readonly since?: string;
}

/** A customer's segment in one scheme as decided by a batch run (the stored membership is compact). */
export interface RunMembership {
  readonly customerId: string;
  readonly scheme: SegmentScheme;
  readonly segment: string;
}

/** One entry of a customer's segment history (a run, an on-demand computation or a manual move). */
export interface SegmentHistoryEntry {
  readonly customerId: string;
  /** Global order of entries (the segmentation sequence); newest = highest. */
  readonly sequence: number;
  readonly source: AssignmentSource;
  readonly runId: string | null;
  readonly recordedAt: string;
  readonly asOf: string | null;
  readonly segments: Readonly<Partial<Record<SegmentScheme, string>>>;
  /** For manual moves: the segment before. */
  readonly previous?: Readonly<Partial<Record<SegmentScheme, string>>>;
  readonly reason?: string;
  /** Attempt of the batch job that wrote it (1 = first, 2 = after one resume...). */
  readonly attempt?: number;
}

/** A batch run's history entry, with the figures of every scheme (kept for the current-segment view). */
export interface RunHistoryEntry extends SegmentHistoryEntry {
  /** Scheme → figures the segment was decided on (scores, cluster distance, rule labels). */
  readonly details?: Readonly<Partial<Record<SegmentScheme, Readonly<Record<string, unknown>>>>>;
}

/** One written chunk of a run: who got which segment, and the chunk's aggregates. */
export interface RunChunk {
  readonly index: number;
  readonly customerIds: readonly string[];
  /** `segments[scheme][i]` is the segment of `customerIds[i]`. */
  readonly segments: Readonly<Record<SegmentScheme, readonly string[]>>;
  /**
   * RFM figures of `customerIds[i]` at the run's reference date (absent in chunks written before
   * they were recorded): readers such as insights use them instead of scanning orders.
   */
  readonly features?: {
    readonly recencyDays: readonly (number | null)[];
    readonly frequency: readonly number[];
    readonly monetary: readonly number[];
    readonly firstPurchaseMs: readonly (number | null)[];
  };
  readonly aggregates: RunAggregates;
}

/** A completed batch run with everything the overview, performance and migration reads need. */
export interface SegmentRun {
  readonly runId: string;
  readonly sequence: number;
  /** `full`: every stored customer was written; `partial`: only listed customers. */
  readonly scope: 'full' | 'partial';
  readonly asOf: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly customers: number;
  readonly aggregates: RunAggregates;
  readonly reference: RfmReference;
  readonly medianBasket: number | null;
  readonly modelVersion: number | null;
  /** Cluster segment id → business name. */
  readonly clusterNames: Readonly<Record<string, string>>;
  readonly previousRunId: string | null;
  readonly churnAfterDays: number;
  readonly chunks: number;
}

/** `queued`: recorded and handed to the batch function, not picked up yet (Lambda launcher only). */
export type JobStatus = 'queued' | 'running' | 'completed' | 'failed';
export type JobPhase = 'scan' | 'train' | 'score' | 'write' | 'finalize' | 'done';

/** Population parameters fixed when a job enters the write phase, reused on resume. */
export interface JobPopulation {
  readonly asOfMs: number;
  readonly medianBasket: number | null;
  readonly modelVersion: number | null;
  readonly previousRunId: string | null;
  readonly chunkSize: number;
  readonly churnAfterDays: number;
}

/** A batch segmentation job; its id is also the id of the run it produces. */
export interface SegmentationJob {
  readonly jobId: string;
  readonly sequence: number;
  readonly status: JobStatus;
  readonly phase: JobPhase;
  /** Only these customers are written (null: all). */
  readonly customerIds: readonly string[] | null;
  readonly requestedAsOf: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly attempts: number;
  readonly progress: {
    readonly customersScanned: number;
    readonly itemsScanned: number;
    readonly customersToWrite: number;
    readonly customersWritten: number;
    /** Customers this run had already written (found by the conditional put) and were skipped. */
    readonly alreadyWritten: number;
    readonly chunksWritten: number;
    readonly chunksTotal: number;
    /** Membership items (re)written: only those whose segment changed since the previous run. */
    readonly membershipsWritten?: number;
    /** Customers deleted while the job ran, whose segmentation items were removed afterwards. */
    readonly customersVanished?: number;
  };
  /** Last fully written chunk of the customer list sorted by id (-1: none yet). */
  readonly checkpoint: { readonly chunk: number; readonly lastCustomerId: string | null };
  readonly resumedFromChunk: number | null;
  readonly population: JobPopulation | null;
  readonly errors: readonly { readonly at: string; readonly message: string }[];
  readonly scan: { readonly mode: string; readonly workers: number; readonly segments: number } | null;
  readonly trainedModelVersion: number | null;
}

/** Port: current segment memberships and history, in each customer's partition. */
export abstract class SegmentAssignmentsRepository {
  /** Puts current memberships with their details (on-demand and manual; idempotent overwrite). */
  abstract putMemberships(memberships: readonly SegmentMembership[]): Promise<void>;

  /**
   * Puts the batch memberships of run `runId` (idempotent overwrite). The batch passes only the
   * memberships whose segment changed; their figures live on the run's history entry.
   */
  abstract putRunMemberships(runId: string, assignedAt: string, memberships: readonly RunMembership[]): Promise<void>;

  /**
   * Writes history entries of one run. With `conditional`, each only if absent (conditional put),
   * so that a resumed job never writes a customer twice; without, by BatchWriteItem (for a job's
   * first attempt, whose run items cannot exist yet). @returns ids written now and ids already present.
   */
  abstract putRunHistory(entries: readonly RunHistoryEntry[], conditional: boolean): Promise<{ written: string[]; alreadyWritten: string[] }>;

  /** Appends one history entry (conditional on its sequence being new). */
  abstract appendHistory(entry: SegmentHistoryEntry): Promise<void>;

  /**
   * Current memberships. A batch membership shows the run, reference date and figures of the
   * latest batch history entry that confirms its segment, and `since` its own assignment time.
   */
  abstract current(customerId: string): Promise<SegmentMembership[]>;

  /** Newest first. */
  abstract history(customerId: string, limit: number): Promise<SegmentHistoryEntry[]>;

  /**
   * Checks that each customer's profile still exists; removes every segmentation item (memberships
   * and history) of the customers whose profile is gone. @returns the ids of those customers.
   */
  abstract removeVanished(customerIds: readonly string[]): Promise<string[]>;
}

/** Port: runs, their chunks, the latest-run pointer and the segmentation sequence. */
export abstract class SegmentRunsRepository {
  /** Next number of the segmentation sequence (atomic counter). */
  abstract nextSequence(): Promise<number>;

  abstract putChunk(runId: string, chunk: RunChunk): Promise<void>;

  /** Every chunk of a run, by index. */
  abstract chunks(runId: string): Promise<RunChunk[]>;

  abstract putRun(run: SegmentRun): Promise<void>;

  abstract getRun(runId: string): Promise<SegmentRun | undefined>;

  /** The latest completed full run. */
  abstract latestRun(): Promise<SegmentRun | undefined>;

  /** Makes `run` the latest unless a newer one already is (conditional on the sequence). */
  abstract markLatest(run: SegmentRun): Promise<void>;
}

/** Port: batch job items. */
export abstract class SegmentationJobsRepository {
  abstract save(job: SegmentationJob): Promise<void>;

  /**
   * Saves `job` only if the stored job still has `previous`'s status and `updatedAt`
   * (compare-and-set): two processes picking up the same job cannot both start it.
   *
   * @returns false when the stored job changed (or vanished) since `previous` was read.
   */
  abstract saveIfUnchanged(job: SegmentationJob, previous: Pick<SegmentationJob, 'status' | 'updatedAt'>): Promise<boolean>;

  abstract get(jobId: string): Promise<SegmentationJob | undefined>;
}
