import { resolve } from 'node:path';
import { hashApiKey } from '../common/auth/api-key';
import { buildConfig, DEFAULT_ONLINE_RETAIL_FILE, resolveStorageMode } from './app.config';
import { InvalidConfigError } from './config-validation';
import { validateEnvironment } from './environment';

const KEYS = `ci:${hashApiKey('ci-key')}:read+write`;

/** The problems reported for `raw`, or [] when it is valid. */
function problemsOf(raw: Record<string, string>): string[] {
  try {
    validateEnvironment(raw);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidConfigError);
    return [...(err as InvalidConfigError).problems];
  }
}

const variablesNamed = (problems: readonly string[]) => [...new Set(problems.map((p) => p.split(':')[0]))].sort();

describe('validateEnvironment', () => {
  it('accepts an empty environment and ignores unknown variables', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ PATH: '/usr/bin', HOME: '/root' })).toEqual([]);
  });

  it('converts numbers and booleans', () => {
    const env = validateEnvironment({ PORT: '8080', IMPORT_ON_START: 'false' });
    expect(env.PORT).toBe(8080);
    expect(env.IMPORT_ON_START).toBe(false);
    expect(validateEnvironment({ IMPORT_ON_START: '1' }).IMPORT_ON_START).toBe(true);
  });

  it('names every bad variable in one error', () => {
    const problems = problemsOf({
      STAGE: 'Prod!',
      PORT: '70000',
      LOG_LEVEL: 'chatty',
      STORAGE_MODE: 'cloud',
      DYNAMODB_ENDPOINT: 'localhost:8000',
      AWS_REGION: 'europe',
      CUSTOMERS_TABLE: 'a b',
      DEV_API_KEY: 'short',
      IMPORT_ON_START: 'maybe',
    });
    expect(variablesNamed(problems)).toEqual(
      ['AWS_REGION', 'CUSTOMERS_TABLE', 'DEV_API_KEY', 'DYNAMODB_ENDPOINT', 'IMPORT_ON_START', 'LOG_LEVEL', 'PORT', 'STAGE', 'STORAGE_MODE'].sort(),
    );
    expect(problems).toContain('DEV_API_KEY: must be at least 16 characters');
    expect(problems).toContain('DYNAMODB_ENDPOINT: must be an http(s) URL');
  });

  it('puts every problem in the error message', () => {
    expect(() => validateEnvironment({ PORT: 'abc', STAGE: 'UPPER' })).toThrow(/PORT: .*\n.*STAGE: |STAGE: .*\n.*PORT: /s);
  });

  it('names a malformed API_KEYS entry', () => {
    expect(problemsOf({ API_KEYS: 'ci:nothex:read' })).toEqual(['API_KEYS: entry 1 (ci): hash must be 64 lowercase hex chars']);
  });

  it('names a malformed API_KEYS together with the other bad variables', () => {
    expect(variablesNamed(problemsOf({ API_KEYS: 'ci:nothex:read', PORT: 'abc' }))).toEqual(['API_KEYS', 'PORT']);
  });

  it('requires DYNAMODB_ENDPOINT in endpoint mode', () => {
    expect(problemsOf({ STORAGE_MODE: 'endpoint' })).toEqual(['DYNAMODB_ENDPOINT: required when STORAGE_MODE=endpoint']);
    expect(problemsOf({ STORAGE_MODE: 'endpoint', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' })).toEqual([]);
  });

  it('requires API_KEYS and refuses DEV_API_KEY in AWS mode, also when AWS mode comes from Lambda', () => {
    expect(problemsOf({ STORAGE_MODE: 'aws' })).toEqual(['API_KEYS: required in AWS mode (the service refuses to run without API keys)']);
    expect(problemsOf({ STORAGE_MODE: 'aws', API_KEYS: '  ' })).toEqual(['API_KEYS: required in AWS mode (the service refuses to run without API keys)']);
    expect(problemsOf({ AWS_LAMBDA_FUNCTION_NAME: 'fn', API_KEYS: KEYS, DEV_API_KEY: 'a-long-enough-dev-key' })).toEqual([
      'DEV_API_KEY: not allowed in AWS mode',
    ]);
    expect(problemsOf({ STORAGE_MODE: 'aws', API_KEYS: KEYS })).toEqual([]);
    expect(problemsOf({ DEV_API_KEY: 'a-long-enough-dev-key' })).toEqual([]);
  });
});

describe('resolveStorageMode', () => {
  it('prefers STORAGE_MODE, then an endpoint, then Lambda, else embedded', () => {
    expect(resolveStorageMode(validateEnvironment({}))).toBe('embedded');
    expect(resolveStorageMode(validateEnvironment({ DYNAMODB_ENDPOINT: 'http://x:1' }))).toBe('endpoint');
    expect(resolveStorageMode(validateEnvironment({ AWS_LAMBDA_FUNCTION_NAME: 'f', API_KEYS: KEYS }))).toBe('aws');
    expect(resolveStorageMode(validateEnvironment({ STORAGE_MODE: 'embedded', DYNAMODB_ENDPOINT: 'http://x:1' }))).toBe('embedded');
  });
});

describe('buildConfig', () => {
  it('has documented defaults', () => {
    expect(buildConfig(validateEnvironment({}))).toEqual({
      app: { stage: 'local', host: '127.0.0.1', port: 3000, logLevel: 'log', apiKeys: [], devApiKey: undefined, corsOrigins: [] },
      storage: {
        mode: 'embedded',
        region: 'us-east-1',
        endpoint: undefined,
        dataDir: resolve('.data'),
        tables: { customers: 'customer-analytics-local-customers', experiments: 'customer-analytics-local-experiments' },
      },
      import: { onStart: true, onlineRetailFile: DEFAULT_ONLINE_RETAIL_FILE },
    });
    expect(DEFAULT_ONLINE_RETAIL_FILE).toBe(resolve(__dirname, '..', '..', 'data', 'online_retail.csv.gz'));
  });

  it.each(['https://app.example.com/path', 'app.example.com', '*,https://a.example.com', 'ftp://a.example.com'])('rejects CORS_ORIGINS=%s', (value) => {
    expect(() => validateEnvironment({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS: must be \* or a comma-separated list of origins/);
  });

  it('reads every variable', () => {
    const config = buildConfig(
      validateEnvironment({
        STAGE: 'prod',
        HOST: '0.0.0.0',
        PORT: '8080',
        LOG_LEVEL: 'warn',
        API_KEYS: KEYS,
        STORAGE_MODE: 'endpoint',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
        AWS_REGION: 'eu-west-1',
        DATA_DIR: ':memory:',
        IMPORT_ON_START: 'true',
        ONLINE_RETAIL_FILE: 'x/online.xlsx',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      }),
    );
    expect(config.app).toEqual({
      stage: 'prod',
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'warn',
      apiKeys: [{ name: 'ci', sha256: hashApiKey('ci-key'), scopes: ['read', 'write'] }],
      devApiKey: undefined,
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
    });
    expect(config.storage).toEqual({
      mode: 'endpoint',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
      dataDir: undefined,
      tables: { customers: 'customer-analytics-prod-customers', experiments: 'customer-analytics-prod-experiments' },
    });
    expect(config.import).toEqual({ onStart: true, onlineRetailFile: resolve('x/online.xlsx') });
  });

  it('imports on start only in embedded mode by default, and takes CUSTOMERS_TABLE as given', () => {
    expect(buildConfig(validateEnvironment({ DYNAMODB_ENDPOINT: 'http://x:1' })).import.onStart).toBe(false);
    expect(buildConfig(validateEnvironment({ IMPORT_ON_START: 'false' })).import.onStart).toBe(false);
    expect(buildConfig(validateEnvironment({ CUSTOMERS_TABLE: 'my.table' })).storage.tables.customers).toBe('my.table');
  });
});

describe('cross-feature checks', () => {
  it('names INSIGHTS_MODEL_ID when it is not in the model catalog', () => {
    expect(() => validateEnvironment({ INSIGHTS_MODEL_ID: 'no-such-model' })).toThrow(/INSIGHTS_MODEL_ID: no-such-model is not in the model catalog/);
  });

  it('accepts a catalog model and a model added through OPENAI_MODELS', () => {
    expect(() => validateEnvironment({ INSIGHTS_MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0' })).not.toThrow();
    expect(() => validateEnvironment({ INSIGHTS_MODEL_ID: 'llama3.1:8b', OPENAI_MODELS: 'llama3.1:8b', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).not.toThrow();
  });
});
