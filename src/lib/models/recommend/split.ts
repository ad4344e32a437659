// Offline evaluation splits. Leave-last-out hides each user's most recent item (ties: the highest
// item index, as in the reference protocol); without times one random item per user is hidden.
import type { Events } from './interactions';
import { mulberry32 } from '../../random';

export type Protocol = 'leave-last-out' | 'random';

export interface Split {
  /** 1 where the event stays in training. */
  train: Uint8Array;
  /** Held-out item per user, -1 when the user has too few distinct items to hold one out. */
  test: Int32Array;
}

/**
 * Every event of the held-out user-item pair leaves training, so a repeat purchase never leaks
 * the answer. Users with a single distinct item keep it in training and are not evaluated.
 * `keep` restricts the split to a subset of events (a validation split inside a training set).
 */
export function splitEvents(events: Events, protocol: Protocol, seed = 42, keep?: Uint8Array): Split {
  if (protocol !== 'leave-last-out' && protocol !== 'random') throw new Error(`Unknown protocol "${String(protocol)}"`);
  if (protocol === 'leave-last-out' && !events.time) throw new Error('leave-last-out needs a time column; use "random"');
  const nUsers = events.userIds.length;
  const n = events.user.length;
  const test = new Int32Array(nUsers).fill(-1);
  const bestTime = new Float64Array(nUsers).fill(-Infinity);
  const distinct = distinctItemCounts(events, keep);
  const rand = mulberry32(seed);
  const seen = new Int32Array(nUsers);
  for (let e = 0; e < n; e++) {
    if (keep && !keep[e]) continue;
    const u = events.user[e];
    const i = events.item[e];
    if (protocol === 'leave-last-out') {
      const t = events.time![e];
      if (t > bestTime[u] || (t === bestTime[u] && i > test[u])) {
        bestTime[u] = t;
        test[u] = i;
      }
    } else {
      // Reservoir sampling over events picks an event uniformly at random.
      seen[u]++;
      if (rand() * seen[u] < 1) test[u] = i;
    }
  }
  for (let u = 0; u < nUsers; u++) if (distinct[u] < 2) test[u] = -1;
  const train = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    if (keep && !keep[e]) continue;
    train[e] = events.item[e] === test[events.user[e]] ? 0 : 1;
  }
  return { train, test };
}

function distinctItemCounts(events: Events, keep?: Uint8Array): Int32Array {
  const counts = new Int32Array(events.userIds.length);
  const seen = new Set<number>();
  const nItems = events.itemIds.length;
  for (let e = 0; e < events.user.length; e++) {
    if (keep && !keep[e]) continue;
    const key = events.user[e] * nItems + events.item[e];
    if (!seen.has(key)) {
      seen.add(key);
      counts[events.user[e]]++;
    }
  }
  return counts;
}
