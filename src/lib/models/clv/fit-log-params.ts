// Maximum likelihood for the CLV models without an analytic gradient (Pareto/NBD's 2F1 terms, MBG/NBD):
// BFGS on log-parameters with a central-difference gradient, from several starts.
import { minimizeMultiStart, type BfgsOptions } from './optimiser';

export interface LogParamFitOptions<P> {
  /** Start points in the natural parameters; default: the model's spread scaled to the data's time unit. */
  starts?: P[];
  bfgs?: BfgsOptions;
}

/** Step of the central difference in log-parameters: truncation (h^2) and rounding (eps / h) errors both ~1e-10. */
const H = 1e-5;

/**
 * Minimises `f(theta)` over positive theta via log theta. `f` is the mean negative log-likelihood (order 1),
 * so the default gradient tolerance is set where the difference quotient is still accurate.
 */
export function fitLogParams(
  f: (theta: Float64Array) => number,
  starts: number[][],
  model: string,
  options: { bfgs?: BfgsOptions } = {},
): { params: Float64Array; value: number; iterations: number; converged: boolean } {
  const k = starts[0]?.length ?? 0;
  const theta = new Float64Array(k);
  const at = (logTheta: ArrayLike<number>): number => {
    for (let j = 0; j < k; j++) theta[j] = Math.exp(logTheta[j]);
    for (let j = 0; j < k; j++) if (!(theta[j] > 0 && Number.isFinite(theta[j]))) return NaN;
    const v = f(theta);
    return Number.isFinite(v) ? v : NaN;
  };
  const probe = new Float64Array(k);
  const valueAndGradient = (x: Float64Array, grad: Float64Array): number => {
    const v = at(x);
    if (!Number.isFinite(v)) return NaN;
    probe.set(x);
    for (let j = 0; j < k; j++) {
      probe[j] = x[j] + H;
      const up = at(probe);
      probe[j] = x[j] - H;
      const down = at(probe);
      probe[j] = x[j];
      if (!Number.isFinite(up) || !Number.isFinite(down)) return NaN;
      grad[j] = (up - down) / (2 * H);
    }
    return v;
  };
  const logStarts = starts.map((s) => {
    s.forEach((v, j) => {
      if (!(v > 0)) throw new Error(`${model} start parameter ${j + 1} must be > 0, got ${v}`);
    });
    return s.map(Math.log);
  });
  // Starts in turn until one converges (each evaluation is a pass over the data; these likelihoods have one
  // optimum in practice), keeping the best when none does.
  const bfgsOptions = { gradientTolerance: 1e-7, valueTolerance: 1e-15, ...options.bfgs };
  let result = minimizeMultiStart(valueAndGradient, [logStarts[0]], bfgsOptions);
  for (let k = 1; k < logStarts.length && !result.converged; k++) {
    const next = minimizeMultiStart(valueAndGradient, [logStarts[k]], bfgsOptions);
    if (next.converged || next.value < result.value) result = next;
  }
  return { params: Float64Array.from(result.x, Math.exp), value: result.value, iterations: result.iterations, converged: result.converged };
}
