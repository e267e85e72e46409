import { SeededRandom } from '../kmeans/prng';
import { BgNbdHistory, BgNbdParams } from './bg-nbd';
import { GammaGammaParams } from './gamma-gamma';

/**
 * Gamma(shape k, rate 1) variate by Marsaglia & Tsang ("A simple method for generating gamma
 * variables", ACM TOMS 26(3), 2000), with the U^(1/k) boost for k < 1; normals by Box–Muller.
 */
export function sampleGamma(rng: SeededRandom, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * rng.nextFloat() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.nextFloat();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * Customers drawn from the BG/NBD process (Fader, Hardie & Lee 2005, §3; as lifetimes'
 * `beta_geometric_nbd_model`): λ ~ Gamma(r, rate α), p ~ Beta(a, b); from the first purchase at 0,
 * repeat purchases follow a Poisson process of rate λ, and after each repeat purchase the customer
 * drops out with probability p. Each customer is observed for its age T.
 */
export function simulateBgNbd(params: BgNbdParams, ages: readonly number[], rng: SeededRandom): BgNbdHistory[] {
  return ages.map((T) => {
    const lambda = sampleGamma(rng, params.r) / params.alpha;
    const ga = sampleGamma(rng, params.a);
    const p = ga / (ga + sampleGamma(rng, params.b));
    let t = 0;
    let frequency = 0;
    let recency = 0;
    for (;;) {
      t += -Math.log(1 - rng.nextFloat()) / lambda;
      if (t >= T) break;
      frequency += 1;
      recency = t;
      if (rng.nextFloat() < p) break;
    }
    return { frequency, recency, T };
  });
}

/**
 * Mean repeat-transaction values drawn from the Gamma-Gamma model (Fader & Hardie 2013, §2):
 * ν ~ Gamma(q, rate v) per customer, each of x values z ~ Gamma(p, rate ν), so their mean is
 * Gamma(px, rate νx).
 *
 * @param frequencies x of each customer (> 0).
 */
export function simulateGammaGamma(params: GammaGammaParams, frequencies: readonly number[], rng: SeededRandom): number[] {
  return frequencies.map((x) => {
    const nu = sampleGamma(rng, params.q) / params.v;
    return sampleGamma(rng, params.p * x) / (nu * x);
  });
}
