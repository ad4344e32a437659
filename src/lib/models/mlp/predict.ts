// Scoring in plain JS (float64, synchronous, no backend): the network is tiny, so a row costs a
// few thousand multiply-adds and a million rows score in about a second.
import type { MlpModel } from './train';

/** Log-odds of churn for each row of row-major X. */
export function mlpLogits(model: MlpModel, X: Float32Array, rows: number): Float64Array {
  const d = model.layers[0].inputs;
  if (X.length !== rows * d) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${d} features`);
  const layers = model.layers.map((l) => ({ ...l, w: Float64Array.from(l.weights), b: Float64Array.from(l.bias) }));
  const widest = Math.max(...model.layers.map((l) => l.units), d);
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) a[j] = X[i * d + j];
    for (let l = 0; l < layers.length; l++) {
      const { w, b: bias, inputs, units } = layers[l];
      for (let u = 0; u < units; u++) b[u] = bias[u];
      for (let k = 0; k < inputs; k++) {
        const v = a[k];
        if (v === 0) continue;
        const o = k * units;
        for (let u = 0; u < units; u++) b[u] += v * w[o + u];
      }
      if (l + 1 < layers.length) for (let u = 0; u < units; u++) if (b[u] < 0) b[u] = 0;
      [a, b] = [b, a];
    }
    out[i] = a[0];
  }
  return out;
}

/** Probability of churn for each row of row-major X. */
export function predictMlp(model: MlpModel, X: Float32Array, rows: number): Float64Array {
  const z = mlpLogits(model, X, rows);
  for (let i = 0; i < rows; i++) z[i] = 1 / (1 + Math.exp(-z[i]));
  return z;
}
