import { DEFAULT_MODEL_CATALOG } from './model-catalog';
import { InvalidConfigError } from '../config/config-validation';
import { hasAwsCredentials, parseLlmConfig } from './llm.config';

describe('parseLlmConfig', () => {
  it('applies the defaults without any variable', () => {
    expect(parseLlmConfig({})).toEqual({
      provider: 'none',
      region: 'us-east-1',
      endpoint: undefined,
      useDummyCredentials: false,
      defaultModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      temperature: 0.2,
      maxTokens: 1024,
      timeoutMs: 15_000,
      maxAttempts: 3,
      retryBaseMs: 200,
      retryMaxDelayMs: 4_000,
      circuitFailureThreshold: 5,
      circuitCooldownMs: 30_000,
      catalog: DEFAULT_MODEL_CATALOG,
    });
  });

  it('reads every variable', () => {
    const config = parseLlmConfig({
      LLM_PROVIDER: 'bedrock',
      BEDROCK_REGION: 'us-west-2',
      BEDROCK_ENDPOINT: 'http://127.0.0.1:4010',
      LLM_DEFAULT_MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      LLM_TEMPERATURE: '0.7',
      LLM_MAX_TOKENS: '2048',
      LLM_TIMEOUT_MS: '5000',
      LLM_MAX_ATTEMPTS: '4',
      LLM_RETRY_BASE_MS: '100',
      LLM_RETRY_MAX_MS: '1000',
      LLM_CIRCUIT_FAILURE_THRESHOLD: '10',
      LLM_CIRCUIT_COOLDOWN_MS: '60000',
    });
    expect(config).toMatchObject({
      provider: 'bedrock',
      region: 'us-west-2',
      endpoint: 'http://127.0.0.1:4010',
      defaultModelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      temperature: 0.7,
      maxTokens: 2048,
      timeoutMs: 5000,
      maxAttempts: 4,
      retryBaseMs: 100,
      retryMaxDelayMs: 1000,
      circuitFailureThreshold: 10,
      circuitCooldownMs: 60_000,
    });
  });

  it('falls back to AWS_REGION for the region', () => {
    expect(parseLlmConfig({ AWS_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(parseLlmConfig({ AWS_REGION: 'eu-west-1', BEDROCK_REGION: 'us-east-2' }).region).toBe('us-east-2');
  });

  it.each([
    ['AWS_ACCESS_KEY_ID', { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' }],
    ['AWS_PROFILE', { AWS_PROFILE: 'dev' }],
    ['container credentials', { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials' }],
    ['Lambda', { AWS_LAMBDA_FUNCTION_NAME: 'analytics-api' }],
  ])('defaults the provider to bedrock with %s', (_label, env) => {
    expect(hasAwsCredentials(env)).toBe(true);
    expect(parseLlmConfig(env)).toMatchObject({ provider: 'bedrock', useDummyCredentials: false });
  });

  it('defaults the provider to bedrock with dummy credentials for an endpoint override without credentials', () => {
    expect(parseLlmConfig({ BEDROCK_ENDPOINT: 'http://127.0.0.1:4010' })).toMatchObject({ provider: 'bedrock', useDummyCredentials: true });
    expect(parseLlmConfig({ BEDROCK_ENDPOINT: 'http://127.0.0.1:4010', AWS_PROFILE: 'dev' }).useDummyCredentials).toBe(false);
  });

  it('lets LLM_PROVIDER=none win over credentials', () => {
    expect(parseLlmConfig({ AWS_PROFILE: 'dev', LLM_PROVIDER: 'none' }).provider).toBe('none');
  });

  it('replaces the catalog from LLM_MODEL_CATALOG', () => {
    const catalog = [
      {
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        displayName: 'Haiku (negotiated)',
        inputPricePerMillionTokensUsd: 0.2,
        outputPricePerMillionTokensUsd: 1,
        contextWindowTokens: 200_000,
      },
    ];
    const config = parseLlmConfig({ LLM_MODEL_CATALOG: JSON.stringify(catalog) });
    expect(config.catalog).toEqual([{ ...catalog[0], provider: 'anthropic' }]);
  });

  it.each([
    [{ LLM_PROVIDER: 'openai' }, 'LLM_PROVIDER'],
    [{ BEDROCK_REGION: 'virginia' }, 'BEDROCK_REGION'],
    [{ BEDROCK_ENDPOINT: 'ftp://x' }, 'BEDROCK_ENDPOINT'],
    [{ LLM_TEMPERATURE: '1.5' }, 'LLM_TEMPERATURE'],
    [{ LLM_TEMPERATURE: 'warm' }, 'LLM_TEMPERATURE'],
    [{ LLM_MAX_TOKENS: '0' }, 'LLM_MAX_TOKENS'],
    [{ LLM_MAX_TOKENS: '100000' }, 'LLM_MAX_TOKENS'],
    [{ LLM_TIMEOUT_MS: '2.5' }, 'LLM_TIMEOUT_MS'],
    [{ LLM_MAX_ATTEMPTS: '0' }, 'LLM_MAX_ATTEMPTS'],
    [{ LLM_RETRY_BASE_MS: '-1' }, 'LLM_RETRY_BASE_MS'],
    [{ LLM_CIRCUIT_FAILURE_THRESHOLD: 'many' }, 'LLM_CIRCUIT_FAILURE_THRESHOLD'],
    [{ LLM_CIRCUIT_COOLDOWN_MS: '99999999' }, 'LLM_CIRCUIT_COOLDOWN_MS'],
    [{ LLM_MODEL_CATALOG: '[{' }, 'LLM_MODEL_CATALOG'],
    [{ LLM_MODEL_CATALOG: '[{"modelId": "x"}]' }, 'LLM_MODEL_CATALOG[0].displayName'],
    [{ LLM_DEFAULT_MODEL_ID: 'meta.llama3-8b-instruct-v1:0' }, 'LLM_DEFAULT_MODEL_ID'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => parseLlmConfig(env)).toThrow(InvalidConfigError);
    expect(() => parseLlmConfig(env)).toThrow(variable);
  });
});
