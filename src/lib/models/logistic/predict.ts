// Scoring runs in plain JS: one dot product per row is cheaper than a round trip to a tf backend,
// and it keeps scoring synchronous and backend-free.
import type { LogisticModel } from './train';

/** Log-odds of churn for each row of row-major X. */
export function logisticLogits(model: LogisticModel, X: Float32Array, rows: number): Float64Array {
  const d = model.weights.length;
  if (X.length !== rows * d) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${d} features`);
  const w = Float64Array.from(model.weights);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = model.intercept;
    const o = i * d;
    for (let j = 0; j < d; j++) z += w[j] * X[o + j];
    out[i] = z;
  }
  return out;
}

/** Probability of churn for each row of row-major X. */
export function predictLogistic(model: LogisticModel, X: Float32Array, rows: number): Float64Array {
  const z = logisticLogits(model, X, rows);
  for (let i = 0; i < rows; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}
