import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';
import { ClvModelFitError } from './clv.errors';
import { logHyp2f1 } from './hyp2f1';
import { BfgsOptions, minimizeBfgs } from './minimize-bfgs';

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rates λ ~ Gamma(shape r, rate α), dropout
 * probabilities p ~ Beta(a, b). α is in the time unit of the data (days in the product).
 */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** What the BG/NBD model needs of a customer (lifetimes conventions, see `ClvCustomerSummary`). */
export interface BgNbdHistory {
  /** x: number of repeat purchases (integer ≥ 0). */
  readonly frequency: number;
  /** t_x: time of the last purchase since the first one (0 when x = 0). */
  readonly recency: number;
  /** T: time from the first purchase to the observation end. */
  readonly T: number;
}

/** Options of {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /**
   * L2 penalty `penalizerCoef · (r² + α² + a² + b²)` added to the mean negative log-likelihood, with α
   * in the rescaled time unit (max T = 1) as lifetimes' `BetaGeoFitter(penalizer_coef)` does, so
   * the same coefficient regularises the same way. Default 0.
   */
  readonly penalizerCoef?: number;
  /** Start points as log-parameters [ln r, ln α, ln a, ln b] on the rescaled time; default {@link BG_NBD_STARTS}. */
  readonly starts?: ReadonlyArray<readonly number[]>;
  readonly bfgs?: BfgsOptions;
  /**
   * Return a maximum on the boundary (a parameter beyond [1e-6, 1e6] on the rescaled time) flagged
   * `atBoundary` instead of throwing `CLV.DEGENERATE_FIT`. Its figures are the model's limit there
   * (a → 0 with b → ∞ is the no-dropout NBD limit: P(alive) → 1), for diagnostics, not for display
   * as BG/NBD figures. Default false.
   */
  readonly allowBoundary?: boolean;
}

/** Result of {@link fitBgNbd}. */
export interface BgNbdFit {
  readonly params: BgNbdParams;
  /** Σ log-likelihood of the customers at `params` (unpenalised; Fader et al. report −9582.4 on CDNOW). */
  readonly logLikelihood: number;
  readonly customers: number;
  readonly penalizerCoef: number;
  /** Starts tried and starts that converged; the best converged start is kept. */
  readonly starts: number;
  readonly startsConverged: number;
  /** Largest difference of the objective between converged starts (0 when they agree). */
  readonly objectiveSpread: number;
  readonly iterations: number;
  /** True when the maximum is on the boundary (only with `allowBoundary`). */
  readonly atBoundary: boolean;
}

/** Fewest customers a fit is attempted on. */
export const BG_NBD_MIN_CUSTOMERS = 10;
/** Default starts (log-parameters on time rescaled to max T = 1): all ones, lifetimes-like small values, and larger ones. */
export const BG_NBD_STARTS: ReadonlyArray<readonly number[]> = [
  [0, 0, 0, 0],
  [Math.log(0.5), Math.log(0.1), Math.log(0.5), Math.log(2)],
  [Math.log(2), Math.log(2), Math.log(2), Math.log(5)],
];
/** A fitted parameter (rescaled time) outside [1e-6, 1e6] is a boundary solution: the fit is rejected. */
const LOG_PARAM_BOUND = Math.log(1e6);

/**
 * BG/NBD log-likelihood of one customer (Fader, Hardie & Lee 2005, eq. 6, in the log-sum-exp form
 * of lifetimes' `BetaGeoFitter._negative_log_likelihood`):
 * ln L = A₁ + A₂ + ln(e^A₃ + δ_{x>0} e^A₄), A₁ = lnΓ(r+x) − lnΓ(r) + r ln α,
 * A₂ = lnB(a, b+x) − lnB(a, b), A₃ = −(r+x) ln(α+T), A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 */
export function bgNbdLogLikelihood(params: BgNbdParams, h: BgNbdHistory): number {
  const { r, alpha, a, b } = params;
  const x = h.frequency;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + h.T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + h.recency);
  return a1 + a2 + logAddExp(a3, a4);
}

