// Options of the logistic regression, with their defaults and checks.

/** What every churn model trains on: row-major features, 0/1 labels, optional row weights. */
export interface TrainingData {
  X: Float32Array;
  rows: number;
  features: number;
  y: Float32Array;
  weight?: Float32Array;
}

export interface LogisticOptions {
  /** L2 penalty 0.5 * l2 * |w|^2 on the summed loss; l2 = 1 / C of sklearn (C = 1). Intercept is not penalised. */
  l2: number;
  /** 'balanced' weighs each class by rows / (2 * class rows), as sklearn's class_weight='balanced'. */
  classWeight: 'none' | 'balanced' | [number, number];
  maxIterations: number;
  /** Stop when the largest Newton step on a coefficient is below this. */
  tolerance: number;
  /** Where the n x p passes run: 'typed' float64 loops (fast on the cpu/wasm backends), 'tf' matMuls
   *  on the active backend (worth it on a GPU), 'auto' picks by backend. */
  path: 'auto' | 'typed' | 'tf';
}

export const defaultLogisticOptions: LogisticOptions = {
  l2: 1,
  classWeight: 'none',
  maxIterations: 50,
  tolerance: 1e-6,
  path: 'auto',
};

export function resolveLogisticOptions(opts: Partial<LogisticOptions> = {}): LogisticOptions {
  const o = { ...defaultLogisticOptions, ...opts };
  if (!(o.l2 >= 0 && Number.isFinite(o.l2))) throw new Error(`l2 must be a number >= 0, got ${o.l2}`);
  if (!(Number.isInteger(o.maxIterations) && o.maxIterations >= 1)) throw new Error(`maxIterations must be a whole number >= 1, got ${o.maxIterations}`);
  if (!(o.tolerance > 0)) throw new Error(`tolerance must be > 0, got ${o.tolerance}`);
  if (!['auto', 'typed', 'tf'].includes(o.path)) throw new Error(`path must be 'auto', 'typed' or 'tf', got ${JSON.stringify(o.path)}`);
  const cw = o.classWeight;
  if (Array.isArray(cw) ? !(cw.length === 2 && cw.every((w) => w > 0 && Number.isFinite(w))) : cw !== 'none' && cw !== 'balanced') {
    throw new Error(`classWeight must be 'none', 'balanced' or [w0, w1] > 0, got ${JSON.stringify(cw)}`);
  }
  return o;
}

export function checkTrainingData(d: TrainingData): void {
  if (!(d.rows > 0 && d.features > 0)) throw new Error(`Training data needs rows and features, got ${d.rows} x ${d.features}`);
  if (d.X.length !== d.rows * d.features) throw new Error(`X has ${d.X.length} values, expected rows x features = ${d.rows * d.features}`);
  if (d.y.length !== d.rows) throw new Error(`y has ${d.y.length} labels, expected ${d.rows}`);
  if (d.weight && d.weight.length !== d.rows) throw new Error(`weight has ${d.weight.length} values, expected ${d.rows}`);
}

/** Per-row weights: the row weight times its class weight. */
export function rowWeights(d: TrainingData, classWeight: LogisticOptions['classWeight']): Float32Array {
  let pos = 0;
  for (const v of d.y) pos += v;
  const neg = d.rows - pos;
  const [w0, w1] = classWeight === 'balanced' ? [d.rows / (2 * neg), d.rows / (2 * pos)] : classWeight === 'none' ? [1, 1] : classWeight;
  return Float32Array.from(d.y, (v, i) => (v ? w1 : w0) * (d.weight ? d.weight[i] : 1));
}
