// The per-customer table of a CLV run: one page at a time, sorted and searched where the fit is kept (the
// worker), a CSV of every customer, and the view the page shows (no per-customer arrays).
import { toCsv } from '../export/csv';
import type { ClvFit, ClvOrder, ClvRow, ClvRowsPage, ClvRowsQuery, ClvSortKey, ClvView } from './types';

/** Rows per page of the table (the page's size; a query may ask for up to MAX_PAGE). */
export const CLV_PAGE_SIZE = 20;
const MAX_PAGE = 500;

/** The table's first page by default: by CLV, else by P(alive) when there is no spend model. */
export function defaultClvQuery(fit: ClvFit): ClvRowsQuery {
  return { sort: fit.analysis.perCustomer.clv ? 'clv' : 'pAlive', descending: true, offset: 0, limit: CLV_PAGE_SIZE, search: '' };
}

function rowAt(fit: ClvFit, i: number): ClvRow {
  const { summary: s, analysis: a } = fit;
  return {
    customer: s.customers[i],
    frequency: s.frequency[i],
    recency: s.recency[i],
    age: s.age[i],
    spend: s.spend ? s.spend[i] : null,
    pAlive: a.perCustomer.pAlive[i],
    expectedPurchases: a.perCustomer.expectedPurchases[i],
    clv: a.perCustomer.clv ? a.perCustomer.clv[i] : null,
  };
}

function sortValues(fit: ClvFit, key: Exclude<ClvSortKey, 'customer'>): Float64Array | null {
  const { summary: s, analysis: a } = fit;
  switch (key) {
    case 'frequency':
      return s.frequency;
    case 'recency':
      return s.recency;
    case 'age':
      return s.age;
    case 'spend':
      return s.spend;
    case 'pAlive':
      return a.perCustomer.pAlive;
    case 'expectedPurchases':
      return a.perCustomer.expectedPurchases;
    case 'clv':
      return a.perCustomer.clv;
    default:
      throw new Error(`Cannot sort the CLV table by "${String(key)}"`);
  }
}

/** Row indices of a fit, filtered by the search and sorted (ties keep the data's order). */
export function clvOrder(fit: ClvFit, query: ClvOrder): Int32Array {
  const ids = fit.summary.customers;
  const search = query.search?.trim().toLowerCase() ?? '';
  let index = Int32Array.from({ length: ids.length }, (_, i) => i);
  if (search) index = index.filter((i) => ids[i].toLowerCase().includes(search));
  const sign = query.descending ? -1 : 1;
  if (query.sort === 'customer') {
    const collator = new Intl.Collator(undefined, { numeric: true });
    index.sort((a, b) => sign * collator.compare(ids[a], ids[b]) || a - b);
  } else {
    const values = sortValues(fit, query.sort);
    if (values) index.sort((a, b) => sign * (values[a] - values[b]) || a - b);
  }
  return index;
}

/** One page of rows in a given order (from clvOrder). */
export function clvPage(fit: ClvFit, index: Int32Array, query: Pick<ClvRowsQuery, 'offset' | 'limit'>): ClvRowsPage {
  const offset = Math.max(0, Math.min(Math.floor(query.offset), Math.max(0, index.length - 1)));
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(query.limit)));
  return { total: index.length, offset, rows: Array.from(index.subarray(offset, offset + limit), (i) => rowAt(fit, i)) };
}

/** The per-customer table as a formula-safe CSV, in the given order (default: the data's). */
export function clvCsv(fit: ClvFit, index?: Int32Array): string {
  const { summary: s, analysis: a } = fit;
  const p = a.perCustomer;
  const order = index ?? Int32Array.from({ length: s.customers.length }, (_, i) => i);
  const rows = Array.from(order, (i) => [s.customers[i], s.frequency[i], s.recency[i], s.age[i], s.spend?.[i] ?? null, p.pAlive[i], p.expectedPurchases[i], p.expectedSpend?.[i] ?? null, p.clv?.[i] ?? null]);
  return toCsv(['customer', 'frequency', 'recency', 'age', 'mean_spend', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'], rows);
}

/**
 * A fit's rows with the last order kept, so paging through one sort and search sorts once. The worker
 * keeps one per fit; a fresh one (after a reload) is built from the stored fit.
 */
export class ClvRows {
  readonly fit: ClvFit;
  #order: { key: string; index: Int32Array } | null = null;

  constructor(fit: ClvFit) {
    this.fit = fit;
  }

  order(query: ClvOrder): Int32Array {
    const key = `${query.sort}|${query.descending}|${query.search?.trim().toLowerCase() ?? ''}`;
    if (this.#order?.key !== key) this.#order = { key, index: clvOrder(this.fit, query) };
    return this.#order.index;
  }

  page(query: ClvRowsQuery): ClvRowsPage {
    return clvPage(this.fit, this.order(query), query);
  }

  csv(query?: ClvOrder): string {
    return clvCsv(this.fit, query ? this.order(query) : undefined);
  }

  /**
   * What the page shows: fits, totals, charts and the first page of the table in the asked order (a sort
   * by CLV falls back to P(alive) when there is no spend model).
   */
  view(query?: Partial<ClvRowsQuery>): ClvView {
    const { summary: s, analysis } = this.fit;
    const { perCustomer, ...rest } = analysis;
    const asked = Object.fromEntries(Object.entries(query ?? {}).filter(([, v]) => v !== undefined));
    const q: ClvRowsQuery = { ...defaultClvQuery(this.fit), ...asked };
    if (q.sort === 'clv' && !perCustomer.clv) q.sort = 'pAlive';
    return {
      summary: {
        unit: s.unit,
        customers: s.customers.length,
        hasSpend: s.spend !== null,
        holdout: s.holdout && { duration: s.holdout.duration },
        calibrationEnd: s.calibrationEnd,
        observationEnd: s.observationEnd,
        report: s.report,
      },
      analysis: { ...rest, hasClv: perCustomer.clv !== null },
      table: { query: q, page: this.page(q) },
      seconds: this.fit.seconds,
    };
  }
}
