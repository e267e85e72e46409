import { LineItem, Order } from './order';
import { median } from '../../common/domain/statistics';
import { intervalsInDays, intervalStats, summarizePurchases } from './purchase-summary';

const DAY = 86_400_000;

function order(orderId: string, purchasedAtUtc: string, lines: LineItem[]): Order {
  return {
    customerId: 'c',
    orderId,
    purchasedAt: purchasedAtUtc,
    purchasedAtUtc,
    lines,
    total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
    source: 'api',
    createdAt: '2012-01-01T00:00:00.000Z',
  };
}

const l = (productId: string, quantity: number, unitPrice: number, description?: string): LineItem =>
  description ? { productId, quantity, unitPrice, description } : { productId, quantity, unitPrice };

describe('median', () => {
  it('is the middle value for odd n and the mean of the middle two for even n, order-independent', () => {
    expect(median([30, 4, 10])).toBe(10);
    expect(median([30, 4, 10, 15])).toBe(12.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('intervalStats', () => {
  it('uses the sample standard deviation (ddof = 1) for the coefficient of variation', () => {
    // mean 44/3; squared deviations sum to 370.6667; variance /2 = 185.3333; sd 13.61372
    const stats = intervalStats([10, 4, 30]);
    expect(stats.count).toBe(3);
    expect(stats.meanDays).toBeCloseTo(14.666667, 6);
    expect(stats.medianDays).toBe(10);
    expect(stats.coefficientOfVariation).toBeCloseTo(0.9282081, 6);
  });

  it('handles an even count: median of the middle two; CV of [10, 4] is 0.6060915', () => {
    const stats = intervalStats([10, 4]);
    expect(stats).toEqual({ count: 2, meanDays: 7, medianDays: 7, coefficientOfVariation: expect.any(Number) });
    expect(stats.coefficientOfVariation).toBeCloseTo(0.6060915, 6);
  });

  it('has no CV for a single interval or a zero mean, and nothing for no intervals', () => {
    expect(intervalStats([5])).toEqual({ count: 1, meanDays: 5, medianDays: 5, coefficientOfVariation: null });
    expect(intervalStats([0, 0])).toEqual({ count: 2, meanDays: 0, medianDays: 0, coefficientOfVariation: null });
    expect(intervalStats([])).toEqual({ count: 0, meanDays: null, medianDays: null, coefficientOfVariation: null });
  });

  it('returns 0 CV for equal intervals', () => {
    expect(intervalStats([7, 7, 7]).coefficientOfVariation).toBe(0);
  });
});

describe('intervalsInDays', () => {
  it('gives fractional days between consecutive instants', () => {
    expect(intervalsInDays([0, DAY / 2, 3 * DAY])).toEqual([0.5, 2.5]);
    expect(intervalsInDays([DAY])).toEqual([]);
  });
});

describe('summarizePurchases', () => {
  const history = [
    order('s4', '2011-02-14T00:00:00.000Z', [l('P1', 2, 5)]),
    order('s1', '2011-01-01T00:00:00.000Z', [l('P1', 2, 5), l('P2', 1, 3)]),
    order('s3', '2011-01-15T00:00:00.000Z', [l('P2', 3, 3), l('P3', 1, 20, 'Lamp')]),
    order('s2', '2011-01-11T00:00:00.000Z', [l('P1', 1, 5)]),
    order('s5', '2011-03-01T00:00:00.000Z', [l('P4', 1, 100)]),
  ];
  const asOf = Date.parse('2011-02-20T12:00:00Z');

  it('computes RFM, totals, AOV, rate and intervals as of asOf, ignoring later orders (hand-computed)', () => {
    const s = summarizePurchases(history, asOf);
    expect(s.asOf).toBe('2011-02-20T12:00:00.000Z');
    expect(s.orders).toBe(4);
    expect(s.totalSpent).toBe(57);
    expect(s.averageOrderValue).toBe(14.25);
    expect(s.firstPurchaseAt).toBe('2011-01-01T00:00:00.000Z');
    expect(s.lastPurchaseAt).toBe('2011-02-14T00:00:00.000Z');
    // 6.5 days from the last order to asOf: whole days = 6
    expect(s.rfm).toEqual({ recencyDays: 6, frequency: 4, monetary: 57 });
    // span 50.5 days → 4 / (50.5 / 30)
    expect(s.ordersPer30Days).toBeCloseTo(2.3762376, 6);
    expect(s.interPurchaseIntervals.count).toBe(3);
    expect(s.interPurchaseIntervals.meanDays).toBeCloseTo(14.666667, 6);
    expect(s.interPurchaseIntervals.medianDays).toBe(10);
    expect(s.interPurchaseIntervals.coefficientOfVariation).toBeCloseTo(0.9282081, 6);
    expect(s.distinctProducts).toBe(3);
  });

  it('describes per-product patterns: times bought, quantity, spend, mean days between, last bought', () => {
    const s = summarizePurchases(history, asOf);
    expect(s.products).toEqual([
      { productId: 'P1', timesBought: 3, totalQuantity: 5, totalSpent: 25, meanDaysBetween: 22, lastBoughtAt: '2011-02-14T00:00:00.000Z', daysSinceLastBought: 6 },
      { productId: 'P2', timesBought: 2, totalQuantity: 4, totalSpent: 12, meanDaysBetween: 14, lastBoughtAt: '2011-01-15T00:00:00.000Z', daysSinceLastBought: 36 },
      { productId: 'P3', description: 'Lamp', timesBought: 1, totalQuantity: 1, totalSpent: 20, meanDaysBetween: null, lastBoughtAt: '2011-01-15T00:00:00.000Z', daysSinceLastBought: 36 },
    ]);
  });

  it('with every order visible: even number of intervals, ties sorted by spend, productLimit applied after counting', () => {
    const s = summarizePurchases(history, Date.parse('2012-01-01T00:00:00Z'), 3);
    expect(s.orders).toBe(5);
    expect(s.totalSpent).toBe(157);
    expect(s.interPurchaseIntervals.medianDays).toBe(12.5);
    expect(s.interPurchaseIntervals.meanDays).toBe(14.75);
    expect(s.interPurchaseIntervals.coefficientOfVariation).toBeCloseTo(0.7536816, 6);
    expect(s.rfm?.recencyDays).toBe(306);
    expect(s.ordersPer30Days).toBeCloseTo(5 / (365 / 30), 9);
    expect(s.products.map((p) => p.productId)).toEqual(['P1', 'P2', 'P4']);
    expect(s.distinctProducts).toBe(4);
  });

  it('counts a product once per order for timesBought but sums every line', () => {
    const s = summarizePurchases(
      [order('a', '2011-01-01T00:00:00.000Z', [l('X', 1, 2), l('X', 3, 2)]), order('b', '2011-01-03T00:00:00.000Z', [l('X', 1, 2)])],
      Date.parse('2011-01-10T00:00:00Z'),
    );
    expect(s.products).toEqual([
      { productId: 'X', timesBought: 2, totalQuantity: 5, totalSpent: 10, meanDaysBetween: 2, lastBoughtAt: '2011-01-03T00:00:00.000Z', daysSinceLastBought: 7 },
    ]);
  });

  it('breaks ties on times bought and spend by productId', () => {
    const s = summarizePurchases([order('a', '2011-01-01T00:00:00.000Z', [l('B', 1, 1), l('A', 1, 1), l('C', 1, 2)])], Date.parse('2011-01-02T00:00:00Z'));
    expect(s.products.map((p) => p.productId)).toEqual(['C', 'A', 'B']);
  });

  it('uses a 30-day minimum span for the purchase rate', () => {
    const s = summarizePurchases(
      [order('a', '2011-01-01T00:00:00.000Z', [l('X', 1, 1)]), order('b', '2011-01-05T00:00:00.000Z', [l('X', 1, 1)])],
      Date.parse('2011-01-10T00:00:00Z'),
    );
    expect(s.ordersPer30Days).toBe(2);
  });

  it('includes an order exactly at asOf', () => {
    const s = summarizePurchases([order('a', '2011-01-01T00:00:00.000Z', [l('X', 1, 9)])], Date.parse('2011-01-01T00:00:00Z'));
    expect(s.orders).toBe(1);
    expect(s.rfm).toEqual({ recencyDays: 0, frequency: 1, monetary: 9 });
  });

  it('summarises an empty history, and a history entirely after asOf, as nothing', () => {
    const empty = {
      asOf: '2011-01-01T00:00:00.000Z',
      orders: 0,
      totalSpent: 0,
      averageOrderValue: null,
      firstPurchaseAt: null,
      lastPurchaseAt: null,
      rfm: null,
      ordersPer30Days: null,
      interPurchaseIntervals: { count: 0, meanDays: null, medianDays: null, coefficientOfVariation: null },
      products: [],
      distinctProducts: 0,
    };
    expect(summarizePurchases([], Date.parse('2011-01-01T00:00:00Z'))).toEqual(empty);
    expect(summarizePurchases(history, Date.parse('2011-01-01T00:00:00Z') - 1)).toEqual({ ...empty, asOf: '2010-12-31T23:59:59.999Z' });
  });
});
