import { registerAs } from '@nestjs/config';
import { resolve } from 'node:path';
import { ApiKeyRecord, parseApiKeys } from '../common/auth/api-key';
import { EnvironmentVariables, StorageMode, validateEnvironment } from './environment';

/** Typed application configuration, read with `config.getOrThrow('app', { infer: true })`. */
export interface AppConfig {
  readonly stage: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  readonly apiKeys: readonly ApiKeyRecord[];
  /** Plain development key with every scope; never set in AWS mode. */
  readonly devApiKey?: string;
  /** Origins allowed by CORS: empty = CORS off, `['*']` = any origin. */
  readonly corsOrigins: readonly string[];
}

/** Storage configuration: where DynamoDB is and what the tables are called. */
export interface StorageConfig {
  readonly mode: StorageMode;
  readonly region: string;
  readonly endpoint?: string;
  /** Absolute folder where embedded dynalite persists its data; undefined means in memory. */
  readonly dataDir?: string;
  readonly tables: { readonly customers: string; readonly experiments: string };
}

/** Import-on-start configuration of the embedded mode. */
export interface ImportConfig {
  readonly onStart: boolean;
  readonly onlineRetailFile: string;
}

/** The default storage mode: an endpoint wins, then Lambda means AWS, else embedded. */
export function resolveStorageMode(env: EnvironmentVariables): StorageMode {
  if (env.STORAGE_MODE) return env.STORAGE_MODE;
  if (env.DYNAMODB_ENDPOINT) return 'endpoint';
  if (env.AWS_LAMBDA_FUNCTION_NAME) return 'aws';
  return 'embedded';
}

export const DEFAULT_ONLINE_RETAIL_FILE = resolve(__dirname, '..', '..', 'data', 'online_retail.csv.gz');

/** Builds the three namespaces from validated variables. */
export function buildConfig(env: EnvironmentVariables): { app: AppConfig; storage: StorageConfig; import: ImportConfig } {
  const stage = env.STAGE ?? 'local';
  const mode = resolveStorageMode(env);
  return {
    app: {
      stage,
      host: env.HOST ?? '127.0.0.1',
      port: env.PORT ?? 3000,
      logLevel: env.LOG_LEVEL ?? 'log',
      apiKeys: parseApiKeys(env.API_KEYS ?? ''),
      devApiKey: env.DEV_API_KEY,
      corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o.length > 0),
    },
    storage: {
      mode,
      region: env.AWS_REGION ?? 'us-east-1',
      endpoint: env.DYNAMODB_ENDPOINT,
      dataDir: env.DATA_DIR === ':memory:' ? undefined : resolve(env.DATA_DIR ?? '.data'),
      tables: {
        customers: env.CUSTOMERS_TABLE ?? `customer-analytics-${stage}-customers`,
        experiments: env.EXPERIMENTS_TABLE ?? `customer-analytics-${stage}-experiments`,
      },
    },
    import: {
      onStart: env.IMPORT_ON_START ?? mode === 'embedded',
      onlineRetailFile: resolve(env.ONLINE_RETAIL_FILE ?? DEFAULT_ONLINE_RETAIL_FILE),
    },
  };
}

export const appConfig = registerAs('app', (): AppConfig => buildConfig(validateEnvironment(process.env)).app);
export const storageConfig = registerAs(
  'storage',
  (): StorageConfig => buildConfig(validateEnvironment(process.env)).storage,
);
export const importConfig = registerAs(
  'import',
  (): ImportConfig => buildConfig(validateEnvironment(process.env)).import,
);
