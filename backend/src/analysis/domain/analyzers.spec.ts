import { Order } from '../../purchases/domain/order';
import { predictConsumption, predictNextOrder } from './consumption-analyzer';
import { churnRiskOf, profileCustomer, spendingTierOf, trendOf } from './profile-analyzer';
import { recommendProducts } from './recommendation-analyzer';
import { replenishmentAlerts } from './replenishment';

const DAY = 86_400_000;
const T0 = Date.parse('2011-01-01T12:00:00Z');

function order(id: string, day: number, lines: Array<[string, number, number, string?]>): Order {
  const l = lines.map(([productId, quantity, unitPrice, category]) => ({ productId, quantity, unitPrice, description: `desc ${productId}`, ...(category ? { category } : {}) }));
  const at = new Date(T0 + day * DAY).toISOString();
  return { customerId: 'c', orderId: id, purchasedAt: at, purchasedAtUtc: at, lines: l, total: l.reduce((s, x) => s + x.quantity * x.unitPrice, 0), source: 'api', createdAt: at };
}

// X on days 0, 7, 14, 21 (every 7 days); Y on days 0, 14, 35 (14 then 21 days); Z once on day 21; a second invoice on day 21.
const orders: Order[] = [
  order('1', 0, [['X', 2, 5, 'tea'], ['Y', 1, 10, 'tea']]),
  order('2', 7, [['X', 2, 5, 'tea']]),
  order('3', 14, [['X', 2, 5, 'tea'], ['Y', 1, 10, 'tea']]),
  order('4', 21, [['X', 2, 5, 'tea'], ['Z', 1, 40, 'cups']]),
  order('4b', 21.1, [['Z', 1, 40, 'cups']]),
  order('5', 35, [['Y', 1, 10, 'tea']]),
];

describe('predictConsumption (hand-computed)', () => {
  const asOf = T0 + 40 * DAY;
  const result = predictConsumption(orders, asOf);

  it('predicts regular products from distinct purchase days', () => {
    expect(result.predictions.map((p) => p.productId)).toEqual(['X', 'Y']);
    const x = result.predictions[0];
    // 3 intervals of 7 days: CV 0 → estimate 7, confidence exp(0)·3/4
    expect(x).toMatchObject({ purchaseDays: 4, meanIntervalDays: 7, intervalCv: 0, confidence: 0.75, description: 'desc X', category: 'tea' });
    expect(x.predictedNextPurchaseAt).toBe(new Date(T0 + 28 * DAY).toISOString());
  });

  it('shrinks an irregular product towards the customer interval', () => {
    const y = result.predictions[1];
    // Y intervals [14, 21]: mean 17.5, sd 4.95 → CV 0.2828; median 17.5; recent mean (14·2^(−1/3) + 21)/(2^(−1/3) + 1)
    const cv = Math.sqrt(((14 - 17.5) ** 2 + (21 - 17.5) ** 2) / 1) / 17.5;
    expect(y.intervalCv).toBeCloseTo(cv, 12);
    expect(y.confidence).toBeCloseTo(Math.exp(-cv) * (2 / 3), 12);
    const w = 0.5 ** (1 / 3);
    const centre = 0.7 * 17.5 + 0.3 * ((14 * w + 21) / (w + 1));
    const prior = result.nextOrder?.expectedIntervalDays as number;
    const k = 4 * cv;
    const expected = (2 * centre + k * prior) / (2 + k);
    expect(Date.parse(y.predictedNextPurchaseAt)).toBeCloseTo(T0 + (35 + expected) * DAY, -1);
  });

  it('computes the customer next order from distinct days (the two day-21 invoices are one purchase)', () => {
    // days 0, 7, 14, 21, 35 → intervals [7, 7, 7, 14]
    const next = predictNextOrder(orders.map((o) => Date.parse(o.purchasedAtUtc)));
    expect(next).not.toBeNull();
    expect(predictNextOrder([T0])).toBeNull();
  });

  it('ignores orders after asOf', () => {
    expect(predictConsumption(orders, T0 + 15 * DAY).predictions.map((p) => p.productId)).toEqual(['X']);
  });
});

