import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StoredKMeansModel } from '../kmeans-models.repository';
import type { SegmentationJob } from '../segmentation.repository';

/** A batch job as the API shows it. */
export class SegmentationJobDto {
  @ApiProperty({ example: 'run-00000001' }) readonly jobId!: string;
  @ApiProperty({ description: 'id of the run the job produces (same as jobId)' }) readonly runId!: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'], description: 'queued: waiting for the batch function (AWS)' }) readonly status!: string;
  @ApiProperty({ enum: ['scan', 'train', 'score', 'write', 'finalize', 'done'] }) readonly phase!: string;
  @ApiProperty({ type: Object, description: 'customersScanned, itemsScanned, customersToWrite, customersWritten, alreadyWritten, chunksWritten, chunksTotal, membershipsWritten (only changed segments are rewritten), customersVanished (deleted during the run; their segmentation items removed)' })
  readonly progress!: SegmentationJob['progress'];
  @ApiProperty({ type: Object }) readonly checkpoint!: SegmentationJob['checkpoint'];
  @ApiProperty({ nullable: true, type: Number }) readonly resumedFromChunk!: number | null;
  @ApiProperty() readonly attempts!: number;
  @ApiProperty({ format: 'date-time' }) readonly startedAt!: string;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readonly finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'reference date of the run once fixed' }) readonly asOf!: string | null;
  @ApiProperty({ nullable: true, type: [String] }) readonly customerIds!: readonly string[] | null;
  @ApiProperty({ nullable: true, type: Object, description: 'mode (threads | in-process), workers, segments' }) readonly scan!: SegmentationJob['scan'];
  @ApiProperty({ nullable: true, type: Number, description: 'K-Means version trained by this job, if none existed' }) readonly trainedModelVersion!: number | null;
  @ApiProperty({ type: [Object] }) readonly errors!: SegmentationJob['errors'];
  @ApiPropertyOptional({ description: 'where to follow the job' }) readonly statusUrl?: string;

  static from(job: SegmentationJob): SegmentationJobDto {
    return {
      jobId: job.jobId,
      runId: job.jobId,
      status: job.status,
      phase: job.phase,
      progress: job.progress,
      checkpoint: job.checkpoint,
      resumedFromChunk: job.resumedFromChunk,
      attempts: job.attempts,
      startedAt: job.startedAt,
      updatedAt: job.updatedAt,
      finishedAt: job.finishedAt,
      asOf: job.population ? new Date(job.population.asOfMs).toISOString() : null,
      customerIds: job.customerIds,
      scan: job.scan,
      trainedModelVersion: job.trainedModelVersion,
      errors: job.errors,
      statusUrl: `/v1/customers/segmentation/batch/${job.jobId}`,
    };
  }
}

/** A K-Means model version with its quality figures. */
export class KMeansModelDto {
  @ApiProperty() readonly version!: number;
  @ApiProperty() readonly active!: boolean;
  @ApiProperty({ format: 'date-time' }) readonly createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'reference date of the training features' }) readonly asOf!: string;
  @ApiProperty() readonly k!: number;
  @ApiProperty() readonly seed!: number;
  @ApiProperty() readonly nInit!: number;
  @ApiProperty({ enum: ['lloyd', 'minibatch'] }) readonly algorithm!: string;
  @ApiProperty({ description: 'customers the model was fitted on' }) readonly trainedOn!: number;
  @ApiProperty({ description: 'Σ squared distances to centroids, scaled space' }) readonly inertia!: number;
  @ApiProperty() readonly iterations!: number;
  @ApiProperty({ nullable: true, type: Number }) readonly silhouette!: number | null;
  @ApiProperty({ nullable: true, type: Number }) readonly daviesBouldin!: number | null;
  @ApiProperty({ type: [Number] }) readonly clusterSizes!: number[];
  @ApiProperty({ type: Object, description: 'mean and scale (population sd) of log1p(R, F, M)' }) readonly scaler!: unknown;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'number' } }, description: 'k centroids in the scaled space' }) readonly centroids!: number[][];
  @ApiProperty({ type: [Object], description: 'per cluster: size, share, business name, scores, centroid in original units, R/F/M mean/median/min/max' })
  readonly profiles!: unknown[];

  static from(stored: StoredKMeansModel, activeVersion: number | null): KMeansModelDto {
    const m = stored.model;
    return {
      version: stored.version,
      active: stored.version === activeVersion,
      createdAt: stored.createdAt,
      asOf: stored.asOf,
      k: m.k,
      seed: m.seed,
      nInit: m.nInit,
      algorithm: m.algorithm,
      trainedOn: m.trainedOn,
      inertia: m.inertia,
      iterations: m.iterations,
      silhouette: Number.isFinite(m.silhouette) ? m.silhouette : null,
      daviesBouldin: Number.isFinite(m.daviesBouldin) ? m.daviesBouldin : null,
      clusterSizes: m.clusterSizes,
      scaler: m.scaler,
      centroids: m.centroids,
      profiles: m.profiles,
    };
  }
}

export class KMeansModelPageDto {
  @ApiProperty({ type: [KMeansModelDto] }) readonly items!: KMeansModelDto[];
  @ApiProperty({ nullable: true, type: Number }) readonly activeVersion!: number | null;
  @ApiPropertyOptional() readonly nextCursor?: string;
}

/** A cluster prediction. */
export class ClusterPredictionDto {
  @ApiProperty() readonly modelVersion!: number;
  @ApiProperty() readonly cluster!: number;
  @ApiProperty({ example: 'm1-c3', description: 'segment id of the cluster' }) readonly segment!: string;
  @ApiProperty({ example: 'champions', description: 'business name: the RFM segment of the centroid' }) readonly name!: string;
  @ApiProperty({ description: 'Euclidean distance to the centroid in the scaled space' }) readonly distance!: number;
  @ApiProperty({ description: '1 − d₁/d₂ with d₁, d₂ the distances to the nearest and second-nearest centroids: 1 at the centroid, 0 on the boundary; not a probability' })
  readonly confidence!: number;
  @ApiProperty({ type: Object }) readonly features!: { recencyDays: number; frequency: number; monetary: number };
  @ApiProperty({ type: Object, description: 'the cluster profile' }) readonly profile!: unknown;
  @ApiPropertyOptional({ format: 'date-time' }) readonly asOf?: string;
  @ApiPropertyOptional() readonly customerId?: string;
}
