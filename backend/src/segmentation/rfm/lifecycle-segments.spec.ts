import {
  DEFAULT_LIFECYCLE_THRESHOLDS,
  lifecycleFeaturesOf,
  lifecycleSegmentOf,
  lifecycleSegments,
  purchaseFrequency,
  type LifecycleFeatures,
} from './lifecycle-segments';

const DAY = 86_400_000;

function c(days: number, ltv: number, freq: number, orders: number): LifecycleFeatures {
  return { daysSinceLastPurchase: days, lifetimeValue: ltv, purchaseFrequency: freq, totalOrders: orders };
}

describe('lifecycleSegmentOf', () => {
  it.each([
    [c(366, 5000, 9, 50), 'lost'],
    [c(365, 5000, 9, 50), 'hibernating'],
    [c(181, 5000, 9, 50), 'hibernating'],
    [c(180, 800, 0, 1), 'cant_lose'],
    [c(121, 800, 0, 1), 'cant_lose'],
    [c(120, 800, 0, 1), 'at_risk'],
    [c(121, 799.99, 0, 1), 'at_risk'],
    [c(91, 300, 0, 1), 'at_risk'],
    [c(90, 300, 0, 1), 'needs_attention'],
    [c(30, 1000, 4, 10), 'champions'],
    [c(31, 1000, 4, 10), 'loyal'],
    [c(30, 999.99, 4, 10), 'loyal'],
    [c(30, 1000, 3.99, 10), 'loyal'],
    [c(100, 250, 2, 10), 'needs_attention'],
    [c(80, 500, 2, 10), 'loyal'],
    [c(80, 499, 2, 10), 'needs_attention'],
    [c(30, 50, 1, 2), 'new'],
    [c(31, 50, 1, 2), 'potential_loyalists'],
    [c(30, 50, 1, 3), 'potential_loyalists'],
    [c(60, 50, 1, 3), 'potential_loyalists'],
    [c(61, 50, 1, 3), 'needs_attention'],
    [c(40, 50, 0.99, 3), 'needs_attention'],
  ])('%o → %s', (features, segment) => {
    expect(lifecycleSegmentOf(features)).toBe(segment);
  });

  it('takes thresholds from configuration (other currencies)', () => {
    const t = { ...DEFAULT_LIFECYCLE_THRESHOLDS, championsMinValue: 10_000 };
    expect(lifecycleSegmentOf(c(10, 5000, 5, 20), t)).toBe('loyal');
  });

  it('works over columns', () => {
    expect(lifecycleSegments([400, 10], [1, 2000], [0, 5], [1, 20])).toEqual(['lost', 'champions']);
  });
});

describe('purchaseFrequency', () => {
  it('is orders per 30 days of active span', () => {
    expect(purchaseFrequency(12, 90)).toBe(4);
  });

  it('stretches a zero or short span to 30 days: one order → 1, three same-day orders → 3', () => {
    expect(purchaseFrequency(1, 0)).toBe(1);
    expect(purchaseFrequency(3, 0)).toBe(3);
    expect(purchaseFrequency(3, 10)).toBe(3);
  });

  it('derives lifecycle features from RFM features', () => {
    const t0 = Date.UTC(2024, 0, 1);
    expect(
      lifecycleFeaturesOf({ recencyDays: 3, frequency: 6, monetary: 700, firstPurchaseMs: t0, lastPurchaseMs: t0 + 60 * DAY }),
    ).toEqual({ daysSinceLastPurchase: 3, lifetimeValue: 700, purchaseFrequency: 3, totalOrders: 6 });
  });
});
