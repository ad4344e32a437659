// Test matrices for the SPD inverses (unit tests of the TS and wasm paths, the Node helper-thread test).
import { seededNormal } from '../../random';

/** A'A / k + I for a k x n normal A: SPD, moderately conditioned. */
export function randomSpd(n: number, seed: number): Float64Array {
  const z = seededNormal(seed);
  const k = Math.max(4, Math.ceil(n / 2));
  const m = Float64Array.from({ length: k * n }, () => z());
  const a = new Float64Array(n * n);
  for (let t = 0; t < k; t++)
    for (let i = 0; i < n; i++) {
      const v = m[t * n + i] / k;
      for (let j = 0; j < n; j++) a[i * n + j] += v * m[t * n + j];
    }
  for (let i = 0; i < n; i++) a[i * n + i] += 1;
  return a;
}

export function maxRelDiff(x: Float64Array, y: Float64Array): number {
  let e = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    e = Math.max(e, Math.abs(x[i] - y[i]));
    m = Math.max(m, Math.abs(y[i]));
  }
  return e / m;
}
