// Scoring: the shared linear arithmetic of src/lib/models/linear.ts.
import { linearMargins, sigmoidInPlace } from '../linear';
import type { LogisticModel } from './train';

/** Log-odds of churn for each row of row-major X. */
export function logisticLogits(model: LogisticModel, X: Float32Array, rows: number): Float64Array {
  return linearMargins(model.weights, model.intercept, X, rows);
}

/** Probability of churn for each row of row-major X. */
export function predictLogistic(model: LogisticModel, X: Float32Array, rows: number): Float64Array {
  return sigmoidInPlace(logisticLogits(model, X, rows));
}
