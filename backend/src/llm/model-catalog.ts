import { InvalidConfigError } from '../config/config-validation';
import { LlmModelNotInCatalogError, LlmUsage } from './llm.errors';

/** One model the product may call, with its on-demand prices. */
export interface ModelCatalogEntry {
  /** Bedrock foundation-model id (`anthropic.claude-3-haiku-20240307-v1:0`); the key experiments use. */
  readonly modelId: string;
  readonly displayName: string;
  readonly provider: string;
  /** USD per 1,000,000 input tokens (on-demand, us-east-1). */
  readonly inputPricePerMillionTokensUsd: number;
  /** USD per 1,000,000 output tokens (on-demand, us-east-1). */
  readonly outputPricePerMillionTokensUsd: number;
  /** Context window in tokens. */
  readonly contextWindowTokens: number;
  /** Largest `maxTokens` the model accepts; larger requests are clamped to it. */
  readonly maxOutputTokens?: number;
  /**
   * Cross-region inference profile id sent to Converse instead of `modelId`, for models that have no
   * on-demand throughput in the configured region (`us.anthropic...`; `eu.`/`apac.` outside the US).
   */
  readonly inferenceProfileId?: string;
}

/**
 * Default catalog. Prices are Bedrock on-demand list prices (us-east-1) per million tokens. Claude 3.5
 * Sonnet v2 and Claude 3.5 Haiku are served in us-east-1 only through the `us.` inference profiles.
 * Check https://aws.amazon.com/bedrock/pricing/ before relying on the figures; override them with
 * `LLM_MODEL_CATALOG`.
 */
export const DEFAULT_MODEL_CATALOG: readonly ModelCatalogEntry[] = [
  {
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    displayName: 'Claude 3 Haiku',
    provider: 'anthropic',
    inputPricePerMillionTokensUsd: 0.25,
    outputPricePerMillionTokensUsd: 1.25,
    contextWindowTokens: 200_000,
    maxOutputTokens: 4096,
  },
  {
    modelId: 'anthropic.claude-3-sonnet-20240229-v1:0',
    displayName: 'Claude 3 Sonnet',
    provider: 'anthropic',
    inputPricePerMillionTokensUsd: 3,
    outputPricePerMillionTokensUsd: 15,
    contextWindowTokens: 200_000,
    maxOutputTokens: 4096,
  },
  {
    modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    displayName: 'Claude 3.5 Sonnet v2',
    provider: 'anthropic',
    inputPricePerMillionTokensUsd: 3,
    outputPricePerMillionTokensUsd: 15,
    contextWindowTokens: 200_000,
    maxOutputTokens: 8192,
    inferenceProfileId: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
  },
  {
    modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    displayName: 'Claude 3.5 Haiku',
    provider: 'anthropic',
    inputPricePerMillionTokensUsd: 0.8,
    outputPricePerMillionTokensUsd: 4,
    contextWindowTokens: 200_000,
    maxOutputTokens: 8192,
    inferenceProfileId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  },
];

/** Model used when a caller or experiment does not name one: Claude 3 Haiku. */
export const DEFAULT_MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';

/**
 * Cost of one response in USD: `inputTokens × inputPrice / 1e6 + outputTokens × outputPrice / 1e6`,
 * prices per million tokens. Unrounded; round only at the edge.
 */
export function computeCostUsd(usage: LlmUsage, entry: ModelCatalogEntry): number {
  return (
    (usage.inputTokens * entry.inputPricePerMillionTokensUsd) / 1e6 +
    (usage.outputTokens * entry.outputPricePerMillionTokensUsd) / 1e6
  );
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;
const MAX_PRICE_PER_MILLION_USD = 1000;
const MAX_CONTEXT_TOKENS = 10_000_000;
const MAX_CATALOG_ENTRIES = 100;

/**
 * Parses and validates a catalog given as JSON text (the `LLM_MODEL_CATALOG` variable): a non-empty
 * array of {@link ModelCatalogEntry} with unique model ids, bounded prices (0..1000 USD per million
 * tokens) and positive integer token sizes. The result replaces the default catalog.
 *
 * @param variable name used in error messages.
 * @throws InvalidConfigError naming each bad field (`LLM_MODEL_CATALOG[1].displayName: ...`).
 */
export function parseModelCatalog(json: string, variable = 'LLM_MODEL_CATALOG'): ModelCatalogEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new InvalidConfigError('model catalog', [`${variable}: must be valid JSON`]);
  }
  return validateModelCatalog(raw, variable);
}

/**
 * Validates an already-parsed catalog; see {@link parseModelCatalog}.
 *
 * @throws InvalidConfigError naming each bad field.
 */
