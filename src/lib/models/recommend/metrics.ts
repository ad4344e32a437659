// Top-k ranking metrics for one held-out item per user, averaged over evaluated users.

export interface RankingMetrics {
  users: number;
  hrAtK: number;
  precisionAtK: number;
  recallAtK: number;
  ndcgAtK: number;
  mapAtK: number;
  /** Share of the catalogue that appears in at least one user's top k. */
  coverage: number;
}

/**
 * `top` holds k item indices per user (row-major, -1 = empty slot); `test` the held-out item
 * per user (-1 = not evaluated). With a single relevant item, recall equals the hit rate and
 * average precision is 1/rank.
 */
export function rankingMetrics(top: Int32Array, k: number, test: Int32Array, nItems: number): RankingMetrics {
  if (!(Number.isInteger(k) && k > 0)) throw new Error(`k must be a positive integer, got ${k}`);
  const nUsers = test.length;
  if (top.length !== nUsers * k) throw new Error(`top has ${top.length} entries, expected ${nUsers} x ${k}`);
  const shown = new Uint8Array(nItems);
  let users = 0;
  let hits = 0;
  let ndcg = 0;
  let ap = 0;
  for (let u = 0; u < nUsers; u++) {
    for (let r = 0; r < k; r++) {
      const i = top[u * k + r];
      if (i >= 0) shown[i] = 1;
    }
    const target = test[u];
    if (target < 0) continue;
    users++;
    for (let r = 0; r < k; r++) {
      if (top[u * k + r] === target) {
        hits++;
        ndcg += 1 / Math.log2(r + 2);
        ap += 1 / (r + 1);
        break;
      }
    }
  }
  let covered = 0;
  for (const s of shown) covered += s;
  const d = Math.max(users, 1);
  return {
    users,
    hrAtK: hits / d,
    precisionAtK: hits / d / k,
    recallAtK: hits / d,
    ndcgAtK: ndcg / d,
    mapAtK: ap / d,
    coverage: nItems > 0 ? covered / nItems : 0,
  };
}

/** Rank of each user's held-out item in their top k: 1..k, 0 when missed, -1 when the user is not evaluated. */
export function heldOutRanks(top: Int32Array, k: number, test: Int32Array): Int32Array {
  if (top.length !== test.length * k) throw new Error(`top has ${top.length} entries, expected ${test.length} x ${k}`);
  const ranks = new Int32Array(test.length);
  for (let u = 0; u < test.length; u++) {
    const target = test[u];
    if (target < 0) {
      ranks[u] = -1;
      continue;
    }
    for (let r = 0; r < k; r++) {
      if (top[u * k + r] === target) {
        ranks[u] = r + 1;
        break;
      }
    }
  }
  return ranks;
}

/** One user's value of a per-user metric from the rank of their held-out item (0 = missed). */
export function metricAtRank(metric: 'hrAtK' | 'ndcgAtK' | 'mapAtK' | 'recallAtK' | 'precisionAtK', rank: number, k: number): number {
  if (rank <= 0) return 0;
  switch (metric) {
    case 'hrAtK':
    case 'recallAtK':
      return 1;
    case 'precisionAtK':
      return 1 / k;
    case 'ndcgAtK':
      return 1 / Math.log2(rank + 1);
    case 'mapAtK':
      return 1 / rank;
  }
}

/** Per-user values of a metric from held-out ranks (NaN where the user is not evaluated). */
export function userValues(ranks: Int32Array, metric: Parameters<typeof metricAtRank>[0], k: number): Float64Array {
  return Float64Array.from(ranks, (r) => (r < 0 ? NaN : metricAtRank(metric, r, k)));
}

export interface PairedDifference {
  /** Mean over users of a - b. */
  mean: number;
  /** Its standard error (sample sd of the per-user differences / sqrt(n)). */
  se: number;
  /** Users evaluated by both. */
  n: number;
}

/**
 * The paired comparison of two models on the same held-out items (userValues, folds concatenated; NaN = not
 * evaluated): per-user differences cancel what is common to both (a hard user is hard for both), so the
 * standard error is far below that of either mean, and a gap within it is noise.
 */
export function pairedDifference(a: Float64Array, b: Float64Array): PairedDifference {
  if (a.length !== b.length) throw new Error(`Paired values differ in length (${a.length} vs ${b.length})`);
  let n = 0;
  let s = 0;
  let ss = 0;
  for (let u = 0; u < a.length; u++) {
    const d = a[u] - b[u];
    if (Number.isNaN(d)) continue;
    n++;
    s += d;
    ss += d * d;
  }
  if (n === 0) return { mean: 0, se: 0, n: 0 };
  const mean = s / n;
  const variance = n > 1 ? Math.max(0, (ss - n * mean * mean) / (n - 1)) : 0;
  return { mean, se: Math.sqrt(variance / n), n };
}
