// The readable churn decision tree: CART grown per setting, pruned along its cost-complexity path, with
// the impurity measure, depth, minimum leaf size and alpha chosen by an inner stratified
// cross-validation on the training rows only (mean ROC AUC), and always pruned to at most
// `maxLeaves` leaves so it fits on a slide. Depth-limited trees are truncations of the deepest one
// (a node's split depends only on its own rows), so each inner fold grows one tree per impurity
// measure and leaf size.
import type { TrainingData } from '../logistic';
import { stratifiedKFold } from '../../metrics';
import { growTree, rankColumns, type Criterion, type GrownTree, type GrowParams } from './grow';
import { budgetAlpha, prunePath, type PrunePath } from './prune';
import { resolveTreeOptions, type TreeOptions } from './options';

/** A fitted tree: plain JSON data (number arrays, finite values). Node 0 is the root, nodes in preorder. */
export interface TreeModel {
  kind: 'tree';
  version: 1;
  /** Columns of X the model expects. */
  features: number;
  criterion: Criterion;
  /** Depth-wise to the depth limit, or best-first to the leaf budget. */
  growth: 'depthwise' | 'bestfirst';
  /** The depth limit chosen, and the depth the pruned tree has. */
  maxDepth: number;
  depth: number;
  minLeaf: number;
  alpha: number;
  leaves: number;
  /** Mean ROC AUC of the chosen settings on the inner folds. */
  innerAuc: number;
  /** Per node: feature tested (-1 at a leaf); a present value goes left when x <= threshold. */
  feature: number[];
  threshold: number[];
  /** 1 when a missing value goes left. */
  missingLeft: number[];
  left: number[];
  right: number[];
  /** Training rows reaching the node, and the churners among them. */
  customers: number[];
  churners: number[];
  /** Churn probability: the node's churn share, smoothed by one row at the overall rate (itself smoothed), so log-odds stay finite. */
  value: number[];
}

interface Setting {
  criterion: Criterion;
  growth: 'depthwise' | 'bestfirst';
  minLeaf: number;
  depth: number;
  alpha: number;
}

/** A copy of `t` with every node at `depth` made a leaf (the tree grown with that depth limit). */
function truncate(t: GrownTree, depth: number): GrownTree {
  const feature = Int32Array.from(t.feature);
  for (let i = 0; i < t.nodes; i++) if (t.depth[i] >= depth) feature[i] = -1;
  return { ...t, feature };
}

const isLeaf = (t: GrownTree, path: PrunePath, i: number, alpha: number): boolean => t.feature[i] < 0 || path.prunedAt[i] <= alpha;

/** Breiman's candidate alphas: geometric means of consecutive path alphas, from the first subtree within the leaf budget, root-only excluded. */
function candidateAlphas(path: PrunePath, maxLeaves: number): number[] {
  const out: number[] = [];
  const a = path.alphas;
  for (let k = 0; k < a.length - 1; k++) if (path.leaves[k] <= maxLeaves || k === a.length - 2) out.push(Math.sqrt(a[k] * a[k + 1]));
  // A root that cannot split has a path of one subtree: itself.
  return out.length ? [...new Set(out)] : [0];
}