export function validateModelCatalog(raw: unknown, variable = 'LLM_MODEL_CATALOG'): ModelCatalogEntry[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_CATALOG_ENTRIES) {
    throw new InvalidConfigError('model catalog', [`${variable}: must be a JSON array of 1..${MAX_CATALOG_ENTRIES} models`]);
  }
  const problems: string[] = [];
  const entries: ModelCatalogEntry[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const at = `${variable}[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const entry = item as Record<string, unknown>;
    const before = problems.length;
    const modelId = entry.modelId;
    if (typeof modelId !== 'string' || !MODEL_ID.test(modelId)) problems.push(`${at}.modelId: must be a Bedrock model id`);
    else if (seen.has(modelId)) problems.push(`${at}.modelId: duplicate ${modelId}`);
    else seen.add(modelId);
    if (!isBoundedString(entry.displayName, 100)) problems.push(`${at}.displayName: must be a string of 1..100 characters`);
    if (entry.provider !== undefined && !isBoundedString(entry.provider, 50)) {
      problems.push(`${at}.provider: must be a string of 1..50 characters`);
    }
    for (const field of ['inputPricePerMillionTokensUsd', 'outputPricePerMillionTokensUsd'] as const) {
      const price = entry[field];
      if (typeof price !== 'number' || !Number.isFinite(price) || price < 0 || price > MAX_PRICE_PER_MILLION_USD) {
        problems.push(`${at}.${field}: must be a number between 0 and ${MAX_PRICE_PER_MILLION_USD}`);
      }
    }
    if (!isPositiveInt(entry.contextWindowTokens, MAX_CONTEXT_TOKENS)) {
      problems.push(`${at}.contextWindowTokens: must be an integer between 1 and ${MAX_CONTEXT_TOKENS}`);
    }
    if (entry.maxOutputTokens !== undefined && !isPositiveInt(entry.maxOutputTokens, MAX_CONTEXT_TOKENS)) {
      problems.push(`${at}.maxOutputTokens: must be an integer between 1 and ${MAX_CONTEXT_TOKENS}`);
    }
    if (
      entry.inferenceProfileId !== undefined &&
      (typeof entry.inferenceProfileId !== 'string' || !MODEL_ID.test(entry.inferenceProfileId))
    ) {
      problems.push(`${at}.inferenceProfileId: must be a Bedrock inference profile id or ARN`);
    }
    if (problems.length > before) return;
    entries.push({
      modelId: modelId as string,
      displayName: entry.displayName as string,
      provider: (entry.provider as string | undefined) ?? 'anthropic',
      inputPricePerMillionTokensUsd: entry.inputPricePerMillionTokensUsd as number,
      outputPricePerMillionTokensUsd: entry.outputPricePerMillionTokensUsd as number,
      contextWindowTokens: entry.contextWindowTokens as number,
      ...(entry.maxOutputTokens !== undefined && { maxOutputTokens: entry.maxOutputTokens as number }),
      ...(entry.inferenceProfileId !== undefined && { inferenceProfileId: entry.inferenceProfileId as string }),
    });
  });
  if (problems.length > 0) throw new InvalidConfigError('model catalog', problems);
  return entries;
}

function isBoundedString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;
}

function isPositiveInt(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

/**
 * The models the product may call, with prices (DI token and value). Pure: no Nest, no I/O.
 */
export class ModelCatalog {
  private readonly byId: ReadonlyMap<string, ModelCatalogEntry>;

  /**
   * @throws InvalidConfigError when entries are empty, invalid or not unique, or when
   * `defaultModelId` is not one of them.
   */
  constructor(
    entries: readonly ModelCatalogEntry[],
    readonly defaultModelId: string = DEFAULT_MODEL_ID,
  ) {
    const valid = validateModelCatalog(entries, 'catalog');
    this.byId = new Map(valid.map((e) => [e.modelId, e]));
    if (!this.byId.has(defaultModelId)) {
      throw new InvalidConfigError('model catalog', [`default model ${defaultModelId} is not in the catalog`]);
    }
  }

  /** Every entry, in catalog order. */
  list(): readonly ModelCatalogEntry[] {
    return [...this.byId.values()];
  }

  /** The entry of `modelId`, or undefined. */
  find(modelId: string): ModelCatalogEntry | undefined {
    return this.byId.get(modelId);
  }

  /**
   * The entry of `modelId`.
   *
   * @throws LlmModelNotInCatalogError when the model is not in the catalog.
   */
  get(modelId: string): ModelCatalogEntry {
    const entry = this.byId.get(modelId);
    if (!entry) throw new LlmModelNotInCatalogError(modelId);
    return entry;
  }

  /**
   * Cost in USD of `usage` on `modelId`; see {@link computeCostUsd}.
   *
   * @throws LlmModelNotInCatalogError when the model is not in the catalog.
   */
  costUsd(modelId: string, usage: LlmUsage): number {
    return computeCostUsd(usage, this.get(modelId));
  }
}
