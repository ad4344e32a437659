// Minimal cost-complexity pruning (Breiman et al.; scikit-learn's ccp_alpha): the cost of a subtree is
// the row-weighted impurity of its leaves, R(T) = sum over leaves of (rows / all rows) x impurity,
// and the weakest link, the inner node whose collapse costs least per leaf removed,
// g(t) = (R(t) - R(T_t)) / (leaves(T_t) - 1), is pruned first. Repeating gives the alpha path: the
// nested subtrees that are optimal for each alpha.
import type { GrownTree } from './grow';

export interface PrunePath {
  /** Increasing alphas; the subtree for alpha keeps a node inner only while prunedAt[node] > alpha. */
  alphas: number[];
  /** Leaves of the subtree from each alpha on. */
  leaves: number[];
  /** Per node, the alpha at which it becomes a leaf (-1 for grown leaves). */
  prunedAt: Float64Array;
}

export function prunePath(t: GrownTree): PrunePath {
  const N = t.n[0];
  const m = t.nodes;
  const prunedAt = new Float64Array(m).fill(Infinity);
  for (let i = 0; i < m; i++) if (t.feature[i] < 0) prunedAt[i] = -1;
  const R = Float64Array.from({ length: m }, (_, i) => (t.n[i] / N) * t.impurity[i]);
  const Rsub = new Float64Array(m);
  const L = new Int32Array(m);
  const isLeaf = (i: number): boolean => prunedAt[i] !== Infinity;
  const alphas = [0];
  const leaves: number[] = [];
  let alpha = 0;
  for (;;) {
    // Children have larger indices than parents: a reverse sweep is bottom-up.
    for (let i = m - 1; i >= 0; i--) {
      if (isLeaf(i)) {
        Rsub[i] = R[i];
        L[i] = 1;
      } else {
        Rsub[i] = Rsub[t.left[i]] + Rsub[t.right[i]];
        L[i] = L[t.left[i]] + L[t.right[i]];
      }
    }
    if (leaves.length < alphas.length) leaves.push(L[0]);
    if (isLeaf(0)) break;
    let minG = Infinity;
    const g = new Float64Array(m).fill(Infinity);
    const stack = [0];
    while (stack.length) {
      const i = stack.pop() as number;
      if (isLeaf(i)) continue;
      g[i] = (R[i] - Rsub[i]) / (L[i] - 1);
      if (g[i] < minG) minG = g[i];
      stack.push(t.left[i], t.right[i]);
    }
    alpha = Math.max(alpha, minG);
    // Ties are pruned together; pruning a node leaves its descendants behind with it.
    const tol = 1e-12 * Math.max(1, Math.abs(alpha));
    for (let i = 0; i < m; i++) if (g[i] <= minG + tol && !isLeaf(i)) collapse(t, prunedAt, i, alpha);
    alphas.push(alpha);
  }
  return { alphas, leaves, prunedAt };
}

function collapse(t: GrownTree, prunedAt: Float64Array, i: number, alpha: number): void {
  const stack = [i];
  while (stack.length) {
    const j = stack.pop() as number;
    if (prunedAt[j] === Infinity) prunedAt[j] = alpha;
    if (t.feature[j] >= 0) stack.push(t.left[j], t.right[j]);
  }
}

/**
 * The alpha to prune at so that the subtree for at least `alpha` has at most `maxLeaves` leaves
 * (and at most `maxDepth` levels, by collapsing deeper nodes): the larger of `alpha` and the smallest path alpha within the budget.
 */
export function budgetAlpha(path: PrunePath, alpha: number, maxLeaves: number): number {
  for (let k = 0; k < path.alphas.length; k++) if (path.leaves[k] <= maxLeaves) return Math.max(alpha, path.alphas[k]);
  return Math.max(alpha, path.alphas[path.alphas.length - 1]);
}

/** Whether node i is a leaf of the subtree pruned at alpha. */
export const leafAt = (path: PrunePath, i: number, alpha: number): boolean => path.prunedAt[i] <= alpha;
