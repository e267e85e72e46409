import { IntersectionType } from '@nestjs/swagger';
import { CustomerIdParam } from './customer-id.param';
import { CustomerProfileDto } from './customer-profile.dto';

/** POST body: the id and the profile. */
export class CreateCustomerDto extends IntersectionType(CustomerIdParam, CustomerProfileDto) {}

/** PUT body: the whole profile (fields left out are removed). */
export class ReplaceCustomerDto extends CustomerProfileDto {}
