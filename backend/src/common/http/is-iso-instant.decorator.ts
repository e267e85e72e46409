import { ValidateBy, ValidationOptions } from 'class-validator';
import { parseIsoUtc } from '../domain/time';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** True for `YYYY-MM-DD` or `YYYY-MM-DDThh:mm[:ss[.fff]][Z|±hh:mm]` naming a real instant. */
export function isIsoInstant(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 40 || !ISO_INSTANT.test(value)) return false;
  const ms = parseIsoUtc(value);
  if (Number.isNaN(ms)) return false;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * An ISO-8601 calendar date or date-time that the service can read (week and ordinal dates, and
 * impossible days like 2011-02-30, are rejected). A value without a zone is UTC.
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