export function trainTree(data: TrainingData, options: Partial<TreeOptions> = {}): TreeModel {
  const o = resolveTreeOptions(options);
  const { X, rows, features, y } = data;
  if (X.length !== rows * features) throw new Error(`X has ${X.length} values for ${rows} x ${features}`);
  if (y.length !== rows) throw new Error(`y has ${y.length} labels for ${rows} rows`);
  const ranked = rankColumns(X, rows, features);
  const allRows = Int32Array.from({ length: rows }, (_, i) => i);
  const maxDepth = Math.max(...o.depths);
  const minLeaves = [...new Set(o.minLeaves.map((m) => Math.max(1, Math.min(m < 1 ? Math.round(m * rows) : m, Math.floor(rows / 20)))))];
  const params = (criterion: Criterion, minLeaf: number, bestFirst: boolean): GrowParams => ({
    criterion,
    minLeaf,
    minImpurityDecrease: o.minImpurityDecrease,
    maxDepth: bestFirst ? o.bestFirstDepth : maxDepth,
    maxLeaves: bestFirst ? o.maxLeaves : 0,
  });
  const key = (s: Omit<Setting, 'alpha'>): string => `${s.criterion}/${s.minLeaf}/${s.growth}/${s.depth}`;
  // Every setting's tree and alpha path on some rows: one depth-wise growth per impurity and leaf size
  // (shallower limits are truncations), plus the best-first tree grown to the leaf budget.
  const fitAll = (rowList: Int32Array): Map<string, { tree: GrownTree; path: PrunePath; setting: Omit<Setting, 'alpha'> }> => {
    const out = new Map<string, { tree: GrownTree; path: PrunePath; setting: Omit<Setting, 'alpha'> }>();
    for (const criterion of o.criteria) {
      for (const minLeaf of minLeaves) {
        if (o.growth.includes('depthwise')) {
          const grown = growTree(ranked, y, rowList, params(criterion, minLeaf, false));
          for (const depth of o.depths) {
            const tree = truncate(grown, depth);
            const setting = { criterion, minLeaf, growth: 'depthwise' as const, depth };
            out.set(key(setting), { tree, path: prunePath(tree), setting });
          }
        }
        if (o.growth.includes('bestfirst')) {
          const tree = growTree(ranked, y, rowList, params(criterion, minLeaf, true));
          const setting = { criterion, minLeaf, growth: 'bestfirst' as const, depth: o.bestFirstDepth };
          out.set(key(setting), { tree, path: prunePath(tree), setting });
        }
      }
    }
    return out;
  };

  // Full-data trees and their alpha paths give the candidate settings.
  const full = fitAll(allRows);
  const candidates: Setting[] = [];
  for (const { path, setting } of full.values()) {
    for (const alpha of o.alpha === 'cv' ? candidateAlphas(path, o.maxLeaves) : [o.alpha]) candidates.push({ ...setting, alpha });
  }

  let chosen = candidates[0];
  let chosenAuc = NaN;
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += y[i];
  if (candidates.length > 1 && positives > o.innerFolds && rows - positives > o.innerFolds) {
    const fold = stratifiedKFold(y, o.innerFolds, o.seed);
    const aucSum = new Float64Array(candidates.length);
    for (let f = 0; f < o.innerFolds; f++) {
      const trainRows = allRows.filter((i) => fold[i] !== f);
      const test = allRows.filter((i) => fold[i] === f);
      const yTest = Float32Array.from(test, (i) => y[i]);
      let prior = 0;
      for (const i of trainRows) prior += y[i];
      prior /= trainRows.length;
      const fits = fitAll(trainRows);
      // Each test row's root-to-leaf path in each tree, so every pruned subtree finds its leaf by a short scan.
      const steps = Math.max(maxDepth, o.bestFirstDepth) + 1;
      const paths = new Map<string, Int32Array>();
      for (const [k, { tree }] of fits) {
        const nodesOf = new Int32Array(test.length * steps).fill(-1);
        test.forEach((r, ti) => {
          let i = 0;
          for (let s = 0; ; s++) {
            nodesOf[ti * steps + s] = i;
            if (tree.feature[i] < 0) break;
            const v = X[r * features + tree.feature[i]];
            i = (Number.isNaN(v) ? tree.missingLeft[i] === 1 : v <= tree.threshold[i]) ? tree.left[i] : tree.right[i];
          }
        });
        paths.set(k, nodesOf);
      }
      const seen = new Map<string, number>();
      candidates.forEach((c, ci) => {
        const k = key(c);
        const { tree, path } = fits.get(k) as { tree: GrownTree; path: PrunePath };
        const alpha = budgetAlpha(path, c.alpha, o.maxLeaves);
        const memo = `${k}/${leavesAt(path, alpha)}`;
        let auc = seen.get(memo);
        if (auc === undefined) {
          auc = leafAuc(tree, path, alpha, paths.get(k) as Int32Array, steps, yTest, prior);
          seen.set(memo, auc);
        }
        aucSum[ci] += auc;
      });
    }
    // The simplest setting within `tolerance` of the best mean AUC: shallowest, then fewest leaves, then
    // largest leaves (inner-fold AUCs differ by more than that by chance alone).
    const auc = Array.from(aucSum, (v) => v / o.innerFolds);
    const top = Math.max(...auc);
    let bestRank: number[] = [];
    candidates.forEach((c, ci) => {
      if (auc[ci] < top - o.tolerance - 1e-12) return;
      const { path } = full.get(key(c)) as { tree: GrownTree; path: PrunePath };
      const rank = [c.depth, leavesAt(path, budgetAlpha(path, c.alpha, o.maxLeaves)), -c.minLeaf, -auc[ci]];
      const k = rank.findIndex((v, j) => v !== bestRank[j]);
      if (bestRank.length === 0 || (k >= 0 && rank[k] < bestRank[k])) {
        chosen = c;
        chosenAuc = auc[ci];
        bestRank = rank;
      }
    });
  }
  const { tree, path } = full.get(key(chosen)) as { tree: GrownTree; path: PrunePath };
  return compact(tree, path, budgetAlpha(path, chosen.alpha, o.maxLeaves), chosen, features, (positives + 0.5) / (rows + 1), chosenAuc);
}

