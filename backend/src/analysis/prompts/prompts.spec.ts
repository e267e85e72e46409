import { Order } from '../../purchases/domain/order';
import { ANALYSIS_TYPES } from '../domain/analysis-type';
import { buildAnalysisInput } from '../domain/analysis-input';
import { groundConsumption, groundProfile, groundRecommendations, UngroundedOutputError } from '../domain/model-output';
import { OutputSchemaError, validateModelOutput } from './output-validator';
import { DEFAULT_PROMPT_VERSION, promptFor, PROMPTS, UnknownPromptVersionError } from './prompt-registry';

const at = (day: number) => new Date(Date.parse('2011-01-01T00:00:00Z') + day * 86_400_000).toISOString();
const order = (id: string, day: number, productIds: string[]): Order => ({
  customerId: 'CUST-77', orderId: id, purchasedAt: at(day), purchasedAtUtc: at(day), source: 'api', createdAt: at(day), total: productIds.length * 3,
  lines: productIds.map((productId) => ({ productId, description: `SECRET NAME ${productId}`, quantity: 1, unitPrice: 3, category: 'kitchen' })),
});
const orders = [order('1', 0, ['A', 'B']), order('2', 10, ['A']), order('3', 20, ['A', 'B']), order('4', 30, ['A'])];
const asOf = Date.parse('2011-02-05T00:00:00Z');

