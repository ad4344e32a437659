// Lifecycle, stickiness, bounded/unbounded retention and revenue cohorts from transactions (or events),
// per UTC month or week (starting Monday), as PostHog and Amplitude define them:
//
// Lifecycle of period p (each active customer is in exactly one of the first three):
// - new: the customer's first activity is in p;
// - returning: active in p and in p-1;
// - resurrecting: active in p, not in p-1, but in some period before p-1;
// - dormant: active in p-1, not in p (counted here as a positive number; charts draw it below zero, as
//   PostHog does). The first period of the data has no dormant customers; every customer active in it is new
//   (customers active before the data starts look new: the data cannot tell).
// Stickiness of period p: for the customers active in p, how many distinct days each was active in p (1..7 for
// weeks, 1..31 for months); the DAU/MAU-style ratio is the mean daily active customers over the period's days
// divided by the period's active customers, which equals mean active days / days in the period. The first and
// last periods count only their days inside the data's date range (a partial period is not diluted).
// Retention of the cohort of first period f at offset k: bounded (Amplitude "N-day", PostHog "on"): active in
// exactly period f+k; unbounded (Amplitude "unbounded", PostHog "on or after"): active in f+k or any later period.
// Revenue cohorts (SaaS definitions): revenue of the cohort per offset; net revenue retention NRR_k = the
// cohort's revenue at offset k / its revenue at offset 0 (expansion counts, so it can exceed 100%); gross
// revenue retention GRR_k = sum over customers of min(revenue at k, revenue at 0) / revenue at 0 (no expansion,
// at most 100%). A customer's revenue in a period is net of returns; for GRR it is clamped to [0, base], and a
// customer whose base (offset-0 revenue) is not positive adds nothing to GRR's numerator or denominator.
//
// A row is activity unless its amount is negative (a return), as on the Cohorts tab; returns before a
// customer's first purchase are dropped. Work is O(rows log rows-per-customer): rows are grouped by customer
// (counting sort), then each customer's days are sorted once.

// Local: an imported binding read in a hot loop can cost a property lookup per row under some bundlers.
const MS_PER_DAY = 86_400_000;
/** P x P cohort arrays above this many periods would take too much memory: weeks over ~40 years. */
export const MAX_LIFECYCLE_PERIODS = 2_000;

export type LifecyclePeriod = 'month' | 'week';
export type RetentionMode = 'bounded' | 'unbounded';

export interface LifecycleRow {
  /** "2024-03" for months, the Monday "2024-03-04" for weeks. */
  period: string;
  /** Start of the period, epoch ms UTC. */
  start: number;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
  /** new + returning + resurrecting. */
  active: number;
}

export interface StickinessRow {
  period: string;
  /** Days of the period inside the data's date range. */
  days: number;
  active: number;
  /** histogram[d - 1] = customers active on exactly d distinct days of the period. */
  histogram: number[];
  meanDays: number;
  /** Mean daily active / period active customers (DAU/MAU-style); NaN when none was active. */
  ratio: number;
}

export interface RetentionCohort {
  label: string;
  start: number;
  size: number;
  /** Customers active exactly at offset k (k = 0 is the whole cohort). */
  bounded: number[];
  /** Customers active at offset k or later. */
  unbounded: number[];
}

export interface RevenueCohort {
  label: string;
  start: number;
  size: number;
  /** Revenue of the cohort's customers per offset (net of returns). */
  revenue: number[];
  /** revenue[k] / revenue[0]; NaN when revenue[0] is not positive. */
  nrr: number[];
  /** Capped at each customer's offset-0 revenue; NaN when no customer had positive base revenue. */
  grr: number[];
}

export interface LifecycleResult {
  period: LifecyclePeriod;
  periods: LifecycleRow[];
  stickiness: {
    /** 7 for weeks, 31 for months. */
    maxDays: number;
    periods: StickinessRow[];
    /** Pooled over every (customer, period) with activity. */
    histogram: number[];
    /** Mean of the periods' ratios (periods with activity). */
    meanRatio: number;
  };
  retention: {
    cohorts: RetentionCohort[];
    /** Per offset, pooled over the cohorts that reach it: active / size (fractions). */
    bounded: number[];
    unbounded: number[];
  };
  /** Null without an amount column. */
  revenue: {
    cohorts: RevenueCohort[];
    /** Per offset, pooled over the cohorts that reach it (sum of numerators / sum of denominators). */
    nrr: number[];
    grr: number[];
  } | null;
  customers: number;
  report: { rows: number; missingCustomer: number; missingDate: number; returnRows: number; returnsBeforeFirstPurchase: number };
}

export function checkLifecyclePeriod(period: string): LifecyclePeriod {
  if (period !== 'month' && period !== 'week') throw new Error(`lifecycle period must be month or week, got "${period}"`);
  return period;
}

