// Per-customer recency, frequency, monetary value, tenure and average order value from a
// transactions table, with quintile scores and the named RFM segments. Typed arrays throughout
// (one counting sort by day, no per-row objects): a million rows take a fraction of a second.
import type { Column, Table } from '../../data/table';
import { cellText, getColumn, isCategoricalColumn, isNumericColumn } from '../../data/table';
import { quintileScores } from './scores';
import type { SegmentSummary } from './segments';
import { fmScore, segmentIndex, summarizeSegments } from './segments';

const DAY = 86_400_000;

export interface RfmOptions {
  customer: string;
  date: string;
  /** Line amount (money). Either amount, or price together with quantity. */
  amount?: string;
  /** Unit price: the line amount is quantity x price. */
  price?: string;
  quantity?: string;
  /** Invoice ids starting with "C" are cancellations (as in UCI Online Retail). */
  invoice?: string;
  /** 'YYYY-MM-DD' or epoch ms (UTC). Default: the day after the last transaction. */
  asOf?: string | number;
}

export interface RfmCounts {
  rows: number;
  used: number;
  missingCustomer: number;
  missingDate: number;
  missingAmount: number;
  /** Returns and cancellations among the used rows. */
  returns: number;
  afterAsOf: number;
  /** Customers left out because they have returns but no purchase before asOf. */
  returnOnlyCustomers: number;
}

export interface RfmResult {
  customers: number;
  customerIds: string[];
  /** Days from the last purchase day to asOf. */
  recency: Float64Array;
  /** Distinct purchase days. */
  frequency: Float64Array;
  /** Net amount: purchases minus returns. */
  monetary: Float64Array;
  /** Days from the first purchase day to asOf. */
  tenure: Float64Array;
  /** monetary / frequency. */
  aov: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  fm: Uint8Array;
  /** Index into RFM_SEGMENTS. */
  segment: Uint8Array;
  segments: SegmentSummary[];
  /** asOf as 'YYYY-MM-DD'. */
  asOf: string;
  counts: RfmCounts;
  notes: string[];
}

export function computeRfm(table: Table, opts: RfmOptions): RfmResult {
  const n = table.rows;
  const customerCol = getColumn(table, opts.customer);
  const days = readDays(getColumn(table, opts.date));
  const amountOf = amountReader(table, opts);
  const qty = opts.quantity ? numericValues(getColumn(table, opts.quantity), 'quantity') : null;
  const cancelled = opts.invoice ? cancelledInvoices(getColumn(table, opts.invoice)) : null;
  const { index: custOf, ids } = customerIndex(customerCol);
  const counts: RfmCounts = {
    rows: n,
    used: 0,
    missingCustomer: 0,
    missingDate: 0,
    missingAmount: 0,
    returns: 0,
    afterAsOf: 0,
    returnOnlyCustomers: 0,
  };

  let lastDay = -Infinity;
  for (let i = 0; i < n; i++) if (custOf[i] >= 0 && days.values[i] > lastDay) lastDay = days.values[i];
  const asOfDay = opts.asOf === undefined ? lastDay + 1 : parseAsOf(opts.asOf);
  if (!Number.isFinite(asOfDay)) throw new Error('No transaction has both a customer id and a date');

  // Rows that count, their day and signed amount; returns are flagged.
  const nc = ids.length;
  const monetary = new Float64Array(nc);
  const used = new Uint8Array(nc);
  const rowDay = new Int32Array(n);
  const isPurchase = new Uint8Array(n);
  let minDay = Infinity;
  let maxDay = -Infinity;
  let flippedSign = 0;
  for (let i = 0; i < n; i++) {
    const c = custOf[i];
    if (c < 0) {
      counts.missingCustomer++;
      continue;
    }
    const day = days.values[i];
    if (Number.isNaN(day)) {
      counts.missingDate++;
      continue;
    }
    if (day >= asOfDay) {
      counts.afterAsOf++;
      continue;
    }
    let amount = amountOf(i);
    if (Number.isNaN(amount)) {
      counts.missingAmount++;
      continue;
    }
    const isReturn = amount < 0 || (qty !== null && qty[i] < 0) || (cancelled !== null && cancelled[i] === 1);
    if (isReturn) {
      counts.returns++;
      if (amount > 0) {
        amount = -amount;
        flippedSign++;
      }
    } else {
      isPurchase[i] = 1;
      rowDay[i] = day;
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
    monetary[c] += amount;
    used[c] = 1;
    counts.used++;
  }

  const frequency = new Float64Array(nc);
  const firstDay = new Float64Array(nc).fill(Infinity);
  const lastPurchase = new Float64Array(nc).fill(-Infinity);
  if (maxDay >= minDay) countPurchaseDays(custOf, rowDay, isPurchase, minDay, maxDay, frequency, firstDay, lastPurchase);

  // Keep customers with at least one purchase.
  const keep: number[] = [];
  for (let c = 0; c < nc; c++) {
    if (frequency[c] > 0) keep.push(c);
    else if (used[c]) counts.returnOnlyCustomers++;
  }
  const m = keep.length;
  const out = {
    customerIds: new Array<string>(m),
    recency: new Float64Array(m),
    frequency: new Float64Array(m),
    monetary: new Float64Array(m),
    tenure: new Float64Array(m),
    aov: new Float64Array(m),
  };
  let nonPositive = 0;
  for (let j = 0; j < m; j++) {
    const c = keep[j];
    out.customerIds[j] = ids[c];
    out.recency[j] = asOfDay - lastPurchase[c];
    out.frequency[j] = frequency[c];
    out.monetary[j] = monetary[c];
    out.tenure[j] = asOfDay - firstDay[c];
    out.aov[j] = monetary[c] / frequency[c];
    if (monetary[c] <= 0) nonPositive++;
  }

  const r = quintileScores(out.recency, true);
  const f = quintileScores(out.frequency);
  const mScore = quintileScores(out.monetary);
  const fm = new Uint8Array(m);
  const segment = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    fm[j] = fmScore(f[j], mScore[j]);
    segment[j] = segmentIndex(r[j], fm[j]);
  }

  const notes = buildNotes(counts, opts, days.yyyymmdd, flippedSign, nonPositive);
  return {
    customers: m,
    ...out,
    r,
    f,
    m: mScore,
    fm,
    segment,
    segments: summarizeSegments(segment, out.monetary),
    asOf: new Date(asOfDay * DAY).toISOString().slice(0, 10),
    counts,
    notes,
  };
}

