import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { CUSTOMER_ID_PATTERN } from '../domain/customer';

/** `:id` route parameter of every customer route. */
export class CustomerIdParam {
  @ApiProperty({ pattern: CUSTOMER_ID_PATTERN.source })
  @IsString()
  @Matches(CUSTOMER_ID_PATTERN, { message: 'id must be 1..64 letters, digits, ".", "_" or "-"' })
  readonly id!: string;
}
