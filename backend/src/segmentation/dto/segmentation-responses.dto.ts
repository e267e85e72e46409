import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '../../common/http/pagination';
import { SEGMENT_SCHEMES } from '../domain/segment-schemes';
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

/** A page of model versions and the version that is active. */
export class KMeansModelListDto extends PageOf(KMeansModelDto) {
  @ApiProperty({ nullable: true, type: Number, description: 'the active version; null before any training' }) readonly activeVersion!: number | null;
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

const SCHEMES = [...SEGMENT_SCHEMES];
const SOURCES = ['batch', 'on-demand', 'manual'];

/** The eight-dimension rule profile of a `customerData` payload. */
export class RuleProfileResponseDto {
  @ApiProperty({ format: 'date-time', description: 'reference date of the profile' }) readonly asOf!: string;
  @ApiProperty({
    type: Object,
    description: 'one entry per dimension (labels in Turkish as the contract, English names under `display`) with the figures each label was decided on',
  })
  readonly analysis!: unknown;
}

/** A segment's share of customers and revenue in a run. */
export class SegmentShareDto {
  @ApiProperty({ example: 'champions' }) readonly segment!: string;
  @ApiProperty({ example: 'Champions' }) readonly name!: string;
  @ApiProperty() readonly customers!: number;
  @ApiProperty({ description: 'customers / all customers of the run (0..1)' }) readonly customerShare!: number;
  @ApiProperty({ description: 'revenue in the data currency' }) readonly revenue!: number;
  @ApiProperty({ description: 'revenue / revenue of the run (0..1)' }) readonly revenueShare!: number;
}

/** Customers and revenue per segment of the latest full run. */
export class SegmentOverviewDto {
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty() readonly runId!: string;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty({ format: 'date-time' }) readonly finishedAt!: string;
  @ApiProperty() readonly customers!: number;
  @ApiProperty() readonly revenue!: number;
  @ApiProperty({ type: [SegmentShareDto] }) readonly segments!: SegmentShareDto[];
}

/** Customers who moved from one segment to another between two runs. */
export class SegmentTransitionDto {
  @ApiProperty({ nullable: true, type: String, description: 'null: new customer' }) readonly from!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: gone' }) readonly to!: string | null;
  @ApiProperty() readonly customers!: number;
}

/** Migrations between two runs. */
export class SegmentMigrationsDto {
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null when the run has no previous run' }) readonly fromRunId!: string | null;
  @ApiProperty() readonly toRunId!: string;
  @ApiProperty() readonly customers!: number;
  @ApiProperty({ description: 'customers whose segment changed' }) readonly moved!: number;
  @ApiProperty({ type: [SegmentTransitionDto] }) readonly transitions!: SegmentTransitionDto[];
}

/** One entry of a customer's segment history. */
export class SegmentHistoryEntryDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty({ description: 'global order of entries; newest = highest' }) readonly sequence!: number;
  @ApiProperty({ enum: SOURCES }) readonly source!: string;
  @ApiProperty({ nullable: true, type: String }) readonly runId!: string | null;
  @ApiProperty({ format: 'date-time' }) readonly recordedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readonly asOf!: string | null;
  @ApiProperty({ type: Object, description: 'scheme → segment id' }) readonly segments!: Record<string, string>;
  @ApiPropertyOptional({ type: Object, description: 'manual moves: scheme → segment id before' }) readonly previous?: Record<string, string>;
  @ApiPropertyOptional() readonly reason?: string;
  @ApiPropertyOptional({ description: 'attempt of the batch job that wrote it (1 = first run)' }) readonly attempt?: number;
}

/** A current segment membership. */
export class SegmentMembershipDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty() readonly segment!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty({ enum: SOURCES }) readonly source!: string;
  @ApiProperty({ nullable: true, type: String, description: 'batch run that assigned it (null for on-demand and manual)' }) readonly runId!: string | null;
  @ApiProperty({ format: 'date-time' }) readonly assignedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'reference date of the figures; null for manual' }) readonly asOf!: string | null;
  @ApiProperty({ type: Object, description: 'scheme-specific figures (scores, cluster distance, rule labels)' }) readonly details!: Record<string, unknown>;
}

const MEMBERSHIPS_BY_SCHEME = {
  type: 'object',
  properties: Object.fromEntries(SCHEMES.map((scheme) => [scheme, { nullable: true, allOf: [{ $ref: '#/components/schemas/SegmentMembershipDto' }] }])),
  description: 'current segment per scheme; null where none',
} as const;

