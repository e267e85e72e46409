import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '../../common/clock';
import type { ProgressListener } from '../../common/domain/progress';
import { chunkOf } from '../../common/domain/collections';
import { CustomerPopulationScanner, type StoredBatchSegments } from '../customer-population.scanner';
import { defaultSnapshotMs } from '../domain/customer-features';
import { medianBasketOf, segmentPopulation, type CustomerAssignment, type VersionedModel } from '../domain/population-segmentation';
import { aggregateAssignments, emptyAggregates, mergeAggregates } from '../domain/run-aggregates';
import { changedMemberships, membershipDetails } from '../domain/run-memberships';
import { clusterSegmentId, SEGMENT_SCHEMES, type SegmentScheme } from '../domain/segment-schemes';
import {
  NotEnoughCustomersError,
  SegmentationJobFinishedError,
  SegmentationJobNotFoundError,
  SegmentationJobRunningError,
} from '../domain/segmentation.errors';
import { DEFAULT_TRAIN_OPTIONS, KMeansModelsService } from '../kmeans-models.service';
import { compareCustomerIds } from '../rfm/rfm-scores';
import { segmentationConfig } from '../segmentation.config';
import {
  JobPopulation,
  SegmentAssignmentsRepository,
  SegmentationJob,
  SegmentationJobsRepository,
  SegmentRun,
  SegmentRunsRepository,
} from '../segmentation.repository';

/** What to segment. */
export interface BatchRequest {
  /** Write only these customers (the population is still the whole store); absent: everyone. */
  readonly customerIds?: readonly string[];
  /** Reference date (ISO-8601); default the latest purchase + 1 day, at most now. */
  readonly asOf?: string;
  /** Customers per checkpointed chunk (default: configuration). */
  readonly chunkSize?: number;
}

/** Receives progress: `scan` counts items read, `write` customers written (a progress bar in the CLI). */
export type BatchProgressListener = ProgressListener<'scan' | 'write'>;

/** A finished job and the run it produced. */
export interface BatchResult {
  readonly job: SegmentationJob;
  readonly run: SegmentRun;
  readonly seconds: number;
}

export const runIdOf = (sequence: number) => `run-${String(sequence).padStart(8, '0')}`;

/**
 * The batch segmentation job (one function for the CLI, the HTTP route and a scheduled Lambda; no
 * HTTP in it): parallel scan of every stored customer → RFM quintile scores over the whole
 * population, lifecycle segment, rule churn × value cell against the population median basket and
 * cluster of the active K-Means model (one is trained first if none exists: k 5, nInit 10, seed 42)
 * → memberships and history written chunk by chunk, customers sorted by id, with a checkpoint on the
 * job item after each chunk → customers deleted meanwhile lose their segmentation items → run item
 * with the aggregates of every scheme.
 *
 * Items per customer and run: one history item holding every scheme's segment and figures, plus a
 * membership item only for each scheme whose segment changed (the scan reads the current batch
 * memberships from the same partitions); unchanged memberships are not rewritten.
 *
 * Crash safety: a job can be resumed from its checkpoint; the population parameters (reference
 * date, model version, median basket, previous run) are fixed on the job when writing starts. On a
 * resumed attempt each customer's history item of the run is a conditional put
 * (`attribute_not_exists`), so no customer is written twice; on the first attempt the run's items
 * cannot exist yet (fresh run id, each customer in one chunk) and they are batch-put. Membership
 * changes are computed against the store as read by the attempt's own scan, so a resumed chunk
 * rewrites only what the crashed attempt did not.
 */
@Injectable()
export class SegmentationBatchService {
  private readonly logger = new Logger(SegmentationBatchService.name);
  private runningJobId: string | null = null;

