import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, DomainErrorKind } from '../domain/domain.error';
import { PROBLEM_JSON, problemType } from './problem-details.dto';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHORIZED',
  403: 'AUTH.FORBIDDEN',
  404: 'ROUTE.NOT_FOUND',
  405: 'ROUTE.METHOD_NOT_ALLOWED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  429: 'REQUEST.THROTTLED',
};

/** What an error maps to before it becomes problem details: status, stable `code`, human `message`, optional `details`. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * Body of every error response: RFC 9457 problem details (`type`, `title`, `status`, `detail`) with
 * the extension members `code` and `details`, and `statusCode`/`message` kept from the body before
 * RFC 9457 (equal to `status`/`detail`). Schema: `ProblemDetailsDto`.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly details?: unknown;
  readonly statusCode: number;
  readonly message: string;
}

/** The problem details of an error body (RFC 9457 §3.1: `title` is the reason phrase of `status`). */
export function toProblemDetails(body: ErrorBody): ProblemDetails {
  return {
    type: problemType(body.code),
    title: STATUS_CODES[body.statusCode] ?? 'Error',
    status: body.statusCode,
    detail: body.message,
    code: body.code,
    ...(body.details !== undefined ? { details: body.details } : {}),
    statusCode: body.statusCode,
    message: body.message,
  };
}

/** Names of AWS SDK errors that mean "the store is throttling or unreachable", mapped to 503. */
const TRANSIENT_STORAGE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNREFUSED',
]);

/** Converts anything thrown into an `ErrorBody` (status, code, message, details). */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    return {
      statusCode: STATUS_BY_KIND[exception.kind],
      code: exception.code,
      message: exception.message,
      ...(exception.details !== undefined ? { details: exception.details } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'code' in response) {
      const { code, message, details } = response as ErrorBody;
      return { statusCode: status, code, message, ...(details !== undefined ? { details } : {}) };
    }
    if (typeof response === 'object' && response !== null && 'details' in response && 'status' in response) {
      return { statusCode: status, code: 'HEALTH.DOWN', message: 'A dependency is unavailable', details: response };
    }
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String((response as { message: unknown }).message)
        : exception.message;
    return { statusCode: status, code: CODE_BY_STATUS[status] ?? `HTTP.${status}`, message };
  }
  const httpError = exception as { status?: unknown; expose?: unknown; message?: string };
  if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500 && httpError.expose === true) {
    // body-parser / http-errors (payload too large, malformed JSON, unsupported charset)
    return {
      statusCode: httpError.status,
      code: CODE_BY_STATUS[httpError.status] ?? `HTTP.${httpError.status}`,
      message: httpError.message ?? 'Bad request',
    };
  }
  const name = (exception as { name?: string; code?: string })?.name ?? '';
  const code = (exception as { code?: string })?.code ?? '';
  if (TRANSIENT_STORAGE_ERRORS.has(name) || TRANSIENT_STORAGE_ERRORS.has(code)) {
    return { statusCode: 503, code: 'STORAGE.UNAVAILABLE', message: 'Storage is temporarily unavailable; retry later' };
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' };
}

/**
 * The one filter that maps errors to HTTP (ARCHITECTURE §5): `application/problem+json` bodies
 * (RFC 9457). Logs 5xx with the stack, never headers.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      const err = exception as Error;
      this.logger.error(`${body.code}: ${err?.name ?? 'Error'}: ${err?.message ?? String(exception)}`, err?.stack);
    }
    const response = host.switchToHttp().getResponse<Response>();
    response.status(body.statusCode).type(PROBLEM_JSON).json(toProblemDetails(body));
  }
}
