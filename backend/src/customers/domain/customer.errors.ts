import { DomainError } from '../../common/domain/domain.error';

export class CustomerNotFoundError extends DomainError {
  readonly code = 'CUSTOMER.NOT_FOUND';
  readonly kind = 'not_found' as const;
  constructor(readonly customerId: string) {
    super(`Customer '${customerId}' does not exist`);
  }
}

export class CustomerAlreadyExistsError extends DomainError {
  readonly code = 'CUSTOMER.ALREADY_EXISTS';
  readonly kind = 'conflict' as const;
  constructor(readonly customerId: string) {
    super(`Customer '${customerId}' already exists`);
  }
}

/** The customer changed between read and write too many times in a row. */
export class CustomerConcurrentUpdateError extends DomainError {
  readonly code = 'CUSTOMER.CONCURRENT_UPDATE';
  readonly kind = 'conflict' as const;
  constructor(readonly customerId: string) {
    super(`Customer '${customerId}' was modified concurrently; retry the request`);
  }
}
