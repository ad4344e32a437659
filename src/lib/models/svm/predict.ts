// Scoring is one dot product per row in plain JS (as the logistic model), synchronous and backend-free.
import type { SvmModel } from './train';

/** SVM decision value f(x) = w . x + b per row of row-major X (NaN counts as 0, the training mean). */
export function svmDecision(model: SvmModel, X: Float32Array, rows: number): Float64Array {
  const d = model.weights.length;
  if (X.length !== rows * d) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${d} features`);
  const w = Float64Array.from(model.weights);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = model.intercept;
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = X[o + j];
      if (v === v) z += w[j] * v;
    }
    out[i] = z;
  }
  return out;
}

/** Log-odds of churn per row: the Platt sigmoid's argument a * f(x) + b. */
export function svmLogits(model: SvmModel, X: Float32Array, rows: number): Float64Array {
  const z = svmDecision(model, X, rows);
  for (let i = 0; i < rows; i++) z[i] = model.plattA * z[i] + model.plattB;
  return z;
}

/** Probability of churn per row. */
export function predictSvm(model: SvmModel, X: Float32Array, rows: number): Float64Array {
  const z = svmLogits(model, X, rows);
  for (let i = 0; i < rows; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}