// Period arithmetic as in ../cohorts/cohorts.ts, so a cohort label means the same on both tabs.
/** Period number of a UTC day: months since 1970-01, or weeks since the Monday 1969-12-29. */
function periodOfDay(day: number, period: LifecyclePeriod): number {
  if (period === 'week') return Math.floor((day + 3) / 7);
  const d = new Date(day * MS_PER_DAY);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

function periodStart(p: number, period: LifecyclePeriod): number {
  if (period === 'week') return (p * 7 - 3) * MS_PER_DAY;
  return Date.UTC(1970 + Math.floor(p / 12), ((p % 12) + 12) % 12, 1);
}

function periodLabel(p: number, period: LifecyclePeriod): string {
  const iso = new Date(periodStart(p, period)).toISOString();
  return period === 'week' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** What one pass over the customers needs: periods, rows grouped by customer. */
interface Prepared {
  period: LifecyclePeriod;
  firstPeriod: number;
  periods: number;
  minDay: number;
  dayToPeriod: Int32Array;
  /** Rows of customer c: order[start[c]..start[c+1]]. */
  start: Int32Array;
  order: Int32Array;
  report: LifecycleResult['report'];
}

function prepare(customer: Int32Array, dates: Float64Array, amounts: Float64Array | null, customers: number, period: LifecyclePeriod): Prepared | null {
  checkLifecyclePeriod(period);
  const n = customer.length;
  if (dates.length !== n || (amounts && amounts.length !== n)) {
    throw new Error(`customer, date and amount arrays must have equal lengths, got ${n}, ${dates.length}, ${amounts?.length}`);
  }
  const report = { rows: n, missingCustomer: 0, missingDate: 0, returnRows: 0, returnsBeforeFirstPurchase: 0 };
  let minMs = Infinity;
  let maxMs = -Infinity;
  const start = new Int32Array(customers + 1);
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
    if (c >= customers) throw new Error(`customer index ${c} out of range (${customers} customers)`);
    if (amounts && amounts[i] < 0) report.returnRows++;
    if (t < minMs) minMs = t;
    if (t > maxMs) maxMs = t;
    start[c + 1]++;
  }
  if (minMs === Infinity) return null;
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  const fill = start.slice(0, customers);
  const order = new Int32Array(start[customers]);
  for (let i = 0; i < n; i++) {
    const c = customer[i];
    if (c >= 0 && dates[i] === dates[i]) order[fill[c]++] = i;
  }
  const minDay = Math.floor(minMs / MS_PER_DAY);
  const maxDay = Math.floor(maxMs / MS_PER_DAY);
  const firstPeriod = periodOfDay(minDay, period);
  const periods = periodOfDay(maxDay, period) - firstPeriod + 1;
  if (periods > MAX_LIFECYCLE_PERIODS) {
    throw new Error(`too many ${period}s for lifecycle views (${periods}, at most ${MAX_LIFECYCLE_PERIODS}); use months instead of weeks`);
  }
  // Day -> period through a lookup table: Date arithmetic per row would dominate the run time.
  const dayToPeriod = new Int32Array(maxDay - minDay + 1);
  for (let d = minDay; d <= maxDay; d++) dayToPeriod[d - minDay] = periodOfDay(d, period) - firstPeriod;
  return { period, firstPeriod, periods, minDay, dayToPeriod, start, order, report };
}

/**
 * Calls `visit` for each customer with at least one purchase: its distinct active periods (ascending,
 * relative to the data's first period) and the distinct active days in each, then its rows.
 */
function eachCustomer(
  prep: Prepared,
  dates: Float64Array,
  amounts: Float64Array | null,
  visit: (c: number, act: Int32Array, days: Int32Array, count: number) => void,
): void {
  const { start, order, minDay, dayToPeriod } = prep;
  let scratch = new Int32Array(64);
  const act = new Int32Array(prep.periods);
  const days = new Int32Array(prep.periods);
  for (let c = 0; c + 1 < start.length; c++) {
    const lo = start[c];
    const hi = start[c + 1];
    if (hi - lo > scratch.length) scratch = new Int32Array(2 * (hi - lo));
    let m = 0;
    for (let j = lo; j < hi; j++) {
      const i = order[j];
      if (amounts && amounts[i] < 0) continue;
      scratch[m++] = Math.floor(dates[i] / MS_PER_DAY) - minDay;
    }
    if (m === 0) continue;
    const sorted = scratch.subarray(0, m).sort();
    let count = 0;
    let lastDay = -1;
    for (let j = 0; j < m; j++) {
      const d = sorted[j];
      if (d === lastDay) continue;
      lastDay = d;
      const p = dayToPeriod[d];
      if (count > 0 && act[count - 1] === p) days[count - 1]++;
      else {
        act[count] = p;
        days[count] = 1;
        count++;
      }
    }
    visit(c, act, days, count);
  }
}

/**
 * Lifecycle, stickiness, retention and revenue cohorts from typed arrays: dense customer indices (-1 = skip),
 * dates in epoch ms (NaN = skip) and optional amounts (negative = a return, NaN = no revenue).
 */
export function lifecycle(
  customer: Int32Array,
  dates: Float64Array,
  amounts: Float64Array | null,
  customers: number,
  period: LifecyclePeriod = 'month',
): LifecycleResult {
  const prep = prepare(customer, dates, amounts, customers, period);
  const maxDays = period === 'week' ? 7 : 31;
  if (!prep) {
    const report = { rows: customer.length, missingCustomer: 0, missingDate: 0, returnRows: 0, returnsBeforeFirstPurchase: 0 };
    for (let i = 0; i < customer.length; i++) if (customer[i] < 0) report.missingCustomer++;
    report.missingDate = customer.length - report.missingCustomer;
    return {
      period,
      periods: [],
      stickiness: { maxDays, periods: [], histogram: new Array(maxDays).fill(0), meanRatio: NaN },
      retention: { cohorts: [], bounded: [], unbounded: [] },
      revenue: amounts ? { cohorts: [], nrr: [], grr: [] } : null,
      customers: 0,
      report,
    };
  }
  const P = prep.periods;
  const { order, start, dayToPeriod, minDay, report } = prep;
  const counts = { new: new Float64Array(P), returning: new Float64Array(P), resurrecting: new Float64Array(P), dormant: new Float64Array(P) };
  const stick = new Float64Array(P * maxDays);
  const size = new Float64Array(P);
  const bounded = new Float64Array(P * P);
  // Unbounded as a difference array: +1 at offset 0, -1 after the customer's last active offset.
  const unboundedDiff = new Float64Array(P * P);
  const revenue = amounts ? new Float64Array(P * P) : null;
  const grrNum = amounts ? new Float64Array(P * P) : null;
  const grrDen = amounts ? new Float64Array(P) : null;
  const revC = new Float64Array(P);
  const touched = new Int32Array(P);
  const isTouched = new Uint8Array(P);

  eachCustomer(prep, dates, amounts, (c, act, days, count) => {
    const f = act[0];
    size[f]++;
    counts.new[f]++;
    for (let j = 0; j < count; j++) {
      const p = act[j];
      stick[p * maxDays + days[j] - 1]++;
      bounded[f * P + p - f]++;
      if (j > 0) {
        if (act[j - 1] === p - 1) counts.returning[p]++;
        else counts.resurrecting[p]++;
      }
      if (p + 1 < P && (j + 1 === count || act[j + 1] !== p + 1)) counts.dormant[p + 1]++;
    }
    unboundedDiff[f * P]++;
    if (act[count - 1] + 1 < P) unboundedDiff[f * P + act[count - 1] - f + 1]--;
    if (!amounts) return;
    // Revenue per period of this customer, returns netted, from its first purchase period on.
    let t = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const i = order[j];
      const a = amounts[i];
      const p = dayToPeriod[Math.floor(dates[i] / MS_PER_DAY) - minDay];
      if (p < f) {
        if (a < 0) report.returnsBeforeFirstPurchase++;
        continue;
      }
      if (a !== a) continue;
      if (!isTouched[p]) {
        isTouched[p] = 1;
        touched[t++] = p;
      }
      revC[p] += a;
    }
    const base = revC[f];
    const cap = base > 0 ? base : 0;
    grrDen![f] += cap;
    for (let j = 0; j < t; j++) {
      const p = touched[j];
      const v = revC[p];
      revenue![f * P + p - f] += v;
      if (cap > 0) grrNum![f * P + p - f] += v < 0 ? 0 : v > cap ? cap : v;
      revC[p] = 0;
      isTouched[p] = 0;
    }
  });

  // Days of each period inside the data's date range.
  const periodDays = new Float64Array(P);
  for (let d = 0; d < dayToPeriod.length; d++) periodDays[dayToPeriod[d]]++;

  const rows: LifecycleRow[] = [];
  const stickRows: StickinessRow[] = [];
  const pooled = new Array<number>(maxDays).fill(0);
  let ratioSum = 0;
  let ratioCount = 0;
  for (let p = 0; p < P; p++) {
    const abs = p + prep.firstPeriod;
    const label = periodLabel(abs, period);
    const active = counts.new[p] + counts.returning[p] + counts.resurrecting[p];
    rows.push({ period: label, start: periodStart(abs, period), new: counts.new[p], returning: counts.returning[p], resurrecting: counts.resurrecting[p], dormant: counts.dormant[p], active });
    const histogram = Array.from(stick.subarray(p * maxDays, (p + 1) * maxDays));
    let activeDays = 0;
    for (let d = 0; d < maxDays; d++) {
      activeDays += (d + 1) * histogram[d];
      pooled[d] += histogram[d];
    }
    const meanDays = active > 0 ? activeDays / active : NaN;
    const ratio = active > 0 ? meanDays / periodDays[p] : NaN;
    if (active > 0) {
      ratioSum += ratio;
      ratioCount++;
    }
    stickRows.push({ period: label, days: periodDays[p], active, histogram, meanDays, ratio });
  }

  const retentionCohorts: RetentionCohort[] = [];
  const revenueCohorts: RevenueCohort[] = [];
  const poolB = new Float64Array(P);
  const poolU = new Float64Array(P);
  const poolSize = new Float64Array(P);
  const poolRev = new Float64Array(P);
  const poolRevBase = new Float64Array(P);
  const poolGrr = new Float64Array(P);
  const poolGrrBase = new Float64Array(P);
  let total = 0;
  for (let f = 0; f < P; f++) {
    if (size[f] === 0) continue;
    total += size[f];
    const abs = f + prep.firstPeriod;
    const label = periodLabel(abs, period);
    const startMs = periodStart(abs, period);
    const len = P - f;
    const b = Array.from(bounded.subarray(f * P, f * P + len));
    const u = new Array<number>(len);
    let run = 0;
    for (let k = 0; k < len; k++) {
      run += unboundedDiff[f * P + k];
      u[k] = run;
      poolB[k] += b[k];
      poolU[k] += u[k];
      poolSize[k] += size[f];
    }
    retentionCohorts.push({ label, start: startMs, size: size[f], bounded: b, unbounded: u });
    if (revenue && grrNum && grrDen) {
      const r = Array.from(revenue.subarray(f * P, f * P + len));
      const g = Array.from(grrNum.subarray(f * P, f * P + len));
      const base = r[0];
      revenueCohorts.push({
        label,
        start: startMs,
        size: size[f],
        revenue: r,
        nrr: r.map((v) => (base > 0 ? v / base : NaN)),
        grr: g.map((v) => (grrDen[f] > 0 ? v / grrDen[f] : NaN)),
      });
      for (let k = 0; k < len; k++) {
        if (base > 0) {
          poolRev[k] += r[k];
          poolRevBase[k] += base;
        }
        poolGrr[k] += g[k];
        poolGrrBase[k] += grrDen[f];
      }
    }
  }
  const ratios = (num: Float64Array, den: Float64Array) => Array.from(num, (v, k) => (den[k] > 0 ? v / den[k] : NaN));
  return {
    period,
    periods: rows,
    stickiness: { maxDays, periods: stickRows, histogram: pooled, meanRatio: ratioCount > 0 ? ratioSum / ratioCount : NaN },
    retention: { cohorts: retentionCohorts, bounded: ratios(poolB, poolSize), unbounded: ratios(poolU, poolSize) },
    revenue: amounts ? { cohorts: revenueCohorts, nrr: ratios(poolRev, poolRevBase), grr: ratios(poolGrr, poolGrrBase) } : null,
    customers: total,
    report,
  };
}

