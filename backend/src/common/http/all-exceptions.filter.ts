import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorKind } from '../domain/domain.error';

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

/** Response body of every error: stable `code`, human `message`, optional structured `details`. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
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

/** Converts anything thrown into an `ErrorBody` and a status. */
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
      return { ...(response as ErrorBody), statusCode: status };
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

/** The one filter that maps errors to HTTP (ARCHITECTURE §5). Logs 5xx with the stack, never headers. */
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
    response.status(body.statusCode).json(body);
  }
}
