import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
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
import { SegmentationJobDto } from './dto/segmentation-responses.dto';
import { CustomerSegmentationResult, CustomerSegmentsView, SegmentationService } from './segmentation.service';
import { SegmentStrategy } from './segment-strategies';
import { SegmentHistoryEntry } from './segmentation.repository';

@ApiTags('segmentation')
@ApiSecurity('api-key')
@Controller('v1/customers')
export class CustomerSegmentsController {
  constructor(
    private readonly segmentation: SegmentationService,
    private readonly batch: SegmentationBatchService,
    private readonly launcher: BatchJobLauncher,
  ) {}

  @Post('segmentation/batch')
  @HttpCode(202)
  @RequireScope('write')
  @ApiAcceptedResponse({ type: SegmentationJobDto, description: 'job started in the background (on AWS: queued for the batch function); 409 SEGMENTATION_JOB.ALREADY_RUNNING; 503 BATCH_FUNCTION.UNAVAILABLE' })
  async startBatch(@Body() body: StartBatchDto): Promise<SegmentationJobDto> {
    return SegmentationJobDto.from(await this.launcher.start({ customerIds: body.customerIds, asOf: body.asOf }));
  }

  @Get('segmentation/batch/:jobId')
  @RequireScope('read')
  @ApiOkResponse({ type: SegmentationJobDto, description: '404 SEGMENTATION_JOB.NOT_FOUND' })
  async job(@Param() { jobId }: JobIdParam): Promise<SegmentationJobDto> {
    return SegmentationJobDto.from(await this.batch.get(jobId));
  }

  @Post('segmentation/batch/:jobId/resume')
  @HttpCode(202)
  @RequireScope('write')
  @ApiAcceptedResponse({ type: SegmentationJobDto, description: 'continues a failed or interrupted job from its checkpoint; 409 when completed or running' })
  async resume(@Param() { jobId }: JobIdParam): Promise<SegmentationJobDto> {
    return SegmentationJobDto.from(await this.launcher.resume(jobId));
  }

  @Get('segments/overview')
  @RequireScope('read')
  @ApiOkResponse({ description: 'customers and revenue per segment of the latest full batch run; 404 SEGMENTATION_RUN.NOT_FOUND before the first run' })
  async overview(@Query() { scheme = 'rfm' }: SchemeQueryDto): Promise<Record<string, unknown>> {
    const { run, customers, revenue, segments } = await this.segmentation.overview(scheme);
    return { scheme, runId: run.runId, asOf: run.asOf, finishedAt: run.finishedAt, customers, revenue, segments };
  }

  @Get('segments/migrations')
  @RequireScope('read')
  @ApiOkResponse({ description: 'from → to counts between two runs (default: the latest and its previous run); `from: null` = new customer, `to: null` = gone' })
  async migrations(@Query() q: MigrationsQueryDto): Promise<Record<string, unknown>> {
    const scheme = q.scheme ?? 'rfm';
    return { scheme, ...(await this.segmentation.migrations(scheme, q.fromRun, q.toRun)) };
  }

  @Post('segments/migrate')
  @RequireScope('write')
  @ApiCreatedResponse({ description: 'the history entry of the manual reassignment (source manual)' })
  migrate(@Body() body: MigrateSegmentDto): Promise<SegmentHistoryEntry> {
    return this.segmentation.migrate(body.customerId, body.scheme, body.toSegment, body.reason);
  }

  @Get('segments/:segmentId/performance')
  @RequireScope('read')
  @ApiOkResponse({ description: 'size, revenue, AOV, mean frequency and recency, churn share (recency > churnAfterDays) and change vs the previous run; 404 SEGMENT.NOT_FOUND' })
  async performance(@Param() { segmentId }: SegmentIdParam, @Query() { scheme = 'rfm' }: SchemeQueryDto): Promise<Record<string, unknown>> {
    const { run, name, kpis, trend } = await this.segmentation.performance(scheme, segmentId);
    return { scheme, segment: segmentId, name, runId: run.runId, asOf: run.asOf, churnAfterDays: run.churnAfterDays, ...kpis, trend };
  }

  @Post(':id/segmentation')
  @HttpCode(200)
  @RequireScope('write')
  @ApiOkResponse({ description: 'segments computed from the stored orders and stored (source on-demand)' })
  segmentCustomer(@Param() { id }: CustomerIdParam, @Body() body: AsOfDto): Promise<CustomerSegmentationResult> {
    return this.segmentation.segmentCustomer(id, body.asOf ? parseIsoUtc(body.asOf) : undefined);
  }

  @Get(':id/segment')
  @RequireScope('read')
  @ApiOkResponse({ description: 'current segment per scheme (null where none) and history newest first' })
  segment(@Param() { id }: CustomerIdParam, @Query() q: CustomerSegmentQueryDto): Promise<CustomerSegmentsView> {
    return this.segmentation.currentSegments(id, q.historyLimit ?? 20);
  }

  @Get(':id/segment-recommendations')
  @RequireScope('read')
  @ApiOkResponse({ description: 'strategy, channel, cadence and offer per current segment; 404 SEGMENT.NOT_FOUND without stored segments' })
  recommendations(@Param() { id }: CustomerIdParam): Promise<{ customerId: string; recommendations: (SegmentStrategy & { scheme: string; segment: string; name: string })[] }> {
    return this.segmentation.recommendations(id);
  }
}
