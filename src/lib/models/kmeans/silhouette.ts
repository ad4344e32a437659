// Mean silhouette coefficient (Rousseeuw 1987) on a seeded random sample of points, Euclidean,
// computed among the sampled points only (as sklearn's silhouette_score(sample_size=...)).
import type { Matrix } from './matrix';
import { mulberry32, sampleIndices } from '../../random';

export interface SilhouetteOptions {
  /** Points sampled (without replacement); all points when there are fewer. */
  sampleSize?: number;
  seed?: number;
}

export function silhouetteScore(z: Matrix, labels: Int32Array, k: number, opts: SilhouetteOptions = {}): number {
  const sampleSize = opts.sampleSize ?? 10_000;
  if (!Number.isInteger(sampleSize) || sampleSize < 2) throw new Error(`sampleSize must be an integer >= 2, got ${sampleSize}`);
  if (labels.length !== z.rows) throw new Error(`labels has ${labels.length} entries for ${z.rows} points`);
  const idx = sampleIndices(z.rows, sampleSize, mulberry32(opts.seed ?? 0));
  const m = idx.length;
  const d = z.cols;
  const pts = new Float64Array(m * d);
  const lab = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    pts.set(z.data.subarray(idx[r] * d, idx[r] * d + d), r * d);
    lab[r] = labels[idx[r]];
  }
  const counts = new Float64Array(k);
  for (let r = 0; r < m; r++) counts[lab[r]]++;
  // dist[r * k + c] = summed distance from point r to the sampled points of cluster c; each pair once.
  const dist = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const oi = i * d;
    const li = lab[i];
    for (let j = i + 1; j < m; j++) {
      const oj = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = pts[oi + c] - pts[oj + c];
        s += t * t;
      }
      const e = Math.sqrt(s);
      dist[i * k + lab[j]] += e;
      dist[j * k + li] += e;
    }
  }
  let total = 0;
  for (let i = 0; i < m; i++) {
    const own = lab[i];
    // A point alone in its cluster scores 0 by definition.
    if (counts[own] <= 1) continue;
    const a = dist[i * k + own] / (counts[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c] > 0) b = Math.min(b, dist[i * k + c] / counts[c]);
    if (b === Infinity) continue;
    const den = Math.max(a, b);
    total += den > 0 ? (b - a) / den : 0;
  }
  return total / m;
}
