import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { roundMoney, roundTo } from '../../common/domain/money';
import { ANALYSIS_TYPES, AnalysisType } from '../domain/analysis-type';
import { ConsumptionResult, NextOrderPrediction, PREDICTION_STATUSES, PredictionStatus, ProductPrediction } from '../domain/consumption-analyzer';
import { CostAggregate, CostTotals } from '../domain/cost-aggregation';
import { ProfileResult } from '../domain/profile-analyzer';
import { Recommendation, RECOMMENDATION_KINDS, RecommendationsResult } from '../domain/recommendation-analyzer';
import { dueInDays, ReplenishmentAlert } from '../domain/replenishment';
import { StoredAnalysis } from '../analysis.repository';
import { CostReport, ServedAnalysis } from '../analysis.service';

const r1 = (x: number | null) => (x === null ? null : roundTo(x, 1));
const r3 = (x: number) => roundTo(x, 3);

export class ExperimentDto {
  @ApiProperty() readonly key!: string;
  @ApiProperty() readonly variant!: string;
}

/** What the served analysis cost when it was computed (a cached response spends nothing itself). */
export class OriginalCostDto {
  @ApiProperty({ description: 'input tokens spent computing the analysis' }) readonly inputTokens!: number;
  @ApiProperty({ description: 'output tokens spent computing the analysis' }) readonly outputTokens!: number;
  @ApiProperty({ description: 'model cost of computing the analysis in USD (6 decimals)' }) readonly costUsd!: number;
  @ApiProperty({ format: 'date-time', description: 'when it was computed' }) readonly generatedAt!: string;
}

/** What every analysis response says about how it was produced. */
export class AnalysisMetaDto {
  @ApiProperty({ format: 'uuid' }) readonly analysisId!: string;
  @ApiProperty() readonly customerId!: string;
  @ApiProperty({ enum: ANALYSIS_TYPES }) readonly analysisType!: AnalysisType;
  @ApiProperty({ format: 'date-time', description: 'reference instant; orders after it are ignored' }) readonly asOf!: string;
  @ApiProperty({ format: 'date-time', description: 'when the analysis was computed' }) readonly generatedAt!: string;
  @ApiProperty({ enum: ['bedrock', 'rules'] }) readonly source!: 'bedrock' | 'rules';
  @ApiProperty({ nullable: true, type: String, description: 'model that answered, or was asked before the rules answered; null when none was asked' })
  readonly modelId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'why the rules answered: llm_not_configured | llm_error:<errorClass> | invalid_output:<reason> | circuit_open',
  })
  readonly reason!: string | null;
  @ApiProperty() readonly promptId!: string;
  @ApiProperty() readonly promptVersion!: string;
  @ApiProperty({ description: 'served from the cache: no model call by this request' }) readonly cached!: boolean;
  @ApiProperty({ description: 'input tokens spent by this request' }) readonly inputTokens!: number;
  @ApiProperty({ description: 'output tokens spent by this request' }) readonly outputTokens!: number;
  @ApiProperty({ description: 'model cost of this request in USD (6 decimals)' }) readonly costUsd!: number;
  @ApiProperty({ description: 'time to serve this request in ms' }) readonly latencyMs!: number;
  @ApiProperty({
    type: OriginalCostDto,
    description: 'tokens and cost of computing the analysis, and when; the same as this request when not cached',
  })
  readonly original!: OriginalCostDto;
  @ApiProperty({ type: ExperimentDto, nullable: true, description: 'experiment and variant that served it; null outside experiments' })
  readonly experiment!: ExperimentDto | null;
  @ApiProperty({ type: [String], description: "product ids of the model answer dropped because they are not in the customer's history" })
  readonly droppedProductIds!: string[];

  static meta(a: ServedAnalysis): AnalysisMetaDto {
    return {
      analysisId: a.analysisId,
      customerId: a.customerId,
      analysisType: a.analysisType,
      asOf: a.asOf,
      generatedAt: a.generatedAt,
      source: a.source,
      modelId: a.modelId,
      reason: a.reason,
      promptId: a.promptId,
      promptVersion: a.promptVersion,
      cached: a.cached,
      inputTokens: a.requestUsage.inputTokens,
      outputTokens: a.requestUsage.outputTokens,
      costUsd: roundTo(a.requestCostUsd, 6),
      latencyMs: Math.round(a.requestLatencyMs),
      original: { inputTokens: a.usage.inputTokens, outputTokens: a.usage.outputTokens, costUsd: roundTo(a.costUsd, 6), generatedAt: a.generatedAt },
      experiment: a.experiment,
      droppedProductIds: [...a.droppedProductIds],
    };
  }
}

