import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { EXPERIMENT_STATUSES, ExperimentStatus } from '../domain/experiment';

/** `GET /v1/ab-tests?limit=&cursor=&status=`. */
export class ListExperimentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EXPERIMENT_STATUSES })
  @IsOptional() @IsIn(EXPERIMENT_STATUSES)
  readonly status?: ExperimentStatus;
}

const finite = { allowNaN: false, allowInfinity: false };

/** `GET /v1/ab-tests/power`: units per variant to detect a minimum detectable effect (MDE). */
export class PowerQueryDto {
  @ApiProperty({ enum: ['proportion', 'mean'] })
  @IsIn(['proportion', 'mean'])
  readonly metricKind!: 'proportion' | 'mean';

  @ApiProperty({ description: 'Control rate p₁ ∈ (0, 1) for proportions, control mean for means', example: 0.9 })
  @Type(() => Number) @IsNumber(finite) @Min(-1e12) @Max(1e12)
  readonly baseline!: number;

  @ApiPropertyOptional({ description: 'Means only: standard deviation σ of the metric (> 0)', example: 300 })
  @IsOptional() @Type(() => Number) @IsNumber(finite) @Min(0) @Max(1e12)
  readonly standardDeviation?: number;

  @ApiProperty({ description: 'MDE: fraction when relative (0.05 = 5 %), metric unit when absolute; may be negative', example: 0.05 })
  @Type(() => Number) @IsNumber(finite) @Min(-1e12) @Max(1e12)
  readonly minimumDetectableEffect!: number;

  @ApiPropertyOptional({ enum: ['relative', 'absolute'], default: 'relative' })
  @IsOptional() @IsIn(['relative', 'absolute'])
  readonly mdeType?: 'relative' | 'absolute';

  @ApiPropertyOptional({ minimum: 0.001, maximum: 0.2, default: 0.05 })
  @IsOptional() @Type(() => Number) @IsNumber(finite) @Min(0.001) @Max(0.2)
  readonly alpha?: number;

  @ApiPropertyOptional({ minimum: 0.5, maximum: 0.99, default: 0.8 })
  @IsOptional() @Type(() => Number) @IsNumber(finite) @Min(0.5) @Max(0.99)
  readonly power?: number;

  @ApiPropertyOptional({ minimum: 2, maximum: 10, default: 2 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2) @Max(10)
  readonly variants?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1e9, description: 'Units entering the experiment per day, for a duration estimate' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1e9)
  readonly dailyUnits?: number;
}
