import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { parseIsoUtc } from '../common/domain/time';
import { CustomerIdParam } from '../customers/dto/customer-id.param';
import { SegmentationBatchService } from './batch/segmentation-batch.service';
import { BatchJobLauncher } from './batch-job.launcher';
import {
  AsOfDto,
  CustomerSegmentQueryDto,
  JobIdParam,
  MigrateSegmentDto,
  MigrationsQueryDto,
  SchemeQueryDto,
  SegmentIdParam,
  StartBatchDto,
} from './dto/segmentation-requests.dto';
import {
  CustomerSegmentationDto,
  CustomerSegmentsDto,
  SegmentationJobDto,
  SegmentHistoryEntryDto,
  SegmentMigrationsDto,
  SegmentOverviewDto,
  SegmentPerformanceDto,
  SegmentRecommendationsDto,
} from './dto/segmentation-responses.dto';
import { CustomerSegmentationResult, CustomerSegmentsView, SegmentationService } from './segmentation.service';
import { SegmentStrategy } from './segment-strategies';
import { SegmentHistoryEntry } from './segmentation.repository';

@ApiTags('segmentation')
@ApiSecurity('api-key')
@ApiErrors(401, 403, 400, 503)
@Controller({ path: 'customers', version: '1' })
export class CustomerSegmentsController {
  constructor(
    private readonly segmentation: SegmentationService,
    private readonly batch: SegmentationBatchService,
    private readonly launcher: BatchJobLauncher,
  ) {}

  @Post('segmentation/batch')
  @HttpCode(202)
  @RequireScope('write')
  @ApiOperation({ summary: 'Start a batch segmentation job over every customer (or the given ones)' })
  @ApiAcceptedResponse({ type: SegmentationJobDto, description: 'job started in the background (on AWS: queued for the batch function)' })
  @ApiErrors([409, 'SEGMENTATION_JOB.ALREADY_RUNNING'], [503, 'STORAGE.UNAVAILABLE', 'BATCH_FUNCTION.UNAVAILABLE'])
  async startBatch(@Body() body: StartBatchDto): Promise<SegmentationJobDto> {
    return SegmentationJobDto.from(await this.launcher.start({ customerIds: body.customerIds, asOf: body.asOf }));
  }

  @Get('segmentation/batch/:jobId')
  @RequireScope('read')
  @ApiOperation({ summary: 'Status, phase and progress of a batch segmentation job' })
  @ApiOkResponse({ type: SegmentationJobDto })
  @ApiErrors([404, 'SEGMENTATION_JOB.NOT_FOUND'])
  async job(@Param() { jobId }: JobIdParam): Promise<SegmentationJobDto> {
    return SegmentationJobDto.from(await this.batch.get(jobId));
  }

  @Post('segmentation/batch/:jobId/resume')
  @HttpCode(202)
  @RequireScope('write')
  @ApiOperation({ summary: 'Continue a failed or interrupted batch job from its checkpoint' })
  @ApiAcceptedResponse({ type: SegmentationJobDto, description: 'continues a failed or interrupted job from its checkpoint' })
  @ApiErrors(
    [404, 'SEGMENTATION_JOB.NOT_FOUND'],
    [409, 'SEGMENTATION_JOB.ALREADY_COMPLETED', 'SEGMENTATION_JOB.ALREADY_RUNNING'],
    [503, 'STORAGE.UNAVAILABLE', 'BATCH_FUNCTION.UNAVAILABLE'],
  )
  async resume(@Param() { jobId }: JobIdParam): Promise<SegmentationJobDto> {
    return SegmentationJobDto.from(await this.launcher.resume(jobId));
  }

  @Get('segments/overview')
  @RequireScope('read')
  @ApiOperation({ summary: 'Customers and revenue per segment of the latest full batch run' })
  @ApiOkResponse({ type: SegmentOverviewDto })
  @ApiErrors([404, 'SEGMENTATION_RUN.NOT_FOUND'])
  async overview(@Query() { scheme = 'rfm' }: SchemeQueryDto): Promise<Record<string, unknown>> {
    const { run, customers, revenue, segments } = await this.segmentation.overview(scheme);
    return { scheme, runId: run.runId, asOf: run.asOf, finishedAt: run.finishedAt, customers, revenue, segments };
  }

