import { CostAggregate, daysBetween, groupCosts, sumCosts, toMicroUsd } from './cost-aggregation';

const row = (day: string, modelId: string, analysisType: string, calls: number, inputTokens: number, outputTokens: number, costMicroUsd: number, fallbacks = 0): CostAggregate => ({
  day, modelId, analysisType, calls, inputTokens, outputTokens, costMicroUsd, fallbacks,
});

describe('cost arithmetic', () => {
  it('stores cost as whole micro-USD', () => {
    // Haiku: 1200 in × $0.25/M + 300 out × $1.25/M = $0.000675
    expect(toMicroUsd((1200 * 0.25 + 300 * 1.25) / 1e6)).toBe(675);
    expect(toMicroUsd(0.0000875)).toBe(88);
    expect(toMicroUsd(0)).toBe(0);
  });

  const rows = [
    row('2012-01-01', 'haiku', 'customer_profile', 2, 2400, 600, 1350, 1),
    row('2012-01-01', 'sonnet', 'customer_profile', 1, 1000, 500, 10500),
    row('2012-01-02', 'haiku', 'recommendations', 3, 300, 30, 113, 2),
  ];

  it('sums integers first and converts to USD once', () => {
    expect(sumCosts(rows)).toEqual({ calls: 6, inputTokens: 3700, outputTokens: 1130, costUsd: 0.011963, fallbacks: 3 });
    expect(sumCosts([])).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, fallbacks: 0 });
  });

  it('groups by model, analysis type and day', () => {
    expect(groupCosts(rows, 'modelId')).toEqual([
      { modelId: 'haiku', calls: 5, inputTokens: 2700, outputTokens: 630, costUsd: 0.001463, fallbacks: 3 },
      { modelId: 'sonnet', calls: 1, inputTokens: 1000, outputTokens: 500, costUsd: 0.0105, fallbacks: 0 },
    ]);
    expect(groupCosts(rows, 'analysisType').map((g) => [g.analysisType, g.calls, g.costUsd])).toEqual([
      ['customer_profile', 3, 0.01185],
      ['recommendations', 3, 0.000113],
    ]);
    expect(groupCosts(rows, 'day').map((g) => [g.day, g.inputTokens])).toEqual([
      ['2012-01-01', 3400],
      ['2012-01-02', 300],
    ]);
  });

  it('lists the days of a range, inclusive, across month ends', () => {
    expect(daysBetween('2011-12-30', '2012-01-02')).toEqual(['2011-12-30', '2011-12-31', '2012-01-01', '2012-01-02']);
    expect(daysBetween('2012-01-02', '2012-01-01')).toEqual([]);
  });
});
