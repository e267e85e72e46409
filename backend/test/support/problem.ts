import { STATUS_CODES } from 'node:http';
import { problemType } from '../../src/common/http/problem-details.dto';

/**
 * The RFC 9457 body the API answers an error with: `type`, `title`, `status`, `detail`, the
 * extension members `code` and `details`, and `statusCode`/`message` kept for existing clients.
 * `message` may be an asymmetric matcher (`expect.any(String)`).
 */
export function problem(status: number, code: string, message: unknown, details?: unknown): Record<string, unknown> {
  return {
    type: problemType(code),
    title: STATUS_CODES[status],
    status,
    detail: message,
    code,
    ...(details !== undefined ? { details } : {}),
    statusCode: status,
    message,
  };
}