describe('replenishmentAlerts', () => {
  const p = (productId: string, dueDay: number, confidence: number) => ({
    productId, description: null, category: null, purchaseDays: 3, lastPurchasedAt: '', meanIntervalDays: 7, intervalCv: 0,
    predictedNextPurchaseAt: new Date(T0 + dueDay * DAY).toISOString(), confidence, rationale: '',
  });
  it('splits by due date and confidence thresholds', () => {
    const alerts = replenishmentAlerts([p('late', -3, 0.8), p('today', 1, 0.71), p('weak', 0, 0.65), p('week', 7, 0.61), p('far', 8, 0.9), p('low', 2, 0.6)], T0);
    expect(alerts.urgent.map((a) => a.prediction.productId)).toEqual(['late', 'today']);
    expect(alerts.upcoming.map((a) => a.prediction.productId)).toEqual(['weak', 'week']);
    expect(alerts.urgent[0].dueInDays).toBe(-3);
  });
});

describe('profileCustomer', () => {
  it('computes facts and labels', () => {
    const profile = profileCustomer(orders, T0 + 40 * DAY);
    expect(profile.facts).toMatchObject({ orders: 6, totalSpent: 150, purchaseDays: 5, recencyDays: 5, distinctProducts: 3 });
    expect(profile.facts.topCategories).toEqual([
      { category: 'cups', spendShare: 80 / 150 },
      { category: 'tea', spendShare: 70 / 150 },
    ]);
    expect(profile.purchaseRegularity).toBe('regular');
    expect(profile.churnRisk).toBe('low');
  });
  it('handles an empty history', () => {
    expect(profileCustomer([], T0)).toMatchObject({ facts: { orders: 0, recencyDays: null }, churnRisk: 'high', purchaseRegularity: 'one_off' });
  });
  it('labels tiers, trends and churn risk at the bounds', () => {
    expect([49.99, 50, 249, 250, 1000].map(spendingTierOf)).toEqual(['low', 'medium', 'medium', 'high', 'very_high']);
    expect([trendOf(0, 0), trendOf(5, 0), trendOf(121, 100), trendOf(79, 100), trendOf(100, 100)]).toEqual(['insufficient_data', 'rising', 'rising', 'falling', 'stable']);
    expect(churnRiskOf({ recencyDays: 15, expectedIntervalDays: 10 })).toBe('low');
    expect(churnRiskOf({ recencyDays: 30, expectedIntervalDays: 10 })).toBe('medium');
    expect(churnRiskOf({ recencyDays: 31, expectedIntervalDays: 10 })).toBe('high');
    expect(churnRiskOf({ recencyDays: 91, expectedIntervalDays: null })).toBe('high');
  });
});

describe('recommendProducts', () => {
  it('ranks due regulars first, then affinities outside the last order', () => {
    const recs = recommendProducts(orders, T0 + 30 * DAY);
    // as of day 30: X due day 28 (overdue); Y bought on 2 days only, not regular; last order = day-21 invoice 4b (Z)
    expect(recs.items.map((r) => [r.rank, r.productId, r.kind])).toEqual([
      [1, 'X', 'replenishment'],
      [2, 'Y', 'product_affinity'],
    ]);
    expect(recs.items[0].score).toBeCloseTo(0.5 + 0.5 * 0.75, 12);
    // Y: 0.5·(0.5·2/5 + 0.3·0 + 0.2·(60/140)) — in 2 of 5 orders, never with Z (the last order), tea 60 of 140 spent
    expect(recs.items[1].score).toBeCloseTo(0.5 * (0.5 * (2 / 5) + 0.2 * (60 / 140)), 12);
  });
  it('is empty without orders and honours the limit', () => {
    expect(recommendProducts([], T0).items).toEqual([]);
    expect(recommendProducts(orders, T0 + 30 * DAY, 1).items).toHaveLength(1);
  });
});
