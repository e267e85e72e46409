import { quantileOfSorted } from '../../common/domain/statistics';
import referenceJson from './__fixtures__/scipy-reference.json';
import {
  alwaysValidPValue,
  benjaminiHochbergAdjustedPValues,
  chanceToBeatControlForMeans,
  chanceToBeatControlForProportions,
  confidenceSequenceHalfWidth,
  holmAdjustedPValues,
  isNotComputable,
  meanNonInferiorityTest,
  proportionNonInferiorityTest,
  sampleRatioMismatchTest,
  sampleSizeForMeans,
  sampleSizeForProportions,
  sequentialRho,
  twoProportionZTest,
  welchTTest,
  wilsonScoreInterval,
  normalCriticalValue,
  logStudentTLowerTail,
  chiSquareSurvival,
  logStandardNormalLowerTail,
} from './index';
import type {
  EffectSize,
  MeanSufficientStatistics,
  MetricDirection,
  ProportionSufficientStatistics,
} from './index';

const empiricalQuantile = (values: readonly number[], q: number) => quantileOfSorted(Float64Array.from(values).sort(), q);

/** Shape of `__fixtures__/scipy-reference.json`, written by `scripts/stats_reference.py`. */
interface ScipyReference {
  readonly welch: readonly {
    readonly name: string;
    readonly alpha: number;
    readonly control: MeanSufficientStatistics;
    readonly variant: MeanSufficientStatistics;
    readonly expected: {
      readonly controlMean: number;
      readonly variantMean: number;
      readonly controlVariance: number;
      readonly variantVariance: number;
      readonly difference: number;
      readonly standardError: number;
      readonly degreesOfFreedom: number;
      readonly tStatistic: number;
      readonly pValue: number | null;
      readonly log10PValue: number;
      readonly ciLower: number;
      readonly ciUpper: number;
      readonly relativeLift: number;
      readonly relativeLiftStandardError: number;
      readonly deltaLower: number;
      readonly deltaUpper: number;
      readonly fieller: readonly number[] | null;
    };
  }[];
  readonly twoProportion: readonly {
    readonly name: string;
    readonly alpha: number;
    readonly control: ProportionSufficientStatistics;
    readonly variant: ProportionSufficientStatistics;
    readonly expected: {
      readonly difference: number;
      readonly pooledStandardError: number;
      readonly unpooledStandardError: number;
      readonly zStatistic: number;
      readonly pValue: number | null;
      readonly log10PValue: number;
      readonly controlWilson: readonly number[];
      readonly variantWilson: readonly number[];
      readonly newcombeLower: number;
      readonly newcombeUpper: number;
      readonly relativeLift?: number;
      readonly relativeLiftStandardError?: number;
      readonly fieller?: readonly number[] | null;
    };
  }[];
  readonly sampleRatioMismatch: readonly {
    readonly name: string;
    readonly exposures: readonly number[];
    readonly weights: readonly number[];
    readonly expected: {
      readonly chiSquare: number;
      readonly degreesOfFreedom: number;
      readonly pValue: number | null;
      readonly log10PValue: number;
    };
  }[];
  readonly multipleTesting: readonly {
    readonly name: string;
    readonly pValues: readonly number[];
    readonly holm: readonly number[];
    readonly benjaminiHochberg: readonly number[];
  }[];
  readonly sampleSize: {
    readonly proportions: readonly {
      readonly input: {
        readonly baselineRate: number;
        readonly minimumDetectableEffect: { readonly type: string; readonly value: number };
        readonly alpha: number;
        readonly power: number;
      };
      readonly expected: { readonly exact: number; readonly perVariant: number };
    }[];
    readonly means: readonly {
      readonly input: {
        readonly baselineMean: number;
        readonly standardDeviation: number;
        readonly variantStandardDeviation: number;
        readonly minimumDetectableEffect: { readonly type: string; readonly value: number };
        readonly alpha: number;
        readonly power: number;
      };
      readonly expected: { readonly exact: number; readonly perVariant: number };
    }[];
  };
  readonly chanceToBeatControl: {
    readonly means: readonly {
      readonly name: string;
      readonly control: MeanSufficientStatistics;
      readonly variant: MeanSufficientStatistics;
      readonly expected: { readonly probabilityVariantHigher: number; readonly posteriorStandardDeviation: number };
    }[];
    readonly proportions: readonly {
      readonly name: string;
      readonly control: ProportionSufficientStatistics;
      readonly variant: ProportionSufficientStatistics;
      readonly expected: { readonly probabilityVariantHigher: number; readonly exactProbabilityVariantHigher: number };
    }[];
  };
  readonly nonInferiority: readonly {
    readonly name: string;
    readonly kind: string;
    readonly control: { readonly n: number; readonly sum?: number; readonly sumOfSquares?: number; readonly successes?: number };
    readonly variant: { readonly n: number; readonly sum?: number; readonly sumOfSquares?: number; readonly successes?: number };
    readonly options: {
      readonly direction: string;
      readonly margin: { readonly type: string; readonly value: number };
      readonly alpha: number;
    };
    readonly expected: {
      readonly marginExcess: number;
      readonly standardError: number;
      readonly degreesOfFreedom: number | null;
      readonly statistic: number;
      readonly pValue: number;
      readonly worsePValue: number;
      readonly upperBound: number;
    };
  }[];
  readonly sequential: readonly {
    readonly input: {
      readonly estimate: number;
      readonly standardError: number;
      readonly totalN: number;
      readonly alpha: number;
      readonly tuningN: number;
    };
    readonly expected: { readonly rho: number; readonly halfWidth: number; readonly pValue: number };
  }[];
  readonly winsorization: {
    readonly values: readonly number[];
    readonly quantiles: readonly { readonly quantile: number; readonly expected: number }[];
  };
  readonly logTails: {
    readonly studentT: readonly { readonly t: number; readonly degreesOfFreedom: number; readonly log10LowerTail: number }[];
    readonly chiSquare: readonly { readonly x: number; readonly degreesOfFreedom: number; readonly log10Survival: number }[];
    readonly normal: readonly { readonly x: number; readonly log10LowerTail: number }[];
  };
}

