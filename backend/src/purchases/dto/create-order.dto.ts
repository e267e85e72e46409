import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const ORDER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
export const MAX_LINES_PER_ORDER = 1000;

export class LineItemDto {
  @ApiProperty({ maxLength: 64, example: '85123A' })
  @IsString() @MinLength(1) @MaxLength(64)
  readonly productId!: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'WHITE HANGING HEART T-LIGHT HOLDER' })
  @IsOptional() @IsString() @MaxLength(500)
  readonly description?: string;

  @ApiProperty({ exclusiveMinimum: true, minimum: 0, maximum: 1_000_000, example: 6 })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @IsPositive() @Max(1_000_000)
  readonly quantity!: number;

  @ApiProperty({ minimum: 0, maximum: 10_000_000, example: 2.55, description: 'price per unit in the order currency' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 }) @Min(0) @Max(10_000_000)
  readonly unitPrice!: number;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly category?: string;
}

export class CreateOrderDto {
  @ApiProperty({ pattern: ORDER_ID_PATTERN.source, example: '536365', description: 'idempotency key within the customer' })
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: 'orderId must be 1..64 letters, digits, ".", "_", ":" or "-"' })
  readonly orderId!: string;

  @ApiProperty({ format: 'date-time', example: '2010-12-01T08:26:00Z', description: 'kept as given; no zone means UTC' })
  @IsIsoInstant()
  readonly purchasedAt!: string;

  @ApiPropertyOptional({ example: 'GBP', description: 'ISO 4217' })
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as GBP' })
  readonly currency?: string;

  @ApiProperty({ type: [LineItemDto], minItems: 1, maxItems: MAX_LINES_PER_ORDER })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_LINES_PER_ORDER)
  @ValidateNested({ each: true }) @Type(() => LineItemDto)
  readonly lines!: LineItemDto[];
}

export const MAX_ORDERS_PER_IMPORT = 500;

/** Bulk import body; each order is validated on its own and reported per item. */
export class ImportOrdersDto {
  @ApiProperty({ type: 'array', items: { $ref: '#/components/schemas/CreateOrderDto' }, minItems: 1, maxItems: MAX_ORDERS_PER_IMPORT })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_ORDERS_PER_IMPORT)
  readonly orders!: unknown[];
}
