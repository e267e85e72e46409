import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';

export class ListPurchasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive lower bound; no zone means UTC' })
  @IsOptional() @IsISO8601({ strict: true }) @MaxLength(40)
  readonly from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive upper bound; no zone means UTC' })
  @IsOptional() @IsISO8601({ strict: true }) @MaxLength(40)
  readonly to?: string;
}

export class PurchaseSummaryQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'reference date (default: now); orders after it are ignored' })
  @IsOptional() @IsISO8601({ strict: true }) @MaxLength(40)
  readonly asOf?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'products returned, most bought first' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  readonly productLimit?: number;
}
