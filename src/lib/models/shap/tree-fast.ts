// Fast TreeSHAP v2 (Yang 2021, "Fast TreeSHAP"): in Algorithm 2 a leaf's contribution to a row depends on the
// row only through which of the leaf's path features the row "follows" (one-fraction 1 when the row takes the
// path's side at every split on that feature, else 0); the zero-fractions are cover ratios fixed by the tree.
// So each leaf gets a table, once per model: for each of the 2^u patterns of its u unique path features, the
// u contributions (leaf value included). A row then costs one pass over the tree's nodes in preorder, the
// pattern built top down (a split clears its slot's bit on the side the row does not take), and u adds per
// leaf: O(T L D) per row instead of O(T L D^2). Tables are checked against the plain algorithm in the tests.
import type { ShapTree } from './tree';
import { extend, Path, unwoundSum } from './tree-path';

// Units: a subtree of height <= 2 (at most 3 splits) below the upper nodes is one table, indexed by the
// pattern at its root and the directions the row takes at its splits; its leaves' tables are summed into it.
// A full depth-6 tree then costs a row 15 pattern steps and 16 units of <= 7 adds, instead of 64 leaves of 6.

/**
 * Records, in i32 units from a record's start (a record is 8 i32 = 32 bytes, a unit's then 4 i32 per split):
 * [0-1] f64 threshold (upper node); [2] feature (upper node) or -(k + 1) (a unit of k splits);
 * upper node: [3] missingLeft, [4] left, [5] right (record ordinals: the pattern scratch's index), [6] slot;
 * unit: [3] um (pattern bits it reads), [4] offset of its feature list, [5] offset of its table, [6] nf (its
 * features); then per split j at 8 + 4j: f64 threshold, feature, missingLeft.
 */
export const RECORD_I32 = 8;
export const SPLIT_I32 = 4;
/** Splits in a unit at most (a height-2 subtree). */
const UNIT_SPLITS = 3;

/** A leaf with this many unique path features has 2^u x u table entries: above it, the tree runs the plain algorithm. */
export const MAX_UNIQUE = 10;

/** Trees ready for the fast pass: their records in preorder, tree after tree. */
export interface FlatEnsemble {
  /** Record count (size of the pattern scratch). */
  records: number;
  /** The records (see RECORD_I32). */
  nodes: Int32Array;
  /** Tree t: records from i32 index roots[2t] (ordinal roots[2t + 1]) to roots[2t + 2]. */
  roots: Int32Array;
  /** Per unit, its nf features. */
  leafFeatures: Int32Array;
  /** Per unit, per index (2^(um + k)), the nf contributions: weights[offset + index * nf + q]. */
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

/** A growable typed array. */
class Grow<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(public a: T) {}
  reserve(n: number): void {
    if (this.length + n <= this.a.length) return;
    const b = new (this.a.constructor as new (n: number) => T)(Math.max(2 * this.a.length, this.length + n));
    b.set(this.a);
    this.a = b;
  }
  push(...v: number[]): void {
    this.reserve(v.length);
    for (const x of v) this.a[this.length++] = x;
  }
}

/** Algorithm 2 at one leaf for every pattern of its u path features: 2^u x u contributions (value included). */
function leafTable(uniq: number[], zeros: number[], value: number, path: Path): Float64Array {
  const u = uniq.length;
  const out = new Float64Array((1 << u) * u);
  for (let p = 0, o = 0; p < 1 << u; p++, o += u) {
    extend(path, 0, 0, 1, 1, -1);
    for (let k = 0; k < u; k++) extend(path, 0, k + 1, zeros[k], (p >> k) & 1, uniq[k]);
    for (let k = 0; k < u; k++) out[o + k] = unwoundSum(path, 0, u, k + 1) * (((p >> k) & 1) - zeros[k]) * value;
  }
  return out;
}

function heights(tree: ShapTree): { height: Int32Array; splits: Int32Array } {
  const n = tree.feature.length;
  const height = new Int32Array(n);
  const splits = new Int32Array(n);
  const rec = (i: number): void => {
    if (tree.feature[i] < 0) return;
    const l = tree.left[i];
    const r = tree.right[i];
    rec(l);
    rec(r);
    height[i] = 1 + Math.max(height[l], height[r]);
    splits[i] = 1 + splits[l] + splits[r];
  };
  rec(0);
  return { height, splits };
}