/**
 * Maximum-likelihood BG/NBD fit. Time is rescaled so that max T = 1 (as lifetimes), the mean
 * negative log-likelihood plus the optional penalty is minimised over log-parameters by BFGS with
 * the analytic gradient (digamma) from every start, converging when every |∂/∂ ln θ| ≤ 1e-7 (or no
 * further decrease); the best converged start wins and α is scaled back.
 *
 * @param customers histories in one time unit (integer frequency ≥ 0, 0 ≤ recency ≤ T, recency 0 when frequency 0).
 * @throws RangeError for a history that breaks those rules.
 * @throws ClvModelFitError `CLV.INSUFFICIENT_DATA` (fewer than {@link BG_NBD_MIN_CUSTOMERS}
 *   customers, no repeat purchase, or every T = 0), `CLV.FIT_NOT_CONVERGED`, `CLV.DEGENERATE_FIT`
 *   (maximum on the boundary, unless `allowBoundary`; Online Retail at day granularity is such a
 *   case, with and without a penalizer — see docs/clv.md).
 */
export function fitBgNbd(customers: readonly BgNbdHistory[], options: BgNbdFitOptions = {}): BgNbdFit {
  customers.forEach(checkHistory);
  const n = customers.length;
  const maxT = customers.reduce((m, c) => Math.max(m, c.T), 0);
  if (n < BG_NBD_MIN_CUSTOMERS || maxT <= 0 || !customers.some((c) => c.frequency > 0)) {
    throw new ClvModelFitError('CLV.INSUFFICIENT_DATA', `BG/NBD needs at least ${BG_NBD_MIN_CUSTOMERS} customers, some with repeat purchases and T > 0`, { customers: n });
  }
  const scale = 1 / maxT;
  const scaled = customers.map((c) => ({ frequency: c.frequency, recency: c.recency * scale, T: c.T * scale }));
  const penalizerCoef = options.penalizerCoef ?? 0;
  const objective = bgNbdObjective(scaled, penalizerCoef);
  const starts = options.starts ?? BG_NBD_STARTS;
  const converged = starts.map((s) => minimizeBfgs(objective, s, options.bfgs)).filter((r) => r.converged);
  if (converged.length === 0) {
    throw new ClvModelFitError('CLV.FIT_NOT_CONVERGED', 'BG/NBD maximum likelihood did not converge from any start', { starts: starts.length });
  }
  const best = converged.reduce((m, r) => (r.value < m.value ? r : m));
  const atBoundary = best.x.some((v) => Math.abs(v) > LOG_PARAM_BOUND);
  if (atBoundary && !options.allowBoundary) {
    throw new ClvModelFitError('CLV.DEGENERATE_FIT', 'BG/NBD maximum lies on the boundary of the parameter space; use a penalizer', {
      logParams: best.x,
    });
  }
  const [r, alphaScaled, a, b] = best.x.map(Math.exp);
  const params = { r, alpha: alphaScaled / scale, a, b };
  const values = converged.map((c) => c.value);
  return {
    params,
    logLikelihood: customers.reduce((s, c) => s + bgNbdLogLikelihood(params, c), 0),
    customers: n,
    penalizerCoef,
    starts: starts.length,
    startsConverged: converged.length,
    objectiveSpread: Math.max(...values) - Math.min(...values),
    iterations: best.iterations,
    atBoundary,
  };
}

/**
 * Mean negative log-likelihood + penalizer·Σθ² as a function of log-parameters, with its analytic
 * gradient. The lnΓ and ψ terms depend on x only, so they are computed once per distinct x.
 */
function bgNbdObjective(customers: readonly BgNbdHistory[], penalizerCoef: number) {
  const countByX = new Map<number, number>();
  for (const c of customers) countByX.set(c.frequency, (countByX.get(c.frequency) ?? 0) + 1);
  const n = customers.length;
  return (logParams: readonly number[]) => {
    const [r, alpha, a, b] = logParams.map(Math.exp);
    let ll = n * r * Math.log(alpha);
    let dr = n * Math.log(alpha);
    let dAlpha = (n * r) / alpha;
    let da = 0;
    let db = 0;
    const lgR = gammaln(r);
    const lgB = gammaln(b);
    const lgAB = gammaln(a + b);
    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    for (const [x, count] of countByX) {
      const psiABX = digamma(a + b + x);
      ll += count * (gammaln(r + x) - lgR + lgAB + gammaln(b + x) - lgB - gammaln(a + b + x));
      dr += count * (digamma(r + x) - psiR);
      da += count * (psiAB - psiABX);
      db += count * (psiAB + digamma(b + x) - psiB - psiABX);
    }
    const logA = Math.log(a);
    for (const c of customers) {
      const x = c.frequency;
      const logAlphaT = Math.log(alpha + c.T);
      const a3 = -(r + x) * logAlphaT;
      if (x === 0) {
        ll += a3;
        dr -= logAlphaT;
        dAlpha -= (r + x) / (alpha + c.T);
        continue;
      }
      const logAlphaTx = Math.log(alpha + c.recency);
      const a4 = logA - Math.log(b + x - 1) - (r + x) * logAlphaTx;
      const lse = logAddExp(a3, a4);
      ll += lse;
      const w3 = Math.exp(a3 - lse);
      const w4 = 1 - w3;
      dr -= w3 * logAlphaT + w4 * logAlphaTx;
      dAlpha -= (r + x) * (w3 / (alpha + c.T) + w4 / (alpha + c.recency));
      da += w4 / a;
      db -= w4 / (b + x - 1);
    }
    const theta = [r, alpha, a, b];
    const dTheta = [dr, dAlpha, da, db];
    const penalty = penalizerCoef * theta.reduce((s, t) => s + t * t, 0);
    return {
      value: -ll / n + penalty,
      gradient: theta.map((t, i) => t * (-dTheta[i] / n + 2 * penalizerCoef * t)),
    };
  };
}

