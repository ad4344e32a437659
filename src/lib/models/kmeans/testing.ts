// Small seeded data sets for tests of the clustering code (here and in browser tests).
import type { Matrix } from './matrix';
import { mulberry32 } from '../../random';

/** Gaussian blobs around the given centres (rows x d each), seeded; labels in blob order. */
export function blobs(centres: number[][], perBlob: number, spread: number, seed = 1): { x: Matrix; labels: Int32Array } {
  const rng = mulberry32(seed);
  const d = centres[0].length;
  const rows = centres.length * perBlob;
  const data = new Float64Array(rows * d);
  const labels = new Int32Array(rows);
  for (let b = 0; b < centres.length; b++) {
    for (let i = 0; i < perBlob; i++) {
      const r = b * perBlob + i;
      labels[r] = b;
      for (let j = 0; j < d; j++) data[r * d + j] = centres[b][j] + spread * gaussian(rng);
    }
  }
  return { x: { data, rows, cols: d }, labels };
}

function gaussian(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