/** Builds the records and unit tables of `trees` (each within MAX_UNIQUE). */
export function flattenTrees(trees: ShapTree[]): FlatEnsemble {
  const nodes = new Grow(new Int32Array(1024));
  const feats = new Grow(new Int32Array(1024));
  const weights = new Grow(new Float64Array(4096));
  const roots = new Int32Array(2 * trees.length + 2);
  const path = new Path(MAX_UNIQUE + 2);
  const f64 = new Float64Array(1);
  const asI32 = new Int32Array(f64.buffer);
  let ord = 0;
  /** Writes a threshold into two i32 slots at index at. */
  const putF64 = (at: number, v: number) => {
    f64[0] = v;
    nodes.a[at] = asI32[0];
    nodes.a[at + 1] = asI32[1];
  };
  trees.forEach((tree, t) => {
    roots[2 * t] = nodes.length;
    roots[2 * t + 1] = ord;
    const { height, splits } = heights(tree);
    const uniq: number[] = [];
    const zeros: number[] = [];

    const unit = (m: number): void => {
      const um = uniq.length;
      const tests: number[] = [];
      const collect = (i: number) => {
        if (tree.feature[i] < 0) return;
        tests.push(i);
        collect(tree.left[i]);
        collect(tree.right[i]);
      };
      collect(m);
      const k = tests.length;
      const unitFeats = [...uniq];
      for (const i of tests) if (!unitFeats.includes(tree.feature[i])) unitFeats.push(tree.feature[i]);
      const nf = unitFeats.length;
      const at = nodes.length;
      nodes.reserve(RECORD_I32 + SPLIT_I32 * k);
      nodes.length += RECORD_I32 + SPLIT_I32 * k;
      nodes.a.fill(0, at, nodes.length);
      nodes.a[at + 2] = -(k + 1);
      nodes.a[at + 3] = um;
      nodes.a[at + 4] = feats.length;
      nodes.a[at + 5] = weights.length;
      nodes.a[at + 6] = nf;
      tests.forEach((i, j) => {
        putF64(at + RECORD_I32 + SPLIT_I32 * j, tree.threshold[i]);
        nodes.a[at + RECORD_I32 + SPLIT_I32 * j + 2] = tree.feature[i];
        nodes.a[at + RECORD_I32 + SPLIT_I32 * j + 3] = tree.missingLeft[i] ? 1 : 0;
      });
      feats.push(...unitFeats);
      const size = (1 << (um + k)) * nf;
      weights.reserve(size);
      const table = weights.a.subarray(weights.length, weights.length + size);
      table.fill(0);
      weights.length += size;
      // each leaf below m: its path (split index j, went left, slot in the leaf's numbering), its table, summed in
      const steps: { j: number; left: boolean; slot: number }[] = [];
      const lu = [...uniq];
      const lz = [...zeros];
      const walk = (i: number): void => {
        const f = tree.feature[i];
        if (f < 0) {
          const u = lu.length;
          const W = leafTable(lu, lz, tree.value[i], path);
          const pos = lu.map((g) => unitFeats.indexOf(g));
          const mask = (1 << u) - 1;
          for (let idx = 0; idx < 1 << (um + k); idx++) {
            const bits = idx >> um;
            let pl = (idx & ((1 << um) - 1)) | ~((1 << um) - 1);
            for (const s of steps) if ((((bits >> s.j) & 1) === 1) !== s.left) pl &= ~(1 << s.slot);
            const o = (pl & mask) * u;
            for (let q = 0; q < u; q++) table[idx * nf + pos[q]] += W[o + q];
          }
          return;
        }
        const j = tests.indexOf(i);
        let slot = lu.indexOf(f);
        const fresh = slot < 0;
        if (fresh) {
          slot = lu.length;
          lu.push(f);
          lz.push(1);
        }
        const before = lz[slot];
        for (const [child, left] of [
          [tree.left[i], true],
          [tree.right[i], false],
        ] as const) {
          lz[slot] = before * share(tree, i, child);
          steps.push({ j, left, slot });
          walk(child);
          steps.pop();
        }
        lz[slot] = before;
        if (fresh) {
          lu.pop();
          lz.pop();
        }
      };
      walk(m);
    };

    const visit = (n: number): number => {
      const id = ord++;
      const f = tree.feature[n];
      if (f < 0 || (height[n] <= 2 && splits[n] <= UNIT_SPLITS && uniq.length + splits[n] <= MAX_UNIQUE)) {
        unit(n);
        return id;
      }
      const at = nodes.length;
      nodes.reserve(RECORD_I32);
      nodes.length += RECORD_I32;
      putF64(at, tree.threshold[n]);
      nodes.a[at + 2] = f;
      nodes.a[at + 3] = tree.missingLeft[n] ? 1 : 0;
      nodes.a[at + 7] = 0;
      let slot = uniq.indexOf(f);
      const fresh = slot < 0;
      if (fresh) {
        slot = uniq.length;
        uniq.push(f);
        zeros.push(1);
      }
      nodes.a[at + 6] = slot;
      const before = zeros[slot];
      // (visit may grow nodes.a: read it only after each call)
      zeros[slot] = before * share(tree, n, tree.left[n]);
      const left = visit(tree.left[n]);
      nodes.a[at + 4] = left;
      zeros[slot] = before * share(tree, n, tree.right[n]);
      const right = visit(tree.right[n]);
      nodes.a[at + 5] = right;
      zeros[slot] = before;
      if (fresh) {
        uniq.pop();
        zeros.pop();
      }
      return id;
    };
    visit(0);
  });
  roots[2 * trees.length] = nodes.length;
  roots[2 * trees.length + 1] = ord;
  return { records: ord, nodes: nodes.a.slice(0, nodes.length), roots, leafFeatures: feats.a.slice(0, feats.length), weights: weights.a.slice(0, weights.length) };
}

