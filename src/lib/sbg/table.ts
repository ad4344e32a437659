// The per-customer table of an sBG run: one page at a time, sorted and searched where the run is kept (the
// worker), a CSV of every customer, and the view the page shows (no per-customer arrays).
import { toCsv } from '../export/csv';
import type { SbgRow, SbgRowsPage, SbgRowsQuery, SbgRun, SbgSortKey, SbgView } from './types';
import { MEDIAN_CAP } from './remaining';

export const SBG_PAGE_SIZE = 20;
const MAX_PAGE = 500;

type Customers = NonNullable<SbgRun['customers']>;

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function rowAt(run: SbgRun, c: Customers, i: number): SbgRow {
  const amount = 'amount' in run.summary.value ? run.summary.value.amount : NaN;
  const value = c.value ? c.value[i] : amount;
  return {
    customer: c.ids[i],
    tenure: c.tenure[i],
    active: c.active[i] === 1,
    expectedRemaining: finite(c.expectedRemaining[i]),
    medianRemaining: finite(c.medianRemaining[i]),
    derl: c.derl[i],
    value: finite(value),
    residualValue: finite(c.residualValue[i]),
  };
}

function sortValues(c: Customers, key: Exclude<SbgSortKey, 'customer'>): ArrayLike<number> | null {
  switch (key) {
    case 'tenure':
      return c.tenure;
    case 'active':
      return c.active;
    case 'expectedRemaining':
      return c.expectedRemaining;
    case 'medianRemaining':
      return c.medianRemaining;
    case 'derl':
      return c.derl;
    case 'value':
      return c.value;
    case 'residualValue':
      return c.residualValue;
    default:
      throw new Error(`Cannot sort the subscriptions table by "${String(key)}"`);
  }
}

/** Row indices filtered by the search and sorted (ties keep the data's order; NaN last). */
export function sbgOrder(c: Customers, query: Pick<SbgRowsQuery, 'sort' | 'descending' | 'search'>): Int32Array {
  const search = query.search?.trim().toLowerCase() ?? '';
  let index = Int32Array.from({ length: c.ids.length }, (_, i) => i);
  if (search) index = index.filter((i) => c.ids[i].toLowerCase().includes(search));
  const sign = query.descending ? -1 : 1;
  if (query.sort === 'customer') {
    const collator = new Intl.Collator(undefined, { numeric: true });
    index.sort((a, b) => sign * collator.compare(c.ids[a], c.ids[b]) || a - b);
  } else {
    const v = sortValues(c, query.sort);
    if (v) {
      const key = (i: number) => (Number.isNaN(v[i]) ? -Infinity * sign : v[i]);
      index.sort((a, b) => {
        const d = key(a) - key(b);
        return (Number.isNaN(d) ? 0 : sign * d) || a - b;
      });
    }
  }
  return index;
}

/**
 * The customers as a formula-safe CSV in the given order; an infinite expected lifetime (α ≤ 1) reads "inf", a
 * median past the search limit ">10000" (the sBG median is always finite, only too long to search for).
 */
export function sbgCsv(run: SbgRun, index?: Int32Array): string {
  const c = run.customers;
  if (!c) throw new Error('Typed counts have no per-customer table.');
  const order = index ?? Int32Array.from({ length: c.ids.length }, (_, i) => i);
  const text = (v: number) => (v === Infinity ? 'inf' : v);
  const rows = Array.from(order, (i) => {
    const r = rowAt(run, c, i);
    const median = c.medianRemaining[i] === Infinity ? `>${MEDIAN_CAP}` : c.medianRemaining[i];
    return [r.customer, r.tenure, r.active ? 'active' : 'left', text(c.expectedRemaining[i]), median, r.derl, r.value, r.residualValue];
  });
  return toCsv(['customer', 'tenure', 'status', 'expected_remaining_periods', 'median_remaining_periods', 'derl', 'value_per_period', 'residual_value'], rows);
}

/** A run's rows with the last order kept (paging one sort sorts once); the worker keeps one per run. */
export class SbgRows {
  readonly run: SbgRun;
  #order: { key: string; index: Int32Array } | null = null;

  constructor(run: SbgRun) {
    this.run = run;
  }

  order(query: Pick<SbgRowsQuery, 'sort' | 'descending' | 'search'>): Int32Array {
    const c = this.run.customers;
    if (!c) return new Int32Array(0);
    const key = `${query.sort}|${query.descending}|${query.search?.trim().toLowerCase() ?? ''}`;
    if (this.#order?.key !== key) this.#order = { key, index: sbgOrder(c, query) };
    return this.#order.index;
  }

  page(query: SbgRowsQuery): SbgRowsPage {
    const c = this.run.customers;
    const index = this.order(query);
    const offset = Math.max(0, Math.min(Math.floor(query.offset), Math.max(0, index.length - 1)));
    const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
    return { total: index.length, offset, rows: c ? Array.from(index.subarray(offset, offset + limit), (i) => rowAt(this.run, c, i)) : [] };
  }

  csv(query?: Pick<SbgRowsQuery, 'sort' | 'descending' | 'search'>): string {
    return sbgCsv(this.run, query ? this.order(query) : undefined);
  }

  /** What the page shows: the run without per-customer arrays, and the first page (by residual value). */
  view(query?: Partial<SbgRowsQuery>): SbgView {
    const { customers, ...rest } = this.run;
    const asked = Object.fromEntries(Object.entries(query ?? {}).filter(([, v]) => v !== undefined));
    const q: SbgRowsQuery = { sort: 'residualValue', descending: true, offset: 0, limit: SBG_PAGE_SIZE, search: '', ...asked };
    return { ...rest, table: customers ? { query: q, page: this.page(q) } : null };
  }
}
