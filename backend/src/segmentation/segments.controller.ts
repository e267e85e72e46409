import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
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
import { ClusterPredictionDto, KMeansModelDto, KMeansModelPageDto } from './dto/segmentation-responses.dto';
import { KMeansModelsService } from './kmeans-models.service';
import { SegmentationService } from './segmentation.service';

@ApiTags('segmentation')
@ApiSecurity('api-key')
@Controller('v1/segments')
export class SegmentsController {
  constructor(
    private readonly segmentation: SegmentationService,
    private readonly models: KMeansModelsService,
  ) {}

  @Post('analyze')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOkResponse({
    description:
      'The eight-dimension rule profile (labels in Turkish as the contract, English names under `display`); 400 VALIDATION.FAILED naming every bad field of customerData',
  })
  analyze(@Body() body: AnalyzeCustomerDataDto): { asOf: string; analysis: unknown } {
    const { asOf, profile } = this.segmentation.analyze(body.customerData, body.asOf);
    return { asOf, analysis: profile };
  }

  @Post('kmeans/train')
  @RequireScope('write')
  @ApiCreatedResponse({ type: KMeansModelDto, description: 'fits on every stored customer (parallel scan); 422 KMEANS.NOT_ENOUGH_CUSTOMERS' })
  async train(@Body() body: TrainKMeansDto): Promise<KMeansModelDto> {
    const { stored, active } = await this.models.train(
      { k: body.k ?? 5, nInit: body.nInit ?? 10, seed: body.seed ?? 42, activate: body.activate ?? true },
      body.asOf ? parseIsoUtc(body.asOf) : undefined,
    );
    return KMeansModelDto.from(stored, active ? stored.version : null);
  }

  @Get('kmeans/models')
  @RequireScope('read')
  @ApiOkResponse({ type: KMeansModelPageDto, description: 'newest first' })
  async listModels(@Query() query: ModelsQueryDto): Promise<KMeansModelPageDto> {
    const page = await this.models.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
    return { items: page.items.map((m) => KMeansModelDto.from(m, page.activeVersion)), activeVersion: page.activeVersion, nextCursor: page.nextCursor };
  }

  @Post('kmeans/predict')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOkResponse({ type: ClusterPredictionDto, description: '422 KMEANS.NO_ACTIVE_MODEL before any training' })
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
  @ApiOkResponse({ type: ClusterPredictionDto, description: '404 CUSTOMER.NOT_FOUND; 422 KMEANS.NO_ACTIVE_MODEL or SEGMENT.NO_PURCHASES' })
  predictCustomer(@Body() body: PredictCustomerClusterDto): Promise<ClusterPredictionDto> {
    return this.segmentation.predictCustomer(body.customerId, body.asOf ? parseIsoUtc(body.asOf) : undefined, body.modelVersion);
  }
}
