// Per-customer frequency / recency / age / repeat spend from a transactions table (lifetimes'
// summary_data_from_transaction_data and calibration_and_holdout_data, by distinct purchase day).
//
// Definitions (all stated to the user):
// - Time is counted in whole UTC days; a unit of 'week' is 7 days and 'month' is 30.4375 days
//   (365.25 / 12), so recency and age are (days) / (days per unit).
// - A purchase day is a (customer, UTC day) with at least one row whose amount is not negative
//   (a zero amount is a purchase; rows with a missing amount still count as purchases).
// - frequency x = purchase days in the calibration period minus 1 (repeat purchase days);
//   recency t_x = last minus first purchase day; age T = calibration end minus first purchase day.
// - Spend: amounts are summed per purchase day, so a return (negative amount) nets against the
//   purchases of the same day. Returns on a day without any purchase are ignored (counted in the
//   report). zbar = mean day spend over the repeat purchase days (the first day excluded), 0 when x = 0.
// - Holdout: purchase days after the calibration end up to the observation end. Customers whose
//   first purchase falls after the calibration end are left out (counted in the report).
import { getColumn, isNumericColumn, type Column, type Table } from '../../data/table';

export type TimeUnit = 'day' | 'week' | 'month';

export const DAYS_PER_UNIT: Record<TimeUnit, number> = { day: 1, week: 7, month: 365.25 / 12 };

export const MS_PER_DAY = 86_400_000;

export interface SummaryOptions {
  customer: string;
  date: string;
  amount?: string;
  /** Units per line: with a unit price as `amount`, a line's spend is quantity x price (invoice line items). */
  quantity?: string;
  unit?: TimeUnit;
  /** Last day of the calibration period (epoch ms, any time that day); default: the last transaction day. */
  calibrationEnd?: number;
  /** Last day observed (epoch ms); default: the last transaction day. */
  observationEnd?: number;
}

export interface SummaryReport {
  rows: number;
  /** Rows skipped because the customer or the date was missing. */
  missingCustomer: number;
  missingDate: number;
  /** Rows of an already summarised table skipped for a missing frequency, recency or age. */
  missingValues: number;
  /** Rows with a negative amount, and those of them on a day with no purchase (ignored). */
  returnRows: number;
  ignoredReturnRows: number;
  /** Rows after the observation end (ignored). */
  rowsAfterObservationEnd: number;
  /** Customers whose first purchase is after the calibration end (not in the summary). */
  customersOnlyInHoldout: number;
}

export interface CustomerSummary {
  unit: TimeUnit;
  /** Customer labels, in order of first appearance in the table. */
  customers: string[];
  frequency: Float64Array;
  recency: Float64Array;
  age: Float64Array;
  /** Mean repeat-day spend (zbar); null when no amount column was given. */
  spend: Float64Array | null;
  /** Purchase days per customer after the calibration end; null when there is no holdout period. */
  holdout: { purchases: Float64Array; duration: number } | null;
  /**
   * Repeat purchase days of the summarised customers per day, calibration and holdout, from the earliest first
   * purchase (`firstDay`, days since 1970-01-01) to the observation end: the holdout tracking chart's actuals.
   * Absent for a summary read from per-customer columns.
   */
  repeatsByDay?: { firstDay: number; counts: Float64Array } | null;
  /** Calibration and observation end days (epoch ms, midnight UTC). */
  calibrationEnd: number;
  observationEnd: number;
  report: SummaryReport;
}

export function checkUnit(unit: string): TimeUnit {
  if (unit !== 'day' && unit !== 'week' && unit !== 'month') {
    throw new Error(`time unit must be day, week or month, got "${unit}"`);
  }
  return unit;
}

