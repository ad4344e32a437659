// Cohort retention: customers grouped by the period (UTC month, or week starting Monday) of their first
// purchase; for each later period, how many of them purchased in it, that share, and the revenue.
//
// A row is a purchase unless its amount is negative (a return). Revenue sums all amounts, so returns
// net against the period they happen in; returns before a customer's first purchase are dropped.
// Work is O(rows): one pass for each customer's first period, then one pass that counts each
// (customer, period) once through a bitset.
import { getColumn, type Table } from '../../data/table';
import { customerIndex, dateValues, spendValues } from '../clv/summary';

// Local: an imported binding read in a hot loop can cost a property lookup per row under some bundlers.
const MS_PER_DAY = 86_400_000;

export type CohortPeriod = 'month' | 'week';

export interface CohortOptions {
  customer: string;
  date: string;
  amount?: string;
  /** Units per line when the amount is a unit price (revenue = quantity x price). */
  quantity?: string;
  period?: CohortPeriod;
}

export interface Cohort {
  /** "2024-03" for months, the Monday "2024-03-04" for weeks. */
  label: string;
  /** Start of the period, epoch ms UTC. */
  start: number;
  size: number;
}

export interface CohortMatrix {
  period: CohortPeriod;
  cohorts: Cohort[];
  /**
   * Ragged rows, one per cohort: entry k is period offset k after the cohort's first period, up to the
   * last period in the data (later cohorts have shorter rows).
   */
  active: number[][];
  /** active / cohort size x 100. */
  percent: number[][];
  /** Revenue per cohort and offset; null without an amount column. */
  revenue: number[][] | null;
  /** Mean retention per offset, weighted by cohort size over the cohorts that reach that offset. */
  average: { offset: number; percent: number; cohorts: number }[];
  customers: number;
  report: { rows: number; missingCustomer: number; missingDate: number; returnRows: number; returnsBeforeFirstPurchase: number };
}

export function checkPeriod(period: string): CohortPeriod {
  if (period !== 'month' && period !== 'week') throw new Error(`cohort period must be month or week, got "${period}"`);
  return period;
}

