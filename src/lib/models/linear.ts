// The scoring arithmetic of the linear churn models (logistic regression, linear SVM): one dot product per
// row in plain JS, cheaper than a round trip to a tf backend, synchronous and backend-free.

/** intercept + w . x for each row of row-major X; a missing value (NaN) counts as 0, the standardised mean. */
export function linearMargins(weights: ArrayLike<number>, intercept: number, X: Float32Array, rows: number): Float64Array {
  const d = weights.length;
  if (X.length !== rows * d) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${d} features`);
  const w = Float64Array.from(weights);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = intercept;
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const v = X[o + j];
      if (v === v) z += w[j] * v;
    }
    out[i] = z;
  }
  return out;
}

/** The logistic function in place: log-odds become probabilities. */
export function sigmoidInPlace(z: Float64Array): Float64Array {
  for (let i = 0; i < z.length; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}
