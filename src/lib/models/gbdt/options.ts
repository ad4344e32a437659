// Options of the gradient-boosted trees, their defaults and validation. Defaults follow what is strong
// out of the box on tabular data (LightGBM / sklearn HistGradientBoosting), with early stopping on.

export type Growth = 'leafwise' | 'depthwise';

export interface GbdtOptions {
  /** Maximum boosting rounds (trees); early stopping usually ends sooner. Default 500. */
  nEstimators: number;
  /** Shrinkage applied to every leaf value. Default 0.05. */
  learningRate: number;
  /**
   * Maximum tree depth. 0 = no limit, which suits 'leafwise' (numLeaves bounds the tree).
   * 'depthwise' needs a depth: with 0 it uses DEFAULT_DEPTHWISE_DEPTH (6). Default 0.
   */
  maxDepth: number;
  /** Leaf budget of a 'leafwise' tree (ignored by 'depthwise', which fills every level). Default 31. */
  numLeaves: number;
  /** 'leafwise' splits the leaf with the best gain next (LightGBM); 'depthwise' splits level by level (XGBoost). Default 'leafwise'. */
  growth: Growth;
  /** Minimum rows in a leaf. Default 20. */
  minSamplesLeaf: number;
  /** Minimum sum of hessians (p(1-p) times weight) in a leaf. Default 1e-3. */
  minChildHessian?: number;
  /** L2 penalty on leaf values. Default 1. */
  l2: number;
  /** Value bins per feature (quantile-like), plus one bin for missing. 2..65535, default 255. */
  maxBins: number;
  /** Share of rows drawn (without replacement) for each tree. Default 0.8. */
  subsample: number;
  /** Share of features drawn for each tree. Default 0.8. */
  colsample: number;
  /** Stop when the validation loss has not improved for this many rounds; 0 disables early stopping. Default 30. */
  earlyStoppingRounds: number;
  /** Share of rows held out (stratified) for early stopping when no validation set is given. Default 0.1. */
  validationFraction: number;
  /** Seed for subsampling and the validation split. Default 0. */
  seed: number;
  /** Reweight classes: 'balanced' gives both classes equal total weight. Default none. */
  classWeight?: 'balanced' | { pos: number; neg: number };
  /** Minimum gain for a split. Default 0. */
  minGainToSplit?: number;
}

export const DEFAULT_DEPTHWISE_DEPTH = 6;

export const DEFAULT_GBDT_OPTIONS: Readonly<GbdtOptions> = {
  nEstimators: 500,
  learningRate: 0.05,
  maxDepth: 0,
  numLeaves: 31,
  growth: 'leafwise',
  minSamplesLeaf: 20,
  minChildHessian: 1e-3,
  l2: 1,
  maxBins: 255,
  subsample: 0.8,
  colsample: 0.8,
  earlyStoppingRounds: 30,
  validationFraction: 0.1,
  seed: 0,
  minGainToSplit: 0,
};

export type ResolvedGbdtOptions = Required<Omit<GbdtOptions, 'classWeight'>> & Pick<GbdtOptions, 'classWeight'>;

function check(ok: boolean, name: string, rule: string, value: unknown): void {
  if (!ok) throw new Error(`gbdt: ${name} must be ${rule}, got ${JSON.stringify(value) ?? String(value)}`);
}

const isInt = (v: number) => Number.isInteger(v);

/** Defaults filled in and every value checked; throws an Error naming the bad option and value. */
export function resolveGbdtOptions(opts: Partial<GbdtOptions> = {}): ResolvedGbdtOptions {
  const known = new Set<string>([...Object.keys(DEFAULT_GBDT_OPTIONS), 'classWeight']);
  for (const k of Object.keys(opts)) check(known.has(k), 'option name', 'one of ' + [...known].join(', '), k);
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULT_GBDT_OPTIONS, ...defined } as ResolvedGbdtOptions;
  check(isInt(o.nEstimators) && o.nEstimators >= 1, 'nEstimators', 'an integer >= 1', o.nEstimators);
  check(o.learningRate > 0 && o.learningRate <= 1, 'learningRate', 'in (0, 1]', o.learningRate);
  check(isInt(o.maxDepth) && o.maxDepth >= 0, 'maxDepth', 'an integer >= 0 (0 = no limit)', o.maxDepth);
  check(isInt(o.numLeaves) && o.numLeaves >= 2, 'numLeaves', 'an integer >= 2', o.numLeaves);
  check(o.growth === 'leafwise' || o.growth === 'depthwise', 'growth', "'leafwise' or 'depthwise'", o.growth);
  check(isInt(o.minSamplesLeaf) && o.minSamplesLeaf >= 1, 'minSamplesLeaf', 'an integer >= 1', o.minSamplesLeaf);
  check(o.minChildHessian >= 0, 'minChildHessian', '>= 0', o.minChildHessian);
  check(o.l2 >= 0 && Number.isFinite(o.l2), 'l2', 'a finite number >= 0', o.l2);
  check(isInt(o.maxBins) && o.maxBins >= 2 && o.maxBins <= 65535, 'maxBins', 'an integer from 2 to 65535', o.maxBins);
  check(o.subsample > 0 && o.subsample <= 1, 'subsample', 'in (0, 1]', o.subsample);
  check(o.colsample > 0 && o.colsample <= 1, 'colsample', 'in (0, 1]', o.colsample);
  check(isInt(o.earlyStoppingRounds) && o.earlyStoppingRounds >= 0, 'earlyStoppingRounds', 'an integer >= 0', o.earlyStoppingRounds);
  check(o.validationFraction >= 0 && o.validationFraction < 1, 'validationFraction', 'in [0, 1)', o.validationFraction);
  check(Number.isFinite(o.seed), 'seed', 'a finite number', o.seed);
  check(o.minGainToSplit >= 0, 'minGainToSplit', '>= 0', o.minGainToSplit);
  const cw = o.classWeight;
  if (cw !== undefined && cw !== 'balanced') {
    check(typeof cw === 'object' && cw.pos > 0 && cw.neg > 0, 'classWeight', "'balanced' or { pos > 0, neg > 0 }", cw);
  }
  if (o.growth === 'depthwise' && o.maxDepth === 0) o.maxDepth = DEFAULT_DEPTHWISE_DEPTH;
  return o;
}
