import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { FieldErrorDto, PROBLEM_JSON, ProblemDetailsDto } from './problem-details.dto';

/** Error statuses the API answers with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 503;

/** A status alone (its usual code, see `DEFAULT_CODES`) or a status with the codes it carries on this route. */
export type ErrorSpec = ErrorStatus | readonly [ErrorStatus, ...string[]];

const DEFAULT_CODES: Partial<Record<ErrorStatus, readonly string[]>> = {
  400: ['VALIDATION.FAILED'],
  401: ['AUTH.UNAUTHORIZED'],
  403: ['AUTH.FORBIDDEN'],
  413: ['REQUEST.TOO_LARGE'],
  503: ['STORAGE.UNAVAILABLE'],
};

/**
 * Documents the error responses of an operation (or of every operation of a controller) as RFC
 * 9457 problem details (`application/problem+json`, schema `ProblemDetailsDto`), one response per
 * status listing its `code`s. Method-level statuses add to the controller's; the same status
 * declared twice keeps the method's codes.
 *
 * @example `@ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'], [409, 'CUSTOMER.ALREADY_EXISTS'])`
 */
export function ApiErrors(...errors: readonly ErrorSpec[]): MethodDecorator & ClassDecorator {
  const codes = new Map<ErrorStatus, string[]>();
  for (const spec of errors) {
    const [status, ...given] = typeof spec === 'number' ? [spec] : spec;
    const list = given.length > 0 ? given : (DEFAULT_CODES[status] ?? []);
    codes.set(status, [...new Set([...(codes.get(status) ?? []), ...list])]);
  }
  const responses = [...codes].map(([status, list]) =>
    ApiResponse({
      status,
      description: `${STATUS_CODES[status]}${list.length > 0 ? `: ${list.map((c) => `\`${c}\``).join(', ')}` : ''}`,
      content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
    }),
  );
  return applyDecorators(ApiExtraModels(ProblemDetailsDto, FieldErrorDto), ...responses) as MethodDecorator & ClassDecorator;
}
