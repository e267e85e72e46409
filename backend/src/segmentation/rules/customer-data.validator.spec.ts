import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCustomerData, type FieldError } from './customer-data.validator';

const EXAMPLES = join(__dirname, '../../../test/fixtures/reference/mext-hackathon/examples');

function exampleRequest(name: string): unknown {
  const body = JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as { customerData: unknown };
  return body.customerData;
}

function errorsOf(raw: unknown): FieldError[] {
  const result = validateCustomerData(raw);
  if (result.ok) throw new Error('expected validation errors');
  return result.errors;
}

function product(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productId: 'P-1',
    category: 'SKINCARE',
    totalQuantity: 1,
    totalSpent: 10,
    orderCount: 1,
    lastPurchase: '2026-01-01',
    avgDaysBetween: null,
    ...overrides,
  };
}

const region = { name: 'Marmara', climateType: 'Metropol', medianBasket: 85, trend: 'SKINCARE' };

describe('validateCustomerData', () => {
  it.each(['example-request.json', 'example-request-new-customer.json', 'example-request-region.json'])(
    'accepts %s',
    (name) => {
      expect(validateCustomerData(exampleRequest(name)).ok).toBe(true);
    },
  );

  it('normalises optional fields and parses dates once', () => {
    const result = validateCustomerData({
      customerId: 'C-1',
      customer: { registeredAt: '2024-01-05T10:00:00+03:00', productHistory: [product({ firstPurchase: '2025-12-01' })] },
      region,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        customerId: 'C-1',
        city: null,
        customer: {
          customerId: null,
          city: null,
          age: null,
          gender: null,
          registeredAt: '2024-01-05T10:00:00+03:00',
          registeredAtMs: Date.UTC(2024, 0, 5, 7),
          productHistory: [
            {
              productId: 'P-1',
              category: 'SKINCARE',
              totalQuantity: 1,
              totalSpent: 10,
              orderCount: 1,
              firstPurchase: '2025-12-01',
              lastPurchase: '2026-01-01',
              avgDaysBetween: null,
              firstPurchaseMs: Date.UTC(2025, 11, 1),
              lastPurchaseMs: Date.UTC(2026, 0, 1),
            },
          ],
        },
        region,
      },
    });
  });

  it('ignores unknown properties such as the fixtures’ extra customer fields', () => {
    const result = validateCustomerData({
      customerId: 'C-1',
      customer: { productHistory: [], loyaltyLevel: 'champion', region: 'Marmara' },
      region: { ...region, cities: ['Istanbul'] },
      extra: true,
    });
    expect(result.ok).toBe(true);
  });

  it('lists every bad field with its path', () => {
    const errors = errorsOf({
      customerId: 42,
      city: ['Istanbul'],
      customer: {
        age: 121,
        gender: 'X',
        registeredAt: '2024-02-30',
        productHistory: [
          product(),
          product({ productId: '', totalQuantity: -1 }),
          product({ totalSpent: -0.01, orderCount: 1.5, lastPurchase: 'yesterday', avgDaysBetween: -3 }),
          'P-4',
          product({ category: undefined, totalSpent: '10', firstPurchase: 20240101, lastPurchase: undefined }),
        ],
      },
      region: { name: 'Marmara', climateType: 7, medianBasket: -85 },
    });
    expect(errors.map((e) => e.field)).toEqual([
      'customerId',
      'city',
      'customer.age',
      'customer.gender',
      'customer.registeredAt',
      'customer.productHistory[1].productId',
      'customer.productHistory[1].totalQuantity',
      'customer.productHistory[2].totalSpent',
      'customer.productHistory[2].orderCount',
      'customer.productHistory[2].avgDaysBetween',
      'customer.productHistory[2].lastPurchase',
      'customer.productHistory[3]',
      'customer.productHistory[4].category',
      'customer.productHistory[4].totalSpent',
      'customer.productHistory[4].firstPurchase',
      'customer.productHistory[4].lastPurchase',
      'region.climateType',
      'region.medianBasket',
      'region.trend',
    ]);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
    expect(errors.find((e) => e.field === 'customer.productHistory[4].lastPurchase')?.message).toBe('is required');
  });

  it.each([
    [-1, false],
    [0, true],
    [120, true],
    [121, false],
    [30.5, false],
    ['30', false],
    [null, true],
  ])('age %p valid: %p', (age, valid) => {
    const result = validateCustomerData({ customerId: 'C', customer: { age, productHistory: [] }, region });
    expect(result.ok).toBe(valid);
    if (!result.ok) expect(result.errors).toEqual([{ field: 'customer.age', message: expect.stringContaining('0 and 120') }]);
  });

  it.each(['F', 'M', 'U', null])('accepts gender %p', (gender) => {
    expect(validateCustomerData({ customerId: 'C', customer: { gender, productHistory: [] }, region }).ok).toBe(true);
  });

  it('rejects NaN and Infinity as money', () => {
    const errors = errorsOf({
      customerId: 'C',
      customer: { productHistory: [product({ totalSpent: Number.NaN, totalQuantity: Infinity })] },
      region,
    });
    expect(errors.map((e) => e.field)).toEqual([
      'customer.productHistory[0].totalQuantity',
      'customer.productHistory[0].totalSpent',
    ]);
  });

  it('rejects a firstPurchase after lastPurchase', () => {
    const errors = errorsOf({
      customerId: 'C',
      customer: { productHistory: [product({ firstPurchase: '2026-02-01', lastPurchase: '2026-01-01' })] },
      region,
    });
    expect(errors).toEqual([{ field: 'customer.productHistory[0].firstPurchase', message: 'must not be after lastPurchase' }]);
  });

  it('accepts every date form: date only, zone-less, Z, offsets', () => {
    const forms = ['2024-01-05', '2024-01-05T10:00:00', '2024-01-05T10:00:00Z', '2024-01-05T10:00:00+03:00'];
    const result = validateCustomerData({
      customerId: 'C',
      customer: { productHistory: forms.map((lastPurchase, i) => product({ productId: `P-${i}`, lastPurchase })) },
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.customer?.productHistory.map((p) => p.lastPurchaseMs)).toEqual([
        Date.UTC(2024, 0, 5),
        Date.UTC(2024, 0, 5, 10),
        Date.UTC(2024, 0, 5, 10),
        Date.UTC(2024, 0, 5, 7),
      ]);
    }
  });

  it('requires a region in region and new-customer modes only', () => {
    expect(errorsOf({ city: 'Antalya' })).toEqual([{ field: 'region', message: expect.any(String) }]);
    expect(errorsOf({ customerId: 'C', customer: { productHistory: [] } }).map((e) => e.field)).toEqual(['region']);
    expect(validateCustomerData({ customerId: 'C', customer: { productHistory: [product()] } }).ok).toBe(true);
  });

  it('rejects non-objects and a missing or non-array productHistory', () => {
    expect(errorsOf(null)).toEqual([{ field: 'customerData', message: 'must be an object' }]);
    expect(errorsOf([])).toEqual([{ field: 'customerData', message: 'must be an object' }]);
    expect(errorsOf({ customerId: 'C', customer: 'x', region }).map((e) => e.field)).toEqual(['customer']);
    expect(errorsOf({ customerId: 'C', customer: {}, region }).map((e) => e.field)).toEqual(['customer.productHistory']);
    expect(errorsOf({ customerId: 'C', customer: { productHistory: {} }, region }).map((e) => e.field)).toEqual([
      'customer.productHistory',
    ]);
    expect(errorsOf({ customerId: 'C', customer: { productHistory: [] }, region: 'Marmara' }).map((e) => e.field)).toEqual([
      'region',
    ]);
  });

  it('bounds string lengths and the number of product lines', () => {
    expect(errorsOf({ customerId: 'C'.repeat(257), region }).map((e) => e.field)).toEqual(['customerId']);
    const many = Array.from({ length: 10_001 }, () => product());
    expect(errorsOf({ customerId: 'C', customer: { productHistory: many }, region }).map((e) => e.field)).toEqual([
      'customer.productHistory',
    ]);
  });
});