/**
 * ROC AUC on the test rows of the subtree pruned at alpha, from per-leaf counts (a tree scores whole leaves,
 * so rows of leaves with equal values tie, as in rocAuc).
 */
function leafAuc(t: GrownTree, path: PrunePath, alpha: number, nodesOf: Int32Array, steps: number, y: Float32Array, prior: number): number {
  const pos = new Float64Array(t.nodes);
  const neg = new Float64Array(t.nodes);
  for (let ti = 0; ti < y.length; ti++) {
    let s = ti * steps;
    while (!isLeaf(t, path, nodesOf[s], alpha)) s++;
    if (y[ti] > 0.5) pos[nodesOf[s]]++;
    else neg[nodesOf[s]]++;
  }
  const leaves: number[] = [];
  for (let i = 0; i < t.nodes; i++) if (pos[i] + neg[i] > 0) leaves.push(i);
  const value = (i: number): number => (t.pos[i] + prior) / (t.n[i] + 1);
  leaves.sort((a, b) => value(b) - value(a));
  let P = 0;
  let N = 0;
  let area = 0;
  for (let k = 0; k < leaves.length; ) {
    // Leaves with the same value tie.
    let p = 0;
    let n = 0;
    const v = value(leaves[k]);
    for (; k < leaves.length && value(leaves[k]) === v; k++) {
      p += pos[leaves[k]];
      n += neg[leaves[k]];
    }
    area += n * (P + p / 2);
    P += p;
    N += n;
  }
  return P > 0 && N > 0 ? area / (P * N) : 0.5;
}

function leavesAt(path: PrunePath, alpha: number): number {
  let k = 0;
  while (k + 1 < path.alphas.length && path.alphas[k + 1] <= alpha) k++;
  return path.leaves[k];
}

/** The pruned tree as plain arrays in preorder. */
function compact(t: GrownTree, path: PrunePath, alpha: number, s: Setting, features: number, prior: number, innerAuc: number): TreeModel {
  const m: TreeModel = {
    kind: 'tree',
    version: 1,
    features,
    criterion: s.criterion,
    growth: s.growth,
    maxDepth: s.depth,
    depth: 0,
    minLeaf: s.minLeaf,
    alpha,
    leaves: 0,
    innerAuc: Number.isFinite(innerAuc) ? innerAuc : 0,
    feature: [],
    threshold: [],
    missingLeft: [],
    left: [],
    right: [],
    customers: [],
    churners: [],
    value: [],
  };
  const visit = (i: number, depth: number): number => {
    const id = m.feature.length;
    const leaf = isLeaf(t, path, i, alpha);
    m.feature.push(leaf ? -1 : t.feature[i]);
    m.threshold.push(leaf ? 0 : t.threshold[i]);
    m.missingLeft.push(leaf ? 0 : t.missingLeft[i]);
    m.left.push(-1);
    m.right.push(-1);
    m.customers.push(t.n[i]);
    m.churners.push(t.pos[i]);
    m.value.push((t.pos[i] + prior) / (t.n[i] + 1));
    m.depth = Math.max(m.depth, depth);
    if (leaf) m.leaves++;
    else {
      m.left[id] = visit(t.left[i], depth + 1);
      m.right[id] = visit(t.right[i], depth + 1);
    }
    return id;
  };
  visit(0, 0);
  return m;
}

/** The leaf (node index) each row of row-major X reaches. */
export function treeLeaves(model: TreeModel, X: Float32Array, rows: number): Int32Array {
  const d = model.features;
  if (X.length !== rows * d) throw new Error(`X has ${X.length} values, expected ${rows} x ${d}`);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    while (model.feature[i] >= 0) {
      const v = X[r * d + model.feature[i]];
      i = (Number.isNaN(v) ? model.missingLeft[i] === 1 : v <= model.threshold[i]) ? model.left[i] : model.right[i];
    }
    out[r] = i;
  }
  return out;
}

/** Churn probability per row: the smoothed churn share of its leaf. */
export function predictTree(model: TreeModel, X: Float32Array, rows: number): Float64Array {
  const leaves = treeLeaves(model, X, rows);
  return Float64Array.from(leaves, (i) => model.value[i]);
}

/** Log-odds of churn per row. */
export function treeLogits(model: TreeModel, X: Float32Array, rows: number): Float64Array {
  const leaves = treeLeaves(model, X, rows);
  return Float64Array.from(leaves, (i) => Math.log(model.value[i] / (1 - model.value[i])));
}
