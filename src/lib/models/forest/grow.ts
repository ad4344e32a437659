// One classification tree of the forest, grown on binned features with a fresh feature draw at every
// node (growTree of the GBDT draws features once per tree, so it cannot serve here). Gini impurity
// decrease on 0/1 labels is the variance reduction, so the best split maximises
// posL^2 / nL + posR^2 / nR over bootstrap-weighted counts. All scratch memory is allocated once
// per forest; a node costs one histogram pass per drawn feature and one partition. Column-major bytes
// rather than the GBDT's row-packed words: each node reads only the few features it drew.

export interface BinnedColumns {
  rows: number;
  features: number;
  /** Column-major bins: bins[f * rows + i]; value bins 0..valueBins[f]-1, missing = valueBins[f]. */
  bins: Uint8Array;
  valueBins: Int32Array;
}

export interface GrowParams {
  mtry: number;
  minLeaf: number;
  /** 0 = no limit. */
  maxDepth: number;
}

/** A grown tree in typed arrays (preorder: left child = node + 1). */
export interface GrownTree {
  nodes: number;
  feature: Int32Array;
  bin: Int32Array;
  missingLeft: Uint8Array;
  right: Int32Array;
  value: Float64Array;
  /** Bootstrap-weighted rows reaching the node (TreeSHAP's cover). */
  cover: Float64Array;
}

/** Churner counts are packed above row counts: rows (and bootstrap weights) must stay below 2^26. */
export const PACK = 2 ** 26;

export class TreeGrower {
  private readonly idx: Int32Array;
  /**
   * Per bin of the feature being scanned: rows + PACK * churners (bootstrap-weighted), one add per
   * row instead of two. Both are whole numbers below 2^26, so the packed sums stay exact in doubles.
   */
  private readonly hist = new Float64Array(256);
  private readonly touched = new Int32Array(256);
  private readonly perm: Int32Array;
  private readonly feature: Int32Array;
  private readonly bin: Int32Array;
  private readonly missingLeft: Uint8Array;
  private readonly right: Int32Array;
  private readonly value: Float64Array;
  private readonly cover: Float64Array;
  private nodes = 0;
  /** Packed weight and weighted label (w + PACK * w * y) of the row at each position of idx, moved with it. */
  private readonly pw: Float64Array;
  private rng!: () => number;

  constructor(
    private readonly data: BinnedColumns,
    private readonly p: GrowParams,
  ) {
    this.idx = new Int32Array(data.rows);
    this.pw = new Float64Array(data.rows);
    this.perm = Int32Array.from({ length: data.features }, (_, f) => f);
    // a binary tree with leaves of >= 1 row has fewer than 2 * rows nodes
    const cap = 2 * data.rows + 1;
    this.feature = new Int32Array(cap);
    this.bin = new Int32Array(cap);
    this.missingLeft = new Uint8Array(cap);
    this.right = new Int32Array(cap);
    this.value = new Float64Array(cap);
    this.cover = new Float64Array(cap);
  }

