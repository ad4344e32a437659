// Item-item collaborative filtering: cosine similarity between item columns, optionally shrunk
// toward zero for items with little overlap, keeping the top neighbours of every item.
import type { ProgressFn } from '../../progress';
import { transpose, type Csr } from './csr';
import type { Scorer } from './scorer';

export interface ItemKnnOptions {
  /** Added to the cosine denominator: sim = g_ij / (|i||j| + shrinkage). */
  shrinkage: number;
  /** Neighbours kept per item; 0 keeps every item with any overlap. */
  neighbours: number;
  onProgress?: ProgressFn;
}

export const defaultItemKnnOptions: ItemKnnOptions = { shrinkage: 0, neighbours: 0 };

export interface ItemKnnModel extends Scorer {
  /** Row j lists the items i that have j among their neighbours, with sim(i, j). */
  readonly similarity: Csr;
  readonly train: Csr;
}

export function fitItemKnn(train: Csr, options: Partial<ItemKnnOptions> = {}): ItemKnnModel {
  const opts = { ...defaultItemKnnOptions, ...options };
  if (!(opts.shrinkage >= 0)) throw new Error(`shrinkage must be >= 0, got ${opts.shrinkage}`);
  if (!(Number.isInteger(opts.neighbours) && opts.neighbours >= 0)) {
    throw new Error(`neighbours must be a whole number >= 0, got ${opts.neighbours}`);
  }
  const n = train.cols;
  const byItem = transpose(train);
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = byItem.indptr[i]; p < byItem.indptr[i + 1]; p++) s += byItem.data[p] * byItem.data[p];
    norm[i] = Math.sqrt(s);
  }
  const g = new Float64Array(n);
  const touched = new Int32Array(n);
  const indptr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    let nt = 0;
    for (let p = byItem.indptr[i]; p < byItem.indptr[i + 1]; p++) {
      const u = byItem.indices[p];
      const xu = byItem.data[p];
      for (let q = train.indptr[u]; q < train.indptr[u + 1]; q++) {
        const j = train.indices[q];
        if (g[j] === 0) touched[nt++] = j;
        g[j] += xu * train.data[q];
      }
    }
    let cand: Int32Array = new Int32Array(nt);
    let nc = 0;
    for (let t = 0; t < nt; t++) {
      const j = touched[t];
      if (j !== i && g[j] !== 0) {
        g[j] = g[j] / (norm[i] * norm[j] + opts.shrinkage);
        cand[nc++] = j;
      }
    }
    cand = cand.subarray(0, nc);
    if (opts.neighbours > 0 && nc > opts.neighbours) {
      cand = Int32Array.from(Array.from(cand).sort((a, b) => g[b] - g[a] || a - b).slice(0, opts.neighbours));
    }
    cand.sort();
    for (let t = 0; t < cand.length; t++) {
      cols.push(cand[t]);
      vals.push(g[cand[t]]);
    }
    indptr[i + 1] = cols.length;
    for (let t = 0; t < nt; t++) g[touched[t]] = 0;
    if (i % 256 === 255 || i === n - 1) opts.onProgress?.({ stage: 'Comparing items', done: i + 1, total: n });
  }
  // Stored by target above; scoring walks the user's items, so index by neighbour instead.
  const similarity = transpose({ rows: n, cols: n, indptr, indices: Int32Array.from(cols), data: Float32Array.from(vals) });
  return {
    name: 'itemknn',
    nItems: n,
    similarity,
    train,
    score(users, out) {
      scoreBySparseWeights(train, similarity, users, out);
      return Promise.resolve();
    },
    dispose() {},
  };
}

export function scoreBySparseWeights(train: Csr, w: Csr, users: Int32Array, out: Float32Array): void {
  const n = train.cols;
  out.fill(0, 0, users.length * n);
  for (let b = 0; b < users.length; b++) {
    const u = users[b];
    if (u >= train.rows) continue;
    const o = b * n;
    for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
      const j = train.indices[p];
      const v = train.data[p];
      for (let q = w.indptr[j]; q < w.indptr[j + 1]; q++) out[o + w.indices[q]] += v * w.data[q];
    }
  }
}

/** Weight of entry (row, col) in a CSR matrix with sorted rows; 0 when absent. */
export function csrValue(m: Csr, row: number, col: number): number {
  let lo = m.indptr[row];
  let hi = m.indptr[row + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = m.indices[mid];
    if (c === col) return m.data[mid];
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * "Because you bought X": for each recommended item, the item of the user's history that
 * contributes most to its score (-1 when none does). `weight(j, i)` is the model's item-item
 * weight from history item j to candidate i.
 */
export function becauseOf(train: Csr, user: number, items: ArrayLike<number>, weight: (j: number, i: number) => number): Int32Array {
  const out = new Int32Array(items.length).fill(-1);
  for (let r = 0; r < items.length; r++) {
    let best = 0;
    for (let p = train.indptr[user]; p < train.indptr[user + 1]; p++) {
      const c = train.data[p] * weight(train.indices[p], items[r]);
      if (c > best) {
        best = c;
        out[r] = train.indices[p];
      }
    }
  }
  return out;
}

/** "Customers who bought this also bought": the k most similar items to `item`. */
export function alsoBought(model: ItemKnnModel, item: number, k: number): { items: Int32Array; scores: Float32Array } {
  if (!(Number.isInteger(k) && k > 0)) throw new Error(`k must be a positive integer, got ${k}`);
  const s = model.similarity;
  const order = Array.from({ length: s.indptr[item + 1] - s.indptr[item] }, (_, t) => s.indptr[item] + t);
  order.sort((a, b) => s.data[b] - s.data[a] || s.indices[a] - s.indices[b]);
  const top = order.slice(0, k);
  return { items: Int32Array.from(top, (p) => s.indices[p]), scores: Float32Array.from(top, (p) => s.data[p]) };
}
