/** Most series terms summed before {@link logHyp2f1} gives up (the cost grows like b·z/(1 − z)). */
export const HYP2F1_MAX_TERMS = 1_000_000;

const RELATIVE_TOLERANCE = 1e-16;

/**
 * Natural logarithm of the Gauss hypergeometric function ₂F₁(a, b; c; z) = Σₖ (a)ₖ(b)ₖ / ((c)ₖ k!) zᵏ
 * (Abramowitz & Stegun 15.1.1), for a, b, c > 0 and 0 ≤ z < 1 — the domain of the BG/NBD formulas,
 * where every term is positive.
 *
 * lifetimes calls scipy's `hyp2f1`, which overflows to ∞ for a customer with many repeat purchases
 * (a ≈ b ≈ c ≈ x, so ₂F₁ grows like (1 − z)^−(a+b−c)), and then retries with Euler's transformation
 * ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) (A&S 15.3.3), whose series can lose digits
 * to cancellation when c − b < 0. Here the direct series is summed in log space instead: terms are
 * kept relative to a running scale, so nothing overflows, and as all terms are positive there is no
 * cancellation. The sum stops when the next term is below 1e-16 of the sum and the tail bound
 * term·ρ/(1 − ρ) is too, with ρ = max(current term ratio, z) (the ratios tend to z).
 *
 * @throws RangeError outside the domain, or when the series has not converged in
 *   {@link HYP2F1_MAX_TERMS} terms (z too close to 1).
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0) || !(z >= 0 && z < 1) || !Number.isFinite(a + b + c)) {
    throw new RangeError(`logHyp2f1 needs a, b, c > 0 and 0 <= z < 1 (got a=${a}, b=${b}, c=${c}, z=${z})`);
  }
  if (z === 0) return 0;
  // sum = exp(logScale) · scaledSum; term = exp(logScale) · scaledTerm
  let logScale = 0;
  let scaledSum = 1;
  let scaledTerm = 1;
  for (let k = 0; k < HYP2F1_MAX_TERMS; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    scaledTerm *= ratio;
    scaledSum += scaledTerm;
    if (scaledSum > 1e250) {
      const shift = Math.log(scaledSum);
      logScale += shift;
      scaledTerm /= scaledSum;
      scaledSum = 1;
    }
    const bound = Math.max(ratio, z);
    if (bound < 1 && scaledTerm <= RELATIVE_TOLERANCE * scaledSum && (scaledTerm * bound) / (1 - bound) <= RELATIVE_TOLERANCE * scaledSum) {
      return logScale + Math.log(scaledSum);
    }
  }
  throw new RangeError(`logHyp2f1 did not converge in ${HYP2F1_MAX_TERMS} terms (a=${a}, b=${b}, c=${c}, z=${z})`);
}

/** ₂F₁(a, b; c; z) = exp({@link logHyp2f1}); ∞ when it exceeds the double range. Same domain and errors. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return Math.exp(logHyp2f1(a, b, c, z));
}
