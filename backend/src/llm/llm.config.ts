import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { InvalidConfigError, throwIfInvalid, toInt, toNumber, validateVariables } from '../config/config-validation';
import {
  DEFAULT_MODEL_CATALOG,
  DEFAULT_MODEL_ID,
  ModelCatalogEntry,
  parseModelCatalog,
} from './model-catalog';

export const LLM_PROVIDERS = ['bedrock', 'openai-compatible', 'none'] as const;
/**
 * `bedrock`: Amazon Bedrock Converse (plus the OpenAI-compatible endpoint when `OPENAI_BASE_URL` is
 * set); `openai-compatible`: only the OpenAI-compatible endpoint; `none`: no model, the rule-based
 * analyzers answer.
 */
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

/** Catalog `provider` of the models served by the OpenAI-compatible adapter. */
export const OPENAI_COMPATIBLE_PROVIDER = 'openai-compatible';

export const OPENAI_STRUCTURED_OUTPUT_MODES = ['auto', 'tools', 'json'] as const;
/**
 * How the OpenAI-compatible adapter asks for structured output: `tools` (a forced function call),
 * `json` (JSON mode with the schema in the prompt, for servers without tool support), `auto` (tools,
 * falling back to JSON for a model once the server rejects tools or answers without a tool call).
 */
export type OpenAiStructuredOutputMode = (typeof OPENAI_STRUCTURED_OUTPUT_MODES)[number];

/** Settings of the OpenAI-compatible endpoint (Ollama, llama.cpp server, vLLM, OpenAI). */
export interface OpenAiCompatibleConfig {
  /** Base URL including the API prefix (`http://127.0.0.1:11434/v1`). */
  readonly baseUrl: string;
  /** Bearer key; undefined for local servers that need none. Never logged. */
  readonly apiKey?: string;
  readonly structuredOutput: OpenAiStructuredOutputMode;
}

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
  /** Present when `OPENAI_BASE_URL` is set and the provider is not `none`. */
  readonly openAiCompatible?: OpenAiCompatibleConfig;
}

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

  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' }) @MaxLength(2048)
  OPENAI_BASE_URL?: string;

  @IsOptional() @IsString() @MaxLength(512)
  OPENAI_API_KEY?: string;

  /** Comma-separated model ids served by the OpenAI-compatible endpoint, added to the catalog at price 0. */
  @IsOptional() @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}(,[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}){0,49}$/, {
    message: 'must be a comma-separated list of model ids',
  })
  OPENAI_MODELS?: string;

  @IsOptional() @IsIn(OPENAI_STRUCTURED_OUTPUT_MODES)
  OPENAI_STRUCTURED_OUTPUT?: OpenAiStructuredOutputMode;
}

/** Context window assumed for models added with `OPENAI_MODELS`, in tokens. */
const OPENAI_MODELS_CONTEXT_WINDOW = 8192;

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
 * AWS credentials or `BEDROCK_ENDPOINT` are present, else `openai-compatible` when `OPENAI_BASE_URL`
 * is set, else `none`; models listed in `OPENAI_MODELS` join the catalog with provider
 * `openai-compatible` at price 0 (price them with `LLM_MODEL_CATALOG` instead); region `BEDROCK_REGION`, else
 * `AWS_REGION`, else us-east-1; Claude 3 Haiku; temperature 0.2; 1024 max tokens; 15 s timeout;
 * 3 attempts; 200 ms backoff base (4 s ceiling); circuit opens after 5 failures for 30 s.
 *
 * @throws InvalidConfigError naming each bad variable (`LLM_MAX_TOKENS: must not be greater than 8192`).
 */
export function parseLlmConfig(env: Readonly<Record<string, string | undefined>>): LlmConfig {
  const { vars, problems } = validateVariables(LlmEnvironmentVariables, env);
  let catalog: readonly ModelCatalogEntry[] = DEFAULT_MODEL_CATALOG;
  if (vars.LLM_MODEL_CATALOG !== undefined && problems.every((p) => !p.startsWith('LLM_MODEL_CATALOG'))) {
    try {
      catalog = parseModelCatalog(vars.LLM_MODEL_CATALOG, 'LLM_MODEL_CATALOG');
    } catch (err) {
      if (!(err instanceof InvalidConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  const listed = (vars.OPENAI_MODELS ?? '').split(',').filter((id) => id.length > 0 && !catalog.some((m) => m.modelId === id));
  catalog = [
    ...catalog,
    ...listed.map((modelId) => ({
      modelId,
      displayName: modelId,
      provider: OPENAI_COMPATIBLE_PROVIDER,
      inputPricePerMillionTokensUsd: 0,
      outputPricePerMillionTokensUsd: 0,
      contextWindowTokens: OPENAI_MODELS_CONTEXT_WINDOW,
    })),
  ];
  if (vars.LLM_PROVIDER === 'openai-compatible' && vars.OPENAI_BASE_URL === undefined) {
    problems.push('OPENAI_BASE_URL: is required when LLM_PROVIDER is openai-compatible');
  }
  const defaultModelId = vars.LLM_DEFAULT_MODEL_ID ?? DEFAULT_MODEL_ID;
  if (problems.length === 0 && !catalog.some((m) => m.modelId === defaultModelId)) {
    problems.push(`LLM_DEFAULT_MODEL_ID: ${defaultModelId} is not in the model catalog`);
  }
  throwIfInvalid('LLM', problems);
  const awsRegion = env.AWS_REGION?.trim();
  const credentials = hasAwsCredentials(env);
  const provider: LlmProvider =
    vars.LLM_PROVIDER ??
    (credentials || vars.BEDROCK_ENDPOINT !== undefined ? 'bedrock' : vars.OPENAI_BASE_URL !== undefined ? 'openai-compatible' : 'none');
  return {
    provider,
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
    ...(vars.OPENAI_BASE_URL !== undefined &&
      provider !== 'none' && {
        openAiCompatible: {
          baseUrl: vars.OPENAI_BASE_URL,
          ...(vars.OPENAI_API_KEY?.trim() && { apiKey: vars.OPENAI_API_KEY.trim() }),
          structuredOutput: vars.OPENAI_STRUCTURED_OUTPUT ?? 'auto',
        },
      }),
  };
}


/** The `llm` config namespace. */
export const llmConfig = registerAs('llm', (): LlmConfig => parseLlmConfig(process.env));
