// Scoring in plain JS (float64, synchronous, no backend): the network is tiny, so a row costs a
// few thousand multiply-adds and a million rows score in about a second.
import type { MlpModel } from './train';

/** A layer's weights in float64, as every plain-JS forward pass here reads them. */
export interface DenseLayer {
  w: Float64Array;
  b: Float64Array;
  inputs: number;
  units: number;
}

export function denseLayers(model: Pick<MlpModel, 'layers'>): DenseLayer[] {
  return model.layers.map((l) => ({ w: Float64Array.from(l.weights), b: Float64Array.from(l.bias), inputs: l.inputs, units: l.units }));
}

/** out = bias + a·W (W row-major, inputs x units), then ReLU unless `last`. Zero inputs are skipped: after a
 *  ReLU most are. Shared with SHAP's permutation walker (churn/shap.ts) so both give the same bits. */
export function denseForward(layer: DenseLayer, a: Float64Array, out: Float64Array, last: boolean): void {
  const { w, b: bias, inputs, units } = layer;
  for (let u = 0; u < units; u++) out[u] = bias[u];
  for (let k = 0; k < inputs; k++) {
    const v = a[k];
    if (v === 0) continue;
    const o = k * units;
    for (let u = 0; u < units; u++) out[u] += v * w[o + u];
  }
  if (!last) for (let u = 0; u < units; u++) if (out[u] < 0) out[u] = 0;
}

/** Log-odds of churn for each row of row-major X. */
export function mlpLogits(model: MlpModel, X: Float32Array, rows: number): Float64Array {
  const d = model.layers[0].inputs;
  if (X.length !== rows * d) throw new Error(`X has ${X.length} values, expected ${rows} rows x ${d} features`);
  const layers = denseLayers(model);
  const widest = Math.max(...model.layers.map((l) => l.units), d);
  let a = new Float64Array(widest);
  let b = new Float64Array(widest);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) a[j] = X[i * d + j];
    for (let l = 0; l < layers.length; l++) {
      denseForward(layers[l], a, b, l + 1 === layers.length);
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
