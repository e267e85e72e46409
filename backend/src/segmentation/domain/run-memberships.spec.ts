import type { CustomerAssignment } from './population-segmentation';
import { changedMemberships, membershipDetails } from './run-memberships';

const base: CustomerAssignment = {
  customerId: '7',
  segments: { rfm: 'champions', lifecycle: 'loyal', cluster: 'm2-c1', 'rules-churn-value': 'Sadık VIP' },
  recencyDays: 3,
  frequency: 9,
  monetary: 812.5,
  firstPurchaseMs: 1_300_000_000_000,
  scores: { r: 5, f: 5, m: 4, cell: '554' },
  cluster: { modelVersion: 2, cluster: 1, name: 'champions', distance: 0.4, confidence: 0.7 },
  valueSegment: 'HighValue',
  churnValueSegment: 'Sadık VIP',
  rules: null,
};

describe('changedMemberships', () => {
  it('all four schemes for a customer without stored batch memberships', () => {
    expect(changedMemberships([base], new Map())).toEqual([
      { customerId: '7', scheme: 'rfm', segment: 'champions' },
      { customerId: '7', scheme: 'lifecycle', segment: 'loyal' },
      { customerId: '7', scheme: 'cluster', segment: 'm2-c1' },
      { customerId: '7', scheme: 'rules-churn-value', segment: 'Sadık VIP' },
    ]);
  });

  it('only the schemes whose segment changed or is missing', () => {
    const stored = new Map([['7', { rfm: 'champions', lifecycle: 'new', cluster: 'm2-c1' }]]);
    expect(changedMemberships([base], stored)).toEqual([
      { customerId: '7', scheme: 'lifecycle', segment: 'loyal' },
      { customerId: '7', scheme: 'rules-churn-value', segment: 'Sadık VIP' },
    ]);
    expect(changedMemberships([base], new Map([['7', base.segments]]))).toEqual([]);
  });
});

describe('membershipDetails', () => {
  it('figures per scheme', () => {
    expect(membershipDetails(base, 'rfm')).toEqual({ recencyDays: 3, frequency: 9, monetary: 812.5, scores: base.scores });
    expect(membershipDetails(base, 'lifecycle')).toEqual({ recencyDays: 3, frequency: 9, monetary: 812.5 });
    expect(membershipDetails(base, 'cluster')).toEqual(base.cluster);
    expect(membershipDetails(base, 'rules-churn-value')).toEqual({});
    expect(membershipDetails({ ...base, cluster: null }, 'cluster')).toEqual({});
  });
});