/** Dense customer indices in order of first appearance (-1 = missing) and their labels. */
export function customerIndex(column: Column): { index: Int32Array; labels: string[] } {
  const n = isNumericColumn(column) ? column.values.length : column.codes.length;
  const index = new Int32Array(n);
  const labels: string[] = [];
  if (isNumericColumn(column)) {
    const seen = new Map<number, number>();
    const v = column.values;
    for (let i = 0; i < n; i++) {
      const key = v[i];
      if (Number.isNaN(key)) {
        index[i] = -1;
        continue;
      }
      let c = seen.get(key);
      if (c === undefined) {
        c = labels.length;
        seen.set(key, c);
        labels.push(String(key));
      }
      index[i] = c;
    }
  } else {
    const remap = new Int32Array(column.dictionary.length).fill(-1);
    const codes = column.codes;
    for (let i = 0; i < n; i++) {
      const code = codes[i];
      if (code < 0) {
        index[i] = -1;
        continue;
      }
      let c = remap[code];
      if (c < 0) {
        c = remap[code] = labels.length;
        labels.push(column.dictionary[code]);
      }
      index[i] = c;
    }
  }
  return { index, labels };
}

export function dateValues(table: Table, name: string): Float64Array {
  const col = getColumn(table, name);
  if (col.type !== 'date') throw new Error(`column "${name}" must be a date column, got ${col.type}`);
  return col.values;
}

/** Each row's spend: the amount, or with a quantity column, quantity x amount (a new array; the table stays as stored). */
export function spendValues(table: Table, amount: string, quantity?: string): Float64Array {
  const values = amountValues(table, amount);
  if (!quantity) return values;
  const q = amountValues(table, quantity);
  return Float64Array.from(values, (p, i) => p * q[i]);
}

export function amountValues(table: Table, name: string): Float64Array {
  const col = getColumn(table, name);
  if (!isNumericColumn(col) || col.type === 'date') {
    throw new Error(`column "${name}" must be numeric to be used as an amount, got ${col.type}`);
  }
  return col.values;
}

/**
 * Rows grouped by customer (counting sort, O(n)), each group sorted by day. `start[c]..start[c+1]`
 * indexes `day` and `amount` for customer c.
 */
export function groupByCustomer(
  cust: Int32Array,
  days: Int32Array,
  amounts: Float64Array | null,
  customers: number,
): { start: Int32Array; day: Int32Array; amount: Float64Array | null } {
  const start = new Int32Array(customers + 1);
  for (let i = 0; i < cust.length; i++) if (cust[i] >= 0) start[cust[i] + 1]++;
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  const fill = start.slice(0, customers);
  const total = start[customers];
  const day = new Int32Array(total);
  const amount = amounts ? new Float64Array(total) : null;
  for (let i = 0; i < cust.length; i++) {
    const c = cust[i];
    if (c < 0) continue;
    const k = fill[c]++;
    day[k] = days[i];
    if (amount) amount[k] = amounts![i];
  }
  for (let c = 0; c < customers; c++) sortSegment(day, amount, start[c], start[c + 1]);
  return { start, day, amount };
}

