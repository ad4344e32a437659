// The rows of the tree being grown, as records that move with the partition: each record holds the
// row's packed bin words and its row id, and its [g, h] sit at the same position of a gradient
// array. Splitting a node stably partitions its records in place, so every node's records are
// contiguous and the histogram loop streams through them. Partitioning an index array instead (and
// gathering words and gradients through it) missed the cache once per row and level on deep nodes:
// measured, that gather cost more than the histograms themselves. A split into two final leaves
// needs no partition: routeRows adds the leaves' values to the rows' scores in place.
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
  // words a record copies 4 at a time; the rest (S % 4, row id included) one by one
  const S4 = S & ~3;
  let l = start;
  let r = 0;
  for (let k = start; k < end; k++) {
    const src = k * S;
    const b = (rec[src + g] >>> shift) & mask;
    if (b === mb ? ml : b <= cut) {
      // left records move down in place (l <= k)
      if (l !== k) {
        const dst = l * S;
        let c = 0;
        for (; c < S4; c += 4) {
          const w0 = rec[src + c];
          const w1 = rec[src + c + 1];
          const w2 = rec[src + c + 2];
          const w3 = rec[src + c + 3];
          rec[dst + c] = w0;
          rec[dst + c + 1] = w1;
          rec[dst + c + 2] = w2;
          rec[dst + c + 3] = w3;
        }
        for (; c < S; c++) rec[dst + c] = rec[src + c];
        grad[2 * l] = grad[2 * k];
        grad[2 * l + 1] = grad[2 * k + 1];
      }
      l++;
    } else {
      const dst = r * S;
      let c = 0;
      for (; c < S4; c += 4) {
        const w0 = rec[src + c];
        const w1 = rec[src + c + 1];
        const w2 = rec[src + c + 2];
        const w3 = rec[src + c + 3];
        recTmp[dst + c] = w0;
        recTmp[dst + c + 1] = w1;
        recTmp[dst + c + 2] = w2;
        recTmp[dst + c + 3] = w3;
      }
      for (; c < S; c++) recTmp[dst + c] = rec[src + c];
      gradTmp[2 * r] = grad[2 * k];
      gradTmp[2 * r + 1] = grad[2 * k + 1];
      r++;
    }
  }
  rec.set(recTmp.subarray(0, r * S), l * S);
  grad.set(gradTmp.subarray(0, 2 * r), 2 * l);
  return l;
}

/**
 * Adds vLeft or vRight to scores[row] for each record of [start, end), by the side the split sends
 * it, without moving records: for a split whose children are final leaves, that is all the
 * partition would be needed for.
 */
export function routeRows(
  store: RowStore,
  start: number,
  end: number,
  bins: PackedBins,
  s: RowSplit,
  vLeft: number,
  vRight: number,
  scores: Float64Array,
): void {
  const { stride: S, rec } = store;
  const g = Math.floor(s.feature / bins.perWord);
  const shift = (s.feature % bins.perWord) * bins.bits;
  const mask = bins.bits === 8 ? 0xff : 0xffff;
  const cut = s.bin;
  const mb = s.missingBin;
  const ml = s.missingLeft;
  for (let k = start, p = start * S; k < end; k++, p += S) {
    const b = (rec[p + g] >>> shift) & mask;
    scores[rec[p + S - 1]] += (b === mb ? ml : b <= cut) ? vLeft : vRight;
  }
}
