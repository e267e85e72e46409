/**
 * What kind of failure a domain error is; the one exception filter maps it to an HTTP status
 * (`validation` 400, `unauthorized` 401, `forbidden` 403, `not_found` 404, `conflict` 409,
 * `unprocessable` 422, `unavailable` 503).
 */
export type DomainErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'unavailable';

/**
 * Base of every error the product raises on purpose. `code` is stable (`CUSTOMER.NOT_FOUND`) and is
 * what clients branch on; `message` is for people; `details` is optional structured context.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One bad input field: its path (`lines[0].quantity`) and what is wrong with it. */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** Input that fails validation outside the DTO layer (e.g. a bad cursor or a file row). */
export class InvalidInputError extends DomainError {
  readonly code = 'VALIDATION.FAILED';
  readonly kind = 'validation' as const;

  constructor(readonly fields: readonly FieldError[]) {
    super(`Invalid input: ${fields.map((f) => f.field).join(', ')}`, fields);
  }
}

/** A dependency (storage, model provider) cannot serve the request now; safe to retry later. */
export class DependencyUnavailableError extends DomainError {
  readonly code: string;
  readonly kind = 'unavailable' as const;

  constructor(dependency: string, message: string) {
    super(message);
    this.code = `${dependency.toUpperCase()}.UNAVAILABLE`;
  }
}
