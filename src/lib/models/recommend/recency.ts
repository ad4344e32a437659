// Recency weighting of a customer's history at scoring time: an item-item model scores
// sum_j w(rank_j) B[j, :] where rank 0 is the customer's most recent item. A customer's next item
// follows her latest ones more than her first ones (MovieLens 100K: the held-out last item is rarer
// than the earlier ones, and the items just before it point to it best), and the weights need no refit.
import type { Csr } from './csr';
import type { Events } from './interactions';

/** exp(-rank / tau); tau = Infinity is "no decay" (every item weight 1). */
export interface RecencyDecay {
  tau: number;
}

/**
 * Per stored entry of `train` (same layout), how many of the customer's other items are more recent:
 * 0 for her latest. An item's time is its latest event among `keep`; ties go to the higher item index
 * (the order the leave-last-out split uses), so rank 0 is the item that split would hold out next.
 */
export function recencyRanks(events: Events, train: Csr, keep?: Uint8Array): Int32Array {
  if (!events.time) throw new Error('Recency weighting needs a time column');
  const time = events.time;
  const latest = new Float64Array(train.indices.length).fill(-Infinity);
  for (let e = 0; e < events.user.length; e++) {
    if (keep && !keep[e]) continue;
    const u = events.user[e];
    const p = findEntry(train, u, events.item[e]);
    if (p >= 0 && time[e] > latest[p]) latest[p] = time[e];
  }
  const ranks = new Int32Array(train.indices.length);
  for (let u = 0; u < train.rows; u++) {
    const p0 = train.indptr[u];
    const p1 = train.indptr[u + 1];
    const order = Array.from({ length: p1 - p0 }, (_, q) => p0 + q);
    // Most recent first; indices are sorted within a row, so the higher index is the later position.
    order.sort((a, b) => latest[b] - latest[a] || b - a);
    order.forEach((p, r) => (ranks[p] = r));
  }
  return ranks;
}

function findEntry(m: Csr, row: number, col: number): number {
  let lo = m.indptr[row];
  let hi = m.indptr[row + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = m.indices[mid];
    if (c === col) return mid;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The same matrix with every entry multiplied by exp(-rank / tau); tau = Infinity returns `train` itself. */
export function recencyWeighted(train: Csr, ranks: Int32Array, decay: RecencyDecay): Csr {
  if (!(decay.tau > 0)) throw new Error(`Recency tau must be > 0, got ${decay.tau}`);
  if (decay.tau === Infinity) return train;
  const data = new Float32Array(train.data.length);
  for (let p = 0; p < data.length; p++) data[p] = train.data[p] * Math.exp(-ranks[p] / decay.tau);
  return { ...train, data };
}

/** `train` with its recency ranks (keep: the events it was built from). */
export function withRecency(train: Csr, events: Events, keep?: Uint8Array): Csr {
  return { ...train, recency: recencyRanks(events, train, keep) };
}

/** The rows a model scores from at `tau`: `train` itself without a tau, else recency-weighted. */
export function recencyInput(train: Csr, tau: number | undefined): Csr {
  if (tau === undefined) return train;
  if (!train.recency) throw new Error('Recency decay needs the order of each customer\'s items (a time column)');
  return recencyWeighted(train, train.recency, { tau });
}
