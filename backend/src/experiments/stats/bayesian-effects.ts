import gammaln from '@stdlib/math-base-special-gammaln';

import { normalCriticalValue, standardNormalCdf } from './distributions';
import { notComputable } from './types';
import type { ConfidenceInterval, MetricDirection, NotComputable, ProportionSufficientStatistics } from './types';

/** Beta(alpha, beta) prior of a conversion rate; gbstats' default is Beta(1, 1). */
export interface BetaPrior {
  readonly alpha: number;
  readonly beta: number;
}

/** Exact Beta–Binomial comparison of two conversion rates. */
export interface BetaBinomialComparison {
  readonly status: 'ok';
  /** Posterior Beta parameters [α, β] of control and variant. */
  readonly controlPosterior: readonly [number, number];
  readonly variantPosterior: readonly [number, number];
  /** P(p_B > p_A | data), exact. */
  readonly probabilityVariantHigher: number;
  /** P(variant better) for the metric's direction. */
  readonly chanceToWin: number;
  /** Expected loss E[max(0, worsening)] of shipping the variant / keeping control, in rate units. */
  readonly riskVariant: number;
  readonly riskControl: number;
  /** The same losses divided by the control's posterior mean (gbstats reports relative risk). */
  readonly relativeRiskVariant: number;
  readonly relativeRiskControl: number;
}

function isPositiveInteger(x: number): boolean {
  return Number.isInteger(x) && x >= 1;
}

/**
 * P(U > V) for independent U ~ Beta(a, b), V ~ Beta(c, d) with integer a, by the closed-form sum
 * (E. Miller 2015, "Formulas for Bayesian A/B testing"):
 * P = Σ_{i=0}^{a−1} B(c + i, b + d) / ((b + i)·B(1 + i, b)·B(c, d)),
 * evaluated by the term recurrence t₀ = B(c, b + d)/B(c, d),
 * t_{i+1} = t_i·(c + i)(b + i)/((i + 1)(b + c + d + i)), summed in log space.
 */
function probabilityGreaterIntegerA(a: number, b: number, c: number, d: number): number {
  let logTerm = gammaln(b + d) - gammaln(b + c + d) - gammaln(d) + gammaln(c + d);
  let maxLog = logTerm;
  let scaled = 1;
  for (let i = 0; i < a - 1; i++) {
    logTerm += Math.log(((c + i) * (b + i)) / ((i + 1) * (b + c + d + i)));
    if (logTerm > maxLog) {
      scaled = scaled * Math.exp(maxLog - logTerm) + 1;
      maxLog = logTerm;
    } else {
      scaled += Math.exp(logTerm - maxLog);
    }
  }
  return Math.min(1, Math.max(0, Math.exp(maxLog + Math.log(scaled))));
}

/**
 * Exact P(U > V) for independent U ~ Beta(a, b), V ~ Beta(c, d), using whichever shape parameter
 * is a positive integer (the smallest, for speed): U's α directly, V's α through 1 − P(V > U), and
 * the β's through the reflection p → 1 − p. Cost O(that parameter).
 *
 * @returns `null` when none of a, b, c, d is a positive integer.
 */
export function betaProbabilityGreater(a: number, b: number, c: number, d: number): number | null {
  const options: [number, () => number][] = [];
  if (isPositiveInteger(a)) options.push([a, () => probabilityGreaterIntegerA(a, b, c, d)]);
  if (isPositiveInteger(c)) options.push([c, () => 1 - probabilityGreaterIntegerA(c, d, a, b)]);
  if (isPositiveInteger(d)) options.push([d, () => probabilityGreaterIntegerA(d, c, b, a)]);
  if (isPositiveInteger(b)) options.push([b, () => 1 - probabilityGreaterIntegerA(b, a, d, c)]);
  options.sort((x, y) => x[0] - y[0]);
  const best = options[0];
  return best ? best[1]() : null;
}

