// Seeded generator so splits, initialisations and synthetic data repeat exactly.
import { mulberry32 } from '../../random';

/** mulberry32 (src/lib/random.ts). */
export const seededRandom = mulberry32;

/** Standard normal via Box-Muller. */
export function seededNormal(seed: number): () => number {
  const u = seededRandom(seed);
  return () => {
    const a = Math.max(u(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}