export class ProductPredictionDto {
  @ApiProperty() readonly productId!: string;
  @ApiProperty({ nullable: true, type: String, description: "from the customer's orders" }) readonly description!: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly category!: string | null;
  @ApiProperty({ description: 'distinct days the product was bought on' }) readonly purchaseDays!: number;
  @ApiProperty({ format: 'date-time' }) readonly lastPurchasedAt!: string;
  @ApiProperty({ nullable: true, type: Number }) readonly meanIntervalDays!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'coefficient of variation of the intervals' }) readonly intervalCv!: number | null;
  @ApiProperty({ format: 'date-time' }) readonly predictedNextPurchaseAt!: string;
  @ApiProperty({ description: 'days from asOf to the predicted purchase; negative when overdue' }) readonly dueInDays!: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'decayed for lapsed products' }) readonly confidence!: number;
  @ApiProperty() readonly rationale!: string;
  @ApiProperty({
    enum: PREDICTION_STATUSES,
    description: 'as of asOf: upcoming (not yet due), overdue (past due), lapsed (no purchase for more than max(3·E, E + horizon) days, E = expected interval)',
  })
  readonly status!: PredictionStatus;
  @ApiProperty({ enum: ['bedrock', 'rules'], description: 'engine of this item: a model answer is completed with rule predictions' })
  readonly source!: 'bedrock' | 'rules';

  static from(p: ProductPrediction, asOfMs: number): ProductPredictionDto {
    return {
      ...p,
      meanIntervalDays: r1(p.meanIntervalDays),
      intervalCv: p.intervalCv === null ? null : r3(p.intervalCv),
      dueInDays: roundTo(dueInDays(p, asOfMs), 1),
      confidence: r3(p.confidence),
    };
  }
}

export class NextOrderDto {
  @ApiProperty() readonly expectedIntervalDays!: number;
  @ApiProperty({ format: 'date-time' }) readonly predictedNextPurchaseAt!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) readonly confidence!: number;

  static from(n: NextOrderPrediction | null): NextOrderDto | null {
    return n && { expectedIntervalDays: roundTo(n.expectedIntervalDays, 1), predictedNextPurchaseAt: n.predictedNextPurchaseAt, confidence: r3(n.confidence) };
  }
}

export class ConsumptionPredictionsResponseDto extends AnalysisMetaDto {
  @ApiProperty({ type: NextOrderDto, nullable: true }) readonly nextOrder!: NextOrderDto | null;
  @ApiProperty({ type: [ProductPredictionDto], description: 'regular products still bought (upcoming or overdue), most confident first' })
  readonly predictions!: ProductPredictionDto[];
  @ApiProperty({ type: [ProductPredictionDto], description: 'regular products the customer stopped buying (status lapsed, decayed confidence), most confident first' })
  readonly lapsed!: ProductPredictionDto[];

  static fromServed(a: ServedAnalysis<ConsumptionResult>): ConsumptionPredictionsResponseDto {
    const asOfMs = Date.parse(a.asOf);
    return {
      ...AnalysisMetaDto.meta(a),
      nextOrder: NextOrderDto.from(a.result.nextOrder),
      predictions: a.result.predictions.map((p) => ProductPredictionDto.from(p, asOfMs)),
      lapsed: (a.result.lapsed ?? []).map((p) => ProductPredictionDto.from(p, asOfMs)),
    };
  }
}

export class PurchasePredictionResponseDto extends AnalysisMetaDto {
  @ApiProperty({ type: ProductPredictionDto }) readonly prediction!: ProductPredictionDto;
}

export class ReplenishmentAlertsResponseDto extends AnalysisMetaDto {
  @ApiProperty({ type: [ProductPredictionDto], description: 'due within 1 day (or overdue) with confidence > 0.7' }) readonly urgent!: ProductPredictionDto[];
  @ApiProperty({ type: [ProductPredictionDto], description: 'due within 7 days with confidence > 0.6' }) readonly upcoming!: ProductPredictionDto[];

  static fromAlerts(a: ServedAnalysis, alerts: { urgent: ReplenishmentAlert[]; upcoming: ReplenishmentAlert[] }): ReplenishmentAlertsResponseDto {
    const asOfMs = Date.parse(a.asOf);
    return {
      ...AnalysisMetaDto.meta(a),
      urgent: alerts.urgent.map((x) => ProductPredictionDto.from(x.prediction, asOfMs)),
      upcoming: alerts.upcoming.map((x) => ProductPredictionDto.from(x.prediction, asOfMs)),
    };
  }
}