/**
 * Bayesian comparison of two conversion rates with Beta priors (gbstats conventions, default
 * Beta(1, 1)): posteriors Beta(α₀ + x, β₀ + n − x); chance to win P(p_B > p_A) exactly by
 * {@link betaProbabilityGreater} (no normal approximation); risk as expected loss
 * E[max(0, p_A − p_B)] = m_A·P(A⁺ > B) − m_B·P(A > B⁺) (and symmetrically for control), where
 * m = α/(α + β) and X⁺ is X's posterior with α + 1 (E[p·1{·}] = m·P⁺; Stucchio 2015,
 * "Bayesian A/B Testing at VWO", §3). For `lower_is_better` the roles of the losses swap.
 *
 * @returns `not_computable` for counts outside [0, n], non-positive prior parameters, or priors
 *          without any integer shape parameter in the posterior.
 */
export function betaBinomialComparison(
  control: ProportionSufficientStatistics,
  variant: ProportionSufficientStatistics,
  direction: MetricDirection,
  prior: BetaPrior = { alpha: 1, beta: 1 },
): BetaBinomialComparison | NotComputable {
  for (const arm of [control, variant]) {
    if (!Number.isInteger(arm.n) || !Number.isInteger(arm.successes) || arm.successes < 0 || arm.successes > arm.n) {
      return notComputable('successes must be integers in [0, n]');
    }
  }
  if (!(prior.alpha > 0 && prior.beta > 0)) return notComputable('Beta prior parameters must be positive');
  const aA = prior.alpha + control.successes;
  const bA = prior.beta + control.n - control.successes;
  const aB = prior.alpha + variant.successes;
  const bB = prior.beta + variant.n - variant.successes;
  const higher = betaProbabilityGreater(aB, bB, aA, bA);
  const aPlusOverB = betaProbabilityGreater(aA + 1, bA, aB, bB);
  const aOverBPlus = betaProbabilityGreater(aA, bA, aB + 1, bB);
  const bPlusOverA = betaProbabilityGreater(aB + 1, bB, aA, bA);
  const bOverAPlus = betaProbabilityGreater(aB, bB, aA + 1, bA);
  if (higher === null || aPlusOverB === null || aOverBPlus === null || bPlusOverA === null || bOverAPlus === null) {
    return notComputable('exact chance to win needs an integer Beta shape parameter');
  }
  const mA = aA / (aA + bA);
  const mB = aB / (aB + bB);
  const lossIfBWhenAHigher = Math.max(0, mA * aPlusOverB - mB * aOverBPlus);
  const lossIfAWhenBHigher = Math.max(0, mB * bPlusOverA - mA * bOverAPlus);
  const higherIsBetter = direction === 'higher_is_better';
  const riskVariant = higherIsBetter ? lossIfBWhenAHigher : lossIfAWhenBHigher;
  const riskControl = higherIsBetter ? lossIfAWhenBHigher : lossIfBWhenAHigher;
  return {
    status: 'ok',
    controlPosterior: [aA, bA],
    variantPosterior: [aB, bB],
    probabilityVariantHigher: higher,
    chanceToWin: higherIsBetter ? higher : 1 - higher,
    riskVariant,
    riskControl,
    relativeRiskVariant: riskVariant / mA,
    relativeRiskControl: riskControl / mA,
  };
}

/** Gaussian prior on the relative lift; `proper: false` is the flat (improper) default. */
export interface RelativeLiftPrior {
  readonly proper: boolean;
  /** Prior mean of the lift (0.02 = +2 %). */
  readonly mean: number;
  /** Prior variance of the lift (fraction²), > 0 when proper. */
  readonly variance: number;
}

/** The flat prior gbstats uses by default. */
export const FLAT_RELATIVE_LIFT_PRIOR: RelativeLiftPrior = { proper: false, mean: 0, variance: 1 };

/** Inputs of {@link bayesianRelativeLift}: arm means and the sampling variances of those means. */
export interface BayesianLiftInput {
  readonly controlMean: number;
  /** Var(x̄_A) (s²/n, or a delta-method / CUPED variance). */
  readonly controlMeanVariance: number;
  readonly variantMean: number;
  readonly variantMeanVariance: number;
}

