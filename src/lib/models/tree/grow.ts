// CART growth for 0/1 targets on row-major float features (NaN = missing). Exact thresholds: every
// midpoint between consecutive distinct values of a node's rows is tried (as scikit-learn), from counts
// per value rank accumulated over the node's rows, so a level costs O(rows x features) and a split
// moves one row list. Missing values of the split feature go to whichever side lowers the impurity
// more. Leaves are expanded best-first by weighted impurity decrease; without a leaf budget that is
// the same tree as depth-wise growth.

export type Criterion = 'gini' | 'entropy';

export interface GrowParams {
  criterion: Criterion;
  /** Deepest level (root = 0). */
  maxDepth: number;
  /** Fewest rows on each side of a split. */
  minLeaf: number;
  /** A split must lower the weighted impurity (share of all rows x decrease) by at least this. */
  minImpurityDecrease: number;
  /** 0 = no limit; else stop at this many leaves (best-first). */
  maxLeaves: number;
}

/** A grown tree as parallel arrays; children always have larger indices than their parent. */
export interface GrownTree {
  feature: Int32Array; // -1 at a leaf
  threshold: Float64Array; // present value goes left when x <= threshold
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  n: Float64Array;
  pos: Float64Array;
  impurity: Float64Array;
  depth: Int32Array;
  nodes: number;
}

