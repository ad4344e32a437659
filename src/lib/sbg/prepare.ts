// Lifetimes per customer from a table: periods so far plus a churn flag (telco: tenure, Churn = Yes), or
// subscription start/end dates (end empty = active). Then grouped by period for the likelihood.
import { cellText, getColumn, isNumericColumn, type Table } from '../data/table';
import type { SbgData } from '../models/sbg/sbg';
import type { SbgCustomers, SbgPeriod, SbgRequest, SbgSource } from './types';

/** Values that mean "left" when no event value is given (compared case-insensitively). */
const CHURN_WORDS = new Set(['yes', 'y', 'true', '1', 'churned', 'churn', 'left', 'cancelled', 'canceled']);
const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0']);

/** The columns a request reads. */
export function sbgColumns(request: SbgRequest): string[] {
  const s = request.source;
  const names = s.kind === 'tenure' ? [s.customer, s.tenure, s.event] : s.kind === 'dates' ? [s.customer, s.start, s.end] : [];
  return [...new Set([...names, request.valueColumn].filter((n): n is string => Boolean(n)))];
}

function ids(table: Table, customer: string | undefined): (r: number) => string {
  if (!customer) return (r) => String(r + 1);
  const c = getColumn(table, customer);
  return (r) => cellText(c, r);
}

/** A numeric column's values; a category of numbers (a price with three tiers reads as one) is read as its numbers. */
function numbers(table: Table, name: string, what: string): Float64Array {
  const c = getColumn(table, name);
  if (isNumericColumn(c)) return c.values;
  const dict = c.dictionary.map((t) => (t.trim() === '' ? NaN : Number(t)));
  const bad = c.dictionary.find((t, i) => t.trim() !== '' && !Number.isFinite(dict[i]));
  if (bad !== undefined) throw new Error(`The ${what} column "${name}" is not numeric (it is ${c.type}, e.g. "${bad}").`);
  return Float64Array.from(c.codes, (k) => (k < 0 ? NaN : dict[k]));
}

class Collector {
  ids: string[] = [];
  tenure: number[] = [];
  active: number[] = [];
  value: number[] = [];
  skippedRows = 0;
  reasons = new Map<string, number>();
  skip(reason: string) {
    this.skippedRows++;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }
  result(withValue: boolean): SbgCustomers {
    return {
      ids: this.ids,
      tenure: Int32Array.from(this.tenure),
      active: Uint8Array.from(this.active),
      value: withValue ? Float64Array.from(this.value) : null,
      skipped: { rows: this.skippedRows, reasons: [...this.reasons].map(([r, n]) => `${n.toLocaleString('en')} ${r}`) },
    };
  }
}

/** Whole calendar months from a to b (UTC), and whether b falls exactly on a monthly anniversary. */
function monthsBetween(a: number, b: number): { whole: number; exact: boolean } {
  const da = new Date(a);
  const db = new Date(b);
  let whole = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + (db.getUTCMonth() - da.getUTCMonth());
  const anniversary = Date.UTC(da.getUTCFullYear(), da.getUTCMonth() + whole, da.getUTCDate(), da.getUTCHours(), da.getUTCMinutes(), da.getUTCSeconds());
  if (anniversary > b) whole--;
  const at = Date.UTC(da.getUTCFullYear(), da.getUTCMonth() + whole, da.getUTCDate(), da.getUTCHours(), da.getUTCMinutes(), da.getUTCSeconds());
  return { whole, exact: at === b };
}

/** Periods from start to end: whole periods elapsed and whether end is exactly on a period boundary. */
export function periodsBetween(start: number, end: number, period: SbgPeriod): { whole: number; exact: boolean } {
  if (period === 'week') {
    const w = (end - start) / (7 * 86_400_000);
    return { whole: Math.floor(w), exact: Number.isInteger(w) };
  }
  const m = monthsBetween(start, end);
  if (period === 'month') return m;
  return { whole: Math.floor(m.whole / 12), exact: m.exact && m.whole % 12 === 0 };
}

