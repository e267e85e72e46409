import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { PageQueryDto } from '../../common/http/pagination';
import { CUSTOMER_ID_PATTERN } from '../../customers/domain/customer';
import { SEGMENT_SCHEMES, type SegmentScheme } from '../domain/segment-schemes';

const CUSTOMER_ID_MESSAGE = 'must be 1..64 letters, digits, ".", "_" or "-"';
/** Segment ids: letters (Turkish labels included), digits, space, `_`, `.`, `'`, `-`. */
export const SEGMENT_ID_PATTERN = /^[\p{L}\p{N} _.'-]{1,64}$/u;
const RUN_ID_PATTERN = /^run-\d{8}$/;

/** `POST /v1/segments/analyze`. */
export class AnalyzeCustomerDataDto {
  @ApiProperty({
    type: Object,
    description:
      'The segment agent `customerData` payload: `{ customerId?, city?, customer?: { age?, gender?, registeredAt?, productHistory: [...] }, region?: { name, climateType, medianBasket, trend } }` (validated field by field, see segmentation spec §A)',
  })
  @IsObject()
  readonly customerData!: Record<string, unknown>;

  @ApiPropertyOptional({ format: 'date-time', description: 'reference date (default: now); no zone means UTC' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;
}

/** `{ asOf? }` body of on-demand computations. */
export class AsOfDto {
  @ApiPropertyOptional({ format: 'date-time', description: "reference date (default: the latest run's, else now)" })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;
}

export class CustomerSegmentQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, description: 'history entries returned, newest first' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  readonly historyLimit?: number;
}

/** `POST /v1/customers/segmentation/batch`. */
export class StartBatchDto {
  @ApiPropertyOptional({ type: [String], maxItems: 1000, description: 'write only these customers (the population is still everyone)' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000)
  @IsString({ each: true }) @Matches(CUSTOMER_ID_PATTERN, { each: true, message: `each customer id ${CUSTOMER_ID_MESSAGE}` })
  readonly customerIds?: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'reference date (default: latest purchase + 1 day, at most now)' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;
}

export class JobIdParam {
  @ApiProperty({ example: 'run-00000001' })
  @IsString() @Matches(RUN_ID_PATTERN, { message: 'jobId must look like run-00000001' })
  readonly jobId!: string;
}

export class SchemeQueryDto {
  @ApiPropertyOptional({ enum: SEGMENT_SCHEMES, default: 'rfm' })
  @IsOptional() @IsIn(SEGMENT_SCHEMES)
  readonly scheme?: SegmentScheme;
}

export class SegmentIdParam {
  @ApiProperty({ example: 'champions' })
  @IsString() @Matches(SEGMENT_ID_PATTERN, { message: 'segmentId must be 1..64 letters, digits, spaces, "_", ".", "\'" or "-"' })
  readonly segmentId!: string;
}

export class MigrationsQueryDto extends SchemeQueryDto {
  @ApiPropertyOptional({ example: 'run-00000001', description: "default: the previous run of `toRun`" })
  @IsOptional() @Matches(RUN_ID_PATTERN, { message: 'fromRun must look like run-00000001' })
  readonly fromRun?: string;

  @ApiPropertyOptional({ example: 'run-00000002', description: 'default: the latest run' })
  @IsOptional() @Matches(RUN_ID_PATTERN, { message: 'toRun must look like run-00000002' })
  readonly toRun?: string;
}

/** `POST /v1/customers/segments/migrate`. */
export class MigrateSegmentDto {
  @ApiProperty({ pattern: CUSTOMER_ID_PATTERN.source })
  @IsString() @Matches(CUSTOMER_ID_PATTERN, { message: `customerId ${CUSTOMER_ID_MESSAGE}` })
  readonly customerId!: string;

  @ApiProperty({ enum: SEGMENT_SCHEMES })
  @IsIn(SEGMENT_SCHEMES)
  readonly scheme!: SegmentScheme;

  @ApiProperty({ example: 'loyal_customers' })
  @IsString() @Matches(SEGMENT_ID_PATTERN, { message: 'toSegment must be 1..64 letters, digits, spaces, "_", ".", "\'" or "-"' })
  readonly toSegment!: string;

  @ApiProperty({ maxLength: 500 })
  @IsString() @MinLength(1) @MaxLength(500)
  readonly reason!: string;
}

/** `POST /v1/segments/kmeans/train`. */
export class TrainKMeansDto {
  @ApiPropertyOptional({ minimum: 2, maximum: 10, default: 5 })
  @IsOptional() @IsInt() @Min(2) @Max(10)
  readonly k?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional() @IsInt() @Min(1) @Max(50)
  readonly nInit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 4294967295, default: 42 })
  @IsOptional() @IsInt() @Min(0) @Max(4294967295)
  readonly seed?: number;

  @ApiPropertyOptional({ default: true, description: 'make the new version the active one' })
  @IsOptional() @IsBoolean()
  readonly activate?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'reference date of the features (default: latest purchase + 1 day, at most now)' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;
}

export class ModelsQueryDto extends PageQueryDto {}

/** `POST /v1/segments/kmeans/predict`. */
export class PredictClusterDto {
  @ApiProperty({ minimum: 0, maximum: 100000, description: 'days since the last purchase' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100_000)
  readonly recency!: number;

  @ApiProperty({ minimum: 0, maximum: 10000000, description: 'number of orders' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(10_000_000)
  readonly frequency!: number;

  @ApiProperty({ minimum: 0, maximum: 1e12, description: 'total spent' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e12)
  readonly monetary!: number;

  @ApiPropertyOptional({ description: 'model version (default: the active one)' })
  @IsOptional() @IsInt() @Min(1) @Max(1e9)
  readonly modelVersion?: number;
}

/** `POST /v1/segments/kmeans/predict-customer`. */
export class PredictCustomerClusterDto {
  @ApiProperty({ pattern: CUSTOMER_ID_PATTERN.source })
  @IsString() @Matches(CUSTOMER_ID_PATTERN, { message: `customerId ${CUSTOMER_ID_MESSAGE}` })
  readonly customerId!: string;

  @ApiPropertyOptional({ format: 'date-time', description: "reference date (default: the model's training reference date)" })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;

  @ApiPropertyOptional({ description: 'model version (default: the active one)' })
  @IsOptional() @IsInt() @Min(1) @Max(1e9)
  readonly modelVersion?: number;
}
