import { PartialType } from '@nestjs/swagger';
import { CustomerProfileDto } from './customer-profile.dto';

/**
 * PATCH body, JSON merge patch (RFC 7396): a field set to `null` is removed, an absent field is
 * kept. `@IsOptional` lets `null` through the profile validators.
 */
export class PatchCustomerDto extends PartialType(CustomerProfileDto) {}