/** Current segments of a customer and its history. */
export class CustomerSegmentsDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty(MEMBERSHIPS_BY_SCHEME) readonly segments!: Record<string, SegmentMembershipDto | null>;
  @ApiProperty({ type: [SegmentHistoryEntryDto], description: 'newest first' }) readonly history!: SegmentHistoryEntryDto[];
}

/** RFM figures of an on-demand segmentation. */
export class CustomerRfmDto {
  @ApiProperty({ nullable: true, type: Number, description: 'days since the last purchase; null without purchases' }) readonly recencyDays!: number | null;
  @ApiProperty() readonly frequency!: number;
  @ApiProperty() readonly monetary!: number;
  @ApiProperty({ nullable: true, type: Object, description: 'quintile scores r, f, m (1..5) against the reference run; null with a reason' }) readonly scores!: unknown;
  @ApiProperty({ nullable: true, type: String }) readonly segment!: string | null;
  @ApiPropertyOptional({ description: 'why scores are null' }) readonly reason?: string;
}

/** Segments of one stored customer computed on demand. */
export class CustomerSegmentationDto extends CustomerSegmentsDto {
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty({ nullable: true, type: String, description: 'run whose quintile edges and median basket were used' }) readonly referenceRunId!: string | null;
  @ApiProperty({ type: CustomerRfmDto }) readonly rfm!: CustomerRfmDto;
  @ApiProperty({ nullable: true, type: Object, description: 'the eight-dimension rule profile; null without purchases' }) readonly profile!: unknown;
}

/** KPIs of a segment in a run. */
export class SegmentKpisDto {
  @ApiProperty() readonly customers!: number;
  @ApiProperty({ description: '0..1' }) readonly customerShare!: number;
  @ApiProperty() readonly revenue!: number;
  @ApiProperty({ description: '0..1' }) readonly revenueShare!: number;
  @ApiProperty() readonly orders!: number;
  @ApiProperty({ nullable: true, type: Number }) readonly averageOrderValue!: number | null;
  @ApiProperty({ nullable: true, type: Number }) readonly meanFrequency!: number | null;
  @ApiProperty({ nullable: true, type: Number }) readonly meanRecencyDays!: number | null;
  @ApiProperty({ nullable: true, type: Number }) readonly meanMonetary!: number | null;
  @ApiProperty({ description: 'buyers with recency > churnAfterDays' }) readonly churned!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'churned buyers / buyers; null without buyers' }) readonly churnShare!: number | null;
}

/** Change of a segment's KPIs against the previous run. */
export class SegmentTrendDto {
  @ApiProperty() readonly previousRunId!: string;
  @ApiProperty({ nullable: true, type: SegmentKpisDto, description: 'null when the segment was absent' }) readonly previous!: SegmentKpisDto | null;
  @ApiProperty() readonly customersChange!: number;
  @ApiProperty() readonly revenueChange!: number;
  @ApiProperty({ nullable: true, type: Number }) readonly churnShareChange!: number | null;
}

/** A segment's KPIs in the latest run and their trend. */
export class SegmentPerformanceDto extends SegmentKpisDto {
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty() readonly segment!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty() readonly runId!: string;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty() readonly churnAfterDays!: number;
  @ApiProperty({ nullable: true, type: SegmentTrendDto, description: 'null for the first run' }) readonly trend!: SegmentTrendDto | null;
}

/** The strategy for one current segment of a customer. */
export class SegmentRecommendationDto {
  @ApiProperty({ enum: SCHEMES }) readonly scheme!: string;
  @ApiProperty() readonly segment!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty({ enum: ['retention', 'upsell', 'win-back', 'reactivation', 'nurture', 'onboarding', 'vip-care'] }) readonly strategy!: string;
  @ApiProperty({ example: 'email' }) readonly channel!: string;
  @ApiProperty({ example: 'weekly' }) readonly cadence!: string;
  @ApiProperty() readonly offer!: string;
  @ApiProperty({ type: [String] }) readonly actions!: string[];
}

/** Strategies for the current segments of a customer. */
export class SegmentRecommendationsDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty({ type: [SegmentRecommendationDto] }) readonly recommendations!: SegmentRecommendationDto[];
}
