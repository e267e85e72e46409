import { churnValueOf, defaultSnapshotMs, type CustomerFeatures, type RuleFacts } from './customer-features';
import { medianBasketOf, scoreAgainstReference, type RfmReference } from './population-segmentation';

const DAY = 86_400_000;

function rules(basket: number, churnSegment: RuleFacts['churnSegment'] = 'Aktif'): RuleFacts {
  return {
    ageSegment: 'Yetişkin',
    churnSegment,
    loyaltyTier: 'Bronz',
    affinityCategory: null,
    affinityType: 'Keşifçi',
    diversityProfile: 'Kaşif',
    basket,
    lastPurchaseDaysAgo: 1,
    membershipDays: 10,
    distinctProducts: 1,
  };
}

const features = (id: string, basket: number | null): CustomerFeatures => ({
  customerId: id,
  country: null,
  rfm: basket === null ? null : { recencyDays: 1, frequency: 1, monetary: basket, firstPurchaseMs: 0, lastPurchaseMs: 0 },
  rules: basket === null ? null : rules(basket),
});

describe('population helpers', () => {
  it('median basket: odd and even counts, customers without purchases ignored, null for none', () => {
    expect(medianBasketOf([features('1', 30), features('2', 10), features('3', 20), features('4', null)])).toBe(20);
    expect(medianBasketOf([features('1', 30), features('2', 10), features('3', 20), features('5', 40)])).toBe(25);
    expect(medianBasketOf([features('4', null)])).toBeNull();
  });

  it('scores against a stored run: R and M by right-closed edges, F at the mid-rank of the tied frequency', () => {
    const ref: RfmReference = {
      edges: { recency: [0, 10, 20, 30, 40, 50], frequencyRank: [1, 2, 4, 6, 8, 10], monetary: [0, 100, 200, 300, 400, 500] },
      frequencyHistogram: [
        [1, 4],
        [2, 4],
        [5, 2],
      ],
    };
    // recency 10 is in (0,10] → bin 1 → R 5; frequency 2: 4 below, 4 ties → rank 4 + 2.5 = 6.5 → (6,8] → F 4; 250 → (200,300] → M 3.
    expect(scoreAgainstReference({ recencyDays: 10, frequency: 2, monetary: 250 }, ref)).toEqual({ r: 5, f: 4, m: 3, cell: '543' });
    // recency 45 → bin 5 → R 1; frequency 1: rank 0 + 2.5 → (2,4] → F 2; 0 → first bin → M 1.
    expect(scoreAgainstReference({ recencyDays: 45, frequency: 1, monetary: 0 }, ref)).toEqual({ r: 1, f: 2, m: 1, cell: '121' });
    // frequency above every stored one: rank 11 → clamped to F 5.
    expect(scoreAgainstReference({ recencyDays: 0, frequency: 9, monetary: 999 }, ref)).toEqual({ r: 5, f: 5, m: 5, cell: '555' });
  });

  it('churn × value cell against the median basket (strictly above is HighValue; no median: Standard)', () => {
    expect(churnValueOf(rules(80, 'Aktif'), 75)).toEqual({ valueSegment: 'HighValue', churnValueSegment: 'Sadık VIP' });
    expect(churnValueOf(rules(75, 'Ilık'), 75)).toEqual({ valueSegment: 'Standard', churnValueSegment: 'Uzaklaşan' });
    expect(churnValueOf(rules(500, 'Riskli'), null)).toEqual({ valueSegment: 'Standard', churnValueSegment: 'Kayıp Alıcı' });
    expect(churnValueOf(rules(500, 'Riskli'), 1)).toEqual({ valueSegment: 'HighValue', churnValueSegment: 'Kaybedilen VIP' });
  });

  it('default snapshot: latest purchase + 1 day, never after now; now without purchases', () => {
    const now = Date.UTC(2012, 0, 1);
    expect(defaultSnapshotMs(Date.UTC(2011, 11, 9, 12), now)).toBe(Date.UTC(2011, 11, 10, 12));
    expect(defaultSnapshotMs(now - DAY / 2, now)).toBe(now);
    expect(defaultSnapshotMs(null, now)).toBe(now);
  });
});
