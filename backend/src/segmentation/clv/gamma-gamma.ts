import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { ClvModelFitError } from './clv.errors';
import { BfgsOptions, minimizeBfgs } from './minimize-bfgs';

/**
 * Gamma-Gamma parameters (Fader & Hardie 2013): transaction values z ~ Gamma(shape p, rate ν),
 * ν ~ Gamma(shape q, rate v) across customers. v is in the currency of the data.
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly v: number;
}

/** A repeat customer as the Gamma-Gamma model sees it. */
export interface GammaGammaHistory {
  /** x: number of repeat transactions (> 0 to enter the fit). */
  readonly frequency: number;
  /** m: mean value of the repeat transactions (> 0 to enter the fit). */
  readonly monetaryValue: number;
}

/** Options of {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** L2 penalty `penalizerCoef · (p² + q² + v²)` on the mean negative log-likelihood, as lifetimes' `GammaGammaFitter`. Default 0. */
  readonly penalizerCoef?: number;
  /** Start points as [ln p, ln q, ln v]; default: all ones, and two starts with v at the mean monetary value. */
  readonly starts?: ReadonlyArray<readonly number[]>;
  readonly bfgs?: BfgsOptions;
}

/** Result of {@link fitGammaGamma}. */
export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  /** Σ log-likelihood of the customers used, at `params` (unpenalised). */
  readonly logLikelihood: number;
  /** Customers with frequency > 0 and monetary value > 0 (the fit's data). */
  readonly customers: number;
  /** Customers with frequency > 0 left out because their monetary value is ≤ 0 (e.g. net of returns). */
  readonly excludedNonPositiveMonetary: number;
  /**
   * Pearson correlation of frequency and monetary value over the customers used: the model assumes
   * they are independent (Fader & Hardie 2013, §2); a strong correlation makes its CLV doubtful.
   */
  readonly frequencyMonetaryCorrelation: number | null;
  readonly penalizerCoef: number;
  readonly starts: number;
  readonly startsConverged: number;
  readonly iterations: number;
}

/** Fewest repeat customers a fit is attempted on. */
export const GAMMA_GAMMA_MIN_CUSTOMERS = 10;
const LOG_PARAM_BOUND = Math.log(1e8);

/**
 * Gamma-Gamma log-likelihood of one repeat customer (Fader & Hardie 2013, eq. 3; lifetimes'
 * `GammaGammaFitter._negative_log_likelihood`): the density of the mean m of x values,
 * lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + x m).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, h: GammaGammaHistory): number {
  const { p, q, v } = params;
  const x = h.frequency;
  const m = h.monetaryValue;
  return gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(v + x * m);
}

/**
 * Maximum-likelihood Gamma-Gamma fit on the customers with frequency > 0 and monetary value > 0
 * (others are counted, not used): BFGS on log-parameters with the analytic gradient from every start,
 * converging when every |∂/∂ ln θ| ≤ 1e-7 of the mean negative log-likelihood (+ penalty); best
 * converged start kept.
 *
 * @throws ClvModelFitError `CLV.INSUFFICIENT_DATA` (fewer than {@link GAMMA_GAMMA_MIN_CUSTOMERS}
 *   usable customers), `CLV.FIT_NOT_CONVERGED`, `CLV.DEGENERATE_FIT`.
 */
