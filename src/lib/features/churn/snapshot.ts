// As-of snapshots: one row per customer as they stood at a cut-off day, with the churn label taken from
// the horizon after it. Every feature reads only rows dated on or before the cut-off day (UTC), the label
// only rows in (cut-off, cut-off + horizon], so a model trained on snapshots never sees the period it
// predicts. Transactions are indexed once (indexTransactions) and cut at many days (snapshotAt): the
// backtest builds a dozen snapshots of one file.
import { cellText, getColumn, isNumericColumn, type Column, type Table } from '../../data/table';

export const DAY_MS = 86_400_000;
/** Spend and order trends compare the last TREND_DAYS before the cut-off with the TREND_DAYS before those. */
export const TREND_DAYS = 90;
/** Category mix and event types: shares / counts of the most common values (the rest is left out). */
export const TOP_LEVELS = 5;

export interface TransactionColumns {
  customer: string;
  date: string;
  /** Spend per row; without it the spend features are left out. A negative amount is a return, not a purchase. */
  amount?: string;
  /** A product category per row: the category mix shares. */
  category?: string;
}

/** Customer attributes joined by key: only static columns belong here (a date column is left out). */
export interface CustomerAttributes {
  table: Table;
  key: string;
  /** Columns not to join (the customer file's own churn label, columns the user left out). */
  exclude?: string[];
}

/** Events per customer (support tickets, logins, a cancellation): counts before the cut-off. */
export interface CustomerEvents {
  table: Table;
  customer: string;
  date: string;
  /** The event type column: counts by type, and the churn event. */
  type?: string;
  /** Values of `type` that mean the customer left: one in the horizon labels them churned. */
  churnTypes?: string[];
}

export interface SnapshotOptions {
  /** The cut-off (epoch ms, any time of the day): features up to and including this UTC day. */
  cutoff: number;
  horizonDays: number;
  /** Only rows in the `windowDays` days up to the cut-off feed the features (default: all history). */
  windowDays?: number;
  /** The category levels that get a share column (default: the most common before the cut-off). */
  categories?: string[];
  /** The event types that get a count column (default: the most common before the cut-off). */
  eventTypes?: string[];
  customers?: CustomerAttributes;
  events?: CustomerEvents;
  /** Allow a label window that runs past the last transaction (default false: an error). */
  partialLabel?: boolean;
}

export interface Snapshot {
  /** Customer (id), features, `churned` (1 = no purchase or a churn event in the horizon). */
  table: Table;
  /** Cut-off and end of the label window (midnight UTC of those days). */
  cutoff: number;
  labelEnd: number;
  customers: number;
  churned: number;
  /** The category levels and event types given columns (pass them on to snapshots that must match). */
  categories: string[];
  eventTypes: string[];
  notes: string[];
}

