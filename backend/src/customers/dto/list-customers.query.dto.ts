import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Exact country, case-insensitive', example: 'Iceland' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly country?: string;

  @ApiPropertyOptional({ description: 'Exact region, case-insensitive' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly region?: string;
}
