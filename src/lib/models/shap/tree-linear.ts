// TreeSHAP for deep trees (forests: 10-16 unique features on a path, too many for tables), after Linear
// TreeShap (Yu et al. 2022). A leaf's Shapley contribution to path feature k is
//   v (o_k - z_k) * sum_S |S|!(u-|S|-1)!/u! prod_{j in S} o_j prod_{j not in S, j != k} z_j
//     = v (o_k - z_k) * integral_0^1 prod_{j != k} ((1-t) z_j + t o_j) dt      (Beta integral of the weights)
// with z the cover shares and o in {0, 1} whether the row follows the path (Algorithm 2's fractions). The
// integrand is a polynomial of degree < u, so Gauss-Legendre with ceil(max u / 2) points is exact. With
// P_l(t) = prod over all the leaf's path features, leaves below the same child c of a split on k share k's
// factor f_c, so per row: P top down (one multiply per node and point), S_n = sum of v_l P_l below n bottom
// up, and each child adds (o_c - z_c) / f_c(t) * (S_c - S of the next splits on k below c, which count with
// their own factor). O(nodes x points) per row and tree, no division on the row's path: the ratios are per
// node constants. Checked against the plain algorithm in the tests.
import type { ShapTree } from './tree';
import { treeTableSize } from './tree-fast';

/** Gauss-Legendre points and weights on [0, 1] (Newton on the Legendre recurrence). */
export function gaussLegendre(n: number): { t: Float64Array; w: Float64Array } {
  const t = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pm = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pm)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    t[i] = (1 - x) / 2;
    w[i] = 1 / ((1 - x * x) * dp * dp);
  }
  return { t, w };
}

/** A tree prepared for the quadrature pass: nodes in preorder with per-node constants per point. */
export interface LinearTree {
  n: number;
  Q: number;
  w: Float64Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  parent: Int32Array;
  value: Float64Array;
  /** Per node: the child on the same side under the previous split on the parent's feature (-1: none). */
  prev: Int32Array;
  /** Per node and point (n x Q): multiplier of P from the parent, by case (see prepare). */
  mFirst1: Float64Array;
  mFirst0: Float64Array;
  m11: Float64Array;
  m10: Float64Array;
  /** o = 0 under a previous o = 0: the cover share (a constant). */
  m00: Float64Array;
  /** Quadrature weight x (o - z) / f: at o = 1 per node and point; at o = 0 per point, -w / (1 - t) (unused where z = 0). */
  w1: Float64Array;
  w0: Float64Array;
  /** Per node: its parent's feature (the feature its edge's contribution goes to). */
  edgeFeature: Int32Array;
  zeroZ: Uint8Array;
  /** Next splits on the parent's feature below each node: nextStart[c] .. nextStart[c + 1] in next. */
  nextStart: Int32Array;
  next: Int32Array;
}

export function prepareLinear(tree: ShapTree): LinearTree {
  // preorder renumbering
  const order: number[] = [];
  const visit = (i: number) => {
    order.push(i);
    if (tree.feature[i] >= 0) {
      visit(tree.left[i]);
      visit(tree.right[i]);
    }
  };
  visit(0);
  const n = order.length;
  const id = new Map(order.map((o, k) => [o, k]));
  // the integrand has degree u - 1 < max unique path features: exact with ceil(u / 2) points
  const Q = Math.max(1, Math.ceil(treeTableSize(tree).maxUnique / 2));
  const { t, w } = gaussLegendre(Q);
  const feature = new Int32Array(n);
  const threshold = new Float64Array(n);
  const missingLeft = new Uint8Array(n);
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  const value = new Float64Array(n);
  const z = new Float64Array(n).fill(1);
  const prev = new Int32Array(n).fill(-1);
  order.forEach((o, k) => {
    feature[k] = tree.feature[o];
    value[k] = tree.value[o];
    if (feature[k] >= 0) {
      threshold[k] = tree.threshold[o];
      missingLeft[k] = tree.missingLeft[o] ? 1 : 0;
      left[k] = id.get(tree.left[o])!;
      right[k] = id.get(tree.right[o])!;
      parent[left[k]] = k;
      parent[right[k]] = k;
    }
  });
  // combined cover share of the parent's feature at each node, and the previous same-feature child on the path
  const share = (k: number, c: number): number => {
    const wk = tree.cover[order[k]];
    return wk > 0 ? tree.cover[order[c]] / wk : 0.5;
  };
  for (let c = 1; c < n; c++) {
    const p = parent[c];
    const f = feature[p];
    let a = p;
    let child = p;
    let found = -1;
    while (a > 0) {
      child = a;
      a = parent[a];
      if (feature[a] === f) {
        found = child;
        break;
      }
    }
    prev[c] = found;
    z[c] = (found >= 0 ? z[found] : 1) * share(p, c);
  }
  const mFirst1 = new Float64Array(n * Q);
  const mFirst0 = new Float64Array(n * Q);
  const m11 = new Float64Array(n * Q);
  const m10 = new Float64Array(n * Q);
  const m00 = new Float64Array(n);
  const w1 = new Float64Array(n * Q);
  const w0 = new Float64Array(Q);
  const zeroZ = new Uint8Array(n);
  const edgeFeature = new Int32Array(n);
  for (let c = 1; c < n; c++) edgeFeature[c] = feature[parent[c]];
  for (let i = 0; i < Q; i++) w0[i] = -w[i] / (1 - t[i]);
  for (let c = 1; c < n; c++) {
    const zc = z[c];
    zeroZ[c] = zc > 0 ? 0 : 1;
    const pv = prev[c];
    const zp = pv >= 0 ? z[pv] : 1;
    m00[c] = pv >= 0 && zp > 0 ? zc / zp : 0;
    for (let i = 0; i < Q; i++) {
      const ti = t[i];
      const f1 = (1 - ti) * zc + ti;
      const f0 = (1 - ti) * zc;
      mFirst1[c * Q + i] = f1;
      mFirst0[c * Q + i] = f0;
      const fp1 = (1 - ti) * zp + ti;
      m11[c * Q + i] = f1 / fp1;
      m10[c * Q + i] = f0 / fp1;
      w1[c * Q + i] = (w[i] * (1 - zc)) / f1;
    }
  }
  // next splits on the parent's feature at or below each child (the leaves below them count there)
  const nextStart = new Int32Array(n + 1);
  const next: number[] = [];
  for (let c = 0; c < n; c++) {
    nextStart[c] = next.length;
    if (c === 0) continue;
    const f = feature[parent[c]];
    const stack = [c];
    while (stack.length) {
      const m = stack.pop()!;
      if (feature[m] < 0) continue;
      if (feature[m] === f) next.push(m);
      else stack.push(left[m], right[m]);
    }
  }
  nextStart[n] = next.length;
  return { n, Q, w, feature, threshold, missingLeft, left, right, parent, value, prev, mFirst1, mFirst0, m11, m10, m00, w1, w0, zeroZ, edgeFeature, nextStart, next: Int32Array.from(next) };
}

