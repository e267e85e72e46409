import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { parseApiKeys } from '../common/auth/api-key';
import { throwIfInvalid, toBool, toInt, validateVariables } from './config-validation';
import { FEATURE_ENVIRONMENT_CHECKS, FeatureEnvironmentCheck } from './feature-environment-checks';

export const STORAGE_MODES = ['embedded', 'endpoint', 'aws'] as const;
/**
 * `embedded`: dynalite on 127.0.0.1 started by the process, tables created; `endpoint`: a DynamoDB
 * API at `DYNAMODB_ENDPOINT` (e.g. DynamoDB Local), tables created if missing; `aws`: the real
 * service, tables owned by infrastructure and never created here.
 */
export type StorageMode = (typeof STORAGE_MODES)[number];

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const ORIGIN = String.raw`https?://[a-zA-Z0-9.-]+(:\d{1,5})?`;
/** `*` or a comma-separated list of origins (`scheme://host[:port]`, no path). */
export const CORS_ORIGINS = new RegExp(`^(\\*|${ORIGIN}(\\s*,\\s*${ORIGIN})*)$`);

/** Environment variables of the service, validated at boot. Unknown variables are ignored. */
export class EnvironmentVariables {
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{0,19}$/, { message: 'must be lowercase letters, digits or -, 1..20 chars' })
  STAGE?: string;

  @IsOptional() @IsString() @MaxLength(255)
  HOST?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  @IsOptional() @IsIn(STORAGE_MODES)
  STORAGE_MODE?: StorageMode;

  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  DYNAMODB_ENDPOINT?: string;

  @IsOptional() @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must look like eu-west-1' })
  AWS_REGION?: string;

  @IsOptional() @IsString()
  AWS_LAMBDA_FUNCTION_NAME?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024)
  DATA_DIR?: string;

  @IsOptional() @Matches(TABLE_NAME, { message: 'must be a valid DynamoDB table name (3..255 of a-z A-Z 0-9 _ . -)' })
  CUSTOMERS_TABLE?: string;

  @IsOptional() @Matches(TABLE_NAME, { message: 'must be a valid DynamoDB table name (3..255 of a-z A-Z 0-9 _ . -)' })
  EXPERIMENTS_TABLE?: string;

  /** `name:sha256hex:scope+scope,...`; see `parseApiKeys`. */
  @IsOptional() @IsString() @MaxLength(65536)
  API_KEYS?: string;

  @IsOptional() @IsString() @MinLength(16, { message: 'must be at least 16 characters' }) @MaxLength(256)
  DEV_API_KEY?: string;

  /** Origins allowed to call the API from a browser; unset means CORS stays off. */
  @IsOptional() @MaxLength(4096) @Matches(CORS_ORIGINS, { message: 'must be * or a comma-separated list of origins such as https://app.example.com' })
  CORS_ORIGINS?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  IMPORT_ON_START?: boolean;

  @IsOptional() @IsString() @MaxLength(4096)
  ONLINE_RETAIL_FILE?: string;
}

/**
 * Validates the process environment (used as `ConfigModule.forRoot({ validate })` and by the config
 * factories). Cross-field rules: `endpoint` mode needs `DYNAMODB_ENDPOINT`; `aws` mode needs
 * `API_KEYS` and refuses `DEV_API_KEY`.
 *
 * @throws InvalidConfigError naming each bad variable.
 */
export function validateEnvironment(
  raw: Record<string, unknown>,
  featureChecks: readonly FeatureEnvironmentCheck[] = FEATURE_ENVIRONMENT_CHECKS,
): EnvironmentVariables {
  const { vars: env, problems } = validateVariables(EnvironmentVariables, raw);
  for (const check of featureChecks) problems.push(...check(raw as Record<string, string | undefined>));
  if (typeof env.API_KEYS === 'string' && !problems.some((p) => p.startsWith('API_KEYS:'))) {
    try {
      parseApiKeys(env.API_KEYS);
    } catch (err) {
      problems.push(`API_KEYS: ${(err as Error).message}`);
    }
  }
  const mode = env.STORAGE_MODE ?? (env.DYNAMODB_ENDPOINT ? 'endpoint' : env.AWS_LAMBDA_FUNCTION_NAME ? 'aws' : 'embedded');
  if (mode === 'endpoint' && !env.DYNAMODB_ENDPOINT) problems.push('DYNAMODB_ENDPOINT: required when STORAGE_MODE=endpoint');
  if (mode === 'aws') {
    if (!env.API_KEYS?.trim()) problems.push('API_KEYS: required in AWS mode (the service refuses to run without API keys)');
    if (env.DEV_API_KEY) problems.push('DEV_API_KEY: not allowed in AWS mode');
  }
  throwIfInvalid('environment', problems);
  return env;
}