/** Posterior of the relative lift under a Gaussian prior. */
export interface BayesianRelativeLift {
  readonly status: 'ok';
  /** Data estimate x̄_B/x̄_A − 1 and its delta-method variance. */
  readonly dataEstimate: number;
  readonly dataVariance: number;
  readonly posteriorMean: number;
  readonly posteriorStandardDeviation: number;
  /** Equal-tailed credible interval at 1 − alpha. */
  readonly credibleInterval: ConfidenceInterval;
  readonly chanceToWin: number;
  /** Expected relative loss of shipping the variant / keeping control (fractions of control). */
  readonly riskVariant: number;
  readonly riskControl: number;
  /** The same losses times |x̄_A|, in the metric's unit. */
  readonly absoluteRiskVariant: number;
  readonly absoluteRiskControl: number;
}

/**
 * Bayesian relative lift with a Gaussian prior (GrowthBook gbstats `EffectBayesianABTest`): the
 * likelihood is N(δ̂, V) with δ̂ = x̄_B/x̄_A − 1 and V = Var(x̄_B)/x̄_A² + x̄_B²·Var(x̄_A)/x̄_A⁴; the
 * posterior is N(μ, σ²) with 1/σ² = 1/V + 1/σ₀², μ = σ²(δ̂/V + μ₀/σ₀²) (flat prior: μ = δ̂, σ² = V).
 * Chance to win Φ(μ/σ) (Φ(−μ/σ) for `lower_is_better`); risk as expected loss
 * E[max(0, −δ)] = σφ(μ/σ) − μΦ(−μ/σ) for the variant and E[max(0, δ)] = σφ(μ/σ) + μΦ(μ/σ) for control
 * (swapped for `lower_is_better`), which equals gbstats' P(δ<0)·E[−δ | δ<0].
 * Works for proportions too, with Var(p̂) = p̂(1 − p̂)/n, as gbstats does.
 *
 * @returns `not_computable` for a zero control mean, a zero data variance or an invalid prior.
 */
export function bayesianRelativeLift(
  input: BayesianLiftInput,
  direction: MetricDirection,
  alpha: number,
  prior: RelativeLiftPrior = FLAT_RELATIVE_LIFT_PRIOR,
): BayesianRelativeLift | NotComputable {
  const { controlMean: a, controlMeanVariance: va, variantMean: b, variantMeanVariance: vb } = input;
  if (a === 0 || !Number.isFinite(a)) return notComputable('control mean is 0; relative lift is undefined');
  if (prior.proper && !(prior.variance > 0)) return notComputable('prior variance must be positive');
  const dataEstimate = b / a - 1;
  const dataVariance = vb / (a * a) + (b * b * va) / (a * a * a * a);
  if (!(dataVariance > 0) || !Number.isFinite(dataVariance)) return notComputable('zero variance of the lift');
  const precision = 1 / dataVariance + (prior.proper ? 1 / prior.variance : 0);
  const variance = 1 / precision;
  const mean = variance * (dataEstimate / dataVariance + (prior.proper ? prior.mean / prior.variance : 0));
  const sd = Math.sqrt(variance);
  const z = normalCriticalValue(alpha);
  const density = Math.exp(-0.5 * (mean / sd) ** 2) / Math.sqrt(2 * Math.PI);
  const lossIfNegative = sd * density - mean * standardNormalCdf(-mean / sd);
  const lossIfPositive = sd * density + mean * standardNormalCdf(mean / sd);
  const higherIsBetter = direction === 'higher_is_better';
  const riskVariant = Math.max(0, higherIsBetter ? lossIfNegative : lossIfPositive);
  const riskControl = Math.max(0, higherIsBetter ? lossIfPositive : lossIfNegative);
  return {
    status: 'ok',
    dataEstimate,
    dataVariance,
    posteriorMean: mean,
    posteriorStandardDeviation: sd,
    credibleInterval: { lower: mean - z * sd, upper: mean + z * sd, level: 1 - alpha },
    chanceToWin: standardNormalCdf(higherIsBetter ? mean / sd : -mean / sd),
    riskVariant,
    riskControl,
    absoluteRiskVariant: riskVariant * Math.abs(a),
    absoluteRiskControl: riskControl * Math.abs(a),
  };
}
