import { productHistoryFromOrders, UNKNOWN_CATEGORY } from './product-history';
import { profileCustomer } from './rule-profile';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1, 9);

describe('productHistoryFromOrders', () => {
  const orders = [
    { purchasedAtMs: T0, lines: [{ productId: 'A', category: 'SKINCARE', quantity: 2, unitPrice: 10 }] },
    {
      purchasedAtMs: T0 + 10 * DAY,
      lines: [
        { productId: 'A', quantity: 1, unitPrice: 12 },
        { productId: 'A', quantity: 1, unitPrice: 12 },
        { productId: 'B', quantity: 3, unitPrice: 1.5 },
      ],
    },
    { purchasedAtMs: T0 + 10 * DAY + 3_600_000, lines: [{ productId: 'A', quantity: 1, unitPrice: 10 }] },
    { purchasedAtMs: T0 + 30 * DAY, lines: [{ productId: 'A', quantity: 1, unitPrice: 10 }] },
    { purchasedAtMs: T0 + 400 * DAY, lines: [{ productId: 'B', quantity: 1, unitPrice: 1 }] },
  ];

  it('aggregates per product and averages the gaps between distinct purchase days', () => {
    const history = productHistoryFromOrders(orders, T0 + 100 * DAY);
    expect(history).toEqual([
      {
        productId: 'A',
        category: 'SKINCARE',
        totalQuantity: 6,
        totalSpent: 64,
        orderCount: 4,
        firstPurchase: '2025-01-01T09:00:00.000Z',
        lastPurchase: '2025-01-31T09:00:00.000Z',
        avgDaysBetween: 15,
        firstPurchaseMs: T0,
        lastPurchaseMs: T0 + 30 * DAY,
      },
      {
        productId: 'B',
        category: UNKNOWN_CATEGORY,
        totalQuantity: 3,
        totalSpent: 4.5,
        orderCount: 1,
        firstPurchase: '2025-01-11T09:00:00.000Z',
        lastPurchase: '2025-01-11T09:00:00.000Z',
        avgDaysBetween: null,
        firstPurchaseMs: T0 + 10 * DAY,
        lastPurchaseMs: T0 + 10 * DAY,
      },
    ]);
  });

  it('ignores orders after asOf and yields a profilable history', () => {
    const asOfMs = T0 + 100 * DAY;
    const history = productHistoryFromOrders(orders, asOfMs);
    const profile = profileCustomer(
      {
        customerId: 'C',
        city: null,
        customer: { customerId: 'C', city: null, age: 40, gender: 'F', registeredAt: null, registeredAtMs: T0, productHistory: history },
        region: { name: 'Ege', climateType: 'Sıcak-Nemli', medianBasket: 65, trend: 'SKINCARE' },
      },
      asOfMs,
    );
    expect(profile).toMatchObject({ mode: 'regular', orderCount: 5, totalSpent: 68.5, affinityCategory: 'SKINCARE' });
    expect(profile.missingRegulars.map((m) => m.productId)).toEqual(['A']);
  });

  it('returns an empty history without orders', () => {
    expect(productHistoryFromOrders([], T0)).toEqual([]);
  });
});
