// From a table of events (who, what, when, how much) to index-coded arrays and a weighted
// user x item matrix. Ids are kept so every result can be mapped back to the user's own keys.
import { cellText, getColumn, isNumericColumn, type Column, type Table } from '../../data/table';
import { csrFromTriples, type Csr } from './csr';

/** One row per event; users and items coded 0..n-1 in id order (numeric when every id is a number),
 *  so "highest item index" means "highest item id" as the evaluation protocol states. */
export interface Events {
  userIds: string[];
  itemIds: string[];
  user: Int32Array;
  item: Int32Array;
  /** Epoch milliseconds, or null when there is no time column. */
  time: Float64Array | null;
  /** Quantity / amount / rating per event, or null. */
  value: Float64Array | null;
}

export interface EventColumns {
  user: string;
  item: string;
  time?: string;
  value?: string;
}

export type WeightScheme = 'binary' | 'count' | 'log';

export interface Weighting {
  /** binary: 1 per user-item pair; count: sum of event values (1 each without a value column);
   *  log: log1p of that sum, which tames heavy buyers without ignoring repeats. */
  scheme: WeightScheme;
  /** Events lose half their weight every this many days before the newest event; off when absent. */
  halfLifeDays?: number;
}

export const defaultWeighting: Weighting = { scheme: 'binary' };

const DAY_MS = 86_400_000;

/** Codes the named columns of a table into events; rows with a missing user, item or time are dropped. */
export function eventsFromTable(table: Table, cols: EventColumns): Events {
  const userCol = getColumn(table, cols.user);
  const itemCol = getColumn(table, cols.item);
  const timeCol = cols.time === undefined ? null : getColumn(table, cols.time);
  const valueCol = cols.value === undefined ? null : getColumn(table, cols.value);
  if (timeCol && !isNumericColumn(timeCol)) throw new Error(`Time column "${timeCol.name}" is not a date or number`);
  if (valueCol && !isNumericColumn(valueCol)) throw new Error(`Value column "${valueCol.name}" is not numeric`);
  const users = coder();
  const items = coder();
  const user: number[] = [];
  const item: number[] = [];
  const time: number[] = [];
  const value: number[] = [];
  const scale = timeCol && isNumericColumn(timeCol) ? timeScale(timeCol.type, timeCol.values) : 1;
  for (let r = 0; r < table.rows; r++) {
    const u = keyOf(userCol, r);
    const i = keyOf(itemCol, r);
    if (u === '' || i === '') continue;
    let t = 0;
    if (timeCol && isNumericColumn(timeCol)) {
      t = timeCol.values[r];
      if (Number.isNaN(t)) continue;
    }
    let v = 1;
    if (valueCol && isNumericColumn(valueCol)) {
      v = valueCol.values[r];
      if (Number.isNaN(v)) continue;
    }
    user.push(users.code(u));
    item.push(items.code(i));
    time.push(t * scale);
    value.push(v);
  }
  const u = sortedCodes(users.ids, user);
  const i = sortedCodes(items.ids, item);
  return {
    userIds: u.ids,
    itemIds: i.ids,
    user: u.codes,
    item: i.codes,
    time: timeCol ? Float64Array.from(time) : null,
    value: valueCol ? Float64Array.from(value) : null,
  };
}

// Plain numbers in a time column are taken as unix seconds (MovieLens) unless they are already
// large enough to be milliseconds: any date after 1973 exceeds 1e11 in ms and is far below it in s.
function timeScale(type: string, values: Float64Array): number {
  if (type === 'date') return 1;
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max < 1e11 ? 1000 : 1;
}

function keyOf(c: Column, r: number): string {
  return cellText(c, r).trim();
}

function sortedCodes(ids: string[], codes: number[]): { ids: string[]; codes: Int32Array } {
  const numeric = ids.every((s) => s !== '' && Number.isFinite(Number(s)));
  const order = ids.map((_, k) => k);
  order.sort(numeric ? (a, b) => Number(ids[a]) - Number(ids[b]) : (a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const rank = new Int32Array(ids.length);
  order.forEach((k, r) => (rank[k] = r));
  return { ids: order.map((k) => ids[k]), codes: Int32Array.from(codes, (c) => rank[c]) };
}

function coder(): { ids: string[]; code(key: string): number } {
  const map = new Map<string, number>();
  const ids: string[] = [];
  return {
    ids,
    code(key) {
      let c = map.get(key);
      if (c === undefined) {
        c = ids.length;
        map.set(key, c);
        ids.push(key);
      }
      return c;
    },
  };
}

/** Weighted user x item matrix from the events where `keep` is 1 (all when omitted). */
export function interactionMatrix(events: Events, weighting: Weighting = defaultWeighting, keep?: Uint8Array): Csr {
  const { scheme, halfLifeDays } = weighting;
  if (scheme !== 'binary' && scheme !== 'count' && scheme !== 'log') throw new Error(`Unknown weighting "${String(scheme)}"`);
  if (halfLifeDays !== undefined && !(halfLifeDays > 0)) throw new Error(`halfLifeDays must be > 0, got ${halfLifeDays}`);
  if (halfLifeDays !== undefined && !events.time) throw new Error('Recency decay needs a time column');
  const n = events.user.length;
  let newest = -Infinity;
  if (halfLifeDays !== undefined && events.time) {
    for (let e = 0; e < n; e++) if ((!keep || keep[e]) && events.time[e] > newest) newest = events.time[e];
  }
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let e = 0; e < n; e++) {
    if (keep && !keep[e]) continue;
    const decay =
      halfLifeDays !== undefined && events.time ? Math.pow(0.5, (newest - events.time[e]) / (halfLifeDays * DAY_MS)) : 1;
    r.push(events.user[e]);
    c.push(events.item[e]);
    v.push(scheme === 'binary' ? decay : (events.value ? events.value[e] : 1) * decay);
  }
  const nUsers = events.userIds.length;
  const nItems = events.itemIds.length;
  if (scheme === 'binary') {
    // A pair counts once; with decay it keeps the weight of its most recent event.
    const m = csrFromTriples(nUsers, nItems, r, c);
    m.data.fill(1);
    if (halfLifeDays === undefined) return m;
    const latest = csrMax(nItems, r, c, v);
    return { ...m, data: latest };
  }
  const m = csrFromTriples(nUsers, nItems, r, c, v);
  if (scheme === 'log') m.data = m.data.map((x) => Math.log1p(Math.max(x, 0)));
  return m;
}

// Per-pair maximum of v, laid out like csrFromTriples' output for the same triples.
function csrMax(cols: number, r: number[], c: number[], v: number[]): Float32Array {
  const max = new Map<number, number>();
  for (let e = 0; e < r.length; e++) {
    const key = r[e] * cols + c[e];
    max.set(key, Math.max(max.get(key) ?? -Infinity, v[e]));
  }
  const keys = [...max.keys()].sort((a, b) => a - b);
  const out = new Float32Array(keys.length);
  keys.forEach((k, p) => (out[p] = max.get(k)!));
  return out;
}