/** Transactions grouped by customer, days ascending within each: what every snapshot reads. */
export interface IndexedTransactions {
  columns: TransactionColumns;
  names: string[];
  /** Rows of customer c are start[c] .. start[c + 1] - 1. */
  start: Int32Array;
  day: Int32Array;
  amount: Float64Array | null;
  /** Category code per row (-1 missing) and the levels. */
  category: Int32Array | null;
  levels: string[];
  firstDay: number;
  lastDay: number;
  /** Rows without a customer or a date (ignored). */
  skipped: number;
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Groups the rows by customer (first appearance order) and sorts each customer's rows by day. */
export function indexTransactions(tx: Table, columns: TransactionColumns): IndexedTransactions {
  const dateCol = getColumn(tx, columns.date);
  if (dateCol.type !== 'date' || !isNumericColumn(dateCol)) throw new Error(`Column "${columns.date}" must be a date column, it is ${dateCol.type}`);
  const amountCol = columns.amount === undefined ? null : getColumn(tx, columns.amount);
  if (amountCol && (!isNumericColumn(amountCol) || amountCol.type === 'date')) throw new Error(`Column "${columns.amount}" must be numeric, it is ${amountCol.type}`);
  const categoryCol = columns.category === undefined ? null : getColumn(tx, columns.category);
  const custCol = getColumn(tx, columns.customer);
  const index = new Map<string, number>();
  const names: string[] = [];
  const cust = new Int32Array(tx.rows).fill(-1);
  const dates = dateCol.values;
  let skipped = 0;
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let r = 0; r < tx.rows; r++) {
    const k = cellText(custCol, r);
    if (Number.isNaN(dates[r]) || k === '') {
      skipped++;
      continue;
    }
    let c = index.get(k);
    if (c === undefined) {
      c = names.length;
      index.set(k, c);
      names.push(k);
    }
    cust[r] = c;
    const d = dayOf(dates[r]);
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  if (names.length === 0) throw new Error(`No transactions with both a customer ("${columns.customer}") and a date ("${columns.date}")`);
  const n = tx.rows - skipped;
  const order = new Int32Array(n);
  for (let r = 0, k = 0; r < tx.rows; r++) if (cust[r] >= 0) order[k++] = r;
  order.sort((a, b) => cust[a] - cust[b] || dates[a] - dates[b]);
  const start = new Int32Array(names.length + 1);
  for (const r of order) start[cust[r] + 1]++;
  for (let c = 0; c < names.length; c++) start[c + 1] += start[c];
  const day = Int32Array.from(order, (r) => dayOf(dates[r]));
  const amount = amountCol && isNumericColumn(amountCol) ? Float64Array.from(order, (r) => amountCol.values[r]) : null;
  let category: Int32Array | null = null;
  const levels: string[] = [];
  if (categoryCol) {
    const codes = new Map<string, number>();
    category = Int32Array.from(order, (r) => {
      const v = cellText(categoryCol, r);
      if (v === '') return -1;
      let code = codes.get(v);
      if (code === undefined) {
        codes.set(v, (code = levels.length));
        levels.push(v);
      }
      return code;
    });
  }
  return { columns, names, start, day, amount, category, levels, firstDay: firstDay * DAY_MS, lastDay: lastDay * DAY_MS, skipped };
}

/** The `k` most common levels among rows on or before `lastDay` (ties: first seen). */
function topLevels(codes: Int32Array, days: Int32Array, levels: string[], lastDay: number, k: number): string[] {
  const counts = new Float64Array(levels.length);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0 && days[i] <= lastDay) counts[codes[i]]++;
  return levels
    .map((name, i) => ({ name, n: counts[i] }))
    .filter((l) => l.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, k)
    .map((l) => l.name);
}

/** Event rows grouped by customer name: day and type code. */
function eventsByCustomer(e: CustomerEvents): { byName: Map<string, number[]>; day: Int32Array; type: Int32Array; types: string[] } {
  const dateCol = getColumn(e.table, e.date);
  if (dateCol.type !== 'date' || !isNumericColumn(dateCol)) throw new Error(`Event column "${e.date}" must be a date column, it is ${dateCol.type}`);
  const custCol = getColumn(e.table, e.customer);
  const typeCol = e.type === undefined ? null : getColumn(e.table, e.type);
  const byName = new Map<string, number[]>();
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const day = new Int32Array(e.table.rows);
  const type = new Int32Array(e.table.rows).fill(-1);
  for (let r = 0; r < e.table.rows; r++) {
    const k = cellText(custCol, r);
    if (k === '' || Number.isNaN(dateCol.values[r])) continue;
    day[r] = dayOf(dateCol.values[r]);
    if (typeCol) {
      const t = cellText(typeCol, r);
      if (t !== '') {
        let code = typeIndex.get(t);
        if (code === undefined) {
          typeIndex.set(t, (code = types.length));
          types.push(t);
        }
        type[r] = code;
      }
    }
    let rows = byName.get(k);
    if (!rows) byName.set(k, (rows = []));
    rows.push(r);
  }
  return { byName, day, type, types };
}

const safeName = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '').slice(0, 40) || 'blank';

/** A snapshot of every customer with a purchase on or before the cut-off day. */
export function snapshot(tx: Table, columns: TransactionColumns, options: SnapshotOptions): Snapshot {
  return snapshotAt(indexTransactions(tx, columns), options);
}

