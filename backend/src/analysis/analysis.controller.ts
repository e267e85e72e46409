import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { DEFAULT_PAGE_SIZE, Page, PageOf, PageQueryDto } from '../common/http/pagination';
import { CustomerIdParam } from '../customers/dto/customer-id.param';
import { NoPredictionError } from './analysis.errors';
import { AnalysisService } from './analysis.service';
import { ANALYSIS_TYPES } from './domain/analysis-type';
import { replenishmentAlerts } from './domain/replenishment';
import { AnalyzeBodyDto, AsOfQueryDto, ProductPredictionParams, RecommendationsQueryDto } from './dto/analysis-queries.dto';
import {
  AnalysisHistoryItemDto,
  AnalysisMetaDto,
  ConsumptionPredictionsResponseDto,
  CustomerProfileResponseDto,
  FullAnalysisResponseDto,
  ProductPredictionDto,
  PurchasePredictionResponseDto,
  RecommendationsResponseDto,
  ReplenishmentAlertsResponseDto,
} from './dto/analysis.response.dto';

const DEFAULT_RECOMMENDATIONS = 10;

@ApiTags('ai-analysis')
@ApiSecurity('api-key')
@ApiErrors(401, 403, 400, [404, 'CUSTOMER.NOT_FOUND'], 503)
@Controller({ path: 'customers/:id', version: '1' })
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Get('ai-analysis')
  @RequireScope('read')
  @ApiOperation({ summary: 'Every analysis of a customer (consumption predictions, profile, recommendations), from the cache when fresh' })
  @ApiOkResponse({ type: FullAnalysisResponseDto, description: 'consumption predictions, profile and recommendations' })
  async full(@Param() { id }: CustomerIdParam, @Query() q: AsOfQueryDto): Promise<FullAnalysisResponseDto> {
    const served = await this.analysis.analyzeMany(id, ANALYSIS_TYPES, { asOf: q.asOf });
    return FullAnalysisResponseDto.from(id, this.analysis.asOfMs(q.asOf), served, DEFAULT_RECOMMENDATIONS);
  }

  @Get('consumption-predictions')
  @RequireScope('read')
  @ApiOperation({ summary: 'When the customer will next buy each product, with the interval it is based on' })
  @ApiOkResponse({ type: ConsumptionPredictionsResponseDto })
  async consumption(@Param() { id }: CustomerIdParam, @Query() q: AsOfQueryDto): Promise<ConsumptionPredictionsResponseDto> {
    return ConsumptionPredictionsResponseDto.fromServed(await this.analysis.analyze(id, 'consumption_prediction', { asOf: q.asOf }));
  }

  @Get('customer-profile-analysis')
  @RequireScope('read')
  @ApiOperation({ summary: "The customer's profile: spending tier, purchase regularity, churn risk, key products" })
  @ApiOkResponse({ type: CustomerProfileResponseDto })
  async profile(@Param() { id }: CustomerIdParam, @Query() q: AsOfQueryDto): Promise<CustomerProfileResponseDto> {
    return CustomerProfileResponseDto.fromServed(await this.analysis.analyze(id, 'customer_profile', { asOf: q.asOf }));
  }

  @Get('ai-recommendations')
  @RequireScope('read')
  @ApiOperation({ summary: 'Products to offer the customer, best first (at most limit)' })
  @ApiOkResponse({ type: RecommendationsResponseDto })
  async recommendations(@Param() { id }: CustomerIdParam, @Query() q: RecommendationsQueryDto): Promise<RecommendationsResponseDto> {
    const served = await this.analysis.analyze(id, 'recommendations', { asOf: q.asOf });
    return RecommendationsResponseDto.fromServed(served, q.limit ?? DEFAULT_RECOMMENDATIONS);
  }

  @Get('replenishment-alerts')
  @RequireScope('read')
  @ApiOperation({ summary: 'Products the customer is due or overdue to buy again' })
  @ApiOkResponse({ type: ReplenishmentAlertsResponseDto })
  async alerts(@Param() { id }: CustomerIdParam, @Query() q: AsOfQueryDto): Promise<ReplenishmentAlertsResponseDto> {
    const served = await this.analysis.analyze(id, 'consumption_prediction', { asOf: q.asOf });
    return ReplenishmentAlertsResponseDto.fromAlerts(served, replenishmentAlerts(served.result.predictions, Date.parse(served.asOf)));
  }

  @Get('purchase-prediction/:productId')
  @RequireScope('read')
  @ApiOperation({ summary: 'The next-purchase prediction of one product' })
  @ApiOkResponse({ type: PurchasePredictionResponseDto, description: "a lapsed product answers with status 'lapsed'" })
  @ApiErrors([404, 'CUSTOMER.NOT_FOUND', 'ANALYSIS.NO_PREDICTION'])
  async purchasePrediction(@Param() { id, productId }: ProductPredictionParams, @Query() q: AsOfQueryDto): Promise<PurchasePredictionResponseDto> {
    const served = await this.analysis.analyze(id, 'consumption_prediction', { asOf: q.asOf });
    const prediction = [...served.result.predictions, ...(served.result.lapsed ?? [])].find((p) => p.productId === productId);
    if (!prediction) throw new NoPredictionError(id, productId);
    return { ...AnalysisMetaDto.meta(served), prediction: ProductPredictionDto.from(prediction, Date.parse(served.asOf)) };
  }

  @Post('analyze')
  @RequireScope('write')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run the chosen analyses afresh (cache bypassed; the results replace the cached ones)' })
  @ApiOkResponse({ type: FullAnalysisResponseDto, description: 'fresh analyses (cache bypassed; the result replaces the cached one)' })
  async analyze(@Param() { id }: CustomerIdParam, @Body() body: AnalyzeBodyDto): Promise<FullAnalysisResponseDto> {
    const types = body.analysisTypes ? ANALYSIS_TYPES.filter((t) => body.analysisTypes?.includes(t)) : ANALYSIS_TYPES;
    const served = await this.analysis.analyzeMany(id, types, { asOf: body.asOf, fresh: true });
    return FullAnalysisResponseDto.from(id, this.analysis.asOfMs(body.asOf), served, DEFAULT_RECOMMENDATIONS);
  }

  @Get('analysis-history')
  @RequireScope('read')
  @ApiOperation({ summary: 'Stored analyses of the customer, newest first' })
  @ApiOkResponse({ type: PageOf(AnalysisHistoryItemDto), description: 'newest first' })
  async history(@Param() { id }: CustomerIdParam, @Query() q: PageQueryDto): Promise<Page<AnalysisHistoryItemDto>> {
    const page = await this.analysis.history(id, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
    return { items: page.items.map(AnalysisHistoryItemDto.from), nextCursor: page.nextCursor };
  }
}
