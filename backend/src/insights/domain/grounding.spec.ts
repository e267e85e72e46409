import { checkGrounding, extractNumbers } from './grounding';

const context = {
  asOf: '2011-12-10',
  figures: [
    { key: 'all.revenue', value: 8911407.9 },
    { key: 'champions.customers', value: 963 },
    { key: 'champions.customerSharePct', value: 22.2 },
    { key: 'champions.averageOrderValue', value: 452.73 },
    { key: 'champions.recencyDaysMedian', value: 8 },
    { key: 'champions-vs-at_risk.revenue.differencePct', value: -12.34 },
    { key: 'all.customers', value: 4338 },
  ],
  definitions: { valueTiers: 'high: top 20% of buyers', recencyBands: 'days: 0-30, 31-90, 91-180, 181-365, >365' },
};

describe('extractNumbers', () => {
  it('reads separators, currency, suffixes, percent and precision', () => {
    const { numbers } = extractNumbers('£8,911,407.90 is 8.9M or 8.91 million; 22.2% of 4,338; 4.3k; 12 percent');
    expect(numbers.map((n) => [n.text, n.value])).toEqual([
      ['£8,911,407.90', 8911407.9],
      ['8.9M', 8.9e6],
      ['8.91 million', 8.91e6],
      ['22.2%', 22.2],
      ['4,338', 4338],
      ['4.3k', 4300],
      ['12 percent', 12],
    ]);
    expect(numbers[1].tolerance).toBeCloseTo(50_000);
    expect(numbers[0].tolerance).toBeCloseTo(0.005);
  });

  it('ignores identifiers glued to letters and separates dates', () => {
    const out = extractNumbers('cluster m3-c2 in Q4, as of 2011-12-10');
    expect(out.numbers).toEqual([]);
    expect(out.dates).toEqual(['2011-12-10']);
  });
});

describe('checkGrounding', () => {
  it.each([
    'Revenue was 8,911,407.90.',
    'Revenue was £8.9M.',
    'Revenue was about 8.91 million.',
    'Revenue was 8,911,408.',
    'Champions are 963 customers, 22% of all 4,338.',
    'Champions are 22.2 percent of customers.',
    'The average order value is $452.73 (≈ 453).',
    'Median recency 8 days, as of 2011-12-10.',
    'At risk spend 12.3% less.',
    'The top 3 segments, ranked 1st to 3rd, in 2011.',
    'Buyers in the 31-90 band are in the top 20%.',
  ])('accepts a grounded answer: %s', (text) => {
    expect(checkGrounding([text], context)).toMatchObject({ grounded: true, ungroundedNumbers: [] });
  });

  it('catches an invented figure', () => {
    const result = checkGrounding(['Champions are 963 customers.', 'They spend 517.20 per order on average.'], context);
    expect(result.grounded).toBe(false);
    expect(result.ungroundedNumbers).toEqual(['517.20']);
  });

  it.each([
    ['22.5% of customers', '22.5%'],
    ['revenue of 8.8M', '8.8M'],
    ['revenue of 8,911,407.91', '8,911,407.91'],
    ['963.5 customers', '963.5'],
    ['11 segments', '11'],
    ['as of 2011-12-11', '2011-12-11'],
    ['around 3.0 times', '3.0'],
    ['£7 per order', '£7'],
  ])('rejects a number written more precisely or differently than the data: %s', (text, bad) => {
    expect(checkGrounding([text], context).ungroundedNumbers).toEqual([bad]);
  });

  it('whitelists plain integers 1–10 and years 1900–2100 only', () => {
    expect(checkGrounding(['3 actions for 2012'], context).grounded).toBe(true);
    expect(checkGrounding(['0 customers'], context).grounded).toBe(true);
    expect(checkGrounding(['2150 customers'], context).grounded).toBe(false);
    expect(checkGrounding(['3.5 actions'], context).grounded).toBe(false);
  });

  it('reports each bad number once, in order', () => {
    expect(checkGrounding(['42 and 17 and 42'], context).ungroundedNumbers).toEqual(['42', '17']);
  });
});
