import { compareCustomerIds, scoreRfm } from './rfm-scores';

// Expected values from pandas 1.5.3: scripts/rfm-quintile-reference.py.
const ROWS: [string, number, number, number][] = [
  ['C10', 5, 3, 120.5],
  ['C02', 40, 1, 15.0],
  ['C07', 5, 1, 80.0],
  ['C01', 200, 1, 15.0],
  ['C11', 13, 2, 300.0],
  ['C03', 90, 2, 42.0],
  ['C09', 1, 7, 999.99],
  ['C05', 33, 1, 60.0],
  ['C12', 61, 4, 250.0],
  ['C04', 18, 1, 10.0],
  ['C08', 7, 2, 75.25],
  ['C06', 365, 1, 5.0],
];
const PANDAS_CELLS: Record<string, string> = {
  C01: '111',
  C02: '211',
  C03: '132',
  C04: '311',
  C05: '323',
  C06: '121',
  C07: '534',
  C08: '443',
  C09: '555',
  C10: '554',
  C11: '445',
  C12: '255',
};

describe('scoreRfm', () => {
  const rows = ROWS.map(([customerId, recencyDays, frequency, monetary]) => ({ customerId, recencyDays, frequency, monetary }));

  it('reproduces pandas qcut scores, F ranked with ties broken by customer id', () => {
    const { scores, edges } = scoreRfm(rows);
    expect(scores.map((s) => s.customerId)).toEqual(ROWS.map((r) => r[0]));
    expect(Object.fromEntries(scores.map((s) => [s.customerId, s.rfmCell]))).toEqual(PANDAS_CELLS);
    expect(edges).toEqual({
      recency: [1.0, 5.4, 15.000000000000002, 37.20000000000001, 84.20000000000002, 365.0],
      frequencyRank: [1.0, 3.2, 5.4, 7.600000000000001, 9.8, 12.0],
      monetary: [5.0, 15.0, 49.2, 78.10000000000001, 224.10000000000008, 999.99],
    });
  });

  it('does not depend on the input order', () => {
    const reversed = scoreRfm([...rows].reverse()).scores;
    expect(Object.fromEntries(reversed.map((s) => [s.customerId, s.rfmCell]))).toEqual(PANDAS_CELLS);
  });

  it('names the segment from (R, F)', () => {
    const byId = Object.fromEntries(scoreRfm(rows).scores.map((s) => [s.customerId, s]));
    expect(byId.C09).toMatchObject({ rScore: 5, fScore: 5, mScore: 5, segment: 'champions' });
    expect(byId.C01).toMatchObject({ rScore: 1, fScore: 1, segment: 'hibernating' });
    expect(byId.C12).toMatchObject({ rScore: 2, fScore: 5, segment: 'cant_lose' });
  });

  it('returns nothing for no rows and rejects non-finite features', () => {
    expect(scoreRfm([]).scores).toEqual([]);
    expect(() => scoreRfm([{ customerId: 'x', recencyDays: Number.NaN, frequency: 1, monetary: 1 }])).toThrow(RangeError);
  });

  it('orders numeric ids numerically, others by code unit', () => {
    expect(['12347', '9999', '12346.0'].sort(compareCustomerIds)).toEqual(['9999', '12346.0', '12347']);
    expect(['b', 'a10', 'a9'].sort(compareCustomerIds)).toEqual(['a10', 'a9', 'b']);
  });
});
