/** Shared data of the analysis e2e suites. */
const DAY = 86_400_000;
export const FIXTURE_START = Date.parse('2011-01-03T10:00:00Z');
/** Reference date after the six fixture orders (last one 2011-02-22). */
export const FIXTURE_AS_OF = '2011-03-10';

/** Six orders, every 10 days: A and C each time, B every other order, D once. */
export function regularOrders(prefix = 'o'): Array<Record<string, unknown>> {
  const orders: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 6; i++) {
    const lines: Array<Record<string, unknown>> = [
      { productId: 'A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: 2.55, category: 'home' },
      { productId: 'C', description: 'JUMBO BAG RED RETROSPOT', quantity: 10, unitPrice: 1.95 },
    ];
    if (i % 2 === 0) lines.push({ productId: 'B', description: 'PACK OF 72 RETROSPOT CAKE CASES', quantity: 24, unitPrice: 0.55 });
    if (i === 1) lines.push({ productId: 'D', description: 'REGENCY CAKESTAND 3 TIER', quantity: 1, unitPrice: 12.75 });
    orders.push({ orderId: `${prefix}${i}`, purchasedAt: new Date(FIXTURE_START + i * 10 * DAY).toISOString(), lines });
  }
  return orders;
}
