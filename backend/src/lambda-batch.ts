import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Context } from 'aws-lambda';
import { roundTo } from './common/domain/money';
import { isIsoInstant } from './common/http/is-iso-instant.decorator';
import { CoreModule } from './core.module';
import { CUSTOMER_ID_PATTERN } from './customers/domain/customer';
import { cachedBootstrap, createLambdaRuntime } from './lambda-runtime';
import { BatchResult, SegmentationBatchService } from './segmentation/batch/segmentation-batch.service';

const { logger, metrics, nestLogger } = createLambdaRuntime();

const MAX_CUSTOMER_IDS = 10_000;
const JOB_ID = /^run-\d{8}$/;

/** Direct invocation payload; an EventBridge scheduled event (`source: aws.events`) means "everyone". */
export interface BatchInvocation {
  /** Write only these customers (the population is still every stored customer). */
  readonly customerIds?: readonly string[];
  /** Reference date, ISO-8601; default: latest purchase + 1 day, at most now. */
  readonly asOf?: string;
  /** Continue this failed or interrupted job from its checkpoint instead of starting one. */
  readonly resumeJobId?: string;
  /**
   * Run this job, recorded `queued` by the API function (`POST /v1/customers/segmentation/batch`
   * or `.../resume`): from the start, or from its checkpoint when it ran before.
   */
  readonly jobId?: string;
}

/** What the handler returns (and logs): the job, its run and the customers per segment of each scheme. */
export interface BatchSummary {
  readonly jobId: string;
  readonly status: string;
  readonly scope: 'full' | 'partial';
  readonly asOf: string;
  readonly seconds: number;
  readonly customersScanned: number;
  readonly customersWritten: number;
  readonly alreadyWritten: number;
  readonly modelVersion: number | null;
  readonly trainedModelVersion: number | null;
  /** How the population was read (`threads` in the bundle, with its workers and scan segments). */
  readonly scan: { readonly mode: string; readonly workers: number; readonly segments: number } | null;
  /** `segments[scheme][segment]` = customers. */
  readonly segments: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** What the handler returns for a `{ jobId }` whose job is no longer `queued` (a repeated delivery): nothing ran. */
export interface SkippedBatch {
  readonly jobId: string;
  readonly status: string;
  readonly skipped: true;
}

/** Thrown (failing the invocation) when a direct invocation payload is malformed; names each bad field. */
export class InvalidBatchInvocationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid batch invocation: ${problems.join('; ')}`);
    this.name = 'InvalidBatchInvocationError';
  }
}

/**
 * Reads the invocation: a scheduled event runs everyone; a direct payload is validated.
 *
 * @throws InvalidBatchInvocationError naming each bad field.
 */
export function parseBatchInvocation(event: unknown): BatchInvocation {
  if (event === null || event === undefined) return {};
  if (typeof event !== 'object' || Array.isArray(event)) throw new InvalidBatchInvocationError(['event: must be an object']);
  const raw = event as Record<string, unknown>;
  if (raw.source === 'aws.events') return {};
  const problems: string[] = [];
  const { customerIds, asOf, resumeJobId, jobId } = raw;
  if (
    customerIds !== undefined &&
    (!Array.isArray(customerIds) ||
      customerIds.length === 0 ||
      customerIds.length > MAX_CUSTOMER_IDS ||
      !customerIds.every((id) => typeof id === 'string' && CUSTOMER_ID_PATTERN.test(id)))
  ) {
    problems.push(`customerIds: must be 1..${MAX_CUSTOMER_IDS} customer ids`);
  }
  if (asOf !== undefined && !isIsoInstant(asOf)) problems.push('asOf: must be an ISO-8601 date or date-time');
  if (resumeJobId !== undefined && (typeof resumeJobId !== 'string' || !JOB_ID.test(resumeJobId))) {
    problems.push('resumeJobId: must be a job id such as run-00000001');
  }
  if (resumeJobId !== undefined && (customerIds !== undefined || asOf !== undefined)) {
    problems.push('resumeJobId: cannot be combined with customerIds or asOf (a resumed job keeps its own)');
  }
  if (jobId !== undefined && (typeof jobId !== 'string' || !JOB_ID.test(jobId))) problems.push('jobId: must be a job id such as run-00000001');
  if (jobId !== undefined && (customerIds !== undefined || asOf !== undefined || resumeJobId !== undefined)) {
    problems.push('jobId: cannot be combined with customerIds, asOf or resumeJobId (a queued job keeps its own)');
  }
  if (problems.length > 0) throw new InvalidBatchInvocationError(problems);
  return raw as BatchInvocation;
}

/** The summary of a finished batch job. */
export function summarizeBatch(result: BatchResult): BatchSummary {
  const { job, run } = result;
  return {
    jobId: job.jobId,
    status: job.status,
    scope: run.scope,
    asOf: run.asOf,
    seconds: roundTo(result.seconds, 2),
    customersScanned: job.progress.customersScanned,
    customersWritten: job.progress.customersWritten,
    alreadyWritten: job.progress.alreadyWritten,
    modelVersion: run.modelVersion,
    trainedModelVersion: job.trainedModelVersion,
    scan: job.scan,
    segments: Object.fromEntries(
      Object.entries(run.aggregates.segments).map(([scheme, totals]) => [
        scheme,
        Object.fromEntries(Object.entries(totals).map(([segment, t]) => [segment, t.customers])),
      ]),
    ),
  };
}

const core = cachedBootstrap(
  (): Promise<INestApplicationContext> => NestFactory.createApplicationContext(CoreModule, { logger: nestLogger, bufferLogs: true, abortOnError: false }),
);

/**
 * Lambda entry point of the batch segmentation job (EventBridge schedule, direct invocation with
 * {@link BatchInvocation}, or the API function's asynchronous `{ jobId }`): an application context
 * of the core module (no HTTP), cached across invocations, runs {@link SegmentationBatchService} to
 * completion and returns its summary. A `{ jobId }` whose job is not `queued` any more (Lambda may
 * deliver an asynchronous event twice) runs nothing and returns {@link SkippedBatch}.
 *
 * @throws InvalidBatchInvocationError for a malformed payload; the job's own failure otherwise (the
 * job stays resumable from its checkpoint with `{ "resumeJobId": ... }`).
 */
export async function handler(event: unknown, context: Context): Promise<BatchSummary | SkippedBatch> {
  logger.addContext(context);
  metrics.captureColdStartMetric(context.functionName);
  try {
    const invocation = parseBatchInvocation(event);
    const batch = (await core.get()).get(SegmentationBatchService);
    if (invocation.jobId !== undefined) {
      const queued = await batch.runQueued(invocation.jobId);
      if (queued === null) {
        const { jobId, status } = await batch.get(invocation.jobId);
        logger.warn('segmentation job not queued: nothing to run', { jobId, status });
        return { jobId, status, skipped: true };
      }
      return finished(queued);
    }
    const result = invocation.resumeJobId
      ? await batch.resume(invocation.resumeJobId)
      : await batch.run({ customerIds: invocation.customerIds, asOf: invocation.asOf });
    return finished(result);
  } catch (err) {
    logger.error('segmentation batch failed', err as Error);
    throw err;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
}

function finished(result: BatchResult): BatchSummary {
  const summary = summarizeBatch(result);
  logger.info('segmentation batch finished', { summary });
  return summary;
}

/** Closes the cached application context. Tests only: Lambda never calls it. */
export async function closeBatchContext(): Promise<void> {
  const current = core.take();
  if (current) await (await current).close();
}
