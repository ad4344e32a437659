// Seeded synthetic interactions for speed checks at app scale (e.g. 100,000 customers x 5,000
// items x 2,000,000 interactions): item popularity is Zipf-like and customers fall into taste
// clusters, so the models have structure to find and the matrix is as skewed as real data.
import { csrFromTriples, type Csr } from './csr';
import type { Events } from './interactions';
import { mulberry32 } from '../../random';

export interface SyntheticOptions {
  users: number;
  items: number;
  interactions: number;
  /** Taste clusters; each prefers its own slice of the catalogue. */
  clusters: number;
  seed: number;
}

export const defaultSyntheticOptions: SyntheticOptions = {
  users: 100_000,
  items: 5_000,
  interactions: 2_000_000,
  clusters: 50,
  seed: 7,
};

/** Binary user x item matrix with `interactions` distinct pairs (fewer only if the matrix cannot hold them). */
export function syntheticInteractions(options: Partial<SyntheticOptions> = {}): Csr {
  const o = { ...defaultSyntheticOptions, ...options };
  for (const key of ['users', 'items', 'interactions', 'clusters'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] > 0)) throw new Error(`${key} must be a positive integer, got ${o[key]}`);
  }
  const rand = mulberry32(o.seed);
  // Zipf(1) popularity via the inverse of its cumulative sum.
  const cdf = new Float64Array(o.items);
  let s = 0;
  for (let i = 0; i < o.items; i++) cdf[i] = s += 1 / (i + 1);
  for (let i = 0; i < o.items; i++) cdf[i] /= s;
  const popular = (): number => {
    const x = rand();
    let lo = 0;
    let hi = o.items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const slice = Math.max(1, Math.floor(o.items / o.clusters));
  const r: number[] = [];
  const c: number[] = [];
  const seen = new Set<number>();
  // Draw until `interactions` distinct pairs exist (repeats are skipped), within a safety bound.
  for (let tries = 0; seen.size < o.interactions && tries < 4 * o.interactions; tries++) {
    // Activity is skewed too: the product of two uniforms favours low user indices.
    const u = Math.floor(rand() * rand() * o.users * 2) % o.users;
    const cluster = u % o.clusters;
    const i = rand() < 0.6 ? (cluster * slice + (popular() % slice)) % o.items : popular();
    const key = u * o.items + i;
    if (seen.has(key)) continue;
    seen.add(key);
    r.push(u);
    c.push(i);
  }
  const m = csrFromTriples(o.users, o.items, r, c);
  m.data.fill(1);
  return m;
}

/** The ease-9724 / rec-auto-9724 shape: 610 users x 9,724 items x 100,000 interactions (the size of the
 *  public ratings file a user tried), power-law item popularity. One definition for both bench rows. */
export const RATINGS_9724: SyntheticOptions = { users: 610, items: 9_724, interactions: 100_000, clusters: 20, seed: 9_724 };

/**
 * The same interactions as events, for the whole Recommendations run: each customer's interactions get
 * times in a random order (one day apart), so leave-last-out holds out a random one of them. Customers
 * and items with no interaction are left out, as a file would not have them.
 */
export function syntheticEvents(options: Partial<SyntheticOptions> = {}): Events {
  const o = { ...defaultSyntheticOptions, ...options };
  const m = syntheticInteractions(o);
  const rand = mulberry32(o.seed + 1);
  const userCode = new Int32Array(m.rows).fill(-1);
  const itemCode = new Int32Array(m.cols).fill(-1);
  const userIds: string[] = [];
  const itemIds: string[] = [];
  const user = new Int32Array(m.indices.length);
  const item = new Int32Array(m.indices.length);
  const time = new Float64Array(m.indices.length);
  let e = 0;
  for (let u = 0; u < m.rows; u++) {
    const a = m.indptr[u];
    const b = m.indptr[u + 1];
    if (b === a) continue;
    userCode[u] = userIds.push(`U${u}`) - 1;
    // A random order of the user's items: a Fisher-Yates shuffle of their day numbers.
    const days = Array.from({ length: b - a }, (_, i) => i);
    for (let i = days.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [days[i], days[j]] = [days[j], days[i]];
    }
    for (let p = a; p < b; p++, e++) {
      const i = m.indices[p];
      if (itemCode[i] < 0) itemCode[i] = itemIds.push(`I${i}`) - 1;
      user[e] = userCode[u];
      item[e] = itemCode[i];
      time[e] = days[p - a] * 86_400_000;
    }
  }
  return { userIds, itemIds, user, item, time, value: null };
}
