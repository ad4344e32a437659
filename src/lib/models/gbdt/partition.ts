// The rows of the tree being grown, as records that move with the partition: each record holds the
// row's packed bin words and its row id, and its [g, h] sit at the same position of a gradient
// array. Splitting a node stably partitions its records in place, so every node's records are
// contiguous and the histogram loop streams through them. Partitioning an index array instead (and
// gathering words and gradients through it) missed the cache once per row and level on deep nodes:
// measured, that gather cost more than the histograms themselves.
import type { PackedBins } from './packed';

export interface RowSplit {
  feature: number;
  /** Value bins <= bin go left. */
  bin: number;
  /** Index of the feature's missing bin. */
  missingBin: number;
  missingLeft: boolean;
}

export interface RowStore {
  /** Words per record: the row's bin words, then its row id. */
  stride: number;
  rec: Uint32Array;
  grad: Float64Array;
  /** Scratch for the right side of a partition. */
  recTmp: Uint32Array;
  gradTmp: Float64Array;
}

export function createRowStore(bins: PackedBins): RowStore {
  const stride = bins.groups + 1;
  const n = bins.rows;
  return {
    stride,
    rec: new Uint32Array(stride * n),
    grad: new Float64Array(2 * n),
    recTmp: new Uint32Array(stride * n),
    gradTmp: new Float64Array(2 * n),
  };
}

/** Loads rows idx[0, m) (all rows in order when idx is null) with their gradients gh[2i], gh[2i + 1]. */
export function loadRows(store: RowStore, bins: PackedBins, idx: Uint32Array | null, m: number, gh: Float64Array): void {
  const { stride, rec, grad } = store;
  const { groups: G, words } = bins;
  for (let k = 0, d = 0; k < m; k++, d += stride) {
    const i = idx ? idx[k] : k;
    const src = i * G;
    for (let g = 0; g < G; g++) rec[d + g] = words[src + g];
    rec[d + G] = i;
    grad[2 * k] = gh[2 * i];
    grad[2 * k + 1] = gh[2 * i + 1];
  }
}

/** Row id of record k. */
export function rowOf(store: RowStore, k: number): number {
  return store.rec[k * store.stride + store.stride - 1];
}

/** Stable partition of records [start, end); returns the first record of the right child. */
export function partitionRows(store: RowStore, start: number, end: number, bins: PackedBins, s: RowSplit): number {
  const { stride: S, rec, grad, recTmp, gradTmp } = store;
  const g = Math.floor(s.feature / bins.perWord);
  const shift = (s.feature % bins.perWord) * bins.bits;
  const mask = bins.bits === 8 ? 0xff : 0xffff;
  const cut = s.bin;
  const mb = s.missingBin;
  const ml = s.missingLeft;
  let l = start;
  let r = 0;
  for (let k = start; k < end; k++) {
    const src = k * S;
    const b = (rec[src + g] >>> shift) & mask;
    if (b === mb ? ml : b <= cut) {
      // left records move down in place (l <= k)
      if (l !== k) {
        const dst = l * S;
        for (let c = 0; c < S; c++) rec[dst + c] = rec[src + c];
        grad[2 * l] = grad[2 * k];
        grad[2 * l + 1] = grad[2 * k + 1];
      }
      l++;
    } else {
      const dst = r * S;
      for (let c = 0; c < S; c++) recTmp[dst + c] = rec[src + c];
      gradTmp[2 * r] = grad[2 * k];
      gradTmp[2 * r + 1] = grad[2 * k + 1];
      r++;
    }
  }
  rec.set(recTmp.subarray(0, r * S), l * S);
  grad.set(gradTmp.subarray(0, 2 * r), 2 * l);
  return l;
}