/** Period number of a UTC day: months since 1970-01, or weeks since the Monday 1969-12-29. */
function periodOfDay(day: number, period: CohortPeriod): number {
  if (period === 'week') return Math.floor((day + 3) / 7);
  const d = new Date(day * MS_PER_DAY);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

function periodStart(p: number, period: CohortPeriod): number {
  if (period === 'week') return (p * 7 - 3) * MS_PER_DAY;
  return Date.UTC(1970 + Math.floor(p / 12), ((p % 12) + 12) % 12, 1);
}

function periodLabel(p: number, period: CohortPeriod): string {
  const iso = new Date(periodStart(p, period)).toISOString();
  return period === 'week' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/**
 * The cohort matrix from typed arrays: dense customer indices (-1 = skip), dates in epoch ms (NaN = skip)
 * and optional amounts.
 */
export function cohortMatrix(
  customer: Int32Array,
  dates: Float64Array,
  amounts: Float64Array | null,
  customers: number,
  period: CohortPeriod = 'month',
): CohortMatrix {
  checkPeriod(period);
  const n = customer.length;
  if (dates.length !== n || (amounts && amounts.length !== n)) {
    throw new Error(`customer, date and amount arrays must have equal lengths, got ${n}, ${dates.length}, ${amounts?.length}`);
  }
  const report = { rows: n, missingCustomer: 0, missingDate: 0, returnRows: 0, returnsBeforeFirstPurchase: 0 };

  let minMs = Infinity;
  let maxMs = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = dates[i];
    if (t < minMs) minMs = t;
    if (t > maxMs) maxMs = t;
  }
  const minDay = Math.floor(minMs / MS_PER_DAY);
  const maxDay = Math.floor(maxMs / MS_PER_DAY);
  const empty: CohortMatrix = { period, cohorts: [], active: [], percent: [], revenue: amounts ? [] : null, average: [], customers: 0, report };
  if (minMs === Infinity) {
    for (let i = 0; i < n; i++) if (customer[i] < 0) report.missingCustomer++;
    report.missingDate = n - report.missingCustomer;
    return empty;
  }
  // Day -> period through a lookup table: Date arithmetic per row would dominate the run time.
  const firstPeriod = periodOfDay(minDay, period);
  const lastPeriod = periodOfDay(maxDay, period);
  const periods = lastPeriod - firstPeriod + 1;
  if (periods > 65_535) throw new Error(`too many periods for a cohort matrix: ${periods}`);
  const dayToPeriod = new Int32Array(maxDay - minDay + 1);
  for (let d = minDay; d <= maxDay; d++) dayToPeriod[d - minDay] = periodOfDay(d, period) - firstPeriod;

  // Pass 1: each customer's first purchase period. Per-customer arrays are kept small (16-bit first
  // period, byte bitset) because the customer accesses are random: cache misses dominate the time.
  const first = new Uint16Array(customers).fill(periods);
  for (let i = 0; i < n; i++) {
    const c = customer[i];
    const t = dates[i];
    if (c < 0) {
      report.missingCustomer++;
      continue;
    }
    if (t !== t) {
      report.missingDate++;
      continue;
    }
    if (amounts && amounts[i] < 0) {
      report.returnRows++;
      continue;
    }
    const p = dayToPeriod[Math.floor(t / MS_PER_DAY) - minDay];
    if (p < first[c]) first[c] = p;
  }

  // Cohort of each customer = first period; cohort sizes.
  const size = new Float64Array(periods);
  for (let c = 0; c < customers; c++) if (first[c] < periods) size[first[c]]++;

  // Pass 2: a bit per (customer, period) marks the first time a customer is seen active in a period,
  // which is when the cell count goes up; revenue accumulates per cell. Each customer's record holds
  // its first period then its bits (16-bit words), so a row costs one cache line, not two.
  const stride = 1 + ((periods + 15) >>> 4);
  if (customers * stride > 2 ** 29) {
    throw new Error(`too many customers x periods for a cohort matrix (${customers} x ${periods}); use months instead of weeks`);
  }
  const record = new Uint16Array(customers * stride);
  for (let c = 0; c < customers; c++) record[c * stride] = first[c];
  const active = new Float64Array(periods * periods);
  const revenue = amounts ? new Float64Array(periods * periods) : null;
  for (let i = 0; i < n; i++) {
    const c = customer[i];
    const t = dates[i];
    if (c < 0 || t !== t) continue;
    const base = c * stride;
    const f = record[base];
    const p = dayToPeriod[Math.floor(t / MS_PER_DAY) - minDay];
    const isReturn = amounts !== null && amounts[i] < 0;
    if (p < f || f === periods) {
      if (isReturn) report.returnsBeforeFirstPurchase++;
      continue;
    }
    const cell = f * periods + (p - f);
    if (revenue) {
      const a = amounts![i];
      if (a === a) revenue[cell] += a;
    }
    if (isReturn) continue;
    const word = base + 1 + (p >>> 4);
    const bit = 1 << (p & 15);
    if ((record[word] & bit) === 0) {
      record[word] |= bit;
      active[cell]++;
    }
  }

  const cohorts: Cohort[] = [];
  const activeRows: number[][] = [];
  const percentRows: number[][] = [];
  const revenueRows: number[][] = [];
  const avgActive = new Float64Array(periods);
  const avgSize = new Float64Array(periods);
  const avgCount = new Int32Array(periods);
  let total = 0;
  for (let p = 0; p < periods; p++) {
    if (size[p] === 0) continue;
    total += size[p];
    const abs = p + firstPeriod;
    cohorts.push({ label: periodLabel(abs, period), start: periodStart(abs, period), size: size[p] });
    const len = periods - p;
    const a = Array.from(active.subarray(p * periods, p * periods + len));
    activeRows.push(a);
    percentRows.push(a.map((v) => (100 * v) / size[p]));
    if (revenue) revenueRows.push(Array.from(revenue.subarray(p * periods, p * periods + len)));
    for (let o = 0; o < len; o++) {
      avgActive[o] += a[o];
      avgSize[o] += size[p];
      avgCount[o]++;
    }
  }
  const average = [];
  for (let o = 0; o < periods; o++) {
    if (avgCount[o] > 0) average.push({ offset: o, percent: (100 * avgActive[o]) / avgSize[o], cohorts: avgCount[o] });
  }
  return {
    period,
    cohorts,
    active: activeRows,
    percent: percentRows,
    revenue: revenue ? revenueRows : null,
    average,
    customers: total,
    report,
  };
}

export function cohortsFromTable(table: Table, options: CohortOptions): CohortMatrix {
  const period = checkPeriod(options.period ?? 'month');
  const dates = dateValues(table, options.date);
  const amounts = options.amount ? spendValues(table, options.amount, options.quantity) : null;
  const { index, labels } = customerIndex(getColumn(table, options.customer));
  return cohortMatrix(index, dates, amounts, labels.length, period);
}