export function snapshotAt(ix: IndexedTransactions, o: SnapshotOptions): Snapshot {
  const h = o.horizonDays;
  if (!(Number.isInteger(h) && h > 0)) throw new Error(`The horizon must be a whole number of days > 0, got ${h}`);
  if (!Number.isFinite(o.cutoff)) throw new Error(`The cut-off must be a date, got ${o.cutoff}`);
  if (o.windowDays !== undefined && !(o.windowDays > 0)) throw new Error(`The feature window must be > 0 days, got ${o.windowDays}`);
  const cut = dayOf(o.cutoff);
  const end = cut + h;
  const lastDay = dayOf(ix.lastDay);
  if (end > lastDay && !o.partialLabel) {
    throw new Error(`The label window ${isoDay((cut + 1) * DAY_MS)} to ${isoDay(end * DAY_MS)} runs past the last transaction (${isoDay(ix.lastDay)}): move the cut-off to ${isoDay((lastDay - h) * DAY_MS)} or earlier, or shorten the horizon`);
  }
  const from = o.windowDays === undefined ? -Infinity : cut - o.windowDays + 1;
  const categories = ix.category ? (o.categories ?? topLevels(ix.category, ix.day, ix.levels, cut, TOP_LEVELS)) : [];
  const catCode = new Map(ix.levels.map((l, i) => [l, i]));
  const catSlot = new Int32Array(ix.levels.length).fill(-1);
  categories.forEach((c, j) => {
    const code = catCode.get(c);
    if (code !== undefined) catSlot[code] = j;
  });

  const rows: number[] = [];
  const f = {
    recency: [] as number[],
    frequency: [] as number[],
    tenure: [] as number[],
    iptMean: [] as number[],
    iptTrend: [] as number[],
    ordersLast: [] as number[],
    ordersPrev: [] as number[],
    monetary: [] as number[],
    spendLast: [] as number[],
    spendPrev: [] as number[],
    shares: categories.map(() => [] as number[]),
    churned: [] as number[],
  };
  const { start, day, amount, category } = ix;
  for (let c = 0; c < ix.names.length; c++) {
    let first = -1;
    let last = -1;
    let prevDay = -1;
    let days = 0;
    let gapSum = 0;
    let lastGap = NaN;
    let ordersLast = 0;
    let ordersPrev = 0;
    let spend = 0;
    let spendLast = 0;
    let spendPrev = 0;
    let lines = 0;
    const catLines = new Float64Array(categories.length);
    let bought = false;
    for (let k = start[c]; k < start[c + 1]; k++) {
      const d = day[k];
      if (d < from) continue;
      const a = amount ? amount[k] : NaN;
      const purchase = !(a < 0);
      if (d > cut) {
        if (d <= end && purchase) bought = true;
        if (d > end) break;
        continue;
      }
      if (Number.isFinite(a)) {
        spend += a;
        if (d > cut - TREND_DAYS) spendLast += a;
        else if (d > cut - 2 * TREND_DAYS) spendPrev += a;
      }
      if (!purchase) continue;
      lines++;
      if (category && category[k] >= 0 && catSlot[category[k]] >= 0) catLines[catSlot[category[k]]]++;
      if (d === prevDay) continue;
      // A new purchase day.
      if (first < 0) first = d;
      else {
        lastGap = d - prevDay;
        gapSum += lastGap;
      }
      prevDay = last = d;
      days++;
      if (d > cut - TREND_DAYS) ordersLast++;
      else if (d > cut - 2 * TREND_DAYS) ordersPrev++;
    }
    if (days === 0) continue;
    rows.push(c);
    f.recency.push(cut - last);
    f.frequency.push(days);
    f.tenure.push(cut - first);
    // Mean gap between purchase days; trend = the last gap minus the mean of the earlier ones (> 0: slowing down).
    f.iptMean.push(days >= 2 ? gapSum / (days - 1) : NaN);
    f.iptTrend.push(days >= 3 ? lastGap - (gapSum - lastGap) / (days - 2) : NaN);
    f.ordersLast.push(ordersLast);
    f.ordersPrev.push(ordersPrev);
    f.monetary.push(spend);
    f.spendLast.push(spendLast);
    f.spendPrev.push(spendPrev);
    categories.forEach((_, j) => f.shares[j].push(lines > 0 ? catLines[j] / lines : 0));
    f.churned.push(bought ? 0 : 1);
  }
  const n = rows.length;
  if (n === 0) {
    throw new Error(
      `No purchases on or before the cut-off ${isoDay(cut * DAY_MS)}: the data runs from ${isoDay(ix.firstDay)} to ${isoDay(ix.lastDay)} ` +
        `(${Math.round((ix.lastDay - ix.firstDay) / DAY_MS)} days), and a churn label needs purchases before a ${h}-day window that ends at the as-of date. Move the cut-off later, shorten the horizon, or use a longer history.`,
    );
  }
  const names = rows.map((c) => ix.names[c]);
  const num = (name: string, type: 'integer' | 'number', v: number[]): Column => ({ name, type, values: Float64Array.from(v) });
  const columns: Column[] = [
    { name: 'customer', type: 'id', codes: Int32Array.from({ length: n }, (_, i) => i), dictionary: names },
    num('recency_days', 'integer', f.recency),
    num('frequency', 'integer', f.frequency),
    num('tenure_days', 'integer', f.tenure),
    num('ipt_mean_days', 'number', f.iptMean),
    num('ipt_trend_days', 'number', f.iptTrend),
    num(`orders_last_${TREND_DAYS}d`, 'integer', f.ordersLast),
    num(`orders_prev_${TREND_DAYS}d`, 'integer', f.ordersPrev),
  ];
  if (amount) {
    columns.push(num('monetary', 'number', f.monetary));
    columns.push(num('avg_order_value', 'number', f.monetary.map((m, i) => m / f.frequency[i])));
    columns.push(num(`spend_last_${TREND_DAYS}d`, 'number', f.spendLast));
    columns.push(num(`spend_prev_${TREND_DAYS}d`, 'number', f.spendPrev));
    columns.push(num('spend_trend', 'number', f.spendLast.map((s, i) => s - f.spendPrev[i])));
  }
  categories.forEach((c, j) => columns.push(num(`share_${safeName(c)}`, 'number', f.shares[j])));

  const notes: string[] = [];
  let eventTypes: string[] = [];
  const gone = new Uint8Array(n);
  if (o.events) {
    const ev = eventsByCustomer(o.events);
    eventTypes = o.eventTypes ?? (o.events.type ? topLevels(ev.type, ev.day, ev.types, cut, TOP_LEVELS) : []);
    const churnCodes = new Set((o.events.churnTypes ?? []).map((t) => ev.types.indexOf(t)).filter((i) => i >= 0));
    const slot = new Map(eventTypes.map((t, j) => [ev.types.indexOf(t), j]));
    const total = new Float64Array(n);
    const byType = eventTypes.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      for (const r of ev.byName.get(names[i]) ?? []) {
        const d = ev.day[r];
        if (d <= cut && d >= from) {
          total[i]++;
          const j = slot.get(ev.type[r]);
          if (j !== undefined) byType[j][i]++;
          if (churnCodes.has(ev.type[r])) gone[i] = 1;
        } else if (d > cut && d <= end && churnCodes.has(ev.type[r])) f.churned[i] = 1;
      }
    }
    columns.push({ name: 'events', type: 'integer', values: total });
    eventTypes.forEach((t, j) => columns.push({ name: `events_${safeName(t)}`, type: 'integer', values: byType[j] }));
  }
  if (o.customers) joinAttributes(columns, names, o.customers, notes);
  columns.push({ name: 'churned', type: 'boolean', values: Float64Array.from(f.churned) });

  let table: Table = { rows: n, columns };
  let left = 0;
  for (const g of gone) left += g;
  if (left > 0) {
    // Customers whose churn event came before the cut-off have already left: nothing to predict.
    const keep = Int32Array.from(Array.from(gone).flatMap((g, i) => (g ? [] : [i])));
    table = takeRows(table, keep);
    notes.push(`${left} customers with a churn event on or before the cut-off are left out (already gone).`);
  }
  let churned = 0;
  const label = (getColumn(table, 'churned') as Column & { values: Float64Array }).values;
  for (const v of label) churned += v;
  return { table, cutoff: cut * DAY_MS, labelEnd: end * DAY_MS, customers: table.rows, churned, categories, eventTypes, notes };
}

