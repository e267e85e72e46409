import type { AttemptFailure, FailureCategory } from '../resilience/resilient-call';

/** Failure categories of one Bedrock call; they decide retry, circuit and error code. */
export type BedrockFailureCategory = FailureCategory;

/** How one failed Bedrock call is handled. */
export type BedrockFailure = AttemptFailure;

const RETRYABLE_SERVER = new Set([
  'InternalServerException',
  'ServiceUnavailableException',
  'ModelErrorException',
  'ModelNotReadyException',
]);
const REJECTED = new Set([
  'ValidationException',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ConflictException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH']);

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/**
 * Classifies an error thrown by `BedrockRuntimeClient.send`: throttling (429, retryable; account quota
 * is not), our own per-attempt timeout and `ModelTimeoutException` (retryable), 5xx and model errors
 * (retryable), connection failures (retryable), and rejections (validation, access, unknown model,
 * other 4xx: never retried). Anything unrecognised is a non-retryable server error.
 *
 * @param timedOut whether the attempt was aborted by the caller's timeout.
 */
export function classifyBedrockError(error: unknown, timedOut: boolean): BedrockFailure {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Unknown';
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;

  if (timedOut) return { category: 'timeout', retryable: true, upstream: 'Timeout' };
  if (name === 'ThrottlingException') return { category: 'throttled', retryable: true, upstream: name };
  if (name === 'ServiceQuotaExceededException') return { category: 'throttled', retryable: false, upstream: name };
  if (name === 'ModelTimeoutException') return { category: 'timeout', retryable: true, upstream: name };
  if (RETRYABLE_SERVER.has(name)) return { category: 'server_error', retryable: true, upstream: name };
  if (REJECTED.has(name)) return { category: 'rejected', retryable: false, upstream: name };
  if (code !== undefined && NETWORK_CODES.has(code)) return { category: 'network', retryable: true, upstream: code };
  if (name === 'TimeoutError') return { category: 'network', retryable: true, upstream: name };
  if (status === 429) return { category: 'throttled', retryable: true, upstream: name };
  if (status !== undefined && status >= 500) return { category: 'server_error', retryable: true, upstream: name };
  if (status !== undefined && status >= 400) return { category: 'rejected', retryable: false, upstream: name };
  return { category: 'server_error', retryable: false, upstream: name };
}
