import { Order } from '../../purchases/domain/order';
import { isLapsed, lapsedConfidence, predictConsumption, predictNextOrder, ProductPrediction } from './consumption-analyzer';
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

  it('marks each prediction with its status and source', () => {
    expect(result.predictions.map((p) => [p.productId, p.status, p.source])).toEqual([
      ['X', 'overdue', 'rules'],
      ['Y', 'upcoming', 'rules'],
    ]);
    expect(result.lapsed).toEqual([]);
  });
});

describe('lapsed products', () => {
  it('applies days since last purchase > max(3·E, E + H)', () => {
    // E = 7: the horizon bounds (7 + 60 = 67 > 21); E = 40: the multiple bounds (120 > 100)
    expect([isLapsed(67, 7), isLapsed(67.01, 7), isLapsed(21.5, 7, 0), isLapsed(120, 40), isLapsed(120.5, 40)]).toEqual([false, true, true, false, true]);
    expect(lapsedConfidence(0.75, 7, 70)).toBeCloseTo(0.075, 12);
    expect(lapsedConfidence(0.75, 7, 0)).toBe(0.75);
  });

  it('moves a regular product not bought for longer than the lapse window out of the predictions', () => {
    // X: every 7 days, last on day 21 → lapsed after day 21 + 67; Y: last on day 35, still inside its window
    const justInside = predictConsumption(orders, T0 + 88 * DAY);
    expect(justInside.predictions.map((p) => [p.productId, p.status])).toEqual([
      ['X', 'overdue'],
      ['Y', 'overdue'],
    ]);
    const after = predictConsumption(orders, T0 + 89 * DAY);
    expect(after.predictions.map((p) => p.productId)).toEqual(['Y']);
    expect(after.lapsed.map((p) => [p.productId, p.status, p.source])).toEqual([['X', 'lapsed', 'rules']]);
    const x = after.lapsed[0];
    // d = 68 days, E = 7: confidence 0.75 · 7 / 68
    expect(x.confidence).toBeCloseTo(0.75 * (7 / 68), 12);
    expect(x.predictedNextPurchaseAt).toBe(new Date(T0 + 28 * DAY).toISOString());
    expect(x.rationale).toContain('not bought for 68 days');
  });

  it('takes the horizon from the options', () => {
    // H = 0: X lapses after 3 · 7 = 21 days (as of day 43, d = 22)
    expect(predictConsumption(orders, T0 + 43 * DAY).lapsed).toEqual([]);
    expect(predictConsumption(orders, T0 + 43 * DAY, { lapsedHorizonDays: 0 }).lapsed.map((p) => p.productId)).toEqual(['X']);
  });

  it('leaves replenishment alerts and suggests a win-back below the due regulars', () => {
    const asOf = T0 + 89 * DAY;
    const consumption = predictConsumption(orders, asOf);
    const alerts = replenishmentAlerts([...consumption.predictions, ...consumption.lapsed], asOf);
    expect([...alerts.urgent, ...alerts.upcoming].map((a) => a.prediction.productId)).not.toContain('X');
    const recs = recommendProducts(orders, asOf).items;
    expect(recs.find((r) => r.productId === 'X')).toMatchObject({ kind: 'win_back' });
    expect(recs.find((r) => r.productId === 'X')?.reason).toContain('not bought for 68 days');
    expect(recs.filter((r) => r.kind === 'replenishment').map((r) => r.productId)).toEqual(['Y']);
    const lastDue = Math.max(...recs.filter((r) => r.kind === 'replenishment').map((r) => r.rank));
    expect(recs.filter((r) => r.kind === 'win_back').every((r) => r.rank > lastDue && r.score < 0.5)).toBe(true);
  });
});

describe('replenishmentAlerts', () => {
  const p = (productId: string, dueDay: number, confidence: number, status: ProductPrediction['status'] = 'upcoming'): ProductPrediction => ({
    productId, description: null, category: null, purchaseDays: 3, lastPurchasedAt: '', meanIntervalDays: 7, intervalCv: 0,
    predictedNextPurchaseAt: new Date(T0 + dueDay * DAY).toISOString(), confidence, rationale: '', status, source: 'rules',
  });
  it('splits by due date and confidence thresholds', () => {
    const alerts = replenishmentAlerts([p('late', -3, 0.8), p('today', 1, 0.71), p('weak', 0, 0.65), p('week', 7, 0.61), p('far', 8, 0.9), p('low', 2, 0.6)], T0);
    expect(alerts.urgent.map((a) => a.prediction.productId)).toEqual(['late', 'today']);
    expect(alerts.upcoming.map((a) => a.prediction.productId)).toEqual(['weak', 'week']);
    expect(alerts.urgent[0].dueInDays).toBe(-3);
  });
  it('holds the thresholds at their bounds: urgent due ≤ 1 day with confidence > 0.7, upcoming ≤ 7 days with > 0.6', () => {
    const alerts = replenishmentAlerts([p('u1', 1, 0.7001), p('u2', 1.01, 0.9), p('u3', 0, 0.7), p('w1', 7, 0.6001), p('w2', 7.01, 0.9), p('w3', 3, 0.6)], T0);
    expect(alerts.urgent.map((a) => a.prediction.productId)).toEqual(['u1']);
    expect(alerts.upcoming.map((a) => a.prediction.productId)).toEqual(['u3', 'u2', 'w1']);
  });
  it('never alerts for a lapsed product', () => {
    const alerts = replenishmentAlerts([p('gone', -200, 0.95, 'lapsed'), p('due', 0, 0.8, 'overdue')], T0);
    expect(alerts.urgent.map((a) => a.prediction.productId)).toEqual(['due']);
    expect(alerts.upcoming).toEqual([]);
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
