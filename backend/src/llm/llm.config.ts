import { registerAs } from '@nestjs/config';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, validateSync } from 'class-validator';
import { describeValidationError } from '../config/describe-validation-error';
import {
  DEFAULT_MODEL_CATALOG,
  DEFAULT_MODEL_ID,
  InvalidModelCatalogError,
  ModelCatalogEntry,
  parseModelCatalog,
} from './model-catalog';

export const LLM_PROVIDERS = ['bedrock', 'none'] as const;
/** `bedrock`: Amazon Bedrock Converse; `none`: no model, rule-based analyzers answer. */
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** Typed LLM configuration, read with `config.getOrThrow('llm', { infer: true })`. */
export interface LlmConfig {
  readonly provider: LlmProvider;
  readonly region: string;
  /** Bedrock Runtime endpoint override (fake server, VPC endpoint); undefined means the AWS default. */
  readonly endpoint?: string;
  /**
   * True when an endpoint override is set but the environment has no AWS credentials: the client then
   * signs with fixed dummy credentials, which only a local fake server accepts.
   */
  readonly useDummyCredentials: boolean;
  readonly defaultModelId: string;
  /** Default sampling temperature, 0..1. */
  readonly temperature: number;
  /** Default output token limit. */
  readonly maxTokens: number;
  /** Timeout of each provider attempt, in ms. */
  readonly timeoutMs: number;
  /** Provider calls per completion, including the first (1 = no retry). */
  readonly maxAttempts: number;
  /** Backoff ceiling of the first retry, in ms; doubles per retry up to `retryMaxDelayMs`. */
  readonly retryBaseMs: number;
  /** Ceiling of any backoff delay, in ms. */
  readonly retryMaxDelayMs: number;
  /** Consecutive failed calls that open a model's circuit. */
  readonly circuitFailureThreshold: number;
  /** Time a model's circuit stays open before a probe call, in ms. */
  readonly circuitCooldownMs: number;
  readonly catalog: readonly ModelCatalogEntry[];
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

/**
 * LLM environment variables, all optional and bounded; merged into the app's boot validation.
 * Prices and model ids live in `LLM_MODEL_CATALOG` (JSON, see `parseModelCatalog`).
 */
export class LlmEnvironmentVariables {
  @IsOptional() @IsIn(LLM_PROVIDERS)
  LLM_PROVIDER?: LlmProvider;

  @IsOptional() @Matches(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must look like us-east-1' })
  BEDROCK_REGION?: string;

  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' }) @MaxLength(2048)
  BEDROCK_ENDPOINT?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/, { message: 'must be a Bedrock model id' })
  LLM_DEFAULT_MODEL_ID?: string;

  @IsOptional() @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  LLM_TEMPERATURE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(8192)
  LLM_MAX_TOKENS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(300_000)
  LLM_TIMEOUT_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10)
  LLM_MAX_ATTEMPTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60_000)
  LLM_RETRY_BASE_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(300_000)
  LLM_RETRY_MAX_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LLM_CIRCUIT_FAILURE_THRESHOLD?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000)
  LLM_CIRCUIT_COOLDOWN_MS?: number;

  @IsOptional() @IsString() @MaxLength(65_536)
  LLM_MODEL_CATALOG?: string;
}

/** Thrown when an LLM variable is invalid; the message names every bad variable. */
export class InvalidLlmConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid LLM configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidLlmConfigError';
  }
}

/** Whether the environment carries AWS credentials the default provider chain can use. */
export function hasAwsCredentials(env: Readonly<Record<string, string | undefined>>): boolean {
  const present = (name: string): boolean => (env[name] ?? '').trim() !== '';
  return (
    present('AWS_ACCESS_KEY_ID') ||
    present('AWS_PROFILE') ||
    present('AWS_WEB_IDENTITY_TOKEN_FILE') ||
    present('AWS_LAMBDA_FUNCTION_NAME') ||
    Object.keys(env).some((name) => name.startsWith('AWS_CONTAINER_CREDENTIALS_') && present(name))
  );
}

/**
 * Builds the LLM configuration from environment variables (pure). Defaults: provider `bedrock` when
 * AWS credentials or `BEDROCK_ENDPOINT` are present, else `none`; region `BEDROCK_REGION`, else
 * `AWS_REGION`, else us-east-1; Claude 3 Haiku; temperature 0.2; 1024 max tokens; 15 s timeout;
 * 3 attempts; 200 ms backoff base (4 s ceiling); circuit opens after 5 failures for 30 s.
 *
 * @throws InvalidLlmConfigError naming each bad variable (`LLM_MAX_TOKENS: must not be greater than 8192`).
 */
export function parseLlmConfig(env: Readonly<Record<string, string | undefined>>): LlmConfig {
  const vars = plainToInstance(LlmEnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const problems = validateSync(vars, { whitelist: false, forbidUnknownValues: false }).flatMap(describeValidationError);
  let catalog: readonly ModelCatalogEntry[] = DEFAULT_MODEL_CATALOG;
  if (vars.LLM_MODEL_CATALOG !== undefined && problems.every((p) => !p.startsWith('LLM_MODEL_CATALOG'))) {
    try {
      catalog = parseModelCatalog(vars.LLM_MODEL_CATALOG, 'LLM_MODEL_CATALOG');
    } catch (err) {
      if (!(err instanceof InvalidModelCatalogError)) throw err;
      problems.push(...err.problems);
    }
  }
  const defaultModelId = vars.LLM_DEFAULT_MODEL_ID ?? DEFAULT_MODEL_ID;
  if (problems.length === 0 && !catalog.some((m) => m.modelId === defaultModelId)) {
    problems.push(`LLM_DEFAULT_MODEL_ID: ${defaultModelId} is not in the model catalog`);
  }
  if (problems.length > 0) throw new InvalidLlmConfigError(problems);
  const awsRegion = env.AWS_REGION?.trim();
  const credentials = hasAwsCredentials(env);
  return {
    provider: vars.LLM_PROVIDER ?? (credentials || vars.BEDROCK_ENDPOINT !== undefined ? 'bedrock' : 'none'),
    region: vars.BEDROCK_REGION ?? (awsRegion ? awsRegion : 'us-east-1'),
    endpoint: vars.BEDROCK_ENDPOINT,
    useDummyCredentials: vars.BEDROCK_ENDPOINT !== undefined && !credentials,
    defaultModelId,
    temperature: vars.LLM_TEMPERATURE ?? 0.2,
    maxTokens: vars.LLM_MAX_TOKENS ?? 1024,
    timeoutMs: vars.LLM_TIMEOUT_MS ?? 15_000,
    maxAttempts: vars.LLM_MAX_ATTEMPTS ?? 3,
    retryBaseMs: vars.LLM_RETRY_BASE_MS ?? 200,
    retryMaxDelayMs: vars.LLM_RETRY_MAX_MS ?? 4_000,
    circuitFailureThreshold: vars.LLM_CIRCUIT_FAILURE_THRESHOLD ?? 5,
    circuitCooldownMs: vars.LLM_CIRCUIT_COOLDOWN_MS ?? 30_000,
    catalog,
  };
}


/** The `llm` config namespace. */
export const llmConfig = registerAs('llm', (): LlmConfig => parseLlmConfig(process.env));
