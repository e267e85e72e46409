import { standardNormalCdf } from './distributions';
import { summarizeMean } from './summary-statistics';
import { notComputable } from './types';
import type {
  MeanSufficientStatistics,
  MetricDirection,
  NotComputable,
  ProportionSufficientStatistics,
} from './types';
import { meanComparisonProblem } from './welch-t-test';

/** Bayesian summary of variant versus control. */
export interface ChanceToBeatControl {
  readonly status: 'ok';
  /** P(μ_B > μ_A | data). */
  readonly probabilityVariantHigher: number;
  /** P(variant is better) given the metric's direction. */
  readonly chanceToWin: number;
  /** Posterior mean of μ_B − μ_A. */
  readonly posteriorMeanDifference: number;
  /** Posterior standard deviation of μ_B − μ_A. */
  readonly posteriorStandardDeviation: number;
}

function fromNormalPosterior(mean: number, sd: number, direction: MetricDirection): ChanceToBeatControl {
  const higher = standardNormalCdf(mean / sd);
  const lower = standardNormalCdf(-mean / sd);
  return {
    status: 'ok',
    probabilityVariantHigher: higher,
    chanceToWin: direction === 'higher_is_better' ? higher : lower,
    posteriorMeanDifference: mean,
    posteriorStandardDeviation: sd,
  };
}

/**
 * Chance to beat control for a continuous metric with the normal approximation used by gbstats:
 * under a flat prior the posterior of μ_B − μ_A is N(x̄_B − x̄_A, s_A²/n_A + s_B²/n_B), so
 * P(μ_B > μ_A) = Φ((x̄_B − x̄_A)/SE).
 *
 * @returns `not_computable` for n < 2 or zero variance in both arms.
 */
export function chanceToBeatControlForMeans(
  controlStats: MeanSufficientStatistics,
  variantStats: MeanSufficientStatistics,
  direction: MetricDirection,
): ChanceToBeatControl | NotComputable {
  const control = summarizeMean(controlStats);
  const variant = summarizeMean(variantStats);
  const problem = meanComparisonProblem(control, variant);
  if (problem) return problem;
  const sd = Math.sqrt(control.variance / control.n + variant.variance / variant.n);
  return fromNormalPosterior(variant.mean - control.mean, sd, direction);
}

/**
 * Chance to beat control for a conversion rate with Beta(1, 1) priors: posteriors
 * Beta(1 + x, 1 + n − x) per arm, and P(p_B > p_A) by the normal approximation of the difference
 * of the two Beta posteriors (mean a/(a + b), variance ab/((a + b)²(a + b + 1))), as in gbstats'
 * binomial Bayesian test.
 *
 * @returns `not_computable` for invalid counts.
 */
export function chanceToBeatControlForProportions(
  control: ProportionSufficientStatistics,
  variant: ProportionSufficientStatistics,
  direction: MetricDirection,
): ChanceToBeatControl | NotComputable {
  for (const arm of [control, variant]) {
    if (!(arm.n >= 0) || arm.successes < 0 || arm.successes > arm.n) {
      return notComputable('successes must lie in [0, n]');
    }
  }
  const posterior = (arm: ProportionSufficientStatistics): { mean: number; variance: number } => {
    const a = 1 + arm.successes;
    const b = 1 + arm.n - arm.successes;
    return { mean: a / (a + b), variance: (a * b) / ((a + b) * (a + b) * (a + b + 1)) };
  };
  const pa = posterior(control);
  const pb = posterior(variant);
  return fromNormalPosterior(pb.mean - pa.mean, Math.sqrt(pa.variance + pb.variance), direction);
}
