import { AccessDeniedException, InternalServerException, ThrottlingException, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { classifyBedrockError } from './bedrock-error.classifier';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, status?: number): object => ({ name, ...(status !== undefined && metadata(status)) });

describe('classifyBedrockError', () => {
  it.each([
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }), 'throttled', true],
    ['InternalServerException', new InternalServerException({ message: 'oops', $metadata: { httpStatusCode: 500 } }), 'server_error', true],
    ['ServiceUnavailableException', named('ServiceUnavailableException', 503), 'server_error', true],
    ['ModelNotReadyException', named('ModelNotReadyException', 429), 'server_error', true],
    ['ModelErrorException', named('ModelErrorException', 424), 'server_error', true],
    ['ModelTimeoutException', named('ModelTimeoutException', 408), 'timeout', true],
    ['ServiceQuotaExceededException', named('ServiceQuotaExceededException', 400), 'throttled', false],
    ['ValidationException', new ValidationException({ message: 'bad', $metadata: { httpStatusCode: 400 } }), 'rejected', false],
    ['AccessDeniedException', new AccessDeniedException({ message: 'no', $metadata: { httpStatusCode: 403 } }), 'rejected', false],
    ['ResourceNotFoundException', named('ResourceNotFoundException', 404), 'rejected', false],
    ['CredentialsProviderError', named('CredentialsProviderError'), 'rejected', false],
    ['an unknown 502', named('BadGateway', 502), 'server_error', true],
    ['an unknown 429', named('TooManyRequests', 429), 'throttled', true],
    ['an unknown 4xx', named('Teapot', 418), 'rejected', false],
    ['a connection reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network', true],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network', true],
    ['a socket timeout', named('TimeoutError'), 'network', true],
    ['an unparseable body', new SyntaxError('Unexpected end of JSON input'), 'server_error', false],
    ['a non-error value', 'boom', 'server_error', false],
  ])('classifies %s', (_label, error, category, retryable) => {
    expect(classifyBedrockError(error, false)).toMatchObject({ category, retryable });
  });

  it('reports our own abort as a retryable timeout whatever the SDK threw', () => {
    expect(classifyBedrockError(named('AbortError'), true)).toEqual({ category: 'timeout', retryable: true, upstream: 'Timeout' });
  });

  it('keeps the upstream name for logs', () => {
    expect(classifyBedrockError(named('ThrottlingException', 429), false).upstream).toBe('ThrottlingException');
  });
});
