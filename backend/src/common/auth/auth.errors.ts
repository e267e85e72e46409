import { DomainError } from '../domain/domain.error';

export class MissingApiKeyError extends DomainError {
  readonly code = 'AUTH.UNAUTHORIZED';
  readonly kind = 'unauthorized' as const;
  constructor() {
    super('A valid API key is required in the x-api-key header');
  }
}

export class InsufficientScopeError extends DomainError {
  readonly code = 'AUTH.FORBIDDEN';
  readonly kind = 'forbidden' as const;
  constructor(required: string) {
    super(`This API key lacks the '${required}' scope`);
  }
}