/** Scratch for linearShapRow, sized for the largest tree. */
export interface LinearScratch {
  o: Uint8Array;
  P: Float64Array;
  S: Float64Array;
}

export function linearScratch(trees: LinearTree[]): LinearScratch {
  let size = 1;
  for (const t of trees) size = Math.max(size, t.n * t.Q);
  let nodes = 1;
  for (const t of trees) nodes = Math.max(nodes, t.n);
  return { o: new Uint8Array(nodes), P: new Float64Array(size), S: new Float64Array(size) };
}

/** Adds one tree's SHAP values for the row at X[base ..] into phi[po ..]. */
export function linearShapRow(lt: LinearTree, X: ArrayLike<number>, base: number, phi: Float64Array, po: number, s: LinearScratch): void {
  const { n, Q, feature, threshold, missingLeft, left, parent, value, prev, mFirst1, mFirst0, m11, m10, m00, w1, w0, zeroZ, nextStart, next, edgeFeature } = lt;
  const { o, P, S } = s;
  for (let i = 0; i < Q; i++) P[i] = 1;
  // top down: whether the row follows each edge (combined over the parent's feature), and P
  for (let c = 1; c < n; c++) {
    const p = parent[c];
    const v = X[base + feature[p]];
    const goLeft = v !== v ? missingLeft[p] === 1 : v <= threshold[p];
    const follow = goLeft === (left[p] === c);
    const pv = prev[c];
    const oc = follow && (pv < 0 || o[pv] === 1);
    o[c] = oc ? 1 : 0;
    const pq = p * Q;
    const cq = c * Q;
    if (pv < 0) {
      const m = oc ? mFirst1 : mFirst0;
      for (let i = 0; i < Q; i++) P[cq + i] = P[pq + i] * m[cq + i];
    } else if (o[pv] === 1) {
      const m = oc ? m11 : m10;
      for (let i = 0; i < Q; i++) P[cq + i] = P[pq + i] * m[cq + i];
    } else {
      const m = m00[c];
      for (let i = 0; i < Q; i++) P[cq + i] = P[pq + i] * m;
    }
  }
  // bottom up (reverse preorder: a node's subtree is done before it): S_n = sum of v_l P_l over the leaves
  // below n, then the edge into n adds its feature's contribution from the leaves that take its factor here
  for (let c = n - 1; c >= 0; c--) {
    const cq = c * Q;
    if (feature[c] < 0) {
      const v = value[c];
      for (let i = 0; i < Q; i++) S[cq + i] = v * P[cq + i];
    } else {
      const lq = left[c] * Q;
      const rq = lt.right[c] * Q;
      for (let i = 0; i < Q; i++) S[cq + i] = S[lq + i] + S[rq + i];
    }
    if (c === 0) break;
    const oc = o[c] === 1;
    if (!oc && zeroZ[c]) continue; // (o - z) = 0
    let sum = 0;
    const a = nextStart[c];
    const b = nextStart[c + 1];
    if (a === b) {
      if (oc) for (let i = 0; i < Q; i++) sum += w1[cq + i] * S[cq + i];
      else for (let i = 0; i < Q; i++) sum += w0[i] * S[cq + i];
    } else {
      for (let i = 0; i < Q; i++) {
        let r = S[cq + i];
        for (let j = a; j < b; j++) r -= S[next[j] * Q + i];
        sum += (oc ? w1[cq + i] : w0[i]) * r;
      }
    }
    phi[po + edgeFeature[c]] += sum;
  }
}
