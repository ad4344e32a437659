// Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with sklearn's 2 + ln k local trials per
// centre): each new centre is the best of a few D^2-weighted candidates, which lowers the chance
// that a restart starts in a poor local minimum.
import type { Matrix } from './matrix';
import { sqDist } from './matrix';

export function kmeansPlusPlus(x: Matrix, k: number, rng: () => number, localTrials?: number): Float64Array {
  const { rows: n, cols: d, data } = x;
  if (k > n) throw new Error(`k = ${k} is larger than the number of points (${n})`);
  const trials = localTrials ?? 2 + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  const first = Math.floor(rng() * n);
  centres.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = sqDist(data, i, centres, 0, d);
  const cumulative = new Float64Array(n);
  const candDist = new Float64Array(n * trials);
  const candIdx = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i];
      cumulative[i] = acc;
    }
    for (let t = 0; t < trials; t++) {
      // All points coincide with chosen centres: any point will do.
      candIdx[t] = acc > 0 ? searchSorted(cumulative, rng() * acc) : Math.floor(rng() * n);
    }
    let best = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      let pot = 0;
      const off = t * n;
      for (let i = 0; i < n; i++) {
        const dd = Math.min(closest[i], sqDist(data, i, data, candIdx[t], d));
        candDist[off + i] = dd;
        pot += dd;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        best = t;
      }
    }
    closest.set(candDist.subarray(best * n, best * n + n));
    centres.set(data.subarray(candIdx[best] * d, candIdx[best] * d + d), c * d);
  }
  return centres;
}

/** First index whose cumulative weight exceeds v (clamped to the last index). */
function searchSorted(cumulative: Float64Array, v: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
