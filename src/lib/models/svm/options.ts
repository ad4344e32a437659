// Options of the linear SVM, with their defaults and checks.
import type { TrainingData } from '../logistic/options';

export type { TrainingData } from '../logistic/options';

export type SvmLoss = 'hinge' | 'squared-hinge';
export type SvmClassWeight = 'none' | 'balanced' | [number, number];

export interface SvmOptions {
  /**
   * 'squared-hinge' (L2-loss SVM, LIBLINEAR's and sklearn LinearSVC's default), 'hinge' (L1-loss SVM), or
   * 'auto': both, chosen with C and class weights by the inner cross-validation. Neither wins everywhere on
   * the files of `npm run bench:churn-files` (same folds, mean AUC, C and class weights chosen inside):
   * squared hinge telco 0.8443, bank 0.7277, telecom 0.7991, French telecom 0.7953; hinge 0.8404, 0.7302,
   * 0.7949, 0.7943; 'auto' 0.8443, 0.7301, 0.7991, 0.7953 (sklearn LinearSVC(C=1): 0.8418, 0.7276, 0.7881, 0.7902).
   */
  loss: SvmLoss | 'auto';
  /** Penalty C on the summed loss; 'auto' picks it from `cGrid` by inner cross-validation (mean fold AUC). */
  C: number | 'auto';
  cGrid: number[];
  /**
   * 'balanced' multiplies C by rows / (2 * class rows) per class (sklearn's class_weight='balanced');
   * 'auto' picks 'none' or 'balanced' by the same inner cross-validation as C.
   */
  classWeight: SvmClassWeight | 'auto';
  /** Value of the constant feature whose (regularised) weight is the intercept, as LIBLINEAR's `-B`. */
  bias: number;
  /** Stop when the spread of projected dual gradients is below this (LIBLINEAR's eps). */
  tolerance: number;
  /** Passes over the data at most, per fit. */
  maxIterations: number;
  /** Folds of the inner cross-validation that picks C / class weights and gives Platt's decision values. */
  innerFolds: number;
  /** Seeds the inner folds and the coordinate order. */
  seed: number;
}

export const defaultSvmOptions: SvmOptions = {
  loss: 'auto',
  C: 'auto',
  cGrid: [0.01, 0.03, 0.1],
  classWeight: 'auto',
  bias: 1,
  tolerance: 0.1,
  maxIterations: 1000,
  innerFolds: 3,
  seed: 42,
};

export function resolveSvmOptions(opts: Partial<SvmOptions> = {}): SvmOptions {
  const o = { ...defaultSvmOptions, ...opts };
  if (o.loss !== 'hinge' && o.loss !== 'squared-hinge' && o.loss !== 'auto') throw new Error(`loss must be 'hinge', 'squared-hinge' or 'auto', got ${JSON.stringify(o.loss)}`);
  if (o.C !== 'auto' && !(o.C > 0 && Number.isFinite(o.C))) throw new Error(`C must be a number > 0 or 'auto', got ${o.C}`);
  if (!(o.cGrid.length >= 1 && o.cGrid.every((c) => c > 0 && Number.isFinite(c)))) throw new Error(`cGrid must list numbers > 0, got ${JSON.stringify(o.cGrid)}`);
  const cw = o.classWeight;
  if (Array.isArray(cw) ? !(cw.length === 2 && cw.every((w) => w > 0 && Number.isFinite(w))) : cw !== 'none' && cw !== 'balanced' && cw !== 'auto') {
    throw new Error(`classWeight must be 'none', 'balanced', 'auto' or [w0, w1] > 0, got ${JSON.stringify(cw)}`);
  }
  if (!(o.bias >= 0 && Number.isFinite(o.bias))) throw new Error(`bias must be a number >= 0, got ${o.bias}`);
  if (!(o.tolerance > 0)) throw new Error(`tolerance must be > 0, got ${o.tolerance}`);
  if (!(Number.isInteger(o.maxIterations) && o.maxIterations >= 1)) throw new Error(`maxIterations must be a whole number >= 1, got ${o.maxIterations}`);
  if (!(Number.isInteger(o.innerFolds) && o.innerFolds >= 2)) throw new Error(`innerFolds must be a whole number >= 2, got ${o.innerFolds}`);
  if (!Number.isFinite(o.seed)) throw new Error(`seed must be a number, got ${o.seed}`);
  return o;
}

/** Per-row penalty: C times the class weight times the row weight. */
export function rowPenalties(d: TrainingData, rows: ArrayLike<number>, C: number, classWeight: SvmClassWeight): Float64Array {
  let pos = 0;
  for (let k = 0; k < rows.length; k++) pos += d.y[rows[k]] > 0.5 ? 1 : 0;
  const neg = rows.length - pos;
  const n = rows.length;
  const [w0, w1] = classWeight === 'balanced' ? [neg ? n / (2 * neg) : 1, pos ? n / (2 * pos) : 1] : classWeight === 'none' ? [1, 1] : classWeight;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k];
    out[k] = C * (d.y[r] > 0.5 ? w1 : w0) * (d.weight ? d.weight[r] : 1);
  }
  return out;
}
