import { DomainError } from '../common/domain/domain.error';

/** No prediction exists for the product (not bought regularly, or not bought at all). 404. */
export class NoPredictionError extends DomainError {
  readonly code = 'ANALYSIS.NO_PREDICTION';
  readonly kind = 'not_found' as const;

  constructor(customerId: string, productId: string) {
    super(`No purchase prediction for product ${productId} of customer ${customerId}`, { customerId, productId });
  }
}
