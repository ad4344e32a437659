// Customers drawn from the Pareto/NBD story, for the bench and tests (no node: imports, so it runs in a worker).
import { mulberry32 } from '../../random';

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, 1) by Marsaglia & Tsang, with the shape < 1 boost. */
export function gammaSample(rand: () => number, shape: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1) * Math.pow(rand(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  while (true) {
    const z = normal(rand);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(rand()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * n customers in weeks on a whole-day grid: purchase rate lambda ~ Gamma(r, rate alpha), lifetime ~ Exp(mu) with
 * mu ~ Gamma(s, rate beta), age T uniform over 1..maxAgeDays days (a cohort acquired over the period, as CDNOW's).
 */
export function simulateParetoNbd(
  n: number,
  p: { r: number; alpha: number; s: number; beta: number },
  maxAgeDays: number,
  seed = 1,
): { frequency: Float64Array; recency: Float64Array; age: Float64Array } {
  const rand = mulberry32(seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const age = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = gammaSample(rand, p.r) / p.alpha;
    const mu = gammaSample(rand, p.s) / p.beta;
    const Tdays = 1 + Math.floor(rand() * maxAgeDays);
    const T = Tdays / 7;
    const death = -Math.log(1 - rand()) / mu;
    const end = Math.min(T, death);
    let t = 0;
    let x = 0;
    let last = 0;
    while (true) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > end) break;
      x++;
      last = t;
    }
    // On the day grid a repeat purchase falls on day 1..T (same-day repeats are rare and merged here).
    frequency[i] = x;
    recency[i] = x > 0 ? Math.min(Tdays, Math.max(1, Math.round(last * 7))) / 7 : 0;
    age[i] = T;
  }
  return { frequency, recency, age };
}
