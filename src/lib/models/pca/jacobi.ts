// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: a few dozen lines,
// exact to machine precision for the d x d (d <= ~50) covariance matrices PCA needs here.

export interface Eigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Eigenvectors as rows (vectors[i * d .. i * d + d] belongs to values[i]), unit length. */
  vectors: Float64Array;
}

export function jacobiEigen(matrix: Float64Array, d: number, maxSweeps = 100): Eigen {
  if (matrix.length !== d * d) throw new Error(`matrix has ${matrix.length} values, expected ${d} x ${d}`);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const a = matrix[i * d + j];
      const b = matrix[j * d + i];
      if (Math.abs(a - b) > 1e-9 * (Math.abs(a) + Math.abs(b) + 1)) throw new Error(`matrix is not symmetric at (${i}, ${j})`);
    }
  }
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] * a[p * d + q];
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, symmetric Schur).
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i]);
  const values = Float64Array.from(order, (i) => a[i * d + i]);
  const vectors = new Float64Array(d * d);
  order.forEach((col, row) => {
    // Sign convention: the largest-magnitude entry is positive, so results are reproducible.
    let big = 0;
    for (let k = 0; k < d; k++) if (Math.abs(v[k * d + col]) > Math.abs(big)) big = v[k * d + col];
    const sign = big < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) vectors[row * d + k] = sign * v[k * d + col];
  });
  return { values, vectors };
}