export function impurityOf(criterion: Criterion, pos: number, n: number): number {
  if (n <= 0) return 0;
  const p = pos / n;
  if (criterion === 'gini') return 2 * p * (1 - p);
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/**
 * Each feature's sorted distinct present values, and per row the rank of its value among them (-1 = missing),
 * column-major: rank[f * rows + i]. Splits are searched on per-node rank counts, which is exact: every
 * midpoint between consecutive distinct values present in the node is a candidate.
 */
export interface RankedColumns {
  rows: number;
  features: number;
  rank: Int32Array;
  values: Float64Array[];
}

export function rankColumns(X: Float32Array, rows: number, features: number): RankedColumns {
  const rank = new Int32Array(rows * features);
  const values: Float64Array[] = [];
  const v = new Float64Array(rows);
  for (let f = 0; f < features; f++) {
    let n = 0;
    for (let i = 0; i < rows; i++) {
      const x = X[i * features + f];
      if (!Number.isNaN(x)) v[n++] = x;
    }
    const sorted = v.subarray(0, n).sort();
    let d = 0;
    for (let k = 0; k < n; k++) if (k === 0 || sorted[k] !== sorted[d - 1]) sorted[d++] = sorted[k];
    const distinct = Float64Array.from(sorted.subarray(0, d));
    for (let i = 0; i < rows; i++) {
      const x = X[i * features + f];
      if (Number.isNaN(x)) {
        rank[f * rows + i] = -1;
        continue;
      }
      let lo = 0;
      let hi = d - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (distinct[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      rank[f * rows + i] = lo;
    }
    values.push(distinct);
  }
  return { rows, features, rank, values };
}

interface Split {
  feature: number;
  threshold: number;
  missingLeft: boolean;
  /** Weighted impurity decrease (share of all rows x decrease). */
  gain: number;
}

/** Grows a tree on the training rows listed in `rowList` (any order); `y` is 0/1 per row of the data set. */
export function growTree(data: RankedColumns, y: Float32Array, rowList: Int32Array, p: GrowParams): GrownTree {
  const { rows, features, rank, values } = data;
  const count = rowList.length;
  const order = Int32Array.from(rowList);
  const cap = 2 * Math.max(1, Math.floor(count / Math.max(1, p.minLeaf))) + 1;
  const t: GrownTree = {
    feature: new Int32Array(cap).fill(-1),
    threshold: new Float64Array(cap),
    missingLeft: new Uint8Array(cap),
    left: new Int32Array(cap).fill(-1),
    right: new Int32Array(cap).fill(-1),
    n: new Float64Array(cap),
    pos: new Float64Array(cap),
    impurity: new Float64Array(cap),
    depth: new Int32Array(cap),
    nodes: 0,
  };
  const start = new Int32Array(cap);
  const end = new Int32Array(cap);
  const tmp = new Int32Array(count);
  let maxDistinct = 1;
  for (const v of values) maxDistinct = Math.max(maxDistinct, v.length);
  const cnt = new Float64Array(maxDistinct);
  const cpos = new Float64Array(maxDistinct);
  const crit = p.criterion;
  const gini = crit === 'gini';
  const imp = (q: number, n: number): number => {
    const r = q / n;
    if (gini) return 2 * r * (1 - r);
    return r <= 0 || r >= 1 ? 0 : -(r * Math.log2(r) + (1 - r) * Math.log2(1 - r));
  };

  const addNode = (s: number, e: number, depth: number): number => {
    const id = t.nodes++;
    let pos = 0;
    for (let k = s; k < e; k++) pos += y[order[k]];
    t.n[id] = e - s;
    t.pos[id] = pos;
    t.impurity[id] = impurityOf(crit, pos, e - s);
    t.depth[id] = depth;
    start[id] = s;
    end[id] = e;
    return id;
  };

  const bestSplit = (id: number): Split | null => {
    const n = t.n[id];
    const P = t.pos[id];
    if (t.depth[id] >= p.maxDepth || n < 2 * p.minLeaf || t.impurity[id] <= 0) return null;
    const s = start[id];
    const e = end[id];
    const minLeaf = Math.max(1, p.minLeaf);
    let bestChild = Infinity;
    let best: Split | null = null;
    for (let f = 0; f < features; f++) {
      const base = f * rows;
      let lo = Infinity;
      let hi = -1;
      let missN = 0;
      let missPos = 0;
      for (let k = s; k < e; k++) {
        const r = order[k];
        const b = rank[base + r];
        if (b < 0) {
          missN++;
          missPos += y[r];
          continue;
        }
        cnt[b]++;
        cpos[b] += y[r];
        if (b < lo) lo = b;
        if (b > hi) hi = b;
      }
      if (hi > lo) {
        const vals = values[f];
        let nL = 0;
        let pL = 0;
        let prev = -1;
        for (let b = lo; b <= hi; b++) {
          if (cnt[b] === 0) continue;
          if (prev >= 0) {
            // A cut between the present values of ranks prev and b: missing right, then (if any) left.
            for (let side = 0; side < (missN > 0 ? 2 : 1); side++) {
              const ln = side ? nL + missN : nL;
              const lp = side ? pL + missPos : pL;
              const rn = n - ln;
              if (ln < minLeaf || rn < minLeaf) continue;
              const child = ln * imp(lp, ln) + rn * imp(P - lp, rn);
              if (child < bestChild - 1e-12) {
                bestChild = child;
                // Without missing rows here, unseen missing values follow the larger side (as scikit-learn).
                const missingLeft = missN > 0 ? side === 1 : nL >= n - nL;
                best = { feature: f, threshold: (vals[prev] + vals[b]) / 2, missingLeft, gain: 0 };
              }
            }
          }
          nL += cnt[b];
          pL += cpos[b];
          prev = b;
        }
      }
      if (hi >= 0) {
        cnt.fill(0, lo, hi + 1);
        cpos.fill(0, lo, hi + 1);
      }
    }
    if (!best) return null;
    best.gain = (n * t.impurity[id] - bestChild) / t.n[0];
    return best.gain > 1e-12 && best.gain >= p.minImpurityDecrease ? best : null;
  };

  const split = (id: number, sp: Split): void => {
    const s = start[id];
    const e = end[id];
    const base = sp.feature * rows;
    const vals = values[sp.feature];
    let a = s;
    let b = 0;
    for (let k = s; k < e; k++) {
      const r = order[k];
      const rk = rank[base + r];
      const left = rk < 0 ? sp.missingLeft : vals[rk] <= sp.threshold;
      if (left) order[a++] = r;
      else tmp[b++] = r;
    }
    order.set(tmp.subarray(0, b), a);
    const nL = a - s;
    t.feature[id] = sp.feature;
    t.threshold[id] = sp.threshold;
    t.missingLeft[id] = sp.missingLeft ? 1 : 0;
    t.left[id] = addNode(s, s + nL, t.depth[id] + 1);
    t.right[id] = addNode(s + nL, e, t.depth[id] + 1);
  };

  // Candidate leaves with their best split; the largest gain is expanded first.
  const queue: { id: number; sp: Split }[] = [];
  const consider = (id: number): void => {
    const sp = bestSplit(id);
    if (sp) queue.push({ id, sp });
  };
  consider(addNode(0, count, 0));
  let leaves = 1;
  while (queue.length && (p.maxLeaves <= 0 || leaves < p.maxLeaves)) {
    let bi = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i].sp.gain > queue[bi].sp.gain) bi = i;
    const { id, sp } = queue[bi];
    queue[bi] = queue[queue.length - 1];
    queue.pop();
    if (t.nodes + 2 > cap) break;
    split(id, sp);
    leaves++;
    consider(t.left[id]);
    consider(t.right[id]);
  }
  return t;
}