export class CustomerProfileResponseDto extends AnalysisMetaDto {
  @ApiProperty({
    type: Object,
    description:
      'facts (computed from the orders: orders, totalSpent, averageOrderValue, spendPer30Days, recencyDays, intervals, topProducts, topCategories, spend trend), spendingTier, purchaseRegularity, churnRisk, keyProductIds, insights, summary',
  })
  readonly profile!: ProfileResult;

  static fromServed(a: ServedAnalysis<ProfileResult>): CustomerProfileResponseDto {
    const f = a.result.facts;
    const money = (x: number | null) => (x === null ? null : roundMoney(x));
    return {
      ...AnalysisMetaDto.meta(a),
      profile: {
        ...a.result,
        facts: {
          ...f,
          totalSpent: roundMoney(f.totalSpent),
          averageOrderValue: money(f.averageOrderValue),
          spendPer30Days: roundMoney(f.spendPer30Days),
          ordersPer30Days: f.ordersPer30Days === null ? null : r3(f.ordersPer30Days),
          intervalMeanDays: r1(f.intervalMeanDays),
          intervalMedianDays: r1(f.intervalMedianDays),
          intervalCv: f.intervalCv === null ? null : r3(f.intervalCv),
          expectedIntervalDays: r1(f.expectedIntervalDays),
          averageBasketSize: r1(f.averageBasketSize),
          spendLast90Days: roundMoney(f.spendLast90Days),
          spendPrevious90Days: roundMoney(f.spendPrevious90Days),
          topProducts: f.topProducts.map((p) => ({ ...p, totalSpent: roundMoney(p.totalSpent) })),
          topCategories: f.topCategories.map((c) => ({ ...c, spendShare: r3(c.spendShare) })),
        },
      },
    };
  }
}

export class RecommendationDto {
  @ApiProperty() readonly rank!: number;
  @ApiProperty() readonly productId!: string;
  @ApiProperty({ nullable: true, type: String, description: "from the customer's orders" }) readonly description!: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly category!: string | null;
  @ApiProperty({ enum: RECOMMENDATION_KINDS, description: 'win_back: a regular product the customer stopped buying (ranks below due replenishments)' })
  readonly kind!: Recommendation['kind'];
  @ApiProperty({ minimum: 0, maximum: 1 }) readonly score!: number;
  @ApiProperty() readonly reason!: string;
}

export class RecommendationsResponseDto extends AnalysisMetaDto {
  @ApiProperty({ type: [RecommendationDto], description: 'best first' }) readonly recommendations!: RecommendationDto[];

  static fromServed(a: ServedAnalysis<RecommendationsResult>, limit: number): RecommendationsResponseDto {
    return { ...AnalysisMetaDto.meta(a), recommendations: a.result.items.slice(0, limit).map((r) => ({ ...r, score: r3(r.score) })) };
  }
}

export class FullAnalysisResponseDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty({ enum: ['bedrock', 'rules', 'mixed'], description: 'bedrock or rules when every part agrees' }) readonly source!: 'bedrock' | 'rules' | 'mixed';
  @ApiProperty({ description: 'every part served from the cache' }) readonly cached!: boolean;
  @ApiProperty() readonly inputTokens!: number;
  @ApiProperty() readonly outputTokens!: number;
  @ApiProperty({ description: 'USD, 6 decimals' }) readonly costUsd!: number;
  @ApiProperty({ description: 'slowest part, ms (parts run concurrently)' }) readonly latencyMs!: number;
  @ApiPropertyOptional({ type: ConsumptionPredictionsResponseDto }) readonly consumptionPredictions?: ConsumptionPredictionsResponseDto;
  @ApiPropertyOptional({ type: CustomerProfileResponseDto }) readonly customerProfile?: CustomerProfileResponseDto;
  @ApiPropertyOptional({ type: RecommendationsResponseDto }) readonly recommendations?: RecommendationsResponseDto;

  static from(customerId: string, asOfMs: number, served: Map<AnalysisType, ServedAnalysis>, recommendationLimit: number): FullAnalysisResponseDto {
    const parts = [...served.values()];
    const sources = new Set(parts.map((p) => p.source));
    const consumption = served.get('consumption_prediction');
    const profile = served.get('customer_profile');
    const recommendations = served.get('recommendations');
    return {
      customerId,
      asOf: new Date(asOfMs).toISOString(),
      source: sources.size === 1 ? parts[0].source : 'mixed',
      cached: parts.every((p) => p.cached),
      inputTokens: parts.reduce((s, p) => s + p.requestUsage.inputTokens, 0),
      outputTokens: parts.reduce((s, p) => s + p.requestUsage.outputTokens, 0),
      costUsd: roundTo(parts.reduce((s, p) => s + p.requestCostUsd, 0), 6),
      latencyMs: Math.round(Math.max(0, ...parts.map((p) => p.requestLatencyMs))),
      ...(consumption && { consumptionPredictions: ConsumptionPredictionsResponseDto.fromServed(consumption as ServedAnalysis<ConsumptionResult>) }),
      ...(profile && { customerProfile: CustomerProfileResponseDto.fromServed(profile as ServedAnalysis<ProfileResult>) }),
      ...(recommendations && { recommendations: RecommendationsResponseDto.fromServed(recommendations as ServedAnalysis<RecommendationsResult>, recommendationLimit) }),
    };
  }
}