/**
 * Distinct purchase days, first and last purchase day per customer. A counting sort of the
 * purchase rows by day lets one pass see each customer's days in order, so a day is new exactly
 * when it differs from the last one seen for that customer.
 */
function countPurchaseDays(
  custOf: Int32Array,
  rowDay: Int32Array,
  isPurchase: Uint8Array,
  minDay: number,
  maxDay: number,
  frequency: Float64Array,
  firstDay: Float64Array,
  lastDay: Float64Array,
): void {
  const range = maxDay - minDay + 1;
  if (range > 50_000_000) throw new Error(`Purchase dates span ${range} days; check the date column`);
  const start = new Int32Array(range + 1);
  let purchases = 0;
  for (let i = 0; i < rowDay.length; i++) {
    if (isPurchase[i]) {
      start[rowDay[i] - minDay + 1]++;
      purchases++;
    }
  }
  for (let b = 1; b <= range; b++) start[b] += start[b - 1];
  const order = new Int32Array(purchases);
  for (let i = 0; i < rowDay.length; i++) if (isPurchase[i]) order[start[rowDay[i] - minDay]++] = i;
  for (let p = 0; p < purchases; p++) {
    const i = order[p];
    const c = custOf[i];
    const day = rowDay[i];
    if (lastDay[c] !== day) {
      frequency[c]++;
      if (day < firstDay[c]) firstDay[c] = day;
      lastDay[c] = day;
    }
  }
}

/** Day numbers (days since 1970-01-01 UTC) of a date column, or of YYYYMMDD integers. */
function readDays(col: Column): { values: Float64Array; yyyymmdd: string | null } {
  if (!isNumericColumn(col)) throw new Error(`Date column "${col.name}" is ${col.type}, not a date`);
  const out = new Float64Array(col.values.length);
  if (col.type === 'date') {
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(col.values[i] / DAY);
    return { values: out, yyyymmdd: null };
  }
  if (col.type === 'integer') {
    for (let i = 0; i < out.length; i++) {
      const v = col.values[i];
      if (Number.isNaN(v)) {
        out[i] = NaN;
        continue;
      }
      const y = Math.floor(v / 10_000);
      const mo = Math.floor(v / 100) % 100;
      const d = v % 100;
      if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) {
        throw new Error(`Date column "${col.name}" holds integers that are not YYYYMMDD dates (e.g. ${v})`);
      }
      out[i] = Date.UTC(y, mo - 1, d) / DAY;
    }
    return { values: out, yyyymmdd: col.name };
  }
  throw new Error(`Date column "${col.name}" is ${col.type}, not a date`);
}

