// Dense symmetric positive-definite solve for the Newton step. The system is features x features
// (tens to a few hundred), so it is solved on the CPU in float64; the heavy n x d work stays in tf.

/** Solves A x = b for symmetric positive-definite A (row-major, n x n) by Cholesky. */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  // A tiny ridge rescues a Hessian that float32 accumulation left barely indefinite.
  for (let jitter = 0; jitter <= 1e-3; jitter = jitter === 0 ? 1e-10 : jitter * 100) {
    const L = cholesky(A, n, jitter);
    if (!L) continue;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= L[i * n + k] * z[k];
      z[i] = s / L[i * n + i];
    }
    const x = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
      x[i] = s / L[i * n + i];
    }
    return x;
  }
  throw new Error('The Newton system is not positive definite (features may be duplicated with no L2 penalty)');
}

function cholesky(A: Float64Array, n: number, jitter: number): Float64Array | null {
  const L = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, A[i * n + i]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j] + (i === j ? jitter * scale : 0);
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
      }
    }
  }
  return L;
}
