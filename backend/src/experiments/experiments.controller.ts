import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { DEFAULT_PAGE_SIZE } from '../common/http/pagination';
import { ExperimentPageDto, ExperimentResponseDto } from './dto/experiment.response.dto';
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

const LIFECYCLE_ERRORS =
  '409 EXPERIMENT.ALREADY_RUNNING | EXPERIMENT.NOT_STARTABLE | EXPERIMENT.ANALYSIS_TYPE_CLAIMED | EXPERIMENT.NOT_RUNNING | EXPERIMENT.CONCURRENT_UPDATE; 404 EXPERIMENT.NOT_FOUND';

@ApiTags('experiments')
@ApiSecurity('api-key')
@Controller('v1/ab-tests')
export class ExperimentsController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly recomputer: ExperimentAggregatesRecompute,
  ) {}

  @Post()
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Create a draft experiment' })
  @ApiCreatedResponse({ type: ExperimentResponseDto, description: '400 VALIDATION.FAILED names every bad field; 409 EXPERIMENT.ALREADY_EXISTS' })
  async create(@Body() body: CreateExperimentDto): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.create(body));
  }

  @Get()
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Experiments newest first, with status; archived ones only with status=archived' })
  @ApiOkResponse({ type: ExperimentPageDto })
  async list(@Query() query: ListExperimentsQueryDto): Promise<ExperimentPageDto> {
    const page = await this.experiments.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor, query.status);
    return { items: page.items.map(ExperimentResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post('quick-test')
  @RequireScope('analyst')
  @ApiOperation({
    summary: `Create and start Haiku (control) vs Sonnet (treatment); defaults trafficSplit ${QUICK_TEST_DEFAULTS.trafficSplit}, durationDays ${QUICK_TEST_DEFAULTS.durationDays}`,
  })
  @ApiCreatedResponse({ type: ExperimentResponseDto, description: '409 EXPERIMENT.ANALYSIS_TYPE_CLAIMED when another experiment runs on the type' })
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
  @ApiOkResponse({ type: PowerResultDto, description: '400 VALIDATION.FAILED when the inputs make the calculation impossible' })
  power(@Query() query: PowerQueryDto): PowerResultDto {
    return this.experiments.power(query);
  }

  @Get(':key')
  @RequireScope('analyst')
  @ApiOkResponse({ type: ExperimentResponseDto })
  async get(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.get(key));
  }

  @Patch(':key')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Edit a draft (any create field but key; null removes hypothesis, namespace, durationDays, endsAt)' })
  @ApiOkResponse({
    type: ExperimentResponseDto,
    description: '400 VALIDATION.FAILED names every bad field; 409 EXPERIMENT.NOT_DRAFT | EXPERIMENT.CONCURRENT_UPDATE; 404 EXPERIMENT.NOT_FOUND',
  })
  async update(@Param() { key }: ExperimentKeyParam, @Body() body: UpdateExperimentDto): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.update(key, body));
  }

  @Post(':key/archive')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a stopped experiment (left out of the default list; results stay readable)' })
  @ApiOkResponse({ type: ExperimentResponseDto, description: '409 EXPERIMENT.NOT_STOPPED | EXPERIMENT.CONCURRENT_UPDATE; 404 EXPERIMENT.NOT_FOUND' })
  async archive(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.archive(key));
  }

  @Post(':key/start')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOkResponse({ type: ExperimentResponseDto, description: LIFECYCLE_ERRORS })
  async start(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.start(key));
  }

  @Post(':key/stop')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOkResponse({ type: ExperimentResponseDto, description: LIFECYCLE_ERRORS })
  async stop(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.stop(key));
  }

  @Put(':key/deactivate')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Same as POST /stop (kept for existing clients)' })
  @ApiOkResponse({ type: ExperimentResponseDto, description: LIFECYCLE_ERRORS })
  async deactivate(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResponseDto> {
    return ExperimentResponseDto.from(await this.experiments.stop(key));
  }

  @Get(':key/status')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Units and requests per variant, SRM and the current decision' })
  @ApiOkResponse({ type: ExperimentStatusDto, description: '404 EXPERIMENT.NOT_FOUND' })
  status(@Param() { key }: ExperimentKeyParam): Promise<ExperimentStatusDto> {
    return this.experiments.status(key);
  }

  @Get(':key/results')
  @RequireScope('analyst')
  @ApiOperation({ summary: 'Full statistics per metric and variant, decisions, SRM and the settings used' })
  @ApiOkResponse({ type: ExperimentResultsDto, description: '404 EXPERIMENT.NOT_FOUND' })
  results(@Param() { key }: ExperimentKeyParam): Promise<ExperimentResultsDto> {
    return this.experiments.results(key);
  }

  @Post(':key/recompute')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rebuild the aggregates from the raw events (stopped or draft experiments); results switch to the new generation at once' })
  @ApiOkResponse({ type: RecomputeResultDto, description: '409 EXPERIMENT.RECOMPUTE_WHILE_RUNNING | EXPERIMENT.CONCURRENT_UPDATE; 404 EXPERIMENT.NOT_FOUND' })
  recompute(@Param() { key }: ExperimentKeyParam): Promise<RecomputeResultDto> {
    return this.recomputer.recompute(key);
  }

  @Post(':key/feedback')
  @RequireScope('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rating (1–5) and/or thumbs for an analysis served by the experiment; once per kind and analysis' })
  @ApiOkResponse({ type: FeedbackResultDto, description: '404 EXPERIMENT.NOT_FOUND | EXPERIMENT.ANALYSIS_NOT_EXPOSED' })
  feedback(@Param() { key }: ExperimentKeyParam, @Body() body: FeedbackDto): Promise<FeedbackResultDto> {
    return this.experiments.feedback(key, body.analysisId, {
      ...(body.rating !== undefined ? { rating: body.rating } : {}),
      ...(body.thumbs !== undefined ? { thumbsUp: body.thumbs === 'up' } : {}),
    });
  }
}
