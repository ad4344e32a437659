// Dense row-major matrices: the shape features take between RFM, k-means and PCA.

export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`matrix rows must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 1) throw new Error(`matrix cols must be a positive integer, got ${cols}`);
  if (data.length !== rows * cols) {
    throw new Error(`matrix data has ${data.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { data, rows, cols };
}

/** The rows listed in idx, in that order. */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new Float64Array(idx.length * m.cols);
  for (let r = 0; r < idx.length; r++) {
    out.set(m.data.subarray(idx[r] * m.cols, (idx[r] + 1) * m.cols), r * m.cols);
  }
  return { data: out, rows: idx.length, cols: m.cols };
}

/** Squared Euclidean distance between row i of a and row j of b. */
export function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const ai = i * d;
  const bj = j * d;
  for (let c = 0; c < d; c++) {
    const t = a[ai + c] - b[bj + c];
    s += t * t;
  }
  return s;
}

/**
 * Distinct rows of m, counted up to `limit` (it stops there: callers only ask "at least K?"). Rows
 * equal value for value are one point; -0 and 0 are the same.
 */
export function distinctRows(m: Matrix, limit = Infinity): number {
  const seen = new Set<string>();
  const row = new Array<number>(m.cols);
  for (let r = 0; r < m.rows && seen.size < limit; r++) {
    for (let c = 0; c < m.cols; c++) row[c] = m.data[r * m.cols + c];
    seen.add(row.join(','));
  }
  return seen.size;
}