  constructor(
    private readonly scanner: CustomerPopulationScanner,
    private readonly assignments: SegmentAssignmentsRepository,
    private readonly runs: SegmentRunsRepository,
    private readonly jobs: SegmentationJobsRepository,
    private readonly models: KMeansModelsService,
    private readonly clock: Clock,
    @Inject(segmentationConfig.KEY) private readonly config: ConfigType<typeof segmentationConfig>,
  ) {}

  /** Creates a job and runs it to completion. @throws SegmentationJobRunningError, or the job's failure. */
  async run(request: BatchRequest = {}, listener?: BatchProgressListener): Promise<BatchResult> {
    const job = await this.create(request);
    return this.execute(job, request.chunkSize, listener);
  }

  /** Creates a job and runs it in the background; returns the job as created. */
  async start(request: BatchRequest = {}): Promise<SegmentationJob> {
    const job = await this.create(request);
    this.background(this.execute(job, request.chunkSize));
    return job;
  }

  /**
   * Continues a failed or interrupted job from its checkpoint, to completion.
   *
   * @throws SegmentationJobNotFoundError, SegmentationJobFinishedError, SegmentationJobRunningError.
   */
  async resume(jobId: string, listener?: BatchProgressListener): Promise<BatchResult> {
    const job = await this.prepareResume(jobId);
    return this.execute(job, undefined, listener);
  }

  /** {@link resume} in the background; returns the job as it restarts. */
  async startResume(jobId: string): Promise<SegmentationJob> {
    const job = await this.prepareResume(jobId);
    this.background(this.execute(job));
    return job;
  }

  /**
   * Records a new job as `queued` (attempt 0) without running it: another process (the batch
   * function) runs it with {@link runQueued}.
   */
  async enqueue(request: BatchRequest = {}): Promise<SegmentationJob> {
    const sequence = await this.runs.nextSequence();
    const job = { ...newJob(sequence, request, this.clock.now().toISOString()), status: 'queued' as const, attempts: 0 };
    await this.jobs.save(job);
    return job;
  }

  /**
   * Marks a failed or interrupted job `queued` for {@link runQueued}, which resumes it from its checkpoint.
   *
   * @throws SegmentationJobNotFoundError, SegmentationJobFinishedError.
   */
  async enqueueResume(jobId: string): Promise<SegmentationJob> {
    const job = await this.get(jobId);
    if (job.status === 'completed') throw new SegmentationJobFinishedError(jobId);
    const queued: SegmentationJob = { ...job, status: 'queued', updatedAt: this.clock.now().toISOString() };
    await this.jobs.save(queued);
    return queued;
  }

  /**
   * Runs a `queued` job to completion: from the start when it never ran (attempt 0), else resumed
   * from its checkpoint. A job in any other state returns null (a repeated delivery of the launch).
   *
   * @throws SegmentationJobNotFoundError, SegmentationJobRunningError, or the job's failure.
   */
  async runQueued(jobId: string, listener?: BatchProgressListener): Promise<BatchResult | null> {
    const job = await this.get(jobId);
    if (job.status !== 'queued') return null;
    this.claim(jobId);
    const now = this.clock.now().toISOString();
    const started: SegmentationJob =
      job.attempts > 0
        ? { ...job, status: 'running', attempts: job.attempts + 1, resumedFromChunk: job.checkpoint.chunk, updatedAt: now }
        : { ...job, status: 'running', attempts: 1, startedAt: now, updatedAt: now };
    let taken: boolean;
    try {
      // A repeated delivery of the same launch finds the job no longer queued and runs nothing.
      taken = await this.jobs.saveIfUnchanged(started, job);
    } catch (err) {
      this.runningJobId = null;
      throw err;
    }
    if (!taken) {
      this.runningJobId = null;
      return null;
    }
    return this.execute(started, undefined, listener);
  }

  /** Records that a queued job could not be handed over (`failed`, resumable). */
  async failQueued(job: SegmentationJob, message: string): Promise<SegmentationJob> {
    const now = this.clock.now().toISOString();
    const failed: SegmentationJob = { ...job, status: 'failed', updatedAt: now, errors: [...job.errors, { at: now, message }].slice(-20) };
    await this.jobs.save(failed);
    return failed;
  }

