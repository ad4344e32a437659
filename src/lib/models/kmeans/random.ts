// Seeded randomness so restarts, samples and tests are reproducible across runs and backends.
import { mulberry32 } from '../../random';

/** mulberry32 (src/lib/random.ts). */
export const createRng = mulberry32;

/** m distinct indices from [0, n), in random order (partial Fisher-Yates). All of them when m >= n. */
export function sampleIndices(n: number, m: number, rng: () => number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const take = Math.min(m, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return take === n ? idx : idx.slice(0, take);
}
