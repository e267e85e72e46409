import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';

export class ListPurchasesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive lower bound; no zone means UTC' })
  @IsOptional() @IsIsoInstant()
  readonly from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'inclusive upper bound; no zone means UTC' })
  @IsOptional() @IsIsoInstant()
  readonly to?: string;
}

export class PurchaseSummaryQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'reference date (default: now); orders after it are ignored' })
  @IsOptional() @IsIsoInstant()
  readonly asOf?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'products returned, most bought first' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  readonly productLimit?: number;
}