const reference: ScipyReference = referenceJson;

const ESTIMATE_TOLERANCE = 1e-9;
const P_VALUE_TOLERANCE = 1e-6;

function expectRelativelyClose(actual: number, expected: number, tolerance: number, label: string): void {
  const error = Math.abs(actual - expected);
  const allowed = tolerance * Math.max(Math.abs(expected), 1e-300);
  if (!(error <= allowed)) {
    throw new Error(`${label}: expected ${expected}, got ${actual} (relative error ${error / Math.abs(expected)})`);
  }
}

function effectSize(raw: { readonly type: string; readonly value: number }): EffectSize {
  return { type: raw.type === 'absolute' ? 'absolute' : 'relative', value: raw.value };
}

function direction(raw: string): MetricDirection {
  return raw === 'lower_is_better' ? 'lower_is_better' : 'higher_is_better';
}

describe('stats engine versus SciPy reference values', () => {
  describe.each(reference.welch.map((c) => [c.name, c] as const))('Welch t-test: %s', (_name, c) => {
    const result = welchTTest(c.control, c.variant, c.alpha);

    it('matches estimates to 1e-9 and the p-value to 1e-6 (relative)', () => {
      if (isNotComputable(result)) throw new Error(result.reason);
      const e = c.expected;
      expectRelativelyClose(result.control.mean, e.controlMean, ESTIMATE_TOLERANCE, 'control mean');
      expectRelativelyClose(result.variant.mean, e.variantMean, ESTIMATE_TOLERANCE, 'variant mean');
      if (e.controlVariance === 0) expect(result.control.variance).toBe(0);
      else expectRelativelyClose(result.control.variance, e.controlVariance, ESTIMATE_TOLERANCE, 'control var');
      expectRelativelyClose(result.variant.variance, e.variantVariance, ESTIMATE_TOLERANCE, 'variant var');
      expectRelativelyClose(result.difference, e.difference, ESTIMATE_TOLERANCE, 'difference');
      expectRelativelyClose(result.standardError, e.standardError, ESTIMATE_TOLERANCE, 'SE');
      expectRelativelyClose(result.degreesOfFreedom, e.degreesOfFreedom, ESTIMATE_TOLERANCE, 'df');
      expectRelativelyClose(result.tStatistic, e.tStatistic, ESTIMATE_TOLERANCE, 't');
      expectRelativelyClose(result.confidenceInterval.lower, e.ciLower, ESTIMATE_TOLERANCE, 'CI lower');
      expectRelativelyClose(result.confidenceInterval.upper, e.ciUpper, ESTIMATE_TOLERANCE, 'CI upper');
      if (e.pValue === null) {
        expect(result.pValue).toBe(Number.MIN_VALUE);
      } else {
        expectRelativelyClose(result.pValue, e.pValue, P_VALUE_TOLERANCE, 'p-value');
      }
      expectRelativelyClose(result.log10PValue, e.log10PValue, P_VALUE_TOLERANCE, 'log10 p');
    });

    it('matches the relative lift, delta-method and Fieller intervals', () => {
      if (isNotComputable(result)) throw new Error(result.reason);
      const lift = result.relativeLift;
      if (isNotComputable(lift)) throw new Error(lift.reason);
      const e = c.expected;
      expectRelativelyClose(lift.estimate, e.relativeLift, ESTIMATE_TOLERANCE, 'lift');
      expectRelativelyClose(lift.standardError, e.relativeLiftStandardError, ESTIMATE_TOLERANCE, 'lift SE');
      expectRelativelyClose(lift.deltaMethodInterval.lower, e.deltaLower, ESTIMATE_TOLERANCE, 'delta lower');
      expectRelativelyClose(lift.deltaMethodInterval.upper, e.deltaUpper, ESTIMATE_TOLERANCE, 'delta upper');
      if (e.fieller === null) {
        expect(lift.fiellerInterval).toMatchObject({ status: 'unbounded' });
      } else {
        if ('status' in lift.fiellerInterval) throw new Error(lift.fiellerInterval.reason);
        expectRelativelyClose(lift.fiellerInterval.lower, e.fieller[0] ?? NaN, 1e-8, 'Fieller lower');
        expectRelativelyClose(lift.fiellerInterval.upper, e.fieller[1] ?? NaN, 1e-8, 'Fieller upper');
      }
    });
  });

  describe.each(reference.twoProportion.map((c) => [c.name, c] as const))('two-proportion z-test: %s', (_n, c) => {
    it('matches z, p (chi-square 2×2), Wilson and Newcombe intervals', () => {
      const result = twoProportionZTest(c.control, c.variant, c.alpha);
      if (isNotComputable(result)) throw new Error(result.reason);
      const e = c.expected;
      expectRelativelyClose(result.difference, e.difference, ESTIMATE_TOLERANCE, 'difference');
      expectRelativelyClose(result.pooledStandardError, e.pooledStandardError, ESTIMATE_TOLERANCE, 'pooled SE');
      expectRelativelyClose(result.unpooledStandardError, e.unpooledStandardError, ESTIMATE_TOLERANCE, 'SE');
      expectRelativelyClose(result.zStatistic, e.zStatistic, ESTIMATE_TOLERANCE, 'z');
      if (e.pValue === null) expect(result.pValue).toBe(Number.MIN_VALUE);
      else expectRelativelyClose(result.pValue, e.pValue, P_VALUE_TOLERANCE, 'p-value');
      expectRelativelyClose(result.log10PValue, e.log10PValue, P_VALUE_TOLERANCE, 'log10 p');
      const z = normalCriticalValue(c.alpha);
      const wa = wilsonScoreInterval(c.control.successes, c.control.n, z, 1 - c.alpha);
      const wb = wilsonScoreInterval(c.variant.successes, c.variant.n, z, 1 - c.alpha);
      expect(wa.lower).toBeCloseTo(e.controlWilson[0] ?? NaN, 12);
      expect(wa.upper).toBeCloseTo(e.controlWilson[1] ?? NaN, 12);
      expect(wb.lower).toBeCloseTo(e.variantWilson[0] ?? NaN, 12);
      expect(wb.upper).toBeCloseTo(e.variantWilson[1] ?? NaN, 12);
      expectRelativelyClose(result.confidenceInterval.lower, e.newcombeLower, ESTIMATE_TOLERANCE, 'Newcombe lower');
      expectRelativelyClose(result.confidenceInterval.upper, e.newcombeUpper, ESTIMATE_TOLERANCE, 'Newcombe upper');
      if (e.relativeLift === undefined) {
        expect(result.relativeLift).toMatchObject({ status: 'not_computable' });
      } else {
        const lift = result.relativeLift;
        if (isNotComputable(lift)) throw new Error(lift.reason);
        expectRelativelyClose(lift.estimate, e.relativeLift, ESTIMATE_TOLERANCE, 'lift');
        expectRelativelyClose(lift.standardError, e.relativeLiftStandardError ?? NaN, ESTIMATE_TOLERANCE, 'lift SE');
        if (e.fieller === null || e.fieller === undefined) {
          expect(lift.fiellerInterval).toMatchObject({ status: 'unbounded' });
        } else if ('status' in lift.fiellerInterval) {
          throw new Error(lift.fiellerInterval.reason);
        } else {
          expectRelativelyClose(lift.fiellerInterval.lower, e.fieller[0] ?? NaN, 1e-8, 'Fieller lower');
          expectRelativelyClose(lift.fiellerInterval.upper, e.fieller[1] ?? NaN, 1e-8, 'Fieller upper');
        }
      }
    });
  });

  describe.each(reference.sampleRatioMismatch.map((c) => [c.name, c] as const))('SRM: %s', (_n, c) => {
    it('matches scipy.stats.chisquare', () => {
      const result = sampleRatioMismatchTest(c.exposures, c.weights);
      if (isNotComputable(result)) throw new Error(result.reason);
      expectRelativelyClose(result.chiSquare, c.expected.chiSquare, ESTIMATE_TOLERANCE, 'chi-square');
      expect(result.degreesOfFreedom).toBe(c.expected.degreesOfFreedom);
      if (c.expected.pValue === null) expect(result.pValue).toBe(Number.MIN_VALUE);
      else expectRelativelyClose(result.pValue, c.expected.pValue, P_VALUE_TOLERANCE, 'p-value');
      expectRelativelyClose(result.log10PValue, c.expected.log10PValue, P_VALUE_TOLERANCE, 'log10 p');
      expect(result.passed).toBe(!(result.pValue < 0.001));
    });
  });

  describe.each(reference.multipleTesting.map((c) => [c.name, c] as const))('Holm and BH: %s', (_n, c) => {
    it('matches the NumPy implementation of statsmodels multipletests', () => {
      holmAdjustedPValues(c.pValues).forEach((p, i) =>
        expectRelativelyClose(p, c.holm[i] ?? NaN, 1e-12, `holm[${i}]`),
      );
      benjaminiHochbergAdjustedPValues(c.pValues).forEach((p, i) =>
        expectRelativelyClose(p, c.benjaminiHochberg[i] ?? NaN, 1e-12, `bh[${i}]`),
      );
    });
  });

  it.each(reference.sampleSize.proportions.map((c) => [c.input.baselineRate, c] as const))(
    'sample size for proportions, baseline %s',
    (_p, c) => {
      const result = sampleSizeForProportions({
        ...c.input,
        minimumDetectableEffect: effectSize(c.input.minimumDetectableEffect),
      });
      if (isNotComputable(result)) throw new Error(result.reason);
      expectRelativelyClose(result.exact, c.expected.exact, ESTIMATE_TOLERANCE, 'n exact');
      expect(result.perVariant).toBe(c.expected.perVariant);
    },
  );

  it.each(reference.sampleSize.means.map((c) => [c.input.baselineMean, c] as const))(
    'sample size for means, baseline %s',
    (_m, c) => {
      const result = sampleSizeForMeans({
        ...c.input,
        minimumDetectableEffect: effectSize(c.input.minimumDetectableEffect),
      });
      if (isNotComputable(result)) throw new Error(result.reason);
      expectRelativelyClose(result.exact, c.expected.exact, ESTIMATE_TOLERANCE, 'n exact');
      expect(result.perVariant).toBe(c.expected.perVariant);
    },
  );

  it.each(reference.chanceToBeatControl.means.map((c) => [c.name, c] as const))(
    'chance to beat control (means): %s',
    (_n, c) => {
      const result = chanceToBeatControlForMeans(c.control, c.variant, 'higher_is_better');
      if (isNotComputable(result)) throw new Error(result.reason);
      expectRelativelyClose(result.probabilityVariantHigher, c.expected.probabilityVariantHigher, 1e-9, 'P');
      expectRelativelyClose(
        result.posteriorStandardDeviation,
        c.expected.posteriorStandardDeviation,
        ESTIMATE_TOLERANCE,
        'posterior sd',
      );
      expect(result.chanceToWin).toBe(result.probabilityVariantHigher);
    },
  );

  it.each(reference.chanceToBeatControl.proportions.map((c) => [c.name, c] as const))(
    'chance to beat control (proportions, Beta(1,1)): %s',
    (_n, c) => {
      const result = chanceToBeatControlForProportions(c.control, c.variant, 'lower_is_better');
      if (isNotComputable(result)) throw new Error(result.reason);
      expectRelativelyClose(result.probabilityVariantHigher, c.expected.probabilityVariantHigher, 1e-9, 'P');
      expect(Math.abs(result.probabilityVariantHigher - c.expected.exactProbabilityVariantHigher)).toBeLessThan(0.03);
      expect(result.chanceToWin).toBeCloseTo(1 - result.probabilityVariantHigher, 12);
    },
  );

  it.each(reference.nonInferiority.map((c) => [c.name, c] as const))('non-inferiority: %s', (_n, c) => {
    const options = {
      direction: direction(c.options.direction),
      margin: effectSize(c.options.margin),
      alpha: c.options.alpha,
    };
    const result =
      c.kind === 'mean'
        ? meanNonInferiorityTest(c.control as MeanSufficientStatistics, c.variant as MeanSufficientStatistics, options)
        : proportionNonInferiorityTest(
            c.control as ProportionSufficientStatistics,
            c.variant as ProportionSufficientStatistics,
            options,
          );
    if (isNotComputable(result)) throw new Error(result.reason);
    const e = c.expected;
    expectRelativelyClose(result.marginExcess, e.marginExcess, ESTIMATE_TOLERANCE, 'D');
    expectRelativelyClose(result.standardError, e.standardError, ESTIMATE_TOLERANCE, 'SE');
    if (e.degreesOfFreedom === null) expect(result.degreesOfFreedom).toBeNull();
    else expectRelativelyClose(result.degreesOfFreedom ?? NaN, e.degreesOfFreedom, ESTIMATE_TOLERANCE, 'df');
    expectRelativelyClose(result.statistic, e.statistic, ESTIMATE_TOLERANCE, 'statistic');
    expectRelativelyClose(result.pValue, e.pValue, P_VALUE_TOLERANCE, 'p');
    expectRelativelyClose(result.worsePValue, e.worsePValue, P_VALUE_TOLERANCE, 'worse p');
    expectRelativelyClose(result.upperBound, e.upperBound, ESTIMATE_TOLERANCE, 'upper bound');
  });

  it.each(reference.sequential.map((c, i) => [i, c] as const))('confidence sequence case %s', (_i, c) => {
    const settings = { alpha: c.input.alpha, tuningN: c.input.tuningN };
    expectRelativelyClose(sequentialRho(c.input.alpha, c.input.tuningN), c.expected.rho, ESTIMATE_TOLERANCE, 'rho');
    expectRelativelyClose(
      confidenceSequenceHalfWidth(c.input.standardError, c.input.totalN, settings),
      c.expected.halfWidth,
      ESTIMATE_TOLERANCE,
      'half-width',
    );
    expectRelativelyClose(
      alwaysValidPValue(c.input.estimate, c.input.standardError, c.input.totalN, settings).pValue,
      c.expected.pValue,
      P_VALUE_TOLERANCE,
      'always-valid p',
    );
  });

  it.each(reference.winsorization.quantiles.map((q) => [q.quantile, q.expected] as const))(
    'winsorization cap at quantile %s matches numpy.quantile',
    (quantile, expected) => {
      expectRelativelyClose(
        empiricalQuantile(reference.winsorization.values, quantile),
        expected,
        ESTIMATE_TOLERANCE,
        'quantile',
      );
    },
  );

  describe('log tails far below double precision (mpmath, 50 digits)', () => {
    it.each(reference.logTails.studentT.map((c) => [c.t, c.degreesOfFreedom, c.log10LowerTail] as const))(
      'Student t: log10 P(T ≤ −%s), df %s',
      (t, df, expected) => {
        expectRelativelyClose(logStudentTLowerTail(t, df) / Math.LN10, expected, P_VALUE_TOLERANCE, 'log10 tail');
      },
    );
    it.each(reference.logTails.chiSquare.map((c) => [c.x, c.degreesOfFreedom, c.log10Survival] as const))(
      'chi-square: log10 P(χ² ≥ %s), df %s',
      (x, df, expected) => {
        expectRelativelyClose(chiSquareSurvival(x, df).log10PValue, expected, P_VALUE_TOLERANCE, 'log10 sf');
      },
    );
    it.each(reference.logTails.normal.map((c) => [c.x, c.log10LowerTail] as const))(
      'normal: log10 Φ(−%s)',
      (x, expected) => {
        expectRelativelyClose(logStandardNormalLowerTail(x) / Math.LN10, expected, P_VALUE_TOLERANCE, 'log10 tail');
      },
    );
  });
});
