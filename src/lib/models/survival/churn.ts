// Time to churn from transactions. A customer has churned when no purchase followed the last one for
// `churnAfterDays` days before the data end; the event time is then the customer's lifetime from
// first to last purchase (or, with churnAt 'threshold', to last purchase + churnAfterDays: when the
// churn became observable). Customers whose last purchase is within `churnAfterDays` of the data end
// are censored at their observed time, data end minus first purchase. Times are in whole UTC days.
// Rows with a negative amount (returns) are not purchases, as in the CLV summary.
import { getColumn, type Table } from '../../data/table';
import { amountValues, customerIndex, dateValues } from '../clv/summary';

const MS_PER_DAY = 86_400_000;

export interface ChurnOptions {
  customer: string;
  date: string;
  amount?: string;
  churnAfterDays: number;
  /** Data end (epoch ms, any time that day); default: the last transaction day. */
  end?: number;
  churnAt?: 'last-purchase' | 'threshold';
  /** A column that splits customers; each customer takes the value on their first purchase row. */
  group?: string;
}

export interface ChurnData {
  customers: string[];
  /** Days from first purchase to churn, or to the data end when censored. */
  durations: Float64Array;
  /** 1 = churned, 0 = censored. */
  events: Uint8Array;
  /** Group index per customer (-1 = missing); null without a group column. */
  groups: Int32Array | null;
  groupNames: string[];
  end: number;
}

export function churnDurations(table: Table, options: ChurnOptions): ChurnData {
  const n = options.churnAfterDays;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`churnAfterDays must be a whole number of days >= 1, got ${n}`);
  const churnAt = options.churnAt ?? 'last-purchase';
  if (churnAt !== 'last-purchase' && churnAt !== 'threshold') throw new Error(`churnAt must be last-purchase or threshold, got "${churnAt}"`);
  const dates = dateValues(table, options.date);
  const amounts = options.amount ? amountValues(table, options.amount) : null;
  const { index, labels } = customerIndex(getColumn(table, options.customer));
  const groupCol = options.group ? getColumn(table, options.group) : null;
  if (groupCol && groupCol.type === 'date') throw new Error(`group column "${options.group}" is a date; pick a category`);
  let end: number;
  if (options.end !== undefined) {
    if (!Number.isFinite(options.end)) throw new Error(`end must be a date (epoch ms), got ${options.end}`);
    end = Math.floor(options.end / MS_PER_DAY);
  } else {
    end = -Infinity;
    for (let i = 0; i < table.rows; i++) if (index[i] >= 0 && !(amounts && amounts[i] < 0) && dates[i] > end) end = dates[i];
    if (end === -Infinity) throw new Error(`no purchases in column "${options.date}" to measure churn from`);
    end = Math.floor(end / MS_PER_DAY);
  }
  const m = labels.length;
  const first = new Float64Array(m).fill(Infinity);
  const last = new Float64Array(m).fill(-Infinity);
  const firstRow = new Int32Array(m).fill(-1);
  for (let i = 0; i < table.rows; i++) {
    const c = index[i];
    const t = dates[i];
    if (c < 0 || Number.isNaN(t) || (amounts && amounts[i] < 0)) continue;
    const d = Math.floor(t / MS_PER_DAY);
    if (d > end) continue;
    if (d < first[c]) {
      first[c] = d;
      firstRow[c] = i;
    }
    if (d > last[c]) last[c] = d;
  }
  const kept: number[] = [];
  for (let c = 0; c < m; c++) if (firstRow[c] >= 0) kept.push(c);
  const durations = new Float64Array(kept.length);
  const events = new Uint8Array(kept.length);
  kept.forEach((c, k) => {
    if (end - last[c] > n) {
      events[k] = 1;
      durations[k] = last[c] - first[c] + (churnAt === 'threshold' ? n : 0);
    } else {
      durations[k] = end - first[c];
    }
  });
  let groups: Int32Array | null = null;
  let groupNames: string[] = [];
  if (groupCol) {
    const g = customerIndex(groupCol);
    groups = Int32Array.from(kept, (c) => g.index[firstRow[c]]);
    groupNames = g.labels;
  }
  return { customers: kept.map((c) => labels[c]), durations, events, groups, groupNames, end: end * MS_PER_DAY };
}
