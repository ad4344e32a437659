// Dual coordinate descent for the linear SVM (Hsieh, Chang, Lin, Keerthi & Sundararajan 2008, ICML;
// LIBLINEAR's solve_l2r_l1l2_svc, with its shrinking). Primal, with yi in {-1, +1} and a per-row penalty Ci:
//   hinge:          min_w 0.5 |w|^2 + sum_i Ci max(0, 1 - yi w.xi)
//   squared hinge:  min_w 0.5 |w|^2 + sum_i Ci max(0, 1 - yi w.xi)^2
// Dual: min_a 0.5 a'Qa - sum a, Q = (yi yj xi.xj) + diag(Di), 0 <= ai <= Ui, where hinge has Ui = Ci, Di = 0
// and squared hinge Ui = inf, Di = 1 / (2 Ci). One coordinate step is exact (a 1-D quadratic), and w = sum ai yi xi
// is kept up to date, so a pass costs one dot product per row: far cheaper than a kernel SVM.
import { shuffleInPlace } from '../../random';
import type { SvmLoss } from './options';

export interface DualProblem {
  /** Row-major design, p columns per row (the bias column already appended). */
  A: Float64Array;
  p: number;
  /** Which rows of A take part. */
  rows: ArrayLike<number>;
  /** +1 / -1 per entry of `rows`. */
  label: Float64Array;
  /** Penalty Ci per entry of `rows`. */
  penalty: Float64Array;
  loss: SvmLoss;
}

export interface DualSolution {
  w: Float64Array;
  alpha: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * `start`: dual values to start from (a solution at a smaller C stays feasible at a larger one, and is
 * close to the new optimum, so a path over increasing C costs little more than its last fit).
 */
export function solveDual(prob: DualProblem, tolerance: number, maxIterations: number, rng: () => number, start?: Float64Array): DualSolution {
  const { A, p, rows, label, penalty, loss } = prob;
  const n = rows.length;
  const w = new Float64Array(p);
  const alpha = new Float64Array(n);
  const upper = new Float64Array(n);
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    upper[k] = loss === 'hinge' ? penalty[k] : Infinity;
    diag[k] = loss === 'hinge' ? 0 : 0.5 / penalty[k];
    const o = rows[k] * p;
    let s = diag[k];
    for (let j = 0; j < p; j++) s += A[o + j] * A[o + j];
    qd[k] = s;
    if (start && start[k] > 0) {
      alpha[k] = Math.min(start[k], upper[k]);
      const step = alpha[k] * label[k];
      for (let j = 0; j < p; j++) w[j] += step * A[o + j];
    }
  }
  const index = new Int32Array(n);
  for (let k = 0; k < n; k++) index[k] = k;
  let active = n;
  // Shrinking: a coordinate at a bound whose gradient points out of the box by more than last pass's
  // extreme projected gradient is unlikely to move again, so it is left out until the active set converges.
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    let pgMax = -Infinity;
    let pgMin = Infinity;
    shuffleInPlace(index, rng, 0, active);
    for (let s = 0; s < active; s++) {
      const k = index[s];
      const o = rows[k] * p;
      const yk = label[k];
      let dot = 0;
      for (let j = 0; j < p; j++) dot += w[j] * A[o + j];
      const g = yk * dot - 1 + diag[k] * alpha[k];
      let pg = 0;
      if (alpha[k] === 0) {
        if (g > pgMaxOld) {
          active--;
          index[s] = index[active];
          index[active] = k;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else if (alpha[k] === upper[k]) {
        if (g < pgMinOld) {
          active--;
          index[s] = index[active];
          index[active] = k;
          s--;
          continue;
        }
        if (g > 0) pg = g;
      } else pg = g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12 && qd[k] > 0) {
        const old = alpha[k];
        alpha[k] = Math.min(Math.max(old - g / qd[k], 0), upper[k]);
        const step = (alpha[k] - old) * yk;
        for (let j = 0; j < p; j++) w[j] += step * A[o + j];
      }
    }
    iterations++;
    if (pgMax - pgMin <= tolerance || active === 0) {
      if (active === n) {
        converged = true;
        break;
      }
      // Converged on the shrunk set: check every coordinate once more before stopping.
      active = n;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMax > 0 ? pgMax : Infinity;
    pgMinOld = pgMin < 0 ? pgMin : -Infinity;
  }
  return { w, alpha, iterations, converged };
}

/** Primal and dual objectives at (w, alpha): the gap P - D >= 0 is 0 exactly at the optimum. */
export function objectives(prob: DualProblem, sol: DualSolution): { primal: number; dual: number } {
  const { A, p, rows, label, penalty, loss } = prob;
  let ww = 0;
  for (let j = 0; j < p; j++) ww += sol.w[j] * sol.w[j];
  let primal = 0.5 * ww;
  let dual = -0.5 * ww;
  for (let k = 0; k < rows.length; k++) {
    const o = rows[k] * p;
    let dot = 0;
    for (let j = 0; j < p; j++) dot += sol.w[j] * A[o + j];
    const xi = Math.max(0, 1 - label[k] * dot);
    primal += penalty[k] * (loss === 'hinge' ? xi : xi * xi);
    const a = sol.alpha[k];
    dual += a - (loss === 'hinge' ? 0 : (0.25 * a * a) / penalty[k]);
  }
  return { primal, dual };
}