describe('prompts', () => {
  it.each(ANALYSIS_TYPES)('%s: versioned, fixed text without customer data, tool schema attached', (type) => {
    const prompt = promptFor(type, DEFAULT_PROMPT_VERSION[type]);
    expect(prompt).toMatchObject({ analysisType: type, version: '1', promptId: `analysis.${type}` });
    const input = JSON.stringify(buildAnalysisInput(type, orders, asOf, 100));
    expect(input).toContain('SECRET NAME A');
    for (const text of [prompt.system, prompt.instruction]) {
      expect(text).not.toContain('SECRET NAME');
      expect(text).not.toContain('CUST-77');
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    expect(prompt.tool.name).toMatch(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/);
  });

  it('refuses an unknown version', () => {
    expect(() => promptFor('customer_profile', '99')).toThrow(UnknownPromptVersionError);
    expect(Object.keys(PROMPTS.recommendations)).toEqual(['1']);
  });
});

describe('validateModelOutput (ajv, JSON Schema)', () => {
  const profile = { spendingTier: 'high', purchaseRegularity: 'regular', churnRisk: 'low', keyProductIds: ['A'], insights: ['ok'], summary: 'ok' };

  it('accepts a valid answer', () => {
    expect(validateModelOutput('customer_profile', profile)).toEqual(profile);
    expect(validateModelOutput('recommendations', { recommendations: [] })).toEqual({ recommendations: [] });
  });

  it.each([
    ['a missing field', 'customer_profile', { ...profile, summary: undefined }, 'summary'],
    ['an unknown enum value', 'customer_profile', { ...profile, churnRisk: 'extreme' }, '/churnRisk'],
    ['an extra property', 'customer_profile', { ...profile, secret: 1 }, 'additional'],
    ['a confidence above 1', 'consumption_prediction', { summary: 's', predictions: [{ productId: 'A', predictedNextPurchaseDate: '2011-03-01', confidence: 1.2, rationale: 'r' }] }, '/predictions/0/confidence'],
    ['a date that is not YYYY-MM-DD', 'consumption_prediction', { summary: 's', predictions: [{ productId: 'A', predictedNextPurchaseDate: 'next week', confidence: 0.5, rationale: 'r' }] }, 'pattern'],
    ['too many recommendations', 'recommendations', { recommendations: Array.from({ length: 21 }, () => ({ productId: 'A', kind: 'replenishment', score: 0.5, reason: 'r' })) }, '20'],
    ['not an object', 'recommendations', 'A, B, C', 'object'],
  ] as const)('rejects %s', (_label, type, output, mention) => {
    expect(() => validateModelOutput(type, output)).toThrow(OutputSchemaError);
    expect(() => validateModelOutput(type, output)).toThrow(mention);
  });
});

describe('grounding model output in the customer history', () => {
  it('keeps known products with names from the orders and drops invented ones', () => {
    const grounded = groundConsumption(
      {
        summary: 's',
        predictions: [
          { productId: 'A', predictedNextPurchaseDate: '2011-02-10', confidence: 0.8, rationale: 'r' },
          { productId: 'GHOST', predictedNextPurchaseDate: '2011-02-10', confidence: 0.9, rationale: 'r' },
          { productId: 'B', predictedNextPurchaseDate: '2010-12-01', confidence: 0.9, rationale: 'before its last purchase' },
        ],
      },
      orders,
      asOf,
    );
    expect(grounded.droppedProductIds).toEqual(['GHOST', 'B']);
    expect(grounded.result.predictions).toEqual([expect.objectContaining({ productId: 'A', description: 'SECRET NAME A', category: 'kitchen', purchaseDays: 4, confidence: 0.8 })]);
  });

  it('rejects an answer naming only invented products', () => {
    expect(() => groundRecommendations({ recommendations: [{ productId: 'X', kind: 'replenishment', score: 1, reason: 'r' }] }, orders, asOf)).toThrow(UngroundedOutputError);
    expect(() => groundProfile({ spendingTier: 'low', purchaseRegularity: 'regular', churnRisk: 'low', keyProductIds: ['X'], insights: ['i'], summary: 's' }, orders, asOf)).toThrow(
      UngroundedOutputError,
    );
  });

  it('keeps the facts computed from the orders whatever the model says', () => {
    const { result } = groundProfile({ spendingTier: 'very_high', purchaseRegularity: 'regular', churnRisk: 'low', keyProductIds: [], insights: ['i'], summary: 's' }, orders, asOf);
    expect(result.facts.orders).toBe(4);
    expect(result.spendingTier).toBe('very_high');
  });

  it('deduplicates recommendations and re-ranks them', () => {
    const { result } = groundRecommendations(
      { recommendations: [{ productId: 'B', kind: 'product_affinity', score: 0.5, reason: 'r' }, { productId: 'B', kind: 'product_affinity', score: 0.4, reason: 'r' }, { productId: 'A', kind: 'replenishment', score: 0.9, reason: 'r' }] },
      orders,
      asOf,
    );
    expect(result.items.map((i) => [i.rank, i.productId, i.description])).toEqual([
      [1, 'B', 'SECRET NAME B'],
      [2, 'A', 'SECRET NAME A'],
    ]);
  });

  describe('merged with the rules', () => {
    // A and C every 10 days up to day 30; L every 5 days up to day 10 (lapsed by day 80: 70 > max(15, 65))
    const history = [order('1', 0, ['A', 'C', 'L']), order('2', 5, ['L']), order('3', 10, ['A', 'C', 'L']), order('4', 20, ['A', 'C']), order('5', 30, ['A', 'C'])];
    const day80 = Date.parse(at(80));

    it("gives every regular product a prediction: the model's where valid, the rules' otherwise, each with its source", () => {
      const { result, droppedProductIds } = groundConsumption(
        { summary: 's', predictions: [{ productId: 'A', predictedNextPurchaseDate: '2011-03-25', confidence: 0.9, rationale: 'model' }] },
        history,
        day80,
      );
      expect(droppedProductIds).toEqual([]);
      expect(result.predictions.map((p) => [p.productId, p.source, p.status])).toEqual([
        ['A', 'bedrock', 'upcoming'],
        ['C', 'rules', 'overdue'],
      ]);
      expect(result.predictions[0]).toMatchObject({ predictedNextPurchaseAt: '2011-03-25T00:00:00.000Z', confidence: 0.9, rationale: 'model' });
      expect(result.lapsed?.map((p) => [p.productId, p.status, p.source])).toEqual([['L', 'lapsed', 'rules']]);
    });

    it('replaces an invalid model date with the rule prediction and keeps lapsed products out of the predictions', () => {
      const { result, droppedProductIds } = groundConsumption(
        {
          summary: 's',
          predictions: [
            { productId: 'C', predictedNextPurchaseDate: '2011-02-30', confidence: 0.9, rationale: 'not a day' },
            { productId: 'L', predictedNextPurchaseDate: '2011-03-25', confidence: 0.95, rationale: 'model thinks it is due' },
            { productId: 'A', predictedNextPurchaseDate: '2011-03-25', confidence: 0.9, rationale: 'model' },
          ],
        },
        history,
        day80,
      );
      expect(droppedProductIds).toEqual(['C']);
      expect(result.predictions.map((p) => [p.productId, p.source])).toEqual([
        ['A', 'bedrock'],
        ['C', 'rules'],
      ]);
      expect(result.lapsed?.map((p) => p.productId)).toEqual(['L']);
    });

    it('relabels a model replenishment of a lapsed product as a win-back below the remaining replenishments', () => {
      const { result } = groundRecommendations(
        {
          recommendations: [
            { productId: 'L', kind: 'replenishment', score: 0.95, reason: 'overdue' },
            { productId: 'B', kind: 'product_affinity', score: 0.6, reason: 'r' },
            { productId: 'A', kind: 'replenishment', score: 0.9, reason: 'due' },
            { productId: 'C', kind: 'category_affinity', score: 0.3, reason: 'r' },
          ],
        },
        [...history, order('6', 31, ['B'])],
        day80,
      );
      expect(result.items.map((i) => [i.rank, i.productId, i.kind])).toEqual([
        [1, 'B', 'product_affinity'],
        [2, 'A', 'replenishment'],
        [3, 'L', 'win_back'],
        [4, 'C', 'category_affinity'],
      ]);
    });
  });
});
