// The `paretonbd-100k` bench section's worker side: Pareto/NBD and BG/NBD fits as the app runs them, on a
// 100,000-customer summary simulated in the worker (src/lib/models/clv/simulate.ts); only the fits are timed.
import { fitBgnbd } from '../../src/lib/models/clv/bgnbd';
import { fitParetoNbd } from '../../src/lib/models/clv/paretonbd';
import { simulateParetoNbd } from '../../src/lib/models/clv/simulate';

export interface ParetoNbdFigures {
  customers: number;
  distinctRows: number;
  seconds: number;
  iterations: number;
  /** Largest relative error of the fitted (r, alpha, s, beta) against the generating values. */
  maxRelativeError: number;
  bgnbdSeconds: number;
}

/** CDNOW's Pareto/NBD parameters, weeks, customers acquired over 78 weeks. */
const TRUE = { r: 0.5533, alpha: 10.578, s: 0.6062, beta: 11.668 };

export function paretoNbdFigures(customers = 100_000): ParetoNbdFigures {
  const data = simulateParetoNbd(customers, TRUE, 546, 7);
  let t0 = performance.now();
  const fit = fitParetoNbd(data);
  const seconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  fitBgnbd(data);
  const bgnbdSeconds = (performance.now() - t0) / 1000;
  const maxRelativeError = Math.max(...(Object.keys(TRUE) as (keyof typeof TRUE)[]).map((k) => Math.abs(fit.params[k] - TRUE[k]) / TRUE[k]));
  return { customers, distinctRows: fit.distinctRows, seconds, iterations: fit.iterations, maxRelativeError, bgnbdSeconds };
}
