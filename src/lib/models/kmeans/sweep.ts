// K sweep for choosing the number of segments: inertia (elbow) and silhouette for each K.
import type { ProgressFn } from '../../progress';
import type { Matrix } from './matrix';
import { distinctRows, takeRows } from './matrix';
import type { LloydPath } from './options';
import type { KernelHelpers } from './lloyd-wasm';
import type { FeatureTransform } from './transform';
import { kmeansFit, tooFewDistinct } from './kmeans';
import { silhouetteScore } from './silhouette';
import { mulberry32, sampleIndices } from '../../random';

export interface SweepOptions {
  kMin?: number;
  kMax?: number;
  restarts?: number;
  seed?: number;
  /** Fit on at most this many seeded-sampled points (a sweep fits kMax - kMin + 1 models). */
  fitSampleSize?: number;
  silhouetteSampleSize?: number;
  path?: LloydPath;
  helpers?: KernelHelpers;
  onProgress?: ProgressFn;
}

export interface SweepPoint {
  k: number;
  inertia: number;
  silhouette: number;
}

export interface SweepResult {
  points: SweepPoint[];
  /** The elbow of the inertia curve (see elbowK). */
  suggestedK: number;
  bestSilhouetteK: number;
  /** Points the models were fitted on (sampled when the data is larger than fitSampleSize). */
  rows: number;
  /** The largest K tried: kMax, or fewer when the data has fewer distinct points. */
  kMaxTried: number;
  reason: string;
}

export async function kSweep(z: Matrix, transform: FeatureTransform, opts: SweepOptions = {}): Promise<SweepResult> {
  const kMin = opts.kMin ?? 2;
  const kMax = opts.kMax ?? 10;
  if (!Number.isInteger(kMin) || kMin < 2) throw new Error(`kMin must be an integer >= 2, got ${kMin}`);
  if (!Number.isInteger(kMax) || kMax < kMin + 2) throw new Error(`kMax must be an integer >= kMin + 2, got ${kMax}`);
  const seed = opts.seed ?? 0;
  const fitSampleSize = opts.fitSampleSize ?? 50_000;
  const data = z.rows > fitSampleSize ? takeRows(z, sampleIndices(z.rows, fitSampleSize, mulberry32(seed + 1))) : z;
  // Only K up to the number of distinct points: past it segments are empty (identical points gave K = 2
  // with one empty segment).
  const distinct = distinctRows(data, kMax);
  if (distinct < kMin) throw new Error(tooFewDistinct(kMin, distinct, data.rows));
  const top = Math.min(kMax, distinct);
  const capped = top < kMax ? `The data has only ${distinct} distinct points, so K was tried up to ${top} (not ${kMax}). ` : '';
  const points: SweepPoint[] = [];
  const total = top - kMin + 1;
  for (let k = kMin; k <= top; k++) {
    const fit = await kmeansFit(data, transform, { k, restarts: opts.restarts ?? 10, seed, path: opts.path, helpers: opts.helpers });
    const silhouette = silhouetteScore(data, fit.labels, k, { sampleSize: opts.silhouetteSampleSize ?? 10_000, seed });
    points.push({ k, inertia: fit.inertia, silhouette });
    opts.onProgress?.({ stage: `Trying K = ${k} (${kMin}..${top})`, done: k - kMin + 1, total, loss: fit.inertia });
  }
  const best = points.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
  if (points.length < 3) {
    // Too few K for an elbow: the best silhouette decides.
    const reason = `${capped}K = ${best.k} has the highest silhouette (${best.silhouette.toFixed(3)}) of K = ${kMin}..${top}; too few K values for an elbow.`;
    return { points, suggestedK: best.k, bestSilhouetteK: best.k, rows: data.rows, kMaxTried: top, reason };
  }
  const suggestedK = elbowK(points);
  const at = points.find((p) => p.k === suggestedK)!;
  const reason =
    `${capped}K = ${suggestedK} is the elbow of the inertia curve: on axes scaled to 0..1 it lies farthest below the ` +
    `straight line from K = ${kMin} to K = ${top}, so more segments past it buy little. Its silhouette is ` +
    `${at.silhouette.toFixed(3)}; the highest silhouette is ${best.silhouette.toFixed(3)} at K = ${best.k}.`;
  return { points, suggestedK, bestSilhouetteK: best.k, rows: data.rows, kMaxTried: top, reason };
}

/**
 * Kneedle-style elbow (Satopaa et al. 2011) of a decreasing inertia curve: scale K and inertia to
 * 0..1 and take the K with the largest gap below the chord joining the first and last points.
 */
export function elbowK(points: SweepPoint[]): number {
  if (points.length < 3) throw new Error(`an elbow needs at least 3 points, got ${points.length}`);
  const k0 = points[0].k;
  const k1 = points[points.length - 1].k;
  const hi = Math.max(...points.map((p) => p.inertia));
  const lo = Math.min(...points.map((p) => p.inertia));
  const span = hi - lo || 1;
  let bestK = points[0].k;
  let bestGap = -Infinity;
  for (const p of points) {
    const x = (p.k - k0) / (k1 - k0);
    const y = (p.inertia - lo) / span;
    const gap = 1 - x - y;
    if (gap > bestGap) {
      bestGap = gap;
      bestK = p.k;
    }
  }
  return bestK;
}
