import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors, ErrorSpec } from '../common/http/api-errors.decorator';
import { DEFAULT_PAGE_SIZE, Page, PageOf } from '../common/http/pagination';
import { ExperimentResponseDto } from './dto/experiment.response.dto';
import { ListExperimentsQueryDto, PowerQueryDto } from './dto/experiment-query.dto';
import { CreateExperimentDto, ExperimentKeyParam, FeedbackDto, QuickTestDto, UpdateExperimentDto } from './dto/experiment-request.dto';
import {
  ExperimentResultsDto,
  ExperimentStatusDto,
  FeedbackResultDto,
  ModelsResponseDto,
  PowerResultDto,
  RecomputeResultDto,
} from './dto/experiment-results.response.dto';
import { ExperimentAggregatesRecompute } from './experiment-aggregates-recompute.service';
import { ExperimentsService, QUICK_TEST_DEFAULTS } from './experiments.service';

const NOT_FOUND: ErrorSpec = [404, 'EXPERIMENT.NOT_FOUND'];
const START_CONFLICTS: ErrorSpec = [409, 'EXPERIMENT.ALREADY_RUNNING', 'EXPERIMENT.NOT_STARTABLE', 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED', 'EXPERIMENT.CONCURRENT_UPDATE'];
const STOP_CONFLICTS: ErrorSpec = [409, 'EXPERIMENT.NOT_RUNNING', 'EXPERIMENT.CONCURRENT_UPDATE'];

@ApiTags('experiments')
@ApiSecurity('api-key')
@ApiErrors(401, 403)
@Controller({ path: 'ab-tests', version: '1' })
export class ExperimentsController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly recomputer: ExperimentAggregatesRecompute,
  ) {}

  @Post()
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Create a draft experiment' })
  @ApiCreatedResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, [409, 'EXPERIMENT.ALREADY_EXISTS'], 503)
  async create(@Body() body: CreateExperimentDto): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.create(body));
  }

  @Get()
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Experiments newest first, with status; archived ones only with status=archived' })
  @ApiOkResponse({ type: PageOf(ExperimentResponseDto) })
  @ApiErrors(400, 503)
  async list(@Query() query: ListExperimentsQueryDto): Promise<Page<ExperimentResponseDto>> {
    const page = await this.experiments.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor, query.status);
    return { items: page.items.map(ExperimentResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post('quick-test')
  @RequireScope('analyst')
  @ApiOperation({
    summary: `Create and start Haiku (control) vs Sonnet (treatment); defaults trafficSplit ${QUICK_TEST_DEFAULTS.trafficSplit}, durationDays ${QUICK_TEST_DEFAULTS.durationDays}`,
  })
  @ApiCreatedResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, [409, 'EXPERIMENT.ALREADY_EXISTS', 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED', 'EXPERIMENT.CONCURRENT_UPDATE'], 503)
  async quickTest(@Body() body: QuickTestDto): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(
      await this.experiments.quickTest({
        analysisType: body.analysisType,
        trafficSplit: body.trafficSplit ?? QUICK_TEST_DEFAULTS.trafficSplit,
        durationDays: body.durationDays ?? QUICK_TEST_DEFAULTS.durationDays,
        controlModelId: body.controlModelId,
        treatmentModelId: body.treatmentModelId,
      }),
    );
  }

  @Get('models/available')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Models of the catalog with prices (USD per million tokens)' })
  @ApiOkResponse({ type: ModelsResponseDto })
  models(): ModelsResponseDto {
    return this.experiments.models();
  }

  @Get('power')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Sample size per variant for a minimum detectable effect' })
  @ApiOkResponse({ type: PowerResultDto })
  @ApiErrors(400)
  power(@Query() query: PowerQueryDto): PowerResultDto {
    return this.experiments.power(query);
  }

  @Get(':key')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'An experiment with its configuration and status' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, NOT_FOUND, 503)
  async get(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.get(key));
  }

  @Patch(':key')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Edit a draft (any create field but key; null removes hypothesis, namespace, durationDays, endsAt)' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, NOT_FOUND, [409, 'EXPERIMENT.NOT_DRAFT', 'EXPERIMENT.CONCURRENT_UPDATE'], 503)
  async update(@Param() { key }: ExperimentKeyParam, @Body() body: UpdateExperimentDto): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.update(key, body));
  }

  @Post(':key/archive')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a stopped experiment (left out of the default list; results stay readable)' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, NOT_FOUND, [409, 'EXPERIMENT.NOT_STOPPED', 'EXPERIMENT.CONCURRENT_UPDATE'], 503)
  async archive(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.archive(key));
  }

  @Post(':key/start')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a draft: assignment begins and its analysis types route to the variants' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, NOT_FOUND, START_CONFLICTS, 503)
  async start(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.start(key));
  }

  @Post(':key/stop')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop a running experiment: its analysis types return to the default model' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, NOT_FOUND, STOP_CONFLICTS, 503)
  async stop(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.stop(key));
  }

  @Put(':key/deactivate')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Same as POST /stop (kept for existing clients)' })
  @ApiOkResponse({ type: ExperimentResponseDto })
  @ApiErrors(400, NOT_FOUND, STOP_CONFLICTS, 503)
  async deactivate(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.stop(key));
  }

  @Get(':key/status')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Units and requests per variant, SRM and the current decision' })
  @ApiOkResponse({ type: ExperimentStatusDto })
  @ApiErrors(400, NOT_FOUND, 503)
  status(@Param() { key }: ExperimentKeyParam): Promise<ExperimentStatusDto> {
    return this.experiments.status(key);
  }

  @Get(':key/results')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Full statistics per metric and variant, decisions, SRM and the settings used' })
  @ApiOkResponse({ type: ExperimentResultsDto })
  @ApiErrors(400, NOT_FOUND, 503)
  results(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResultsDto> {
    return this.experiments.results(key);
  }

  @Post(':key/recompute')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild the aggregates from the raw events (stopped or draft experiments); results switch to the new generation at once' })
  @ApiOkResponse({ type: RecomputeResultDto })
  @ApiErrors(400, NOT_FOUND, [409, 'EXPERIMENT.RECOMPUTE_WHILE_RUNNING', 'EXPERIMENT.CONCURRENT_UPDATE'], 503)
  recompute(@Param() { key }: ExperimentKeyParam): Promise<RecomputeResultDto> {
    return this.recomputer.recompute(key);
  }

  @Post(':key/feedback')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rating (1–5) and/or thumbs for an analysis served by the experiment; once per kind and analysis' })
  @ApiOkResponse({ type: FeedbackResultDto })
  @ApiErrors(400, [404, 'EXPERIMENT.NOT_FOUND', 'EXPERIMENT.ANALYSIS_NOT_EXPOSED'], 503)
  feedback(@Param() { key }: ExperimentKeyParam, @Body() body: FeedbackDto): Promise<FeedbackResultDto> {
    return this.experiments.feedback(key, body.analysisId, {
      ...(body.rating !== undefined ? { rating: body.rating } : {}),
      ...(body.thumbs !== undefined ? { thumbsUp: body.thumbs === 'up' } : {}),
    });
  }
}