  @Get('segments/migrations')
  @RequireScope('read')
  @ApiOperation({ summary: 'From → to customer counts between two runs (default: the latest and its previous run)' })
  @ApiOkResponse({ type: SegmentMigrationsDto, description: '`from: null` = new customer, `to: null` = gone' })
  @ApiErrors([404, 'SEGMENTATION_RUN.NOT_FOUND'])
  async migrations(@Query() q: MigrationsQueryDto): Promise<Record<string, unknown>> {
    const scheme = q.scheme ?? 'rfm';
    return { scheme, ...(await this.segmentation.migrations(scheme, q.fromRun, q.toRun)) };
  }

  @Post('segments/migrate')
  @RequireScope('write')
  @ApiOperation({ summary: 'Move a customer to another segment by hand (recorded in the history with its reason)' })
  @ApiCreatedResponse({ type: SegmentHistoryEntryDto, description: 'the history entry of the manual reassignment (source manual)' })
  @ApiErrors([404, 'CUSTOMER.NOT_FOUND'])
  migrate(@Body() body: MigrateSegmentDto): Promise<SegmentHistoryEntry> {
    return this.segmentation.migrate(body.customerId, body.scheme, body.toSegment, body.reason);
  }

  @Get('segments/:segmentId/performance')
  @RequireScope('read')
  @ApiOperation({ summary: 'KPIs of a segment in the latest run and their change against the previous run' })
  @ApiOkResponse({
    type: SegmentPerformanceDto,
    description: 'size, revenue, AOV, mean frequency and recency, churn share (recency > churnAfterDays) and change vs the previous run',
  })
  @ApiErrors([404, 'SEGMENTATION_RUN.NOT_FOUND', 'SEGMENT.NOT_FOUND'])
  async performance(@Param() { segmentId }: SegmentIdParam, @Query() { scheme = 'rfm' }: SchemeQueryDto): Promise<Record<string, unknown>> {
    const { run, name, kpis, trend } = await this.segmentation.performance(scheme, segmentId);
    return { scheme, segment: segmentId, name, runId: run.runId, asOf: run.asOf, churnAfterDays: run.churnAfterDays, ...kpis, trend };
  }

  @Post(':id/segmentation')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOperation({ summary: "Compute and store a customer's segments from its stored orders now" })
  @ApiOkResponse({ type: CustomerSegmentationDto, description: 'segments computed from the stored orders and stored (source on-demand)' })
  @ApiErrors([404, 'CUSTOMER.NOT_FOUND'])
  segmentCustomer(@Param() { id }: CustomerIdParam, @Body() body: AsOfDto): Promise<CustomerSegmentationResult> {
    return this.segmentation.segmentCustomer(id, body.asOf ? parseIsoUtc(body.asOf) : undefined);
  }

  @Get(':id/segment')
  @RequireScope('read')
  @ApiOperation({ summary: "A customer's current segment per scheme and its segment history" })
  @ApiOkResponse({ type: CustomerSegmentsDto, description: 'current segment per scheme (null where none) and history newest first' })
  @ApiErrors([404, 'CUSTOMER.NOT_FOUND'])
  segment(@Param() { id }: CustomerIdParam, @Query() q: CustomerSegmentQueryDto): Promise<CustomerSegmentsView> {
    return this.segmentation.currentSegments(id, q.historyLimit ?? 20);
  }

  @Get(':id/segment-recommendations')
  @RequireScope('read')
  @ApiOperation({ summary: "Strategy, channel, cadence and offer for each of a customer's current segments" })
  @ApiOkResponse({ type: SegmentRecommendationsDto })
  @ApiErrors([404, 'CUSTOMER.NOT_FOUND', 'SEGMENT.NOT_FOUND'])
  recommendations(@Param() { id }: CustomerIdParam): Promise<{ customerId: string; recommendations: (SegmentStrategy & { scheme: string; segment: string; name: string })[] }> {
    return this.segmentation.recommendations(id);
  }
}