/** Adds the attributes of each snapshot customer (by key); a date column is left out as possibly after the cut-off. */
function joinAttributes(columns: Column[], names: string[], attrs: CustomerAttributes, notes: string[]): void {
  const keyCol = getColumn(attrs.table, attrs.key);
  const rowOf = new Map<string, number>();
  for (let r = 0; r < attrs.table.rows; r++) {
    const k = cellText(keyCol, r);
    if (k !== '' && !rowOf.has(k)) rowOf.set(k, r);
  }
  const at = Int32Array.from(names, (k) => rowOf.get(k) ?? -1);
  let matched = 0;
  for (const r of at) if (r >= 0) matched++;
  const taken = new Set(columns.map((c) => c.name).concat('churned'));
  const skippedDates: string[] = [];
  for (const c of attrs.table.columns) {
    if (c.name === attrs.key || attrs.exclude?.includes(c.name)) continue;
    if (c.type === 'date') {
      skippedDates.push(c.name);
      continue;
    }
    const name = taken.has(c.name) ? `attr_${c.name}` : c.name;
    taken.add(name);
    if (isNumericColumn(c)) columns.push({ name, type: c.type, values: Float64Array.from(at, (r) => (r >= 0 ? c.values[r] : NaN)) });
    else columns.push({ name, type: c.type, codes: Int32Array.from(at, (r) => (r >= 0 ? c.codes[r] : -1)), dictionary: c.dictionary });
  }
  notes.push(`Customer attributes: ${matched} of ${names.length} customers found in the customer table by "${attrs.key}".`);
  if (skippedDates.length) notes.push(`Date columns of the customer table are left out (their values may come after the cut-off): ${skippedDates.join(', ')}.`);
}

