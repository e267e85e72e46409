import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Exact country, case-insensitive', example: 'Iceland' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly country?: string;

  @ApiPropertyOptional({ description: 'Exact region, case-insensitive' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly region?: string;

  @ApiPropertyOptional({ description: 'Current segment id in `scheme` (takes precedence over country and region)', example: 'champions' })
  @IsOptional() @IsString() @Matches(/^[\p{L}\p{N} _.'-]{1,64}$/u, { message: 'segment must be 1..64 letters, digits, spaces, "_", ".", "\'" or "-"' })
  readonly segment?: string;

  @ApiPropertyOptional({ enum: ['rfm', 'lifecycle', 'cluster', 'rules-churn-value'], default: 'rfm', description: 'Segmentation scheme of `segment`' })
  @IsOptional() @IsIn(['rfm', 'lifecycle', 'cluster', 'rules-churn-value'])
  readonly scheme?: string;
}