  /** @throws SegmentationJobNotFoundError. */
  async get(jobId: string): Promise<SegmentationJob> {
    const job = await this.jobs.get(jobId);
    if (!job) throw new SegmentationJobNotFoundError(jobId);
    return job;
  }

  private background(execution: Promise<BatchResult>): void {
    execution.catch((err: unknown) => this.logger.error(`segmentation job failed: ${(err as Error).message}`));
  }

  private claim(jobId: string): void {
    if (this.runningJobId !== null) throw new SegmentationJobRunningError(this.runningJobId);
    this.runningJobId = jobId;
  }

  private async create(request: BatchRequest): Promise<SegmentationJob> {
    this.claim('(starting)');
    try {
      const sequence = await this.runs.nextSequence();
      const job = newJob(sequence, request, this.clock.now().toISOString());
      await this.jobs.save(job);
      this.runningJobId = job.jobId;
      return job;
    } catch (err) {
      this.runningJobId = null;
      throw err;
    }
  }

  private async prepareResume(jobId: string): Promise<SegmentationJob> {
    const job = await this.get(jobId);
    if (job.status === 'completed') throw new SegmentationJobFinishedError(jobId);
    this.claim(jobId);
    const resumed: SegmentationJob = {
      ...job,
      status: 'running',
      attempts: job.attempts + 1,
      resumedFromChunk: job.checkpoint.chunk,
      updatedAt: this.clock.now().toISOString(),
    };
    let taken: boolean;
    try {
      taken = await this.jobs.saveIfUnchanged(resumed, job);
    } catch (err) {
      this.runningJobId = null;
      throw err;
    }
    if (!taken) {
      this.runningJobId = null;
      throw new SegmentationJobRunningError(jobId);
    }
    return resumed;
  }

