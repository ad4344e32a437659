// Derives a churn label and features from raw transactions, for data with no churn column.
// Time is split at a cut-off: features come only from purchases on or before it, the label only
// from the horizon after it, so nothing the model sees comes from the period it predicts.
import { cellText, getColumn, isNumericColumn, type Column, type Table } from '../../data/table';

const DAY_MS = 86_400_000;

export interface DeriveLabelOptions {
  customer: string;
  date: string;
  /** Spend per transaction; without it monetary features are left out. */
  amount?: string;
  /** End of the label window (epoch ms). */
  asOf: number;
  /** Label = no purchase in the `horizonDays` days before `asOf`, i.e. in (cutoff, asOf]. */
  horizonDays: number;
  /** Only purchases in the `windowDays` days up to the cut-off feed the features (default: all history). */
  windowDays?: number;
}

export interface DerivedLabel {
  /** One row per customer active in the feature window: customer, features and `churned`. */
  table: Table;
  cutoff: number;
  asOf: number;
  customers: number;
  churned: number;
  /** How the label and features were built, in words for the user. */
  notes: string[];
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function keyOf(c: Column): (row: number) => string {
  return (row) => cellText(c, row);
}

export function deriveChurnLabel(tx: Table, opts: DeriveLabelOptions): DerivedLabel {
  const { horizonDays, asOf, windowDays } = opts;
  if (!(horizonDays > 0 && Number.isFinite(horizonDays))) throw new Error(`horizonDays must be > 0, got ${horizonDays}`);
  if (!Number.isFinite(asOf)) throw new Error(`asOf must be a date (epoch ms), got ${asOf}`);
  if (windowDays !== undefined && !(windowDays > 0)) throw new Error(`windowDays must be > 0, got ${windowDays}`);
  const dateCol = getColumn(tx, opts.date);
  if (dateCol.type !== 'date' || !isNumericColumn(dateCol)) throw new Error(`Column "${opts.date}" must be a date column, it is ${dateCol.type}`);
  const amountCol = opts.amount === undefined ? null : getColumn(tx, opts.amount);
  if (amountCol && (!isNumericColumn(amountCol) || amountCol.type === 'date')) throw new Error(`Column "${opts.amount}" must be numeric, it is ${amountCol.type}`);
  const key = keyOf(getColumn(tx, opts.customer));
  const dates = dateCol.values;

  let last = -Infinity;
  for (const d of dates) if (d > last) last = d;
  if (asOf > last) throw new Error(`asOf ${isoDay(asOf)} is after the last transaction (${isoDay(last)}): the label window would be incomplete`);
  const cutoff = asOf - horizonDays * DAY_MS;
  const windowStart = windowDays === undefined ? -Infinity : cutoff - windowDays * DAY_MS;

  const index = new Map<string, number>();
  const names: string[] = [];
  const first: number[] = [];
  const lastBuy: number[] = [];
  const spend: number[] = [];
  const dayKeys: number[] = [];
  const custIdx: number[] = [];
  let skipped = 0;
  for (let r = 0; r < tx.rows; r++) {
    const d = dates[r];
    const k = key(r);
    if (Number.isNaN(d) || k === '') {
      skipped++;
      continue;
    }
    if (d > cutoff || d < windowStart) continue;
    let c = index.get(k);
    if (c === undefined) {
      c = names.length;
      index.set(k, c);
      names.push(k);
      first.push(d);
      lastBuy.push(d);
      spend.push(0);
    }
    if (d < first[c]) first[c] = d;
    if (d > lastBuy[c]) lastBuy[c] = d;
    const a = amountCol ? (amountCol as Column & { values: Float64Array }).values[r] : NaN;
    if (!Number.isNaN(a)) spend[c] += a;
    custIdx.push(c);
    dayKeys.push(Math.floor(d / DAY_MS));
  }
  const n = names.length;
  if (n === 0) {
    let firstDay = Infinity;
    for (const d of dates) if (d < firstDay) firstDay = d;
    const span = Math.round((last - firstDay) / DAY_MS);
    throw new Error(
      `No purchases on or before the cut-off ${isoDay(cutoff)}: the data runs from ${isoDay(firstDay)} to ${isoDay(last)} (${span} days), ` +
        `and a churn label needs purchases before a ${horizonDays}-day window that ends at the as-of date. Shorten the window, move the as-of date, or use a longer history.`,
    );
  }

  // Orders = distinct purchase days per customer (several lines on one day are one visit).
  const orders = new Float64Array(n);
  const pairs = Float64Array.from(custIdx, (c, i) => c * 1e6 + (dayKeys[i] + 500_000));
  pairs.sort();
  for (let i = 0; i < pairs.length; i++) if (i === 0 || pairs[i] !== pairs[i - 1]) orders[Math.floor(pairs[i] / 1e6)]++;

  const bought = new Uint8Array(n);
  for (let r = 0; r < tx.rows; r++) {
    const d = dates[r];
    if (!(d > cutoff && d <= asOf)) continue;
    const c = index.get(key(r));
    if (c !== undefined) bought[c] = 1;
  }
  let churned = 0;
  for (const b of bought) if (!b) churned++;

  const col = (name: string, type: 'integer' | 'number' | 'boolean', f: (c: number) => number): Column => ({ name, type, values: Float64Array.from({ length: n }, (_, c) => f(c)) });
  const columns: Column[] = [
    { name: 'customer', type: 'id', codes: Int32Array.from({ length: n }, (_, c) => c), dictionary: names },
    col('recency_days', 'integer', (c) => Math.round((cutoff - lastBuy[c]) / DAY_MS)),
    col('frequency', 'integer', (c) => orders[c]),
    col('tenure_days', 'integer', (c) => Math.round((cutoff - first[c]) / DAY_MS)),
  ];
  if (amountCol) {
    columns.push(col('monetary', 'number', (c) => spend[c]));
    columns.push(col('avg_order_value', 'number', (c) => spend[c] / orders[c]));
  }
  columns.push(col('churned', 'boolean', (c) => (bought[c] ? 0 : 1)));

  const window = windowDays === undefined ? 'all purchases' : `purchases in the ${windowDays} days`;
  const notes = [
    `Label "churned" = no purchase in the ${horizonDays} days from ${isoDay(cutoff + DAY_MS)} to ${isoDay(asOf)} (after the cut-off ${isoDay(cutoff)}).`,
    `Features use only ${window} up to and including ${isoDay(cutoff)}, so nothing comes from the period being predicted.`,
    `recency_days = days from the last purchase to the cut-off; frequency = distinct purchase days; tenure_days = days since the first purchase` +
      (amountCol ? `; monetary = total ${opts.amount}; avg_order_value = monetary / frequency.` : '.'),
    `${n} customers bought in the feature window; ${churned} (${((100 * churned) / n).toFixed(1)}%) did not buy again in the horizon. Customers whose first purchase is after the cut-off are left out.`,
  ];
  if (skipped) notes.push(`${skipped} transactions without a date or customer were ignored.`);
  return { table: { rows: n, columns }, cutoff, asOf, customers: n, churned, notes };
}
