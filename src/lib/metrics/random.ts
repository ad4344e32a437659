// Seeded randomness: every shuffle in metrics and models must be reproducible from a seed.
import { mulberry32 } from '../random';

/** mulberry32: tiny, fast, good enough for shuffles and sampling; returns floats in [0, 1). */
export function createRng(seed: number): () => number {
  // The golden-ratio offset keeps this stream apart from the models' (same seed, other purpose).
  return mulberry32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
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