/** Lifetimes from a tenure column and a churn flag. */
function fromTenure(table: Table, s: Extract<SbgSource, { kind: 'tenure' }>, value: Float64Array | null): SbgCustomers {
  const tenure = numbers(table, s.tenure, 'tenure');
  const event = getColumn(table, s.event);
  let want = s.eventValue?.trim().toLowerCase();
  // A yes/no column is stored as 1/0: "Yes" (or "No") typed for it means 1 (or 0), as the file said it.
  if (event.type === 'boolean' && want) want = TRUE_WORDS.has(want) ? '1' : FALSE_WORDS.has(want) ? '0' : want;
  const isChurn = (r: number) => {
    const v = cellText(event, r).trim().toLowerCase();
    return want !== undefined && want !== '' ? v === want : CHURN_WORDS.has(v);
  };
  const id = ids(table, s.customer);
  const out = new Collector();
  for (let r = 0; r < table.rows; r++) {
    const t = tenure[r];
    if (!Number.isFinite(t) || t < 0) {
      out.skip('rows without a tenure (missing or negative)');
      continue;
    }
    if (cellText(event, r) === '') {
      out.skip(`rows without a value in "${s.event}"`);
      continue;
    }
    const left = isChurn(r);
    // A churner was billed for at least one period; fractional tenures round up for churners (the period
    // they left in) and down for active customers (periods completed).
    const periods = left ? Math.max(1, Math.ceil(t)) : Math.floor(t);
    out.ids.push(id(r));
    out.tenure.push(periods);
    out.active.push(left ? 0 : 1);
    out.value.push(value ? value[r] : NaN);
  }
  return out.result(value !== null);
}

/** Lifetimes from start and end dates: a churner left in the period its end date falls in. */
function fromDates(table: Table, s: Extract<SbgSource, { kind: 'dates' }>, value: Float64Array | null): SbgCustomers {
  for (const name of [s.start, s.end]) {
    const type = getColumn(table, name).type;
    if (type !== 'date') throw new Error(`The column "${name}" holds ${type} values, not dates: set its type to date on the Data page.`);
  }
  const start = numbers(table, s.start, 'start date');
  const end = numbers(table, s.end, 'end date');
  let asOf = s.asOf ? Date.parse(`${s.asOf}T00:00:00Z`) : -Infinity;
  if (s.asOf && Number.isNaN(asOf)) throw new Error(`"${s.asOf}" is not a date (YYYY-MM-DD).`);
  if (!s.asOf) for (let r = 0; r < table.rows; r++) asOf = Math.max(asOf, Number.isNaN(start[r]) ? -Infinity : start[r], Number.isNaN(end[r]) ? -Infinity : end[r]);
  const id = ids(table, s.customer);
  const out = new Collector();
  for (let r = 0; r < table.rows; r++) {
    const a = start[r];
    const b = end[r];
    if (Number.isNaN(a)) {
      out.skip('rows without a start date');
      continue;
    }
    if (!Number.isNaN(b) && b < a) {
      out.skip('rows that end before they start');
      continue;
    }
    const left = !Number.isNaN(b) && b <= asOf;
    if (!left && a > asOf) {
      out.skip('rows that start after the as-of date');
      continue;
    }
    const p = periodsBetween(a, left ? b : asOf, s.period);
    out.ids.push(id(r));
    out.tenure.push(left ? Math.max(1, p.whole + (p.exact ? 0 : 1)) : p.whole);
    out.active.push(left ? 0 : 1);
    out.value.push(value ? value[r] : NaN);
  }
  return out.result(value !== null);
}

/** The customers of a table request (tenure or dates). */
export function customersFromTable(table: Table, request: SbgRequest): SbgCustomers {
  const value = request.valueColumn ? numbers(table, request.valueColumn, 'value per period') : null;
  const s = request.source;
  if (s.kind === 'tenure') return fromTenure(table, s, value);
  if (s.kind === 'dates') return fromDates(table, s, value);
  throw new Error('Typed counts need no table: use the alive counts directly.');
}

/** Lifetimes grouped by period for the likelihood. */
export function groupCustomers(c: SbgCustomers): SbgData {
  let last = 0;
  for (let i = 0; i < c.tenure.length; i++) last = Math.max(last, c.tenure[i]);
  const churned = new Float64Array(last + 1);
  const censored = new Float64Array(last + 1);
  for (let i = 0; i < c.tenure.length; i++) (c.active[i] ? censored : churned)[c.tenure[i]]++;
  return { churned, censored };
}
