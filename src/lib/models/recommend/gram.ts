// Item x item Gram matrix X'X of a sparse user x item matrix, dense and row-major.
import type { Csr } from './csr';

/** Costs sum over users of (items per user)^2, far less than a dense product on sparse data. */
export function gramMatrix(x: Csr): Float64Array {
  const n = x.cols;
  const g = new Float64Array(n * n);
  for (let u = 0; u < x.rows; u++) {
    const a = x.indptr[u];
    const b = x.indptr[u + 1];
    for (let p = a; p < b; p++) {
      const row = x.indices[p] * n;
      const v = x.data[p];
      for (let q = a; q < b; q++) g[row + x.indices[q]] += v * x.data[q];
    }
  }
  return g;
}
