import { ValidateBy, ValidationOptions } from 'class-validator';
import { parseIsoUtc } from '../domain/time';

/** True for a string of at most 40 characters that {@link parseIsoUtc} reads (a real day and time). */
export function isIsoInstant(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(parseIsoUtc(value));
}

/**
 * An ISO-8601 calendar date or date-time that the service can read (week and ordinal dates,
 * impossible days like 2023-02-29 and times like 24:00 are rejected). A value without a zone is UTC.
 */
export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: (value) => isIsoInstant(value),
        defaultMessage: (args) => `${args?.property ?? "value"} must be an ISO-8601 date or date-time such as 2011-12-09T12:50:00Z`,
      },
    },
    options,
  );
}
