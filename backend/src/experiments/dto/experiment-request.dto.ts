import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ROUTED_CALL_TYPES, RoutedCallType } from '../../analysis/domain/analysis-type';
import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { ASSIGNMENT_UNITS, AssignmentUnit } from '../domain/experiment';
import { EXPERIMENT_METRIC_KEYS, ExperimentMetricKey } from '../domain/experiment-metrics';

/** Experiment keys: url-safe, 2..64 characters. */
export const EXPERIMENT_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const VARIANT_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
const finite = { allowNaN: false, allowInfinity: false };

export class VariantParametersDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Sampling temperature; default LLM_TEMPERATURE' })
  @IsOptional() @IsNumber(finite) @Min(0) @Max(1)
  readonly temperature?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 8192, description: 'Output token limit; default LLM_MAX_TOKENS' })
  @IsOptional() @IsInt() @Min(1) @Max(8192)
  readonly maxTokens?: number;
}

export class VariantDto {
  @ApiProperty({ pattern: VARIANT_KEY_PATTERN.source, example: 'control' })
  @IsString() @Matches(VARIANT_KEY_PATTERN, { message: 'key must be 1..32 of a-z 0-9 _ - starting with a letter or digit' })
  readonly key!: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional() @IsString() @MaxLength(100)
  readonly name?: string;

  @ApiProperty({ example: 'anthropic.claude-3-haiku-20240307-v1:0', description: 'Model id from GET /v1/ab-tests/models/available' })
  @IsString() @Matches(MODEL_ID_PATTERN, { message: 'modelId must be a Bedrock model id' })
  readonly modelId!: string;

  @ApiPropertyOptional({ maxLength: 20, description: "Prompt version; default: each analysis type's default version" })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20)
  readonly promptVersion?: string;

  @ApiPropertyOptional({ type: VariantParametersDto })
  @IsOptional() @ValidateNested() @Type(() => VariantParametersDto)
  readonly parameters?: VariantParametersDto;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1_000_000,
    description: 'Relative weight (any positive scale); weights are normalised to sum to 1. Omit on every variant for equal weights.',
  })
  @IsOptional() @IsNumber(finite) @Min(0) @Max(1_000_000)
  readonly weight?: number;
}

export class NamespaceDto {
  @ApiProperty({ maxLength: 64 })
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'id must be 1..64 of A-Z a-z 0-9 _ -' })
  readonly id!: string;

  @ApiProperty({ minimum: 0, maximum: 1 })
  @IsNumber(finite) @Min(0) @Max(1)
  readonly start!: number;

  @ApiProperty({ minimum: 0, maximum: 1 })
  @IsNumber(finite) @Min(0) @Max(1)
  readonly end!: number;
}

export class EffectSizeDto {
  @ApiProperty({ enum: ['relative', 'absolute'] })
  @IsIn(['relative', 'absolute'])
  readonly type!: 'relative' | 'absolute';

  @ApiProperty({ minimum: 0, maximum: 1_000_000, description: 'Relative: fraction (0.1 = 10 %); absolute: metric unit' })
  @IsNumber(finite) @Min(0) @Max(1_000_000)
  readonly value!: number;
}

export class GuardrailDto {
  @ApiProperty({ enum: EXPERIMENT_METRIC_KEYS })
  @IsIn(EXPERIMENT_METRIC_KEYS)
  readonly metric!: ExperimentMetricKey;

  @ApiProperty({ type: EffectSizeDto, description: 'Tolerated worsening (non-inferiority margin)' })
  @ValidateNested() @Type(() => EffectSizeDto)
  readonly margin!: EffectSizeDto;
}

export class WinsorizationDto {
  @ApiProperty({ description: 'Cap latencyMs, inputTokens, outputTokens and costUsd at the pooled percentile; decisions use the capped figures, raw ones are shown too' })
  @IsBoolean()
  readonly enabled!: boolean;

  @ApiPropertyOptional({ minimum: 0.9, maximum: 0.99999, default: 0.999, description: 'Quantile of the pooled values used as the upper cap' })
  @IsOptional() @IsNumber(finite) @Min(0.9) @Max(0.99999)
  readonly percentile?: number;
}

/** `POST /v1/ab-tests`: a draft experiment. */
export class CreateExperimentDto {
  @ApiProperty({ pattern: EXPERIMENT_KEY_PATTERN.source, example: 'haiku-vs-sonnet-profile' })
  @IsString() @Matches(EXPERIMENT_KEY_PATTERN, { message: 'key must be 2..64 of a-z 0-9 _ - starting with a letter or digit' })
  readonly key!: string;

  @ApiProperty({ maxLength: 200 })
  @IsString() @MinLength(1) @MaxLength(200)
  readonly name!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  readonly hypothesis?: string;

  @ApiProperty({ enum: ROUTED_CALL_TYPES, isArray: true, description: 'Analysis types and/or `insights` (POST /v1/insights/ask) the experiment routes' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ROUTED_CALL_TYPES.length) @IsIn(ROUTED_CALL_TYPES, { each: true })
  readonly analysisTypes!: RoutedCallType[];

  @ApiProperty({ type: [VariantDto], minItems: 2, maxItems: 10, description: 'Control first' })
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => VariantDto)
  readonly variants!: VariantDto[];

  @ApiPropertyOptional({ minimum: 0.01, maximum: 1, default: 1, description: 'Share of traffic in the experiment' })
  @IsOptional() @IsNumber(finite) @Min(0.01) @Max(1)
  readonly coverage?: number;