/**
 * The customers of one cohort cell: those whose first period is labelled `cohort` and who were active at
 * offset k (bounded) or at k or later (unbounded). Indices into the customer dictionary, ascending.
 */
export function cohortCellCustomers(
  customer: Int32Array,
  dates: Float64Array,
  amounts: Float64Array | null,
  customers: number,
  period: LifecyclePeriod,
  cell: { cohort: string; offset: number; mode: RetentionMode },
): Int32Array {
  if (!(Number.isInteger(cell.offset) && cell.offset >= 0)) throw new Error(`cohort offset must be a whole number >= 0, got ${cell.offset}`);
  const prep = prepare(customer, dates, amounts, customers, period);
  if (!prep) return new Int32Array(0);
  let f = -1;
  for (let p = 0; p < prep.periods; p++) if (periodLabel(p + prep.firstPeriod, period) === cell.cohort) f = p;
  // A period of the data that no customer started in is an empty cohort; one outside the data is a mistake.
  if (f < 0) throw new Error(`no ${period} "${cell.cohort}" in the data`);
  const target = f + cell.offset;
  const out: number[] = [];
  eachCustomer(prep, dates, amounts, (c, act, _days, count) => {
    if (act[0] !== f) return;
    if (cell.mode === 'unbounded') {
      if (act[count - 1] >= target) out.push(c);
      return;
    }
    for (let j = 0; j < count; j++) if (act[j] === target) return void out.push(c);
  });
  return Int32Array.from(out);
}
