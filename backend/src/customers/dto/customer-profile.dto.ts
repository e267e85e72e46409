import { IsIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Gender } from '../domain/customer';

/** Profile fields shared by create and replace; every field bounded. */
export class CustomerProfileDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  readonly name?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @IsOptional() @IsEmail() @MaxLength(254)
  readonly email?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'United Kingdom' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly country?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly region?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  readonly city?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 120, description: 'years' })
  @IsOptional() @IsInt() @Min(0) @Max(120)
  readonly age?: number;

  @ApiPropertyOptional({ enum: ['F', 'M', 'U'] })
  @IsOptional() @IsIn(['F', 'M', 'U'])
  readonly gender?: Gender;

  @ApiPropertyOptional({ format: 'date-time', example: '2023-04-01T00:00:00Z' })
  @IsOptional() @IsIsoInstant()
  readonly registeredAt?: string;
}
