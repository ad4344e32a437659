// Unconstrained minimisation for the small (3-4 parameter) likelihoods of the CLV models:
// BFGS with an analytic gradient and a backtracking (Armijo) line search, plus a multi-start wrapper.
// The models optimise log-parameters, so every point is feasible; a non-finite value just shortens the step.

/** Objective value and gradient at x (gradient written into `grad`). */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface BfgsOptions {
  /** Stop when the largest gradient component is below this. */
  gradientTolerance?: number;
  /** Stop when an accepted step improves f by less than this (relative to 1 + |f|). */
  valueTolerance?: number;
  maxIterations?: number;
  /** Largest change of any coordinate in one step (log-parameters: 3 = a factor of e^3). */
  maxStep?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

export const defaultBfgsOptions: Required<BfgsOptions> = {
  gradientTolerance: 1e-9,
  valueTolerance: 1e-14,
  maxIterations: 500,
  maxStep: 3,
};

function checkOptions(o: Required<BfgsOptions>): void {
  for (const key of ['gradientTolerance', 'valueTolerance', 'maxIterations', 'maxStep'] as const) {
    if (!(o[key] > 0)) throw new Error(`BFGS option ${key} must be > 0, got ${o[key]}`);
  }
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function bfgs(fg: ValueAndGradient, x0: ArrayLike<number>, options: BfgsOptions = {}): MinimizeResult {
  const o = { ...defaultBfgsOptions, ...options };
  checkOptions(o);
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error(`BFGS: objective is not finite at the start point [${Array.from(x0).join(', ')}]`);
  // Inverse Hessian approximation, row-major.
  const h = new Float64Array(n * n);
  const resetH = () => {
    h.fill(0);
    for (let i = 0; i < n; i++) h[i * n + i] = 1;
  };
  resetH();
  const p = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  let firstUpdate = true;
  let iterations = 0;
  let converged = maxAbs(g) < o.gradientTolerance;

  while (!converged && iterations < o.maxIterations) {
    iterations++;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= h[i * n + j] * g[j];
      p[i] = v;
    }
    let slope = dot(g, p);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): fall back to steepest descent.
      resetH();
      for (let i = 0; i < n; i++) p[i] = -g[i];
      slope = dot(g, p);
      firstUpdate = true;
    }
    let step = Math.min(1, o.maxStep / maxAbs(p));
    let fNew = Infinity;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * p[i];
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // No decrease along the direction: we are at the precision floor of f.
      converged = maxAbs(g) < Math.sqrt(o.gradientTolerance);
      break;
    }
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const improvement = f - fNew;
    [x, g] = [Float64Array.from(xNew), Float64Array.from(gNew)];
    f = fNew;
    if (maxAbs(g) < o.gradientTolerance || improvement < o.valueTolerance * (1 + Math.abs(f))) {
      converged = true;
      break;
    }
    const sy = dot(s, y);
    if (sy <= 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) continue; // curvature condition fails: keep H
    if (firstUpdate) {
      // Scale the identity to the observed curvature before the first update (Nocedal & Wright 6.20).
      const scale = sy / dot(y, y);
      for (let i = 0; i < n; i++) h[i * n + i] = scale;
      firstUpdate = false;
    }
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += h[i * n + j] * y[j];
      hy[i] = v;
    }
    const yhy = dot(y, hy);
    const rho = 1 / sy;
    // H+ = H + rho^2 (s'y + y'Hy) ss' - rho (Hy s' + s y'H)
    const c = rho * rho * (sy + yhy);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        h[i * n + j] += c * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
      }
    }
  }
  return { x, value: f, iterations, evaluations, converged };
}

/** Runs BFGS from each start and keeps the lowest value; starts whose objective is not finite are skipped. */
export function minimizeMultiStart(
  fg: ValueAndGradient,
  starts: ArrayLike<number>[],
  options: BfgsOptions = {},
): MinimizeResult & { starts: number } {
  if (starts.length === 0) throw new Error('minimizeMultiStart: need at least one start, got 0');
  let best: MinimizeResult | undefined;
  let lastError: unknown;
  for (const start of starts) {
    try {
      const r = bfgs(fg, start, options);
      if (!best || r.value < best.value) best = r;
    } catch (err) {
      lastError = err;
    }
  }
  if (!best) throw lastError instanceof Error ? lastError : new Error('minimizeMultiStart: every start failed');
  return { ...best, starts: starts.length };
}

/** Central finite-difference gradient, for checking analytic gradients in tests. */
export function numericGradient(f: (x: Float64Array) => number, x: ArrayLike<number>, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const xp = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const xi = xp[i];
    xp[i] = xi + h;
    const fp = f(xp);
    xp[i] = xi - h;
    const fm = f(xp);
    xp[i] = xi;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}
