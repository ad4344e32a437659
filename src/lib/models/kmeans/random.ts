// Seeded randomness so restarts, samples and tests are reproducible across runs and backends.

/** mulberry32: small, fast, good enough for sampling and k-means++ (not for cryptography). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