export function fitGammaGamma(customers: readonly GammaGammaHistory[], options: GammaGammaFitOptions = {}): GammaGammaFit {
  const repeat = customers.filter((c) => c.frequency > 0);
  const used = repeat.filter((c) => c.monetaryValue > 0 && Number.isFinite(c.monetaryValue));
  if (used.length < GAMMA_GAMMA_MIN_CUSTOMERS) {
    throw new ClvModelFitError('CLV.INSUFFICIENT_DATA', `Gamma-Gamma needs at least ${GAMMA_GAMMA_MIN_CUSTOMERS} repeat customers with a positive monetary value`, {
      customers: used.length,
    });
  }
  const penalizerCoef = options.penalizerCoef ?? 0;
  const logMeanM = Math.log(used.reduce((s, c) => s + c.monetaryValue, 0) / used.length);
  const starts = options.starts ?? [
    [0, 0, 0],
    [Math.log(2), Math.log(3), logMeanM],
    [Math.log(5), Math.log(2), logMeanM],
  ];
  const objective = gammaGammaObjective(used, penalizerCoef);
  const converged = starts.map((s) => minimizeBfgs(objective, s, options.bfgs)).filter((r) => r.converged);
  if (converged.length === 0) {
    throw new ClvModelFitError('CLV.FIT_NOT_CONVERGED', 'Gamma-Gamma maximum likelihood did not converge from any start', { starts: starts.length });
  }
  const best = converged.reduce((m, r) => (r.value < m.value ? r : m));
  if (best.x.some((v) => Math.abs(v) > LOG_PARAM_BOUND)) {
    throw new ClvModelFitError('CLV.DEGENERATE_FIT', 'Gamma-Gamma maximum lies on the boundary of the parameter space; use a penalizer', {
      logParams: best.x,
    });
  }
  const [p, q, v] = best.x.map(Math.exp);
  const params = { p, q, v };
  return {
    params,
    logLikelihood: used.reduce((s, c) => s + gammaGammaLogLikelihood(params, c), 0),
    customers: used.length,
    excludedNonPositiveMonetary: repeat.length - used.length,
    frequencyMonetaryCorrelation: pearson(
      used.map((c) => c.frequency),
      used.map((c) => c.monetaryValue),
    ),
    penalizerCoef,
    starts: starts.length,
    startsConverged: converged.length,
    iterations: best.iterations,
  };
}

function gammaGammaObjective(customers: readonly GammaGammaHistory[], penalizerCoef: number) {
  const n = customers.length;
  return (logParams: readonly number[]) => {
    const [p, q, v] = logParams.map(Math.exp);
    let ll = 0;
    let dp = 0;
    let dq = 0;
    let dv = 0;
    const lgQ = gammaln(q);
    const psiQ = digamma(q);
    for (const c of customers) {
      const x = c.frequency;
      const m = c.monetaryValue;
      const px = p * x;
      const logVXM = Math.log(v + x * m);
      const psiPXQ = digamma(px + q);
      ll += gammaln(px + q) - gammaln(px) - lgQ + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * logVXM;
      dp += x * (psiPXQ - digamma(px) + Math.log(m) + Math.log(x) - logVXM);
      dq += psiPXQ - psiQ + Math.log(v) - logVXM;
      dv += q / v - (px + q) / (v + x * m);
    }
    const theta = [p, q, v];
    const dTheta = [dp, dq, dv];
    return {
      value: -ll / n + penalizerCoef * theta.reduce((s, t) => s + t * t, 0),
      gradient: theta.map((t, i) => t * (-dTheta[i] / n + 2 * penalizerCoef * t)),
    };
  };
}

/**
 * E[Z | x, m]: expected mean transaction value of a customer with x repeat transactions of mean m
 * (Fader & Hardie 2013, eq. 5; lifetimes' `conditional_expected_average_profit`): a weighted mean of
 * the population mean vp/(q−1) and m, with weight px/(px+q−1) on m. For x = 0 it is the population mean.
 *
 * @returns null when it cannot be computed: q ≤ 1 (the population mean is infinite), or x > 0 with
 *   m ≤ 0 (outside the model, e.g. a customer whose returns exceed the purchases).
 */
export function expectedAverageValue(params: GammaGammaParams, h: GammaGammaHistory): number | null {
  const { p, q, v } = params;
  if (!(q > 1)) return null;
  if (h.frequency > 0 && !(h.monetaryValue > 0)) return null;
  const populationMean = (v * p) / (q - 1);
  const weight = (p * h.frequency) / (p * h.frequency + q - 1);
  return (1 - weight) * populationMean + weight * h.monetaryValue;
}

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}
