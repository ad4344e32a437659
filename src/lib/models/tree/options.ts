// Options of the readable decision tree, with their defaults and checks.
import type { Criterion } from './grow';

export interface TreeOptions {
  /** Impurity measures tried by the inner cross-validation. */
  criteria: Criterion[];
  /** Depth-wise growth to each of `depths` (then pruned), and/or best-first growth to the leaf budget. */
  growth: ('depthwise' | 'bestfirst')[];
  /** Maximum depths tried for depth-wise growth (root = depth 0). */
  depths: number[];
  /** Depth limit of best-first growth. */
  bestFirstDepth: number;
  /**
   * Minimum rows per leaf tried: a value below 1 is a share of the training rows, else a row count (capped
   * at a twentieth of the rows on small data).
   */
  minLeaves: number[];
  /** Cost-complexity alpha: 'cv' picks it on the inner folds from the pruning path; a number fixes it. */
  alpha: 'cv' | number;
  /** The readable budget: the final tree has at most this many leaves (pruned along the alpha path to fit). */
  maxLeaves: number;
  minImpurityDecrease: number;
  /** Inner stratified folds for choosing the settings (on the training rows only). */
  innerFolds: number;
  /** Among settings within this much of the best inner mean AUC, the simplest is kept. */
  tolerance: number;
  seed: number;
}

export const defaultTreeOptions: TreeOptions = {
  criteria: ['gini', 'entropy'],
  growth: ['depthwise'],
  depths: [3, 4, 5, 6],
  bestFirstDepth: 8,
  // Shares rather than counts: on telco (5,634 training rows) 23 to 169 rows, on a 2,666-row file 11 to 80.
  // Measured on telco and the seeded churn files (same folds), level with or above fixed 20/50/100/150.
  minLeaves: [0.004, 0.01, 0.02, 0.03],
  alpha: 'cv',
  maxLeaves: 16,
  minImpurityDecrease: 0,
  innerFolds: 5,
  tolerance: 0,
  seed: 42,
};

export function resolveTreeOptions(opts: Partial<TreeOptions> = {}): TreeOptions {
  const o = { ...defaultTreeOptions, ...opts };
  const wholeList = (name: string, a: number[], min: number): void => {
    if (!(Array.isArray(a) && a.length > 0 && a.every((v) => Number.isInteger(v) && v >= min))) throw new Error(`${name} must be a non-empty list of whole numbers >= ${min}, got ${JSON.stringify(a)}`);
  };
  if (!(Array.isArray(o.criteria) && o.criteria.length > 0 && o.criteria.every((c) => c === 'gini' || c === 'entropy'))) {
    throw new Error(`criteria must list 'gini' and/or 'entropy', got ${JSON.stringify(o.criteria)}`);
  }
  wholeList('depths', o.depths, 1);
  if (!(Number.isInteger(o.bestFirstDepth) && o.bestFirstDepth >= 1)) throw new Error(`bestFirstDepth must be a whole number >= 1, got ${o.bestFirstDepth}`);
  if (!(Array.isArray(o.growth) && o.growth.length > 0 && o.growth.every((g) => g === 'depthwise' || g === 'bestfirst'))) {
    throw new Error(`growth must list 'depthwise' and/or 'bestfirst', got ${JSON.stringify(o.growth)}`);
  }
  if (!(Array.isArray(o.minLeaves) && o.minLeaves.length > 0 && o.minLeaves.every((v) => v > 0 && (v < 1 || Number.isInteger(v))))) {
    throw new Error(`minLeaves must list shares in (0, 1) or whole row counts >= 1, got ${JSON.stringify(o.minLeaves)}`);
  }
  if (!(o.alpha === 'cv' || (typeof o.alpha === 'number' && o.alpha >= 0 && Number.isFinite(o.alpha)))) throw new Error(`alpha must be 'cv' or a number >= 0, got ${o.alpha}`);
  if (!(Number.isInteger(o.maxLeaves) && o.maxLeaves >= 2)) throw new Error(`maxLeaves must be a whole number >= 2, got ${o.maxLeaves}`);
  if (!(o.minImpurityDecrease >= 0)) throw new Error(`minImpurityDecrease must be >= 0, got ${o.minImpurityDecrease}`);
  if (!(o.tolerance >= 0 && o.tolerance < 1)) throw new Error(`tolerance must be in [0, 1), got ${o.tolerance}`);
  if (!(Number.isInteger(o.innerFolds) && o.innerFolds >= 2)) throw new Error(`innerFolds must be a whole number >= 2, got ${o.innerFolds}`);
  return o;
}
