import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Customer, Gender } from '../domain/customer';

export class CustomerResponseDto {
  @ApiProperty() readonly id!: string;
  @ApiPropertyOptional() readonly name?: string;
  @ApiPropertyOptional() readonly email?: string;
  @ApiPropertyOptional() readonly country?: string;
  @ApiPropertyOptional() readonly region?: string;
  @ApiPropertyOptional() readonly city?: string;
  @ApiPropertyOptional() readonly age?: number;
  @ApiPropertyOptional({ enum: ['F', 'M', 'U'] }) readonly gender?: Gender;
  @ApiPropertyOptional({ format: 'date-time' }) readonly registeredAt?: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt!: string;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt!: string;
  @ApiProperty({ description: 'Optimistic-lock version, incremented on each change' }) readonly version!: number;

  static from(customer: Customer): CustomerResponseDto {
    return { ...customer };
  }
}
