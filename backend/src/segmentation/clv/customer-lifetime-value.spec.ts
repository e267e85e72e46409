import { expectedPurchases } from './bg-nbd';
import { discountedClv, predictCustomerClv, sumClvBySegment } from './customer-lifetime-value';
import { expectedAverageValue } from './gamma-gamma';

/** CDNOW fits (weeks) rescaled to days: α × 7. */
const BG = { r: 0.2426, alpha: 4.4135 * 7, a: 0.7929, b: 2.4258 };
const GG = { p: 6.25, q: 3.74, v: 15.45 };
const customer = { frequency: 2, recency: 213, T: 272, monetaryValue: 22.35 };

describe('discountedClv', () => {
  it('sums each month’s expected purchases × E[Z], discounted monthly (lifetimes customer_lifetime_value)', () => {
    const value = expectedAverageValue(GG, customer) as number;
    const e1 = expectedPurchases(BG, customer, 30);
    const e2 = expectedPurchases(BG, customer, 60);
    const e3 = expectedPurchases(BG, customer, 90);
    const byHand = value * (e1 / 1.01 + (e2 - e1) / 1.01 ** 2 + (e3 - e2) / 1.01 ** 3);
    expect(discountedClv(BG, GG, customer, { months: 3 })).toBeCloseTo(byHand, 10);
  });

  it('is E[Z] × E[Y(horizon)] without discounting, and 0 over 0 months', () => {
    const value = expectedAverageValue(GG, customer) as number;
    expect(discountedClv(BG, GG, customer, { months: 12, monthlyDiscountRate: 0 })).toBeCloseTo(value * expectedPurchases(BG, customer, 360), 10);
    expect(discountedClv(BG, GG, customer, { months: 0 })).toBe(0);
  });

  it('decreases with the discount rate and is null when E[Z] cannot be computed', () => {
    expect(discountedClv(BG, GG, customer, { monthlyDiscountRate: 0.05 }) as number).toBeLessThan(discountedClv(BG, GG, customer) as number);
    expect(discountedClv(BG, GG, { ...customer, monetaryValue: -3 })).toBeNull();
    expect(() => discountedClv(BG, GG, customer, { months: 1.5 })).toThrow(RangeError);
  });
});

describe('sumClvBySegment', () => {
  it('sums P(alive), expected purchases and CLV per segment, counting customers without a CLV', () => {
    const a = predictCustomerClv('a', customer, BG, GG);
    const b = predictCustomerClv('b', { frequency: 0, recency: 0, T: 100, monetaryValue: 0 }, BG, GG);
    const c = predictCustomerClv('c', { ...customer, monetaryValue: -1 }, BG, GG);
    const segments: Record<string, string> = { a: 'loyal', b: 'loyal', c: 'at_risk' };
    const totals = sumClvBySegment([a, b, c, predictCustomerClv('d', customer, BG, GG)], (id) => segments[id]);
    expect(totals.map((t) => t.segmentId)).toEqual(['loyal', 'at_risk']);
    const loyal = totals[0];
    expect(loyal.customers).toBe(2);
    expect(loyal.expectedActiveCustomers).toBeCloseTo(a.probabilityAlive + 1, 12);
    expect(loyal.meanProbabilityAlive).toBeCloseTo((a.probabilityAlive + 1) / 2, 12);
    expect(loyal.expectedPurchases[90]).toBeCloseTo(a.expectedPurchases[90] + b.expectedPurchases[90], 12);
    expect(loyal.clv).toBeCloseTo((a.clv as number) + (b.clv as number), 10);
    expect(totals[1]).toMatchObject({ customers: 1, clv: 0, customersWithoutClv: 1 });
  });
});