  @ApiPropertyOptional({ enum: ASSIGNMENT_UNITS, default: 'customerId' })
  @IsOptional() @IsIn(ASSIGNMENT_UNITS)
  readonly assignmentUnit?: AssignmentUnit;

  @ApiPropertyOptional({ type: NamespaceDto, description: 'Disjoint namespace ranges let experiments share an analysis type' })
  @IsOptional() @ValidateNested() @Type(() => NamespaceDto)
  readonly namespace?: NamespaceDto;

  @ApiPropertyOptional({ enum: EXPERIMENT_METRIC_KEYS, default: 'validOutputRate' })
  @IsOptional() @IsIn(EXPERIMENT_METRIC_KEYS)
  readonly primaryMetric?: ExperimentMetricKey;

  @ApiPropertyOptional({ type: [GuardrailDto], maxItems: 9 })
  @IsOptional() @IsArray() @ArrayMaxSize(9) @ValidateNested({ each: true }) @Type(() => GuardrailDto)
  readonly guardrails?: GuardrailDto[];

  @ApiPropertyOptional({ minimum: 0.001, maximum: 0.2, default: 0.05 })
  @IsOptional() @IsNumber(finite) @Min(0.001) @Max(0.2)
  readonly alpha?: number;

  @ApiPropertyOptional({ minimum: 0.5, maximum: 0.99, default: 0.8 })
  @IsOptional() @IsNumber(finite) @Min(0.5) @Max(0.99)
  readonly power?: number;

  @ApiPropertyOptional({ type: EffectSizeDto, description: 'Smallest change worth shipping; default 0.5 % relative' })
  @IsOptional() @ValidateNested() @Type(() => EffectSizeDto)
  readonly minimumMeaningfulChange?: EffectSizeDto;

  @ApiPropertyOptional({ minimum: 10, maximum: 10_000_000, default: 1000 })
  @IsOptional() @IsInt() @Min(10) @Max(10_000_000)
  readonly plannedSampleSizePerVariant?: number;

  @ApiPropertyOptional({ default: true, description: 'Confidence sequences (safe to peek); false = fixed horizon' })
  @IsOptional() @IsBoolean()
  readonly sequential?: boolean;

  @ApiPropertyOptional({ type: WinsorizationDto, description: 'Default off; percentile 0.999 when enabled' })
  @IsOptional() @ValidateNested() @Type(() => WinsorizationDto)
  readonly winsorization?: WinsorizationDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Run length; sets endsAt at start' })
  @IsOptional() @IsInt() @Min(1) @Max(365)
  readonly durationDays?: number;

  @ApiPropertyOptional({ example: '2030-01-31T00:00:00Z', description: 'Planned end (ISO-8601, future); not with durationDays' })
  @IsOptional() @IsIsoInstant()
  readonly endsAt?: string;
}

/**
 * `PATCH /v1/ab-tests/{key}` (drafts only): any field of the create body but `key`; `null` removes
 * hypothesis, namespace, durationDays or endsAt. Arrays replace the stored ones.
 */
export class UpdateExperimentDto extends PartialType(OmitType(CreateExperimentDto, ['key'] as const)) {}

/** `POST /v1/ab-tests/quick-test`. */
export class QuickTestDto {
  @ApiProperty({ enum: ROUTED_CALL_TYPES })
  @IsIn(ROUTED_CALL_TYPES)
  readonly analysisType!: RoutedCallType;

  @ApiPropertyOptional({ minimum: 0.01, maximum: 0.99, default: 0.5, description: 'Share of traffic sent to the treatment (Sonnet)' })
  @IsOptional() @IsNumber(finite) @Min(0.01) @Max(0.99)
  readonly trafficSplit?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 14 })
  @IsOptional() @IsInt() @Min(1) @Max(365)
  readonly durationDays?: number;

  @ApiPropertyOptional({ description: 'Default Claude 3 Haiku' })
  @IsOptional() @IsString() @Matches(MODEL_ID_PATTERN, { message: 'controlModelId must be a Bedrock model id' })
  readonly controlModelId?: string;

  @ApiPropertyOptional({ description: 'Default Claude 3.5 Sonnet v2' })
  @IsOptional() @IsString() @Matches(MODEL_ID_PATTERN, { message: 'treatmentModelId must be a Bedrock model id' })
  readonly treatmentModelId?: string;
}

/** `POST /v1/ab-tests/{key}/feedback`: a rating and/or thumbs for one served analysis. */
export class FeedbackDto {
  @ApiProperty({ maxLength: 128, description: 'analysisId of the served analysis' })
  @IsString() @Matches(/^[A-Za-z0-9_.:-]{1,128}$/, { message: 'analysisId must be 1..128 of A-Z a-z 0-9 _ . : -' })
  readonly analysisId!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional() @IsInt() @Min(1) @Max(5)
  readonly rating?: number;

  @ApiPropertyOptional({ enum: ['up', 'down'] })
  @IsOptional() @IsIn(['up', 'down'])
  readonly thumbs?: 'up' | 'down';
}

/** `:key` route parameter. */
export class ExperimentKeyParam {
  @ApiProperty({ pattern: EXPERIMENT_KEY_PATTERN.source })
  @IsString() @Matches(EXPERIMENT_KEY_PATTERN, { message: 'key must be 2..64 of a-z 0-9 _ - starting with a letter or digit' })
  readonly key!: string;
}
