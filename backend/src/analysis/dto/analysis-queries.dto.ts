import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CustomerIdParam } from '../../customers/dto/customer-id.param';
import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { ANALYSIS_TYPES, AnalysisType } from '../domain/analysis-type';
import { MAX_RECOMMENDATIONS } from '../domain/recommendation-analyzer';

/** `?asOf=` of every analysis route. */
export class AsOfQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'reference date (default: now); orders after it are ignored' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;
}

export class RecommendationsQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RECOMMENDATIONS, default: 10 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_RECOMMENDATIONS)
  readonly limit?: number;
}

export class ProductPredictionParams extends CustomerIdParam {
  @ApiProperty({ minLength: 1, maxLength: 64, example: '85123A' })
  @IsString() @MinLength(1) @MaxLength(64)
  readonly productId!: string;
}

export class AnalyzeBodyDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'reference date (default: now)' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;

  @ApiPropertyOptional({ enum: ANALYSIS_TYPES, isArray: true, description: 'default: all three' })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(ANALYSIS_TYPES.length) @IsIn(ANALYSIS_TYPES, { each: true })
  readonly analysisTypes?: AnalysisType[];
}

export class CostsQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'first UTC day, inclusive (default: 6 days before `to`)' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a day YYYY-MM-DD' }) @IsIsoInstant()
  readonly from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'last UTC day, inclusive (default: today)' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a day YYYY-MM-DD' }) @IsIsoInstant()
  readonly to?: string;
}
