// Synthetic survival data for the `cox-1m` bench and speed checks: n rows x p covariates (half binary, half
// standard normal), exponential event times with hazard exp(x.beta), uniform censoring, times rounded to a
// day grid (ties, as real tenure data has). Deterministic for a seed.
import { mulberry32 } from '../random';
import type { CoxData } from '../models/survival/cox';

export function syntheticCox(n: number, p: number, seed = 1): CoxData & { beta: number[] } {
  const rng = mulberry32(seed);
  const beta = Array.from({ length: p }, (_, j) => (j % 2 ? -0.3 : 0.4) * (1 - j / (2 * p)));
  const x = new Float64Array(n * p);
  const time = new Float64Array(n);
  const event = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      let v: number;
      if (j % 2) v = rng() < 0.3 ? 1 : 0;
      else {
        // Box-Muller.
        const u = Math.max(rng(), 1e-12);
        v = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
      }
      x[i * p + j] = v;
      eta += beta[j] * v;
    }
    const t = -Math.log(Math.max(rng(), 1e-12)) / (0.01 * Math.exp(eta));
    const c = rng() * 200;
    time[i] = Math.max(1, Math.ceil(Math.min(t, c)));
    event[i] = t <= c ? 1 : 0;
  }
  return { time, event, x, names: Array.from({ length: p }, (_, j) => `x${j + 1}`), beta };
}
