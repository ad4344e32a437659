// The `cox-1m` bench section's worker side: Cox regression (Efron ties) as the app fits it, on synthetic
// rows generated in the worker (src/lib/survival/synthetic.ts); only the fit is timed.
import { fitCox } from '../../src/lib/models/survival/cox';
import { syntheticCox } from '../../src/lib/survival/synthetic';

export interface CoxFigures {
  seconds: number;
  rows: number;
  covariates: number;
  events: number;
  iterations: number;
  concordance: number;
  /** Largest |estimate - true coefficient|: the fit recovers the generating model. */
  maxError: number;
}

export function coxFigures(rows = 1_000_000, covariates = 10): CoxFigures {
  const data = syntheticCox(rows, covariates, 1);
  const t0 = performance.now();
  const fit = fitCox(data);
  const seconds = (performance.now() - t0) / 1000;
  const maxError = Math.max(...fit.covariates.map((c, j) => Math.abs(c.coef - data.beta[j])));
  return { seconds, rows, covariates, events: fit.events, iterations: fit.iterations, concordance: fit.concordance, maxError };
}
