import { DomainError } from '../../common/domain/domain.error';

/** The order id is already used by a different purchase (idempotency key reuse). */
export class OrderIdConflictError extends DomainError {
  readonly code = 'ORDER.ID_CONFLICT';
  readonly kind = 'conflict' as const;
  constructor(readonly customerId: string, readonly orderId: string) {
    super(`Order '${orderId}' of customer '${customerId}' already exists with different content`);
  }
}
