import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { parseIsoUtc } from '../common/domain/time';
import { DEFAULT_PAGE_SIZE } from '../common/http/pagination';
import { clusterSegmentId } from './domain/segment-schemes';
import {
  AnalyzeCustomerDataDto,
  ModelsQueryDto,
  PredictClusterDto,
  PredictCustomerClusterDto,
  TrainKMeansDto,
} from './dto/segmentation-requests.dto';
import { ClusterPredictionDto, KMeansModelDto, KMeansModelListDto, RuleProfileResponseDto } from './dto/segmentation-responses.dto';
import { KMeansModelsService } from './kmeans-models.service';
import { SegmentationService } from './segmentation.service';

@ApiTags('segmentation')
@ApiSecurity('api-key')
@ApiErrors(401, 403, 400)
@Controller({ path: 'segments', version: '1' })
export class SegmentsController {
  constructor(
    private readonly segmentation: SegmentationService,
    private readonly models: KMeansModelsService,
  ) {}

  @Post('analyze')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({ summary: 'The eight-dimension rule profile of a customerData payload (nothing is read or stored)' })
  @ApiOkResponse({
    type: RuleProfileResponseDto,
    description: 'The eight-dimension rule profile (labels in Turkish as the contract, English names under `display`); a 400 names every bad field of customerData',
  })
  analyze(@Body() body: AnalyzeCustomerDataDto): { asOf: string; analysis: unknown } {
    const { asOf, profile } = this.segmentation.analyze(body.customerData, body.asOf);
    return { asOf, analysis: profile };
  }

  @Post('kmeans/train')
  @RequireScope('write')
  @ApiOperation({ summary: 'Fit a K-Means model on every stored customer (parallel scan) and store it as a new version' })
  @ApiCreatedResponse({ type: KMeansModelDto, description: 'fits on every stored customer (parallel scan)' })
  @ApiErrors([422, 'KMEANS.NOT_ENOUGH_CUSTOMERS'], 503)
  async train(@Body() body: TrainKMeansDto): Promise<KMeansModelDto> {
    const { stored, active } = await this.models.train(
      { k: body.k ?? 5, nInit: body.nInit ?? 10, seed: body.seed ?? 42, activate: body.activate ?? true },
      body.asOf ? parseIsoUtc(body.asOf) : undefined,
    );
    return KMeansModelDto.from(stored, active ? stored.version : null);
  }

  @Get('kmeans/models')
  @RequireScope('read')
  @ApiOperation({ summary: 'K-Means model versions newest first, with the active version' })
  @ApiOkResponse({ type: KMeansModelListDto, description: 'newest first' })
  @ApiErrors(503)
  async listModels(@Query() query: ModelsQueryDto): Promise<KMeansModelListDto> {
    const page = await this.models.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
    return { items: page.items.map((m) => KMeansModelDto.from(m, page.activeVersion)), activeVersion: page.activeVersion, nextCursor: page.nextCursor };
  }

  @Post('kmeans/predict')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({ summary: 'The cluster of given recency, frequency and monetary figures under the active (or given) model' })
  @ApiOkResponse({ type: ClusterPredictionDto })
  @ApiErrors([404, 'KMEANS.MODEL_NOT_FOUND'], [422, 'KMEANS.NO_ACTIVE_MODEL'], 503)
  async predict(@Body() body: PredictClusterDto): Promise<ClusterPredictionDto> {
    const stored = await this.models.resolve(body.modelVersion);
    const features = { recencyDays: body.recency, frequency: body.frequency, monetary: body.monetary };
    const p = this.models.predict(stored, features);
    return {
      modelVersion: stored.version,
      cluster: p.cluster,
      segment: clusterSegmentId(stored.version, p.cluster),
      name: p.name,
      distance: p.distance,
      confidence: p.confidence,
      features,
      profile: p.profile,
    };
  }

  @Post('kmeans/predict-customer')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({ summary: "The cluster of a stored customer's RFM figures as of asOf" })
  @ApiOkResponse({ type: ClusterPredictionDto })
  @ApiErrors([404, 'CUSTOMER.NOT_FOUND', 'KMEANS.MODEL_NOT_FOUND'], [422, 'KMEANS.NO_ACTIVE_MODEL', 'SEGMENT.NO_PURCHASES'], 503)
  predictCustomer(@Body() body: PredictCustomerClusterDto): Promise<ClusterPredictionDto> {
    return this.segmentation.predictCustomer(body.customerId, body.asOf ? parseIsoUtc(body.asOf) : undefined, body.modelVersion);
  }
}