function numericValues(col: Column, role: string): Float64Array {
  if (!isNumericColumn(col) || col.type === 'date') throw new Error(`The ${role} column "${col.name}" is ${col.type}, not a number`);
  return col.values;
}

function amountReader(table: Table, opts: RfmOptions): (i: number) => number {
  if (opts.amount) {
    const a = numericValues(getColumn(table, opts.amount), 'amount');
    return (i) => a[i];
  }
  if (opts.price && opts.quantity) {
    const p = numericValues(getColumn(table, opts.price), 'price');
    const q = numericValues(getColumn(table, opts.quantity), 'quantity');
    return (i) => p[i] * q[i];
  }
  throw new Error('RFM needs an amount column, or a price column together with a quantity column');
}

/** 1 where the invoice id starts with "C" (a cancellation), else 0. */
function cancelledInvoices(col: Column): Uint8Array {
  const out = new Uint8Array(isNumericColumn(col) ? col.values.length : col.codes.length);
  if (!isCategoricalColumn(col)) return out;
  const flags = col.dictionary.map((s) => (s.startsWith('C') || s.startsWith('c') ? 1 : 0));
  for (let i = 0; i < out.length; i++) {
    const code = col.codes[i];
    if (code >= 0) out[i] = flags[code];
  }
  return out;
}

/** Compact customer index per row (-1 = missing id) and the id text of each customer. */
function customerIndex(col: Column): { index: Int32Array; ids: string[] } {
  const ids: string[] = [];
  if (isCategoricalColumn(col)) {
    const index = new Int32Array(col.codes.length);
    const byCode = new Int32Array(col.dictionary.length).fill(-1);
    for (let i = 0; i < index.length; i++) {
      const code = col.codes[i];
      if (code < 0 || col.dictionary[code].trim() === '') {
        index[i] = -1;
        continue;
      }
      if (byCode[code] < 0) {
        byCode[code] = ids.length;
        ids.push(col.dictionary[code]);
      }
      index[i] = byCode[code];
    }
    return { index, ids };
  }
  const index = new Int32Array(col.values.length);
  const byValue = new Map<number, number>();
  for (let i = 0; i < index.length; i++) {
    const v = col.values[i];
    if (Number.isNaN(v)) {
      index[i] = -1;
      continue;
    }
    let c = byValue.get(v);
    if (c === undefined) {
      c = ids.length;
      byValue.set(v, c);
      ids.push(cellText(col, i));
    }
    index[i] = c;
  }
  return { index, ids };
}

function parseAsOf(asOf: string | number): number {
  if (typeof asOf === 'number') {
    if (!Number.isFinite(asOf)) throw new Error(`asOf must be a date, got ${asOf}`);
    return Math.floor(asOf / DAY);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf.trim());
  if (!m) throw new Error(`asOf must be YYYY-MM-DD, got "${asOf}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== asOf.trim()) throw new Error(`asOf is not a real date: "${asOf}"`);
  return ms / DAY;
}

function buildNotes(c: RfmCounts, opts: RfmOptions, yyyymmdd: string | null, flipped: number, nonPositive: number): string[] {
  const notes: string[] = [];
  if (yyyymmdd) notes.push(`Dates in "${yyyymmdd}" were read as YYYYMMDD numbers.`);
  if (!opts.amount) notes.push(`Line amounts are ${opts.quantity} x ${opts.price}.`);
  if (c.missingCustomer) notes.push(`${c.missingCustomer} rows without a customer id were excluded.`);
  if (c.missingDate) notes.push(`${c.missingDate} rows without a date were excluded.`);
  if (c.missingAmount) notes.push(`${c.missingAmount} rows without an amount were excluded.`);
  if (c.afterAsOf) notes.push(`${c.afterAsOf} rows on or after the as-of date were excluded.`);
  if (c.returns) {
    const how = ['negative amount', opts.quantity ? 'negative quantity' : '', opts.invoice ? 'invoice starting with "C"' : '']
      .filter(Boolean)
      .join(', ');
    notes.push(
      `${c.returns} return or cancellation rows (${how}) net against monetary value but do not count as purchase days.`,
    );
  }
  if (flipped) notes.push(`${flipped} return rows had a positive amount; it was counted as negative.`);
  if (c.returnOnlyCustomers) {
    notes.push(`${c.returnOnlyCustomers} customers with returns but no purchase before the as-of date were left out.`);
  }
  if (nonPositive) notes.push(`${nonPositive} customers have a net monetary value of 0 or less (returns cover their purchases).`);
  notes.push('Scores are quintiles that keep ties together: equal values always share a score, so a feature where most customers tie (e.g. one purchase) may not use all five scores.');
  return notes;
}