function sortSegment(day: Int32Array, amount: Float64Array | null, lo: number, hi: number): void {
  let sorted = true;
  for (let i = lo + 1; i < hi; i++) {
    if (day[i] < day[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (hi - lo <= 32) {
    for (let i = lo + 1; i < hi; i++) {
      const d = day[i];
      const a = amount ? amount[i] : 0;
      let j = i - 1;
      while (j >= lo && day[j] > d) {
        day[j + 1] = day[j];
        if (amount) amount[j + 1] = amount[j];
        j--;
      }
      day[j + 1] = d;
      if (amount) amount[j + 1] = a;
    }
    return;
  }
  const order = Array.from({ length: hi - lo }, (_, k) => lo + k).sort((p, q) => day[p] - day[q]);
  const d = order.map((k) => day[k]);
  const a = amount ? order.map((k) => amount[k]) : null;
  for (let k = 0; k < order.length; k++) {
    day[lo + k] = d[k];
    if (amount && a) amount[lo + k] = a[k];
  }
}

export function summarizeTransactions(table: Table, options: SummaryOptions): CustomerSummary {
  const unit = checkUnit(options.unit ?? 'week');
  const dates = dateValues(table, options.date);
  const amounts = options.amount ? spendValues(table, options.amount, options.quantity) : null;
  const { index, labels } = customerIndex(getColumn(table, options.customer));
  const n = table.rows;
  const report: SummaryReport = {
    rows: n,
    missingCustomer: 0,
    missingDate: 0,
    missingValues: 0,
    returnRows: 0,
    ignoredReturnRows: 0,
    rowsAfterObservationEnd: 0,
    customersOnlyInHoldout: 0,
  };

  let maxMs = -Infinity;
  for (let i = 0; i < n; i++) if (dates[i] > maxMs) maxMs = dates[i];
  if (maxMs === -Infinity) throw new Error(`column "${options.date}" has no dates`);
  const lastDay = Math.floor(maxMs / MS_PER_DAY);
  const obsEnd = options.observationEnd === undefined ? lastDay : dayOf(options.observationEnd, 'observationEnd');
  const calEnd = options.calibrationEnd === undefined ? obsEnd : dayOf(options.calibrationEnd, 'calibrationEnd');
  if (calEnd > obsEnd) {
    throw new Error(`calibration end ${isoDay(calEnd)} is after the observation end ${isoDay(obsEnd)}`);
  }

  const days = new Int32Array(n);
  const cust = index;
  for (let i = 0; i < n; i++) {
    const t = dates[i];
    if (cust[i] < 0) {
      report.missingCustomer++;
    } else if (Number.isNaN(t)) {
      report.missingDate++;
      cust[i] = -1;
    } else {
      const d = Math.floor(t / MS_PER_DAY);
      if (d > obsEnd) {
        report.rowsAfterObservationEnd++;
        cust[i] = -1;
      }
      days[i] = d;
    }
    if (amounts && amounts[i] < 0 && cust[i] >= 0) report.returnRows++;
  }
  const groups = groupByCustomer(cust, days, amounts, labels.length);
  let minDay = obsEnd;
  for (let i = 0; i < n; i++) if (cust[i] >= 0 && days[i] < minDay) minDay = days[i];
  const repeatsByDay = new Float64Array(obsEnd - minDay + 1);
  let firstKeptDay = obsEnd + 1;

  const daysPerUnit = DAYS_PER_UNIT[unit];
  const m = labels.length;
  const frequency = new Float64Array(m);
  const recency = new Float64Array(m);
  const age = new Float64Array(m);
  const spend = amounts ? new Float64Array(m) : null;
  const holdout = new Float64Array(m);
  const keep = new Uint8Array(m);
  const { start, day, amount } = groups;

  for (let c = 0; c < m; c++) {
    let first = -1;
    let last = -1;
    let purchaseDays = 0;
    let repeatSpend = 0;
    let holdoutDays = 0;
    for (let k = start[c]; k < start[c + 1]; ) {
      const d = day[k];
      let isPurchase = !amount;
      let daySpend = 0;
      let returnsThisDay = 0;
      for (; k < start[c + 1] && day[k] === d; k++) {
        if (!amount) continue;
        const a = amount[k];
        if (!(a < 0)) isPurchase = true;
        else returnsThisDay++;
        if (Number.isFinite(a)) daySpend += a;
      }
      if (!isPurchase) {
        report.ignoredReturnRows += returnsThisDay;
        continue;
      }
      if (d > calEnd) {
        holdoutDays++;
        if (first >= 0) repeatsByDay[d - minDay]++;
        continue;
      }
      if (first < 0) first = d;
      else {
        repeatSpend += daySpend;
        repeatsByDay[d - minDay]++;
      }
      last = d;
      purchaseDays++;
    }
    if (first < 0) {
      if (start[c + 1] > start[c]) report.customersOnlyInHoldout += holdoutDays > 0 ? 1 : 0;
      continue;
    }
    keep[c] = 1;
    if (first < firstKeptDay) firstKeptDay = first;
    frequency[c] = purchaseDays - 1;
    recency[c] = (last - first) / daysPerUnit;
    age[c] = (calEnd - first) / daysPerUnit;
    if (spend) spend[c] = purchaseDays > 1 ? repeatSpend / (purchaseDays - 1) : 0;
    holdout[c] = holdoutDays;
  }

  const kept: number[] = [];
  for (let c = 0; c < m; c++) if (keep[c]) kept.push(c);
  const pick = (v: Float64Array) => Float64Array.from(kept, (c) => v[c]);
  return {
    unit,
    customers: kept.map((c) => labels[c]),
    frequency: pick(frequency),
    recency: pick(recency),
    age: pick(age),
    spend: spend ? pick(spend) : null,
    holdout: calEnd < obsEnd ? { purchases: pick(holdout), duration: (obsEnd - calEnd) / daysPerUnit } : null,
    repeatsByDay: kept.length > 0 ? { firstDay: firstKeptDay, counts: repeatsByDay.slice(firstKeptDay - minDay) } : null,
    calibrationEnd: calEnd * MS_PER_DAY,
    observationEnd: obsEnd * MS_PER_DAY,
    report,
  };
}

function dayOf(ms: number, name: string): number {
  if (!Number.isFinite(ms)) throw new Error(`${name} must be a date (epoch ms), got ${ms}`);
  return Math.floor(ms / MS_PER_DAY);
}

function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface SummaryColumnsOptions {
  frequency: string;
  recency: string;
  age: string;
  spend?: string;
  customer?: string;
  unit?: TimeUnit;
}

/** A summary that is already per customer (frequency, recency, age columns), e.g. lifetimes' CSVs. */
export function summaryFromColumns(table: Table, options: SummaryColumnsOptions): CustomerSummary {
  const numeric = (name: string): Float64Array => {
    const col = getColumn(table, name);
    if (!isNumericColumn(col) || col.type === 'date') throw new Error(`column "${name}" must be numeric, got ${col.type}`);
    return col.values;
  };
  const x = numeric(options.frequency);
  const tx = numeric(options.recency);
  const T = numeric(options.age);
  const z = options.spend ? numeric(options.spend) : null;
  const rows: number[] = [];
  for (let i = 0; i < table.rows; i++) {
    if (!(x[i] >= 0 && tx[i] >= 0 && T[i] >= tx[i])) {
      if (Number.isNaN(x[i]) || Number.isNaN(tx[i]) || Number.isNaN(T[i])) continue;
      throw new Error(
        `row ${i + 1}: need frequency >= 0 and 0 <= recency <= age, got frequency ${x[i]}, recency ${tx[i]}, age ${T[i]}`,
      );
    }
    rows.push(i);
  }
  const idCol = options.customer ? getColumn(table, options.customer) : null;
  const label = (i: number): string => {
    if (!idCol) return String(i + 1);
    if (isNumericColumn(idCol)) return String(idCol.values[i]);
    return idCol.codes[i] < 0 ? '' : idCol.dictionary[idCol.codes[i]];
  };
  const pick = (v: Float64Array) => Float64Array.from(rows, (i) => v[i]);
  return {
    unit: checkUnit(options.unit ?? 'week'),
    customers: rows.map(label),
    frequency: pick(x),
    recency: pick(tx),
    age: pick(T),
    spend: z ? Float64Array.from(rows, (i) => (Number.isFinite(z[i]) ? z[i] : 0)) : null,
    holdout: null,
    calibrationEnd: NaN,
    observationEnd: NaN,
    report: {
      rows: table.rows,
      missingCustomer: 0,
      missingDate: 0,
      missingValues: table.rows - rows.length,
      returnRows: 0,
      ignoredReturnRows: 0,
      rowsAfterObservationEnd: 0,
      customersOnlyInHoldout: 0,
    },
  };
}
