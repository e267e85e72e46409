/** An objective and its gradient at `x`; non-finite values mark points outside the domain. */
export type ObjectiveWithGradient = (x: readonly number[]) => { value: number; gradient: number[] };

/** Stopping rules of {@link minimizeBfgs}. */
export interface BfgsOptions {
  /** Converged when every |∂f/∂xᵢ| ≤ this (default 1e-7). */
  readonly gradientTolerance?: number;
  /** Converged when a step lowers f by less than this × (1 + |f|) and moves x by less than 1e-10 (default 1e-15). */
  readonly valueTolerance?: number;
  /** Iteration cap (default 500). */
  readonly maxIterations?: number;
}

/** Outcome of {@link minimizeBfgs}. */
export interface BfgsResult {
  readonly x: number[];
  readonly value: number;
  readonly gradient: number[];
  readonly iterations: number;
  readonly converged: boolean;
  /** `gradient` (‖∇f‖∞ small), `value` (no further progress), `max-iterations` or `line-search`. */
  readonly stoppedBy: 'gradient' | 'value' | 'max-iterations' | 'line-search';
}

const ARMIJO_C1 = 1e-4;
const MAX_HALVINGS = 60;

const dot = (u: readonly number[], v: readonly number[]) => u.reduce((s, ui, i) => s + ui * v[i], 0);
const maxAbs = (u: readonly number[]) => u.reduce((m, ui) => Math.max(m, Math.abs(ui)), 0);

/**
 * Unconstrained minimisation by BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., §6.1:
 * inverse-Hessian update 6.17, initial scaling 6.20) with a backtracking Armijo line search (§3.1).
 * The update is skipped when the curvature sᵀy is not positive, and the inverse Hessian is reset to
 * the identity when the search direction is not a descent direction.
 *
 * @param f objective returning value and gradient; a non-finite value rejects the trial point.
 * @param x0 start point (finite objective required).
 * @throws RangeError when the objective is not finite at `x0`.
 */
export function minimizeBfgs(f: ObjectiveWithGradient, x0: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const gtol = options.gradientTolerance ?? 1e-7;
  const ftol = options.valueTolerance ?? 1e-15;
  const maxIterations = options.maxIterations ?? 500;
  const n = x0.length;
  let x = [...x0];
  let { value, gradient } = f(x);
  if (!Number.isFinite(value) || !gradient.every(Number.isFinite)) throw new RangeError('objective is not finite at the start point');
  let h = identity(n);
  let scaled = false;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(gradient) <= gtol) return { x, value, gradient, iterations: iteration, converged: true, stoppedBy: 'gradient' };
    let direction = h.map((row) => -dot(row, gradient));
    let slope = dot(direction, gradient);
    if (!(slope < 0)) {
      h = identity(n);
      direction = gradient.map((g) => -g);
      slope = -dot(gradient, gradient);
    }
    let step = 1;
    let trial: { x: number[]; value: number; gradient: number[] } | undefined;
    for (let halving = 0; halving < MAX_HALVINGS; halving++, step /= 2) {
      const xt = x.map((xi, i) => xi + step * direction[i]);
      const ft = f(xt);
      if (Number.isFinite(ft.value) && ft.gradient.every(Number.isFinite) && ft.value <= value + ARMIJO_C1 * step * slope) {
        trial = { x: xt, ...ft };
        break;
      }
    }
    if (!trial) return { x, value, gradient, iterations: iteration, converged: false, stoppedBy: 'line-search' };
    const s = trial.x.map((xi, i) => xi - x[i]);
    const y = trial.gradient.map((gi, i) => gi - gradient[i]);
    const decrease = value - trial.value;
    x = trial.x;
    value = trial.value;
    gradient = trial.gradient;
    if (decrease <= ftol * (1 + Math.abs(value)) && maxAbs(s) < 1e-10) {
      return { x, value, gradient, iterations: iteration + 1, converged: true, stoppedBy: 'value' };
    }
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (!scaled) {
        const gamma = sy / dot(y, y);
        h = identity(n).map((row) => row.map((v) => v * gamma));
        scaled = true;
      }
      h = bfgsUpdate(h, s, y, sy);
    }
  }
  return { x, value, gradient, iterations: maxIterations, converged: maxAbs(gradient) <= gtol, stoppedBy: 'max-iterations' };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** H⁺ = (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/sᵀy (Nocedal & Wright 6.17). */
function bfgsUpdate(h: number[][], s: readonly number[], y: readonly number[], sy: number): number[][] {
  const rho = 1 / sy;
  const hy = h.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  return h.map((row, i) => row.map((hij, j) => hij - rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]));
}
