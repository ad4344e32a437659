// Identical customers contribute identical likelihood terms, so the fits run on distinct rows with
// counts as weights (lifetimes' weights argument). Real data on a day grid compress a lot.

export interface CompressedRows {
  /** One array per input column, holding the distinct rows. */
  columns: Float64Array[];
  /** How many input rows each distinct row stands for (times the input weight, if any). */
  weights: Float64Array;
  /** For each input row, the index of its distinct row (-1 when the row was filtered out). */
  index: Int32Array;
}

/** Distinct rows over the given equal-length columns, optionally only rows where `keep(i)` holds. */
export function compressRows(
  columns: Float64Array[],
  weights?: Float64Array,
  keep?: (row: number) => boolean,
): CompressedRows {
  if (columns.length === 0) throw new Error('compressRows: need at least one column, got 0');
  const n = columns[0].length;
  for (const c of columns) {
    if (c.length !== n) throw new Error(`compressRows: columns differ in length (${n} vs ${c.length})`);
  }
  if (weights && weights.length !== n) throw new Error(`compressRows: ${weights.length} weights for ${n} rows`);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (!keep || keep(i)) rows.push(i);
  const order = Int32Array.from(rows);
  // A comparator over fixed locals is several times faster than looping over the columns.
  const [c0, c1 = c0, c2 = c0] = columns;
  const rest = columns.slice(3);
  order.sort((p, q) => {
    const d = c0[p] - c0[q] || c1[p] - c1[q] || c2[p] - c2[q];
    if (d !== 0 || rest.length === 0) return d;
    for (const c of rest) {
      const e = c[p] - c[q];
      if (e !== 0) return e;
    }
    return 0;
  });
  const index = new Int32Array(n).fill(-1);
  const firstOf: number[] = [];
  const w: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const prev = k > 0 ? order[k - 1] : -1;
    const same = prev >= 0 && c0[i] === c0[prev] && c1[i] === c1[prev] && c2[i] === c2[prev] && rest.every((c) => c[i] === c[prev]);
    if (!same) {
      firstOf.push(i);
      w.push(0);
    }
    const u = firstOf.length - 1;
    w[u] += weights ? weights[i] : 1;
    index[i] = u;
  }
  return {
    columns: columns.map((c) => Float64Array.from(firstOf, (i) => c[i])),
    weights: Float64Array.from(w),
    index,
  };
}

/** Sorted distinct values of `values` and, per element, the index of its value. */
export function distinctIndex(values: Float64Array): { values: Float64Array; index: Int32Array } {
  const sorted = Float64Array.from(values).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  const unique = sorted.slice(0, m);
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = m - 1;
    const v = values[i];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (unique[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    index[i] = lo;
  }
  return { values: unique, index };
}
