import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { INSIGHT_SCHEMES, type InsightScheme } from '../domain/segment-vocabulary';

/** `POST /v1/insights/ask` body. */
export class AskInsightDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'Which segment should I prioritise for ROI?' })
  @IsString() @MinLength(1) @MaxLength(500) @Matches(/\S/, { message: 'question must not be blank' })
  readonly question!: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'Conversation id (letters, digits, `-`, `_`); a new one is returned when absent' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'sessionId must be 1..64 letters, digits, - or _' })
  readonly sessionId?: string;
}

/** `GET /v1/insights/segments` query. */
export class SegmentsQueryDto {
  @ApiPropertyOptional({ enum: INSIGHT_SCHEMES, default: 'rfm' })
  @IsOptional() @IsIn(INSIGHT_SCHEMES)
  readonly scheme?: InsightScheme;

  @ApiPropertyOptional({ description: 'Reference date of recency (ISO-8601); default the run reference date', example: '2011-12-10' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;
}

/** `GET /v1/insights/segments/compare` query. */
export class CompareSegmentsQueryDto extends SegmentsQueryDto {
  @ApiProperty({ example: 'champions', description: 'Segment id or name (`at risk`, `cant_lose`)' })
  @IsString() @MinLength(1) @MaxLength(64)
  readonly a!: string;

  @ApiProperty({ example: 'at_risk' })
  @IsString() @MinLength(1) @MaxLength(64)
  readonly b!: string;
}

/** Response of `GET /v1/insights/segments`; money in the data's currency, rounded to 2 decimals, shares in percent. */
export class SegmentAnalyticsResponseDto {
  @ApiProperty() readonly runId!: string;
  @ApiProperty({ enum: INSIGHT_SCHEMES }) readonly scheme!: InsightScheme;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty({ description: 'customers, buyers, revenue, orders, averageOrderValue, historicClvMean' }) readonly totals!: object;
  @ApiProperty({ type: [Object], description: 'per segment: size and share, revenue and share, AOV, R/F/M mean and median, CLV, churn-risk bands, value tiers, top customers' })
  readonly segments!: object[];
  @ApiProperty() readonly valueTierThresholds!: object;
  @ApiProperty({ type: [Object] }) readonly recencyBands!: object[];
  @ApiProperty({ description: 'Predicted CLV formula and assumptions' }) readonly clvAssumptions!: object;
}

/** Response of `GET /v1/insights/segments/compare`. */
export class SegmentComparisonResponseDto {
  @ApiProperty() readonly runId!: string;
  @ApiProperty({ enum: INSIGHT_SCHEMES }) readonly scheme!: InsightScheme;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty() readonly a!: object;
  @ApiProperty() readonly b!: object;
  @ApiProperty({ type: [Object], description: 'per metric: a, b, difference (a − b), ratio (a / b)' }) readonly metrics!: object[];
}

/** Response of `POST /v1/insights/ask`. */
export class InsightAnswerResponseDto {
  @ApiProperty({ description: 'Id of this answer; the `analysisId` of experiment feedback when `experiment` is set' }) readonly answerId!: string;
  @ApiProperty() readonly sessionId!: string;
  @ApiProperty({ enum: ['segment_analysis', 'comparison', 'churn', 'marketing_strategy', 'customer_behaviour', 'business_metrics', 'general'] })
  readonly intent!: string;
  @ApiProperty({ enum: INSIGHT_SCHEMES }) readonly scheme!: InsightScheme;
  @ApiProperty({ type: [String] }) readonly segments!: string[];
  @ApiProperty({ type: [String] }) readonly unknownSegments!: string[];
  @ApiProperty({ nullable: true, type: Object }) readonly followUp!: object | null;
  @ApiProperty({ description: '{ data, insight, recommendation }' }) readonly answer!: object;
  @ApiProperty({ type: [Object], description: 'figures used: key, segment, metric, value, unit' }) readonly figures!: object[];
  @ApiProperty({ nullable: true, type: Object }) readonly ranking!: object | null;
  @ApiProperty({ description: '{ type: bedrock | openai-compatible | template, modelId }' }) readonly source!: object;
  @ApiProperty() readonly grounded!: boolean;
  @ApiProperty({ type: [String] }) readonly ungroundedNumbers!: string[];
  @ApiProperty({ nullable: true, type: String }) readonly fallbackReason!: string | null;
  @ApiProperty() readonly usage!: object;
  @ApiProperty() readonly costUsd!: number;
  @ApiProperty() readonly latencyMs!: number;
  @ApiProperty() readonly context!: object;
  @ApiProperty() readonly runId!: string;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty({ nullable: true, type: Object, description: '{ key, variant } of the experiment that served the answer' }) readonly experiment!: object | null;
}
