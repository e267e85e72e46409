import {
  chanceToBeatControlForMeans,
  meanNonInferiorityTest,
  proportionNonInferiorityTest,
  recordWinsorizedObservation,
  sampleRatioMismatchTest,
  sampleSizeForMeans,
  sampleSizeForProportions,
  summarizeMean,
  sufficientStatisticsOf,
  twoProportionZTest,
  welchTTest,
  winsorizationCapFromSample,
  winsorize,
} from './index';

const constant = (value: number, n: number) => sufficientStatisticsOf(new Array<number>(n).fill(value));

describe('degenerate inputs give explicit not_computable results', () => {
  it.each([
    ['n < 2 in control', sufficientStatisticsOf([1]), sufficientStatisticsOf([1, 2, 3]), 'n < 2 in control'],
    ['n < 2 in variant', sufficientStatisticsOf([1, 2]), sufficientStatisticsOf([]), 'n < 2 in variant'],
    ['zero variance in both arms', constant(250, 40), constant(251, 40), 'zero variance in both arms'],
    ['constant latency with rounding noise', constant(1234.567, 1000), constant(1234.567, 1000), 'zero variance'],
  ])('Welch: %s', (_name, control, variant, reason) => {
    const result = welchTTest(control, variant, 0.05);
    expect(result).toMatchObject({ status: 'not_computable' });
    expect(JSON.stringify(result)).toContain(reason);
  });

  it('reports the relative lift as not computable when the control mean is 0', () => {
    const result = welchTTest(sufficientStatisticsOf([-1, 1, -2, 2]), sufficientStatisticsOf([1, 2, 3]), 0.05);
    expect(result).toMatchObject({ status: 'ok', relativeLift: { status: 'not_computable' } });
  });

  it.each([
    ['all successes in both arms', { n: 50, successes: 50 }, { n: 70, successes: 70 }],
    ['no successes in both arms', { n: 50, successes: 0 }, { n: 70, successes: 0 }],
    ['n < 2', { n: 1, successes: 1 }, { n: 70, successes: 3 }],
    ['successes above n', { n: 10, successes: 11 }, { n: 70, successes: 3 }],
  ])('two proportions: %s', (_name, control, variant) => {
    expect(twoProportionZTest(control, variant, 0.05)).toMatchObject({ status: 'not_computable' });
  });

  it('SRM waits for 8 units per arm and rejects bad weights', () => {
    expect(sampleRatioMismatchTest([7, 100], [0.5, 0.5])).toMatchObject({ status: 'not_computable' });
    expect(sampleRatioMismatchTest([70, 100], [0.5])).toMatchObject({ status: 'not_computable' });
    expect(sampleRatioMismatchTest([70, 100], [0, 1])).toMatchObject({ status: 'not_computable' });
    expect(sampleRatioMismatchTest([100, 100], [0.5, 0.5])).toMatchObject({ status: 'ok', pValue: 1, passed: true });
  });

  it('sample size rejects impossible targets', () => {
    const base = { alpha: 0.05, power: 0.8 };
    expect(
      sampleSizeForProportions({ ...base, baselineRate: 0.95, minimumDetectableEffect: { type: 'absolute', value: 0.1 } }),
    ).toMatchObject({ status: 'not_computable' });
    expect(
      sampleSizeForProportions({ ...base, baselineRate: 0.2, minimumDetectableEffect: { type: 'relative', value: 0 } }),
    ).toMatchObject({ status: 'not_computable' });
    expect(
      sampleSizeForMeans({ ...base, standardDeviation: 1, minimumDetectableEffect: { type: 'relative', value: 0.1 } }),
    ).toMatchObject({ status: 'not_computable', reason: 'a relative MDE needs a non-zero baseline mean' });
  });

  it('non-inferiority needs a positive control mean for a relative margin and variance in some arm', () => {
    const options = { direction: 'lower_is_better' as const, margin: { type: 'relative' as const, value: 0.1 }, alpha: 0.05 };
    expect(meanNonInferiorityTest(sufficientStatisticsOf([-1, 1]), sufficientStatisticsOf([1, 2]), options)).toMatchObject({
      status: 'not_computable',
    });
    expect(proportionNonInferiorityTest({ n: 100, successes: 0 }, { n: 100, successes: 0 }, options)).toMatchObject({
      status: 'not_computable',
    });
    expect(chanceToBeatControlForMeans(constant(1, 5), constant(2, 5), 'higher_is_better')).toMatchObject({
      status: 'not_computable',
    });
  });
});

describe('winsorization with sufficient statistics', () => {
  it('caps values at write time and keeps the raw aggregate', () => {
    const values = [120, 130, 125, 9000, 140, 135];
    const cap = winsorizationCapFromSample([100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200], 0.9);
    expect(cap.upper).toBeCloseTo(190, 10);
    const empty = { n: 0, sum: 0, sumOfSquares: 0 };
    const aggregates = values.reduce((acc, v) => recordWinsorizedObservation(acc, v, cap), { raw: empty, winsorized: empty });
    expect(aggregates.raw).toEqual(sufficientStatisticsOf(values));
    expect(aggregates.winsorized).toEqual(sufficientStatisticsOf(values.map((v) => winsorize(v, cap))));
    expect(summarizeMean(aggregates.winsorized).mean).toBeLessThan(summarizeMean(aggregates.raw).mean);
    expect(winsorize(-5, { upper: 10, lower: 0 })).toBe(0);
  });
});