/** Rows in a block: a tree's tables are reused across the block while they are in cache. */
export const ROW_BLOCK = 128;

/**
 * Adds the flat trees' contributions for rows [r0, r1) of X (features per row) into out (features + 1 per
 * row). `pat`: scratch of `records`. The TypeScript twin of the kernel's `rows` (tree.wat).
 */
export function flatShapRows(fe: FlatEnsemble, X: Float32Array, features: number, r0: number, r1: number, out: Float64Array, pat: Int32Array): void {
  const i32 = fe.nodes;
  const f64 = new Float64Array(i32.buffer, i32.byteOffset, i32.length >> 1);
  const { roots, leafFeatures, weights } = fe;
  const T = (roots.length >> 1) - 1;
  const S = features + 1;
  for (let b0 = r0; b0 < r1; b0 += ROW_BLOCK) {
    const b1 = Math.min(r1, b0 + ROW_BLOCK);
    for (let t = 0; t < T; t++) {
      const s = roots[2 * t];
      const e = roots[2 * t + 2];
      const o0 = roots[2 * t + 1];
      for (let r = b0; r < b1; r++) {
        const xo = r * features;
        const po = r * S;
        pat[o0] = -1;
        for (let q = s, n = o0; q < e; n++) {
          const f = i32[q + 2];
          const p = pat[n];
          if (f >= 0) {
            const v = X[xo + f];
            const left = v !== v ? i32[q + 3] === 1 : v <= f64[q >> 1];
            const cleared = p & ~(1 << i32[q + 6]);
            pat[i32[q + 4]] = left ? p : cleared;
            pat[i32[q + 5]] = left ? cleared : p;
            q += RECORD_I32;
          } else {
            const k = -f - 1;
            const um = i32[q + 3];
            let bits = 0;
            for (let j = 0, c = q + RECORD_I32; j < k; j++, c += SPLIT_I32) {
              const v = X[xo + i32[c + 2]];
              const left = v !== v ? i32[c + 3] === 1 : v <= f64[c >> 1];
              if (left) bits |= 1 << j;
            }
            const nf = i32[q + 6];
            const fo = i32[q + 4];
            const wo = i32[q + 5] + ((p & ((1 << um) - 1)) | (bits << um)) * nf;
            for (let j = 0; j < nf; j++) out[po + leafFeatures[fo + j]] += weights[wo + j];
            q += RECORD_I32 + SPLIT_I32 * k;
          }
        }
      }
    }
  }
}