function takeRows(t: Table, keep: Int32Array): Table {
  return {
    rows: keep.length,
    columns: t.columns.map((c): Column => {
      if (isNumericColumn(c)) return { ...c, values: Float64Array.from(keep, (r) => c.values[r]) };
      return { ...c, codes: Int32Array.from(keep, (r) => c.codes[r]) };
    }),
  };
}

/** How a snapshot was built, in words: "features up to 2025-06-30, label from the 90 days after". */
export function snapshotNotes(s: Snapshot, horizonDays: number, amount: string | undefined, windowDays?: number): string[] {
  const pct = s.customers ? ((100 * s.churned) / s.customers).toFixed(1) : '0';
  return [
    `Features up to ${isoDay(s.cutoff)}, label from the ${horizonDays} days after (${isoDay(s.cutoff + DAY_MS)} to ${isoDay(s.labelEnd)}): "churned" = no purchase in them.`,
    `Features use only ${windowDays === undefined ? 'purchases' : `purchases in the ${windowDays} days`} up to and including ${isoDay(s.cutoff)}, so nothing comes from the period being predicted.`,
    `recency_days = days from the last purchase to the cut-off; frequency = distinct purchase days; tenure_days = days since the first purchase; ` +
      `ipt_mean_days = mean days between purchase days (ipt_trend_days: the last gap minus the earlier mean); orders_last_${TREND_DAYS}d / orders_prev_${TREND_DAYS}d = purchase days in the last ${TREND_DAYS} days and the ${TREND_DAYS} before` +
      (amount ? `; monetary = total ${amount}; avg_order_value = monetary / frequency; spend_trend = spend in the last ${TREND_DAYS} days minus the ${TREND_DAYS} before.` : '.') +
      (s.categories.length ? ` share_* = share of purchase lines in each of the ${s.categories.length} most common categories.` : ''),
    `${s.customers} customers bought on or before the cut-off; ${s.churned} (${pct}%) did not buy again in the horizon. Customers whose first purchase is after the cut-off are left out.`,
    ...s.notes,
  ];
}
