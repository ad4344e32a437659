// Seeded randomness: every shuffle in metrics and models must be reproducible from a seed.

/** mulberry32: tiny, fast, good enough for shuffles and sampling; returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** In-place Fisher-Yates shuffle of a[start, end). */
export function shuffleInPlace(
  a: { [i: number]: number; length: number },
  rng: () => number,
  start = 0,
  end = a.length,
): void {
  for (let i = end - 1; i > start; i--) {
    const j = start + Math.floor(rng() * (i - start + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: () => number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffleInPlace(out, rng);
  return out;
}
