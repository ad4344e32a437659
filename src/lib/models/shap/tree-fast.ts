// Fast TreeSHAP v2 (Yang 2021, "Fast TreeSHAP"): in Algorithm 2 a leaf's contribution to a row depends on the
// row only through which of the leaf's path features the row "follows" (one-fraction 1 when the row takes the
// path's side at every split on that feature, else 0); the zero-fractions are cover ratios fixed by the tree.
// So each leaf gets a table, once per model: for each of the 2^u patterns of its u unique path features, the
// u contributions (leaf value included). A row then costs one pass over the tree's nodes in preorder, the
// pattern built top down (a split clears its slot's bit on the side the row does not take), and u adds per
// leaf: O(T L D) per row instead of O(T L D^2). Tables are checked against the plain algorithm in the tests.
import type { ShapTree } from './tree';
import { extend, Path, unwoundSum } from './tree-path';

/** Bytes per node record: f64 threshold, then i32 feature, a, b, c, slot, (pad). */
export const NODE_BYTES = 32;
/**
 * Node record, in i32 units from the record's start: feature at 2 (-1 at a leaf); internal: missingLeft at 3,
 * left at 4, right at 5 (absolute node indices), slot at 6 (the bit of its feature in the pattern); leaf: u at 3,
 * offset into leafFeatures at 4, offset into weights at 5.
 */
export const I_FEATURE = 2;

/** A leaf with this many unique path features has 2^u x u table entries: above it, the tree runs the plain algorithm. */
export const MAX_UNIQUE = 10;

/** Trees ready for the fast pass: all their nodes in preorder, tree after tree. */
export interface FlatEnsemble {
  nodeCount: number;
  /** nodeCount records of NODE_BYTES. */
  nodes: ArrayBuffer;
  /** Node range of tree t: [roots[t], roots[t + 1]). */
  roots: Int32Array;
  /** Per leaf, its u path features by slot. */
  leafFeatures: Int32Array;
  /** Per leaf, per pattern p (2^u), the u contributions: weights[offset + p * u + k]. */
  weights: Float64Array;
}

/** Unique features on the longest root-to-leaf path, and the table size (doubles) the tree would need. */
export function treeTableSize(tree: ShapTree): { maxUnique: number; doubles: number } {
  let maxUnique = 0;
  let doubles = 0;
  const seen: number[] = [];
  const rec = (n: number): void => {
    const f = tree.feature[n];
    if (f < 0) {
      const u = seen.length;
      maxUnique = Math.max(maxUnique, u);
      doubles += u > 30 ? Infinity : 2 ** u * u;
      return;
    }
    const fresh = !seen.includes(f);
    if (fresh) seen.push(f);
    rec(tree.left[n]);
    rec(tree.right[n]);
    if (fresh) seen.pop();
  };
  rec(0);
  return { maxUnique, doubles };
}

/** Cover share of a child (half each under a node of zero cover, as the plain algorithm). */
const share = (tree: ShapTree, n: number, child: number): number => {
  const w = tree.cover[n];
  return w > 0 ? tree.cover[child] / w : 0.5;
};