export class AnalysisHistoryItemDto {
  @ApiProperty({ format: 'uuid' }) readonly analysisId!: string;
  @ApiProperty({ enum: ANALYSIS_TYPES }) readonly analysisType!: AnalysisType;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty({ format: 'date-time' }) readonly generatedAt!: string;
  @ApiProperty({ enum: ['bedrock', 'rules'] }) readonly source!: 'bedrock' | 'rules';
  @ApiProperty({ nullable: true, type: String }) readonly modelId!: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly reason!: string | null;
  @ApiProperty() readonly promptId!: string;
  @ApiProperty() readonly promptVersion!: string;
  @ApiProperty({ type: ExperimentDto, nullable: true }) readonly experiment!: ExperimentDto | null;
  @ApiProperty() readonly inputTokens!: number;
  @ApiProperty() readonly outputTokens!: number;
  @ApiProperty({ description: 'USD, 6 decimals' }) readonly costUsd!: number;
  @ApiProperty({ description: 'time it took to compute, ms' }) readonly latencyMs!: number;
  @ApiProperty({ type: Object, description: 'the analysis result as computed (unrounded)' }) readonly result!: unknown;

  static from(a: StoredAnalysis): AnalysisHistoryItemDto {
    return {
      analysisId: a.analysisId,
      analysisType: a.analysisType,
      asOf: a.asOf,
      generatedAt: a.generatedAt,
      source: a.source,
      modelId: a.modelId,
      reason: a.reason,
      promptId: a.promptId,
      promptVersion: a.promptVersion,
      experiment: a.experiment,
      inputTokens: a.usage.inputTokens,
      outputTokens: a.usage.outputTokens,
      costUsd: roundTo(a.costUsd, 6),
      latencyMs: Math.round(a.latencyMs),
      result: a.result,
    };
  }
}

export class CostTotalsDto {
  @ApiProperty({ description: 'analyses that asked a model' }) readonly calls!: number;
  @ApiProperty() readonly inputTokens!: number;
  @ApiProperty() readonly outputTokens!: number;
  @ApiProperty({ description: 'USD, summed from micro-USD' }) readonly costUsd!: number;
  @ApiProperty({ description: 'of calls, those answered by the rules' }) readonly fallbacks!: number;
}

export class CostRowDto extends CostTotalsDto {
  @ApiProperty({ format: 'date' }) readonly day!: string;
  @ApiProperty() readonly modelId!: string;
  @ApiProperty({ enum: ANALYSIS_TYPES }) readonly analysisType!: string;
}

export class CostReportDto {
  @ApiProperty({ format: 'date' }) readonly from!: string;
  @ApiProperty({ format: 'date' }) readonly to!: string;
  @ApiProperty({ type: CostTotalsDto }) readonly totals!: CostTotalsDto;
  @ApiProperty({ type: [Object], description: 'per model: { modelId, ...totals }' }) readonly byModel!: Array<{ modelId: string } & CostTotals>;
  @ApiProperty({ type: [Object], description: 'per analysis type: { analysisType, ...totals }' }) readonly byAnalysisType!: Array<{ analysisType: string } & CostTotals>;
  @ApiProperty({ type: [Object], description: 'per day: { day, ...totals }' }) readonly byDay!: Array<{ day: string } & CostTotals>;
  @ApiProperty({ type: [CostRowDto], description: 'per day, model and analysis type' }) readonly items!: CostRowDto[];

  static from(report: CostReport): CostReportDto {
    const row = (a: CostAggregate): CostRowDto => ({
      day: a.day,
      modelId: a.modelId,
      analysisType: a.analysisType,
      calls: a.calls,
      inputTokens: a.inputTokens,
      outputTokens: a.outputTokens,
      costUsd: a.costMicroUsd / 1e6,
      fallbacks: a.fallbacks,
    });
    return { ...report, items: report.items.map(row) };
  }
}
