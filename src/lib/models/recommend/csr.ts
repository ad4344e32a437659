// Compressed sparse rows: the one sparse layout every recommender reads. Column indices are
// sorted within a row and unique, so a row doubles as the sorted set of a user's items.

export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
  /** Per stored entry, how many of the row's other items are more recent (0: the latest); set by
   *  withRecency (recency.ts) where EASE's recency decay needs it, absent otherwise. */
  recency?: Int32Array;
}

/** Builds a CSR matrix from (row, col, value) triples; duplicates are summed. */
export function csrFromTriples(
  rows: number,
  cols: number,
  r: ArrayLike<number>,
  c: ArrayLike<number>,
  v?: ArrayLike<number>,
): Csr {
  const n = r.length;
  for (let e = 0; e < n; e++) {
    if (!(r[e] >= 0 && r[e] < rows)) throw new Error(`Row index ${r[e]} outside 0..${rows - 1}`);
    if (!(c[e] >= 0 && c[e] < cols)) throw new Error(`Column index ${c[e]} outside 0..${cols - 1}`);
  }
  // Two stable counting sorts (by column, then by row) leave every row sorted in linear time.
  const byCol = countingOrder(c, cols, null);
  const byRow = countingOrder(r, rows, byCol);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(n);
  const data = new Float64Array(n);
  let out = 0;
  let e = 0;
  for (let i = 0; i < rows; i++) {
    const rowStart = out;
    while (e < n && r[byRow[e]] === i) {
      const k = byRow[e++];
      const value = v ? v[k] : 1;
      if (out > rowStart && indices[out - 1] === c[k]) {
        data[out - 1] += value;
      } else {
        indices[out] = c[k];
        data[out++] = value;
      }
    }
    indptr[i + 1] = out;
  }
  return { rows, cols, indptr, indices: indices.slice(0, out), data: Float32Array.from(data.subarray(0, out)) };
}

/** Stable order of positions sorted by key (keys in 0..size-1), applied on top of `order`. */
function countingOrder(key: ArrayLike<number>, size: number, order: Int32Array | null): Int32Array {
  const n = key.length;
  const start = new Int32Array(size + 1);
  for (let e = 0; e < n; e++) start[key[e] + 1]++;
  for (let i = 0; i < size; i++) start[i + 1] += start[i];
  const out = new Int32Array(n);
  for (let q = 0; q < n; q++) {
    const e = order ? order[q] : q;
    out[start[key[e]]++] = e;
  }
  return out;
}

export function transpose(m: Csr): Csr {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.cols + 1);
  for (let p = 0; p < nnz; p++) indptr[m.indices[p] + 1]++;
  for (let j = 0; j < m.cols; j++) indptr[j + 1] += indptr[j];
  const fill = indptr.slice(0, m.cols);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  // Rows are visited in order, so each output row comes out sorted.
  for (let i = 0; i < m.rows; i++) {
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      const q = fill[m.indices[p]]++;
      indices[q] = i;
      data[q] = m.data[p];
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, data };
}

/** Same pattern, every stored value replaced by f(value). */
export function mapValues(m: Csr, f: (v: number) => number): Csr {
  return { ...m, data: m.data.map(f) };
}

export function rowNnz(m: Csr, row: number): number {
  return m.indptr[row + 1] - m.indptr[row];
}

/** Number of stored entries per column. */
export function columnCounts(m: Csr): Int32Array {
  const counts = new Int32Array(m.cols);
  for (let p = 0; p < m.indices.length; p++) counts[m.indices[p]]++;
  return counts;
}