  /**
   * Grows a tree on the rows with weight w[i] > 0 (bootstrap multiplicities); wy[i] = w[i] * y[i].
   * Returns views into the grower's buffers, valid until the next call.
   */
  grow(w: Float64Array, wy: Float64Array, rng: () => number): GrownTree {
    this.rng = rng;
    let n = 0;
    let nW = 0;
    let pW = 0;
    for (let i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        this.idx[n] = i;
        this.pw[n++] = w[i] + PACK * wy[i];
        nW += w[i];
        pW += wy[i];
      }
    }
    this.nodes = 0;
    // the same starting order for every tree: a tree depends only on its own stream
    for (let f = 0; f < this.perm.length; f++) this.perm[f] = f;
    this.node(0, n, 0, nW, pW, 0);
    const m = this.nodes;
    return {
      nodes: m,
      feature: this.feature.subarray(0, m),
      bin: this.bin.subarray(0, m),
      missingLeft: this.missingLeft.subarray(0, m),
      right: this.right.subarray(0, m),
      value: this.value.subarray(0, m),
      cover: this.cover.subarray(0, m),
    };
  }

  private leaf(node: number, nW: number, pW: number): number {
    this.feature[node] = -1;
    this.bin[node] = 0;
    this.missingLeft[node] = 0;
    this.right[node] = 0;
    this.value[node] = pW / nW;
    return node;
  }

  /** perm[0, known) holds features constant in this node (found so by an ancestor): they are never drawn. */
  private node(start: number, end: number, depth: number, nW: number, pW: number, known: number): number {
    const node = this.nodes++;
    this.cover[node] = nW;
    const { minLeaf, maxDepth, mtry } = this.p;
    if (pW === 0 || pW === nW || nW < 2 * minLeaf || (maxDepth > 0 && depth >= maxDepth)) return this.leaf(node, nW, pW);
    const { bins, rows, valueBins, features } = this.data;
    const { idx, pw, hist, perm, touched } = this;
    // a split must beat the parent's own score (no impurity decrease: no split)
    let best = (pW * pW) / nW + 1e-9 * nW;
    let bestF = -1;
    let bestBin = 0;
    let bestMissLeft = 0;
    // Draw features without replacement until mtry of them vary in this node (sklearn's rule: a
    // feature constant here does not use up a draw). Constants found here join the prefix
    // perm[0, known + found), which the whole subtree then skips: deep nodes of one-hot data have
    // most features constant, and scanning them again was most of the time.
    let visited = 0;
    let found = 0;
    for (let k = known; k < features && visited < mtry; k++) {
      const j = k + Math.floor(this.rng() * (features - k));
      const f = perm[j];
      perm[j] = perm[k];
      perm[k] = f;
      const vb = valueBins[f];
      const off = f * rows;
      // hist is all zero here; the bins this node touches are listed so that only they are
      // scanned and cleared (a small node of a 255-bin feature touches a handful)
      let m = 0;
      if (end - start > 2 * vb) {
        // a large node: accumulate without the branch, then list the non-empty bins in order
        for (let q = start; q < end; q++) {
          const b = bins[off + idx[q]];
          hist[b] += pw[q];
        }
        for (let b = 0; b <= vb; b++) if (hist[b] > 0) touched[m++] = b;
      } else {
        for (let q = start; q < end; q++) {
          const b = bins[off + idx[q]];
          if (hist[b] === 0) touched[m++] = b;
          hist[b] += pw[q];
        }
        if (m <= 32) sortSmall(touched, m);
        else {
          // many distinct bins: relisting them in order beats sorting
          m = 0;
          for (let b = 0; b <= vb; b++) if (hist[b] > 0) touched[m++] = b;
        }
      }
      if (m < 2) {
        hist[touched[0]] = 0;
        // perm[known + found, k) are varying features already visited: swap this one before them
        const c = known + found++;
        perm[k] = perm[c];
        perm[c] = f;
        continue;
      }
      visited++;
      // the missing bin (vb) sorts last
      const pm = Math.floor(hist[vb] / PACK);
      const cm = hist[vb] - pm * PACK;
      const present = cm > 0 ? m - 1 : m;
      let cl = 0;
      let pl = 0;
      for (let t = 0; t < present; t++) {
        const s = touched[t];
        const h = hist[s];
        const hp = Math.floor(h / PACK);
        cl += h - hp * PACK;
        pl += hp;
        // missing values right
        let nL = cl;
        let nR = nW - nL;
        if (nL >= minLeaf && nR >= minLeaf) {
          const pR = pW - pl;
          const score = (pl * pl) / nL + (pR * pR) / nR;
          if (score > best) {
            best = score;
            bestF = f;
            bestBin = s;
            bestMissLeft = 0;
          }
        }
        if (cm > 0) {
          nL = cl + cm;
          nR = nW - nL;
          if (nL >= minLeaf && nR >= minLeaf) {
            const pL = pl + pm;
            const pR = pW - pL;
            const score = (pL * pL) / nL + (pR * pR) / nR;
            if (score > best) {
              best = score;
              bestF = f;
              bestBin = s;
              bestMissLeft = 1;
            }
          }
        }
      }
      for (let t = 0; t < m; t++) {
        hist[touched[t]] = 0;
      }
    }
    if (bestF < 0) return this.leaf(node, nW, pW);
    // partition idx[start, end): left rows first
    const off = bestF * rows;
    const vb = valueBins[bestF];
    let lo = start;
    let hi = end - 1;
    let lS = 0;
    while (lo <= hi) {
      const i = idx[lo];
      const b = bins[off + i];
      if (b <= bestBin || (b === vb && bestMissLeft === 1)) {
        lS += pw[lo];
        lo++;
      } else {
        const a = pw[lo];
        idx[lo] = idx[hi];
        pw[lo] = pw[hi];
        idx[hi] = i;
        pw[hi--] = a;
      }
    }
    this.feature[node] = bestF;
    this.bin[node] = bestBin;
    this.missingLeft[node] = bestMissLeft;
    this.value[node] = 0;
    // children only reorder perm beyond their own prefix, so perm[0, known + found) stays for the right one
    const lP = Math.floor(lS / PACK);
    const lW = lS - lP * PACK;
    this.node(start, lo, depth + 1, lW, lP, known + found);
    this.right[node] = this.node(lo, end, depth + 1, nW - lW, pW - lP, known + found);
    return node;
  }
}

/** Sorts a[0, m) ascending (insertion sort: m is a handful). */
function sortSmall(a: Int32Array, m: number): void {
  for (let i = 1; i < m; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/** Leaf value of row i of the binned data (for out-of-bag predictions). */
export function leafValueBinned(t: GrownTree, data: BinnedColumns, i: number): number {
  const { bins, rows, valueBins } = data;
  let node = 0;
  for (;;) {
    const f = t.feature[node];
    if (f < 0) return t.value[node];
    const b = bins[f * rows + i];
    const left = b === valueBins[f] ? t.missingLeft[node] === 1 : b <= t.bin[node];
    node = left ? node + 1 : t.right[node];
  }
}
