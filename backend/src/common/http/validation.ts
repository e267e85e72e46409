import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '../domain/domain.error';

/** Flattens class-validator errors into one entry per field path (`lines[0].quantity`). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const isIndex = /^\d+$/.test(error.property);
    const path = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = error.constraints
      ? [{ field: path, messages: Object.values(error.constraints).map((m) => m.replace(/^property /, '')) }]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/**
 * The global pipe (ARCHITECTURE §5): unknown properties are rejected, payloads transformed to DTO
 * instances, and a 400 names every bad field: `{ statusCode, code: 'VALIDATION.FAILED', message,
 * details: [{ field, messages }] }`.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        code: 'VALIDATION.FAILED',
        message: `Invalid request: ${details.map((d) => d.field).join(', ')}`,
        details,
      });
    },
  });
}
