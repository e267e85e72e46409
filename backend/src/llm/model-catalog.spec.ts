import { InvalidConfigError } from '../config/config-validation';
import { LlmModelNotInCatalogError } from './llm.errors';
import {
  computeCostUsd,
  DEFAULT_MODEL_CATALOG,
  DEFAULT_MODEL_ID,
  ModelCatalog,
  ModelCatalogEntry,
  parseModelCatalog,
} from './model-catalog';

const HAIKU = DEFAULT_MODEL_CATALOG.find((m) => m.modelId === 'anthropic.claude-3-haiku-20240307-v1:0') as ModelCatalogEntry;

describe('computeCostUsd', () => {
  it('prices input and output tokens per million', () => {
    expect(computeCostUsd({ inputTokens: 1_000_000, outputTokens: 0 }, HAIKU)).toBe(0.25);
    expect(computeCostUsd({ inputTokens: 0, outputTokens: 1_000_000 }, HAIKU)).toBe(1.25);
    expect(computeCostUsd({ inputTokens: 2_000, outputTokens: 500 }, HAIKU)).toBeCloseTo(0.000_5 + 0.000_625, 15);
  });

  it('is zero without tokens', () => {
    expect(computeCostUsd({ inputTokens: 0, outputTokens: 0 }, HAIKU)).toBe(0);
  });

  it('uses the catalog prices of each default model', () => {
    const catalog = new ModelCatalog(DEFAULT_MODEL_CATALOG);
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(catalog.costUsd('anthropic.claude-3-haiku-20240307-v1:0', usage)).toBeCloseTo(1.5, 12);
    expect(catalog.costUsd('anthropic.claude-3-sonnet-20240229-v1:0', usage)).toBeCloseTo(18, 12);
    expect(catalog.costUsd('anthropic.claude-3-5-sonnet-20241022-v2:0', usage)).toBeCloseTo(18, 12);
    expect(catalog.costUsd('anthropic.claude-3-5-haiku-20241022-v1:0', usage)).toBeCloseTo(4.8, 12);
  });
});

describe('DEFAULT_MODEL_CATALOG', () => {
  it('has the four required Claude models with 200k context and validates', () => {
    expect(DEFAULT_MODEL_CATALOG.map((m) => m.displayName)).toEqual([
      'Claude 3 Haiku',
      'Claude 3 Sonnet',
      'Claude 3.5 Sonnet v2',
      'Claude 3.5 Haiku',
    ]);
    expect(DEFAULT_MODEL_CATALOG.every((m) => m.contextWindowTokens === 200_000)).toBe(true);
    expect(() => new ModelCatalog(DEFAULT_MODEL_CATALOG, DEFAULT_MODEL_ID)).not.toThrow();
  });

  it('routes the Claude 3.5 models through US cross-region inference profiles', () => {
    const profiles = Object.fromEntries(DEFAULT_MODEL_CATALOG.map((m) => [m.modelId, m.inferenceProfileId]));
    expect(profiles['anthropic.claude-3-5-sonnet-20241022-v2:0']).toBe('us.anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(profiles['anthropic.claude-3-5-haiku-20241022-v1:0']).toBe('us.anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(profiles['anthropic.claude-3-haiku-20240307-v1:0']).toBeUndefined();
  });
});

describe('parseModelCatalog', () => {
  const valid = {
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    displayName: 'Haiku',
    inputPricePerMillionTokensUsd: 0.25,
    outputPricePerMillionTokensUsd: 1.25,
    contextWindowTokens: 200_000,
  };

  it('parses a valid catalog and defaults the provider', () => {
    expect(parseModelCatalog(JSON.stringify([valid]))).toEqual([{ ...valid, provider: 'anthropic' }]);
  });

  it('keeps optional fields', () => {
    const entry = { ...valid, provider: 'anthropic', maxOutputTokens: 4096, inferenceProfileId: 'us.anthropic.claude-3-haiku-20240307-v1:0' };
    expect(parseModelCatalog(JSON.stringify([entry]))).toEqual([entry]);
  });

  it.each([
    ['not JSON', '[{', 'LLM_MODEL_CATALOG: must be valid JSON'],
    ['not an array', '{}', 'LLM_MODEL_CATALOG: must be a JSON array'],
    ['empty', '[]', 'LLM_MODEL_CATALOG: must be a JSON array'],
    ['an entry that is not an object', '[1]', 'LLM_MODEL_CATALOG[0]: must be an object'],
    ['a bad model id', JSON.stringify([{ ...valid, modelId: 'has spaces' }]), 'LLM_MODEL_CATALOG[0].modelId'],
    ['a negative price', JSON.stringify([{ ...valid, inputPricePerMillionTokensUsd: -1 }]), 'LLM_MODEL_CATALOG[0].inputPricePerMillionTokensUsd'],
    ['a price as text', JSON.stringify([{ ...valid, outputPricePerMillionTokensUsd: '1.25' }]), 'LLM_MODEL_CATALOG[0].outputPricePerMillionTokensUsd'],
    ['a fractional context', JSON.stringify([{ ...valid, contextWindowTokens: 1.5 }]), 'LLM_MODEL_CATALOG[0].contextWindowTokens'],
    ['a missing display name', JSON.stringify([{ ...valid, displayName: '' }]), 'LLM_MODEL_CATALOG[0].displayName'],
    ['duplicate ids', JSON.stringify([valid, valid]), 'LLM_MODEL_CATALOG[1].modelId: duplicate'],
  ])('rejects %s, naming the variable and field', (_label, json, message) => {
    expect(() => parseModelCatalog(json)).toThrow(InvalidConfigError);
    expect(() => parseModelCatalog(json)).toThrow(message);
  });
});

describe('ModelCatalog', () => {
  const catalog = new ModelCatalog(DEFAULT_MODEL_CATALOG);

  it('finds entries and lists them in order', () => {
    expect(catalog.get(DEFAULT_MODEL_ID).displayName).toBe('Claude 3 Haiku');
    expect(catalog.find('nope')).toBeUndefined();
    expect(catalog.list()).toHaveLength(4);
    expect(catalog.defaultModelId).toBe(DEFAULT_MODEL_ID);
  });

  it('throws LLM.MODEL_NOT_IN_CATALOG for an unknown model', () => {
    expect(() => catalog.get('meta.llama3-8b-instruct-v1:0')).toThrow(LlmModelNotInCatalogError);
    expect(() => catalog.costUsd('meta.llama3-8b-instruct-v1:0', { inputTokens: 1, outputTokens: 1 })).toThrow(
      expect.objectContaining({ code: 'LLM.MODEL_NOT_IN_CATALOG', kind: 'validation' }),
    );
  });

  it('refuses a default model that is not in the catalog', () => {
    expect(() => new ModelCatalog(DEFAULT_MODEL_CATALOG, 'meta.llama3-8b-instruct-v1:0')).toThrow(InvalidConfigError);
  });
});