/**
 * P(alive | x, t_x, T): probability that the customer has not dropped out by T (Fader, Hardie & Lee
 * 2005, eq. 13; Hardie's note 021): 1 / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), computed
 * as a logistic of the log-odds; 1 for a customer without repeat purchases (the model lets customers
 * drop out only after a repeat purchase).
 */
export function probabilityAlive(params: BgNbdParams, h: BgNbdHistory): number {
  if (h.frequency === 0) return 1;
  const { r, alpha, a, b } = params;
  const x = h.frequency;
  const logOdds = (r + x) * Math.log((alpha + h.T) / (alpha + h.recency)) + Math.log(a / (b + x - 1));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, t_x, T]: expected number of purchases in the next t time units of a customer with
 * that history (Fader, Hardie & Lee 2005, eq. 10, as lifetimes'
 * `conditional_expected_number_of_purchases_up_to_time`):
 * ((a+b+x−1)/(a−1)) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] / (1 + δ_{x>0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
 * The bracket is −expm1 of a log-space sum so that small t keeps its digits. At a = 1 the formula
 * is 0/0 with a finite limit; within 1e-7 of it the mean of a = 1 ± 1e-6 is returned.
 *
 * @param t horizon in the data's time unit (≥ 0).
 * @throws RangeError for t < 0 (and from ₂F₁ when t/(α+T+t) is too close to 1 to converge).
 */
export function expectedPurchases(params: BgNbdParams, h: BgNbdHistory, t: number): number {
  if (!(t >= 0)) throw new RangeError(`horizon must be >= 0 (got ${t})`);
  if (t === 0) return 0;
  if (Math.abs(params.a - 1) < 1e-7) {
    return (expectedPurchases({ ...params, a: 1 - 1e-6 }, h, t) + expectedPurchases({ ...params, a: 1 + 1e-6 }, h, t)) / 2;
  }
  const { r, alpha, a, b } = params;
  const x = h.frequency;
  const z = t / (alpha + h.T + t);
  const logTerm = logHyp2f1(r + x, b + x, a + b + x - 1, z) + (r + x) * Math.log((alpha + h.T) / (alpha + h.T + t));
  const numerator = ((a + b + x - 1) / (a - 1)) * -Math.expm1(logTerm);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * Math.log((alpha + h.T) / (alpha + h.recency))) : 1;
  return numerator / denominator;
}

/**
 * E[X(t)]: expected number of repeat purchases in (0, t] of a customer just acquired (Fader, Hardie
 * & Lee 2005, eq. 9): ((a+b−1)/(a−1)) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]. Needs a ≠ 1.
 *
 * @throws RangeError for t < 0 or a = 1.
 */
export function populationExpectedPurchases(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  if (!(t >= 0) || a === 1) throw new RangeError(`needs t >= 0 and a != 1 (got t=${t}, a=${a})`);
  if (t === 0) return 0;
  const logTerm = logHyp2f1(r, b, a + b - 1, t / (alpha + t)) + r * Math.log(alpha / (alpha + t));
  return ((a + b - 1) / (a - 1)) * -Math.expm1(logTerm);
}

function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}

function checkHistory(h: BgNbdHistory, i: number): void {
  const ok =
    Number.isInteger(h.frequency) &&
    h.frequency >= 0 &&
    h.recency >= 0 &&
    h.recency <= h.T &&
    Number.isFinite(h.T) &&
    (h.frequency > 0 || h.recency === 0);
  if (!ok) throw new RangeError(`customer ${i}: needs integer frequency >= 0, 0 <= recency <= T, recency 0 when frequency 0`);
}
