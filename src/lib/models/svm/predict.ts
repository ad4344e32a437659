// Scoring: the shared linear arithmetic (src/lib/models/linear.ts), then the Platt sigmoid.
import { linearMargins, sigmoidInPlace } from '../linear';
import type { SvmModel } from './train';

/** SVM decision value f(x) = w . x + b per row of row-major X (NaN counts as 0, the training mean). */
export function svmDecision(model: SvmModel, X: Float32Array, rows: number): Float64Array {
  return linearMargins(model.weights, model.intercept, X, rows);
}

/** Log-odds of churn per row: the Platt sigmoid's argument a * f(x) + b. */
export function svmLogits(model: SvmModel, X: Float32Array, rows: number): Float64Array {
  const z = svmDecision(model, X, rows);
  for (let i = 0; i < rows; i++) z[i] = model.plattA * z[i] + model.plattB;
  return z;
}

/** Probability of churn per row. */
export function predictSvm(model: SvmModel, X: Float32Array, rows: number): Float64Array {
  return sigmoidInPlace(svmLogits(model, X, rows));
}
