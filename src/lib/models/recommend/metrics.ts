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
