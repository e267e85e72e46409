import { Order } from '../../purchases/domain/order';
import { analysisInputHash, AnalysisCacheKeyParts, buildAnalysisInput, groundProductIds } from './analysis-input';

const order = (orderId: string, at: string, total = 10): Order => ({
  customerId: 'secret-customer', orderId, purchasedAt: at, purchasedAtUtc: at, total, source: 'api', createdAt: at,
  lines: [{ productId: 'P1', description: 'MUG', quantity: 2, unitPrice: total / 2 }],
});
const parts: AnalysisCacheKeyParts = {
  analysisType: 'customer_profile',
  orders: [order('1', '2011-01-01T00:00:00.000Z'), order('2', '2011-02-01T00:00:00.000Z')],
  asOfDay: '2011-03-01',
  promptId: 'analysis.customer_profile',
  promptVersion: '1',
  engine: 'anthropic.claude-3-haiku-20240307-v1:0',
  parameters: { temperature: 0.2, maxTokens: 1024 },
};

describe('analysisInputHash', () => {
  it('is stable and ignores the order of orders and parameters', () => {
    const h = analysisInputHash(parts);
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(analysisInputHash({ ...parts, orders: [...parts.orders].reverse(), parameters: { maxTokens: 1024, temperature: 0.2 } })).toBe(h);
  });

  it.each([
    ['a new order', { orders: [...parts.orders, order('3', '2011-02-20T00:00:00.000Z')] }],
    ['another prompt version', { promptVersion: '2' }],
    ['another model', { engine: 'anthropic.claude-3-5-haiku-20241022-v1:0' }],
    ['another reference day', { asOfDay: '2011-03-02' }],
    ['another temperature', { parameters: { temperature: 0.5, maxTokens: 1024 } }],
    ['another analysis type', { analysisType: 'recommendations' as const }],
  ])('changes with %s', (_label, change) => {
    expect(analysisInputHash({ ...parts, ...change })).not.toBe(analysisInputHash(parts));
  });
});

describe('buildAnalysisInput', () => {
  it('carries the orders and products but no customer id', () => {
    const input = buildAnalysisInput('consumption_prediction', parts.orders as Order[], Date.parse('2011-03-01T00:00:00Z'), 1);
    expect(input.orders).toEqual([{ date: '2011-02-01', total: 10, lines: [{ productId: 'P1', description: 'MUG', category: null, quantity: 2, unitPrice: 5 }] }]);
    expect(input.orderCount).toBe(2);
    expect(input.products[0]).toMatchObject({ productId: 'P1', timesBought: 2, meanDaysBetween: 31 });
    expect(JSON.stringify(input)).not.toContain('secret-customer');
  });
});

describe('groundProductIds', () => {
  it('splits known and invented ids', () => {
    expect(groundProductIds(['A', 'X', 'B'], new Set(['A', 'B']))).toEqual({ kept: ['A', 'B'], dropped: ['X'] });
  });
});