/** Builds the node records and leaf tables of `trees` (each within MAX_UNIQUE). */
export function flattenTrees(trees: ShapTree[]): FlatEnsemble {
  let nodeCount = 0;
  let featCount = 0;
  let weightCount = 0;
  for (const t of trees) {
    nodeCount += t.feature.length;
    const { doubles } = treeTableSize(t);
    weightCount += doubles;
  }
  // leaf features: at most one list of <= MAX_UNIQUE per leaf
  for (const t of trees) featCount += t.feature.length * MAX_UNIQUE;
  const nodes = new ArrayBuffer(nodeCount * NODE_BYTES);
  const f64 = new Float64Array(nodes);
  const i32 = new Int32Array(nodes);
  const roots = new Int32Array(trees.length + 1);
  const leafFeatures = new Int32Array(featCount);
  const weights = new Float64Array(weightCount);
  const path = new Path(MAX_UNIQUE + 2);
  let at = 0;
  let fAt = 0;
  let wAt = 0;
  trees.forEach((tree, t) => {
    roots[t] = at;
    const uniq: number[] = [];
    const zeros: number[] = [];
    const visit = (n: number): number => {
      const id = at++;
      const r = (id * NODE_BYTES) / 4;
      const f = tree.feature[n];
      i32[r + I_FEATURE] = f;
      if (f < 0) {
        const u = uniq.length;
        const value = tree.value[n];
        i32[r + 3] = u;
        i32[r + 4] = fAt;
        i32[r + 5] = wAt;
        leafFeatures.set(uniq, fAt);
        fAt += u;
        for (let p = 0; p < 1 << u; p++) {
          extend(path, 0, 0, 1, 1, -1);
          for (let k = 0; k < u; k++) extend(path, 0, k + 1, zeros[k], (p >> k) & 1, uniq[k]);
          for (let k = 0; k < u; k++) weights[wAt + k] = unwoundSum(path, 0, u, k + 1) * (((p >> k) & 1) - zeros[k]) * value;
          wAt += u;
        }
        return id;
      }
      f64[r / 2] = tree.threshold[n];
      i32[r + 3] = tree.missingLeft[n] ? 1 : 0;
      let slot = uniq.indexOf(f);
      const fresh = slot < 0;
      if (fresh) {
        slot = uniq.length;
        uniq.push(f);
        zeros.push(1);
      }
      i32[r + 6] = slot;
      const before = zeros[slot];
      zeros[slot] = before * share(tree, n, tree.left[n]);
      i32[r + 4] = visit(tree.left[n]);
      zeros[slot] = before * share(tree, n, tree.right[n]);
      i32[r + 5] = visit(tree.right[n]);
      zeros[slot] = before;
      if (fresh) {
        uniq.pop();
        zeros.pop();
      }
      return id;
    };
    visit(0);
  });
  roots[trees.length] = at;
  return { nodeCount, nodes, roots, leafFeatures: leafFeatures.slice(0, fAt), weights };
}

/** Rows in a block: a tree's table is reused across the block while it is in cache. */
export const ROW_BLOCK = 128;

/**
 * Adds the flat trees' contributions for rows [r0, r1) of X (features per row) into out (features + 1 per
 * row). `pat`: scratch of nodeCount. The TypeScript twin of the kernel's `rows` (tree.wat).
 */
export function flatShapRows(fe: FlatEnsemble, X: Float32Array, features: number, r0: number, r1: number, out: Float64Array, pat: Int32Array): void {
  const f64 = new Float64Array(fe.nodes);
  const i32 = new Int32Array(fe.nodes);
  const { roots, leafFeatures, weights } = fe;
  const T = roots.length - 1;
  const S = features + 1;
  for (let b0 = r0; b0 < r1; b0 += ROW_BLOCK) {
    const b1 = Math.min(r1, b0 + ROW_BLOCK);
    for (let t = 0; t < T; t++) {
      const s = roots[t];
      const e = roots[t + 1];
      for (let r = b0; r < b1; r++) {
        const xo = r * features;
        const po = r * S;
        pat[s] = -1;
        for (let n = s; n < e; n++) {
          const q = n * 8;
          const f = i32[q + I_FEATURE];
          const p = pat[n];
          if (f >= 0) {
            const v = X[xo + f];
            const left = v !== v ? i32[q + 3] === 1 : v <= f64[q >> 1];
            const cleared = p & ~(1 << i32[q + 6]);
            pat[i32[q + 4]] = left ? p : cleared;
            pat[i32[q + 5]] = left ? cleared : p;
          } else {
            const u = i32[q + 3];
            const fo = i32[q + 4];
            const wo = i32[q + 5] + (p & ((1 << u) - 1)) * u;
            for (let k = 0; k < u; k++) out[po + leafFeatures[fo + k]] += weights[wo + k];
          }
        }
      }
    }
  }
}
