import { summarizeCustomer } from './clv-summary';

const at = (iso: string) => Date.parse(iso);

describe('summarizeCustomer (lifetimes conventions, days)', () => {
  it('counts distinct purchase days, ages from the first day, averages repeat days', () => {
    const s = summarizeCustomer(
      [
        { atMs: at('2011-01-01T09:00:00Z'), value: 100 },
        { atMs: at('2011-01-01T17:00:00Z'), value: 50 },
        { atMs: at('2011-01-11T08:00:00Z'), value: 30 },
        { atMs: at('2011-01-11T20:00:00Z'), value: -10 },
        { atMs: at('2011-01-31T23:59:00Z'), value: 40 },
        { atMs: at('2011-03-02T00:00:00Z'), value: 999 },
      ],
      at('2011-03-01T12:00:00Z'),
    );
    expect(s).toEqual({ frequency: 2, recency: 30, T: 59, monetaryValue: (20 + 40) / 2 });
  });

  it('gives frequency, recency and monetary 0 for a single purchase day; includes the end day', () => {
    const s = summarizeCustomer([{ atMs: at('2011-03-01T18:00:00Z'), value: 5 }], at('2011-03-01T00:00:00Z'));
    expect(s).toEqual({ frequency: 0, recency: 0, T: 0, monetaryValue: 0 });
  });

  it('returns null without a transaction up to the observation end', () => {
    expect(summarizeCustomer([{ atMs: at('2012-01-01T00:00:00Z'), value: 5 }], at('2011-12-31T00:00:00Z'))).toBeNull();
    expect(summarizeCustomer([], at('2011-12-31T00:00:00Z'))).toBeNull();
  });
});