  private async execute(initial: SegmentationJob, chunkSize?: number, listener?: BatchProgressListener): Promise<BatchResult> {
    const started = process.hrtime.bigint();
    let job = initial;
    const save = async (patch: Partial<SegmentationJob>): Promise<SegmentationJob> => {
      job = { ...job, ...patch, updatedAt: this.clock.now().toISOString() };
      await this.jobs.save(job);
      return job;
    };
    try {
      const nowMs = this.clock.now().getTime();
      const requestedAsOfMs = job.requestedAsOf ? Date.parse(job.requestedAsOf) : undefined;
      listener?.phase('scan', 0);
      const fixedAsOf = job.population?.asOfMs;
      const scan = await this.scanner.scan({
        resolveAsOf: (latest) => fixedAsOf ?? requestedAsOfMs ?? defaultSnapshotMs(latest, nowMs),
        onProgress: (items) => listener?.update(items),
        withBatchMemberships: true,
      });
      const stored = scan.batchMemberships ?? new Map<string, StoredBatchSegments>();
      listener?.end();
      await save({
        progress: { ...job.progress, customersScanned: scan.features.length, itemsScanned: scan.itemsScanned },
        scan: { mode: scan.mode, workers: scan.workers, segments: scan.segments },
      });

      let population: JobPopulation | null = job.population;
      if (population === null) {
        let model = await this.models.active();
        if (!model) {
          await save({ phase: 'train' });
          try {
            model = await this.models.fitAndStore(scan.features, scan.asOfMs, DEFAULT_TRAIN_OPTIONS);
            await save({ trainedModelVersion: model.version });
          } catch (err) {
            if (!(err instanceof NotEnoughCustomersError)) throw err;
            this.logger.warn(`no K-Means model trained: ${err.message}`);
          }
        }
        const previous = await this.runs.latestRun();
        population = {
          asOfMs: scan.asOfMs,
          medianBasket: medianBasketOf(scan.features),
          modelVersion: model?.version ?? null,
          previousRunId: previous?.runId ?? null,
          chunkSize: chunkSize ?? this.config.chunkSize,
          churnAfterDays: this.config.churnAfterDays,
        };
      }
      await save({ phase: 'score' });
      const storedModel = population.modelVersion === null ? undefined : await this.models.resolve(population.modelVersion);
      const model: VersionedModel | null = storedModel ? { version: storedModel.version, model: storedModel.model } : null;
      const { assignments, reference } = segmentPopulation(scan.features, { medianBasket: population.medianBasket, model });

      const wanted = job.customerIds ? new Set(job.customerIds) : null;
      const everyone = wanted ? assignments.filter((a) => wanted.has(a.customerId)) : assignments;
      const { chunk: lastChunk, lastCustomerId } = job.checkpoint;
      const remaining = lastCustomerId === null ? everyone : everyone.filter((a) => compareCustomerIds(a.customerId, lastCustomerId) > 0);
      const chunks = chunkOf(remaining, population.chunkSize);
      const previous = population.previousRunId ? await this.segmentsOfRun(population.previousRunId) : null;
      await save({
        phase: 'write',
        population,
        progress: {
          ...job.progress,
          customersToWrite: job.progress.customersWritten + job.progress.alreadyWritten + remaining.length,
          chunksTotal: lastChunk + 1 + chunks.length,
        },
      });

      listener?.phase('write', everyone.length);
      listener?.update(everyone.length - remaining.length);
      let done = everyone.length - remaining.length;
      for (let i = 0; i < chunks.length; i++) {
        const index = lastChunk + 1 + i;
        const chunk = chunks[i];
        const written = await this.writeChunk(job, population, chunk, index, previous, stored);
        await save({
          checkpoint: { chunk: index, lastCustomerId: chunk[chunk.length - 1].customerId },
          progress: {
            ...job.progress,
            customersWritten: job.progress.customersWritten + written.written.length,
            alreadyWritten: job.progress.alreadyWritten + written.alreadyWritten.length,
            chunksWritten: index + 1,
            membershipsWritten: (job.progress.membershipsWritten ?? 0) + written.memberships,
          },
        });
        done += chunk.length;
        listener?.update(done);
      }
      listener?.end();

      const vanished = await this.assignments.removeVanished(everyone.map((a) => a.customerId));
      if (vanished.length > 0) {
        this.logger.warn(`${vanished.length} customer(s) deleted during ${job.jobId}: their segmentation items were removed`);
      }
      await save({ phase: 'finalize', progress: { ...job.progress, customersVanished: vanished.length } });
      const run = await this.finalize(job, population, reference, storedModel ? clusterNamesOf(storedModel.version, storedModel.model.profiles) : {});
      await save({ status: 'completed', phase: 'done', finishedAt: this.clock.now().toISOString() });
      return { job, run, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    } catch (err) {
      listener?.end();
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      try {
        await save({ status: 'failed', errors: [...job.errors, { at: this.clock.now().toISOString(), message }].slice(-20) });
      } catch (saveErr) {
        this.logger.error(`could not record the failure of ${job.jobId}: ${(saveErr as Error).message}`);
      }
      throw err;
    } finally {
      this.runningJobId = null;
    }
  }

  private async writeChunk(
    job: SegmentationJob,
    population: JobPopulation,
    chunk: readonly CustomerAssignment[],
    index: number,
    previous: ReadonlyMap<string, Record<string, string>> | null,
    stored: ReadonlyMap<string, StoredBatchSegments>,
  ): Promise<{ written: string[]; alreadyWritten: string[]; memberships: number }> {
    const now = this.clock.now().toISOString();
    const asOf = new Date(population.asOfMs).toISOString();
    const changed = changedMemberships(chunk, stored);
    // Memberships first (idempotent overwrite), then the run's history item as the conditional
    // marker: a crash between the two is repaired by the resumed chunk.
    await this.assignments.putRunMemberships(job.jobId, now, changed);
    const result = await this.assignments.putRunHistory(
      chunk.map((a) => ({
        customerId: a.customerId,
        sequence: job.sequence,
        source: 'batch' as const,
        runId: job.jobId,
        recordedAt: now,
        asOf,
        segments: a.segments,
        attempt: job.attempts,
        details: Object.fromEntries(SEGMENT_SCHEMES.map((scheme) => [scheme, membershipDetails(a, scheme)])),
      })),
      job.attempts > 1,
    );
    const segments = Object.fromEntries(SEGMENT_SCHEMES.map((s) => [s, chunk.map((a) => a.segments[s])])) as Record<SegmentScheme, string[]>;
    await this.runs.putChunk(job.jobId, {
      index,
      customerIds: chunk.map((a) => a.customerId),
      segments,
      features: {
        recencyDays: chunk.map((a) => a.recencyDays),
        frequency: chunk.map((a) => a.frequency),
        monetary: chunk.map((a) => a.monetary),
        firstPurchaseMs: chunk.map((a) => a.firstPurchaseMs),
      },
      aggregates: aggregateAssignments(chunk, population.churnAfterDays, previous),
    });
    return { ...result, memberships: changed.length };
  }

  private async finalize(
    job: SegmentationJob,
    population: JobPopulation,
    reference: SegmentRun['reference'],
    clusterNames: Record<string, string>,
  ): Promise<SegmentRun> {
    const chunks = await this.runs.chunks(job.jobId);
    const aggregates = chunks.reduce((acc, c) => mergeAggregates(acc, c.aggregates), emptyAggregates());
    const run: SegmentRun = {
      runId: job.jobId,
      sequence: job.sequence,
      scope: job.customerIds ? 'partial' : 'full',
      asOf: new Date(population.asOfMs).toISOString(),
      startedAt: job.startedAt,
      finishedAt: this.clock.now().toISOString(),
      customers: chunks.reduce((n, c) => n + c.customerIds.length, 0),
      aggregates,
      reference,
      medianBasket: population.medianBasket,
      modelVersion: population.modelVersion,
      clusterNames,
      previousRunId: population.previousRunId,
      churnAfterDays: population.churnAfterDays,
      chunks: chunks.length,
    };
    await this.runs.putRun(run);
    if (run.scope === 'full') await this.runs.markLatest(run);
    return run;
  }

  /** Customer → scheme → segment of a stored run (from its chunks). */
  async segmentsOfRun(runId: string): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    for (const chunk of await this.runs.chunks(runId)) {
      chunk.customerIds.forEach((id, i) => {
        out.set(id, Object.fromEntries(SEGMENT_SCHEMES.map((s) => [s, chunk.segments[s][i]])));
      });
    }
    return out;
  }
}

/** A job as created, before its first attempt writes anything. */
function newJob(sequence: number, request: BatchRequest, now: string): SegmentationJob {
  return {
    jobId: runIdOf(sequence),
    sequence,
    status: 'running',
    phase: 'scan',
    customerIds: request.customerIds ? [...new Set(request.customerIds)] : null,
    requestedAsOf: request.asOf ?? null,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    attempts: 1,
    progress: { customersScanned: 0, itemsScanned: 0, customersToWrite: 0, customersWritten: 0, alreadyWritten: 0, chunksWritten: 0, chunksTotal: 0 },
    checkpoint: { chunk: -1, lastCustomerId: null },
    resumedFromChunk: null,
    population: null,
    errors: [],
    scan: null,
    trainedModelVersion: null,
  };
}

/** Cluster segment id → business name, for a model's profiles. */
export function clusterNamesOf(version: number, profiles: readonly { cluster: number; name: string }[]): Record<string, string> {
  return Object.fromEntries(profiles.map((p) => [clusterSegmentId(version, p.cluster), p.name]));
}
