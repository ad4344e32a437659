// PCA for the segment map: covariance of the features (all rows: O(n d^2) is cheap), its
// eigen-decomposition in plain TS, and a 2-D projection of a seeded sample for plotting.
import type { Matrix } from '../kmeans/matrix';
import { mulberry32, sampleIndices } from '../../random';
import { jacobiEigen } from './jacobi';

export interface PcaOptions {
  /** Components kept (default 2). */
  components?: number;
  /** Divide by the standard deviation too (correlation PCA). Off: the data is usually already standardised. */
  scale?: boolean;
  /** Rows projected for plotting (seeded sample); all rows when fewer. */
  sampleSize?: number;
  seed?: number;
}

export interface PcaResult {
  components: number;
  /** components x d, unit rows. */
  loadings: Matrix;
  mean: Float64Array;
  /** 1 per feature unless scale was on. */
  scaleBy: Float64Array;
  /** Variance along each kept component. */
  variance: number[];
  /** Share of the total variance along each kept component. */
  explainedVarianceRatio: number[];
  /** Rows that were projected (indices into the input). */
  sample: Int32Array;
  /** sample.length x components coordinates. */
  points: Matrix;
}

export function pca(x: Matrix, opts: PcaOptions = {}): PcaResult {
  const { rows: n, cols: d, data } = x;
  const c = opts.components ?? 2;
  const sampleSize = opts.sampleSize ?? 10_000;
  if (!Number.isInteger(c) || c < 1 || c > d) throw new Error(`components must be an integer in 1..${d}, got ${c}`);
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new Error(`sampleSize must be a positive integer, got ${sampleSize}`);
  if (n < 2) throw new Error(`PCA needs at least 2 rows, got ${n}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= n - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  const scaleBy = new Float64Array(d).fill(1);
  if (opts.scale) {
    for (let j = 0; j < d; j++) scaleBy[j] = cov[j * d + j] > 0 ? Math.sqrt(cov[j * d + j]) : 1;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] /= scaleBy[a] * scaleBy[b];
  }
  const { values, vectors } = jacobiEigen(cov, d);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const variance = Array.from(values.subarray(0, c), (v) => Math.max(v, 0));
  const loadings: Matrix = { data: vectors.slice(0, c * d), rows: c, cols: d };
  const sample = sampleIndices(n, sampleSize, mulberry32(opts.seed ?? 0));
  if (sample.length === n) sample.sort();
  const points = project(x, { loadings, mean, scaleBy }, sample);
  return {
    components: c,
    loadings,
    mean,
    scaleBy,
    variance,
    explainedVarianceRatio: variance.map((v) => (total > 0 ? v / total : 0)),
    sample,
    points,
  };
}

/** Coordinates of the given rows (default all) on the fitted components. */
export function project(x: Matrix, model: Pick<PcaResult, 'loadings' | 'mean' | 'scaleBy'>, rows?: ArrayLike<number>): Matrix {
  const d = x.cols;
  const c = model.loadings.rows;
  if (model.loadings.cols !== d) throw new Error(`model has ${model.loadings.cols} features, data has ${d}`);
  const m = rows ? rows.length : x.rows;
  const out = new Float64Array(m * c);
  for (let r = 0; r < m; r++) {
    const i = rows ? rows[r] : r;
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((x.data[i * d + j] - model.mean[j]) / model.scaleBy[j]) * model.loadings.data[k * d + j];
      out[r * c + k] = s;
    }
  }
  return { data: out, rows: m, cols: c };
}
