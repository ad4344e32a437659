// Feature scaling for clustering: optional log1p, then optional standardisation with the
// population standard deviation (as sklearn's StandardScaler), so the reference numbers match.
import type { Matrix } from './matrix';

export interface TransformOptions {
  /** log1p each value first; values below 0 are clamped to 0 (log1p is undefined below -1). */
  log?: boolean;
  /** Subtract the mean and divide by the population standard deviation, per column. */
  standardize?: boolean;
}

export interface FeatureTransform {
  log: boolean;
  standardize: boolean;
  mean: Float64Array;
  std: Float64Array;
  /** How many values were below 0 and clamped before log1p. */
  clamped: number;
}

export function fitTransform(x: Matrix, opts: TransformOptions = {}): { data: Matrix; transform: FeatureTransform } {
  const log = opts.log ?? false;
  const standardize = opts.standardize ?? true;
  const { rows: n, cols: d } = x;
  const out = new Float64Array(x.data.length);
  let clamped = 0;
  for (let i = 0; i < out.length; i++) {
    const v = x.data[i];
    if (Number.isNaN(v)) throw new Error(`feature value at row ${Math.floor(i / d)}, column ${i % d} is missing (NaN)`);
    if (log) {
      if (v < 0) clamped++;
      out[i] = Math.log1p(v < 0 ? 0 : v);
    } else {
      out[i] = v;
    }
  }
  const mean = new Float64Array(d);
  const std = new Float64Array(d).fill(1);
  if (standardize && n > 0) {
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += out[i * d + c];
    for (let c = 0; c < d; c++) mean[c] /= n;
    const ss = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < d; c++) {
        const t = out[i * d + c] - mean[c];
        ss[c] += t * t;
      }
    }
    // A constant column keeps scale 1 (as sklearn) instead of dividing by zero.
    for (let c = 0; c < d; c++) std[c] = ss[c] > 0 ? Math.sqrt(ss[c] / n) : 1;
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) out[i * d + c] = (out[i * d + c] - mean[c]) / std[c];
  }
  return { data: { data: out, rows: n, cols: d }, transform: { log, standardize, mean, std, clamped } };
}

/** Map points (e.g. centres) from the clustering space back to the original units. */
export function inverseTransform(z: Matrix, t: FeatureTransform): Matrix {
  const d = z.cols;
  const out = new Float64Array(z.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = i % d;
    const v = t.standardize ? z.data[i] * t.std[c] + t.mean[c] : z.data[i];
    out[i] = t.log ? Math.expm1(v) : v;
  }
  return { data: out, rows: z.rows, cols: d };
}
