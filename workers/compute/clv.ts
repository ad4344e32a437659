// Lifetime value, cohorts and survival in the compute worker: thin glue from stored columns to src/lib.
import { transfer } from 'comlink';
import type { ClvApi, ClvRequest, ClvResult, ClvRow, ClvRowsQuery, ClvSortKey, SurvivalRequest } from '../../src/contract';
import { toCsv } from '../../src/lib/export/csv';
import { analyseClv } from '../../src/lib/models/clv/analyse';
import { summarizeTransactions } from '../../src/lib/models/clv/summary';
import { cohortsFromTable } from '../../src/lib/models/cohorts/cohorts';
import { churnDurations } from '../../src/lib/models/survival/churn';
import { survivalByGroup } from '../../src/lib/models/survival/survival';
import { cellText, getColumn } from '../../src/lib/data/table';
import { parseDay } from '../../src/lib/data/dates';
import { buffersOf } from '../../src/lib/transfer';
import { loadTable } from '../../src/storage/datasets';

const present = (...names: (string | undefined)[]) => names.filter((n): n is string => Boolean(n));

let last: { request: ClvRequest; result: ClvResult } | null = null;

async function clv(request: ClvRequest, onProgress?: (p: { stage: string; done: number; total: number }) => void): Promise<ClvResult> {
  const started = performance.now();
  const table = await loadTable(request.datasetId, present(request.customer, request.date, request.amount, request.quantity));
  const summary = summarizeTransactions(table, {
    customer: request.customer,
    date: request.date,
    amount: request.amount,
    quantity: request.quantity,
    unit: request.unit,
    calibrationEnd: request.calibrationEnd ? parseDay(request.calibrationEnd) : undefined,
  });
  const analysis = analyseClv(summary, {
    months: request.months,
    monthlyDiscountRate: request.monthlyDiscountRate,
    penalizer: request.penalizer,
    onProgress,
  });
  const result: ClvResult = { summary, analysis, seconds: (performance.now() - started) / 1000 };
  last = { request, result };
  order = null;
  // The worker keeps its arrays for the CSV export; a copy moves to the UI without a second copy.
  const copy = structuredClone(result);
  return transfer(copy, buffersOf(copy));
}

function lastRun(): ClvResult {
  if (!last) throw new Error('Run the lifetime value model first');
  return last.result;
}

function rowAt(r: ClvResult, i: number): ClvRow {
  const { summary: s, analysis: a } = r;
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

let order: { key: string; index: Int32Array } | null = null;

/** Row indices of the last run, filtered and sorted (the sorted order is cached for paging). */
function orderedRows(query: Pick<ClvRowsQuery, 'sort' | 'descending' | 'search'>): Int32Array {
  const r = lastRun();
  const n = r.summary.customers.length;
  const search = query.search?.trim().toLowerCase() ?? '';
  const key = `${query.sort}|${query.descending}|${search}`;
  if (order?.key === key) return order.index;
  const ids = r.summary.customers;
  let index = Int32Array.from({ length: n }, (_, i) => i);
  if (search) index = index.filter((i) => ids[i].toLowerCase().includes(search));
  const sign = query.descending ? -1 : 1;
  if (query.sort === 'customer') {
    const collator = new Intl.Collator(undefined, { numeric: true });
    index.sort((a, b) => sign * collator.compare(ids[a], ids[b]) || a - b);
  } else {
    const values = sortValues(r, query.sort);
    if (values) index.sort((a, b) => sign * (values[a] - values[b]) || a - b);
  }
  order = { key, index };
  return index;
}

function sortValues(r: ClvResult, key: Exclude<ClvSortKey, 'customer'>): Float64Array | null {
  const { summary: s, analysis: a } = r;
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

async function clvRows(query: ClvRowsQuery) {
  const r = lastRun();
  const index = orderedRows(query);
  const offset = Math.max(0, Math.min(Math.floor(query.offset), Math.max(0, index.length - 1)));
  const limit = Math.max(1, Math.min(500, Math.floor(query.limit)));
  const rows = Array.from(index.subarray(offset, offset + limit), (i) => rowAt(r, i));
  return { total: index.length, offset, rows };
}

/** The per-customer table of the last CLV run, as a formula-safe CSV. */
async function clvCsv(query?: Pick<ClvRowsQuery, 'sort' | 'descending' | 'search'>): Promise<string> {
  const r = lastRun();
  const { summary: s, analysis: a } = r;
  const p = a.perCustomer;
  const index = query ? orderedRows(query) : Int32Array.from({ length: s.customers.length }, (_, i) => i);
  const rows = Array.from(index, (i) => [s.customers[i], s.frequency[i], s.recency[i], s.age[i], s.spend?.[i] ?? null, p.pAlive[i], p.expectedPurchases[i], p.expectedSpend?.[i] ?? null, p.clv?.[i] ?? null]);
  return toCsv(['customer', 'frequency', 'recency', 'age', 'mean_spend', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'], rows);
}

async function survival(request: SurvivalRequest) {
  const table = await loadTable(request.datasetId, present(request.customer, request.date, request.amount, request.group));
  const data = churnDurations(table, { customer: request.customer, date: request.date, amount: request.amount, churnAfterDays: request.churnAfterDays, group: request.group });
  let groups = data.groups;
  let groupNames = data.groupNames;
  if (request.join) {
    // Split by an attribute of a customers dataset: join on its key column.
    const attrs = await loadTable(request.join.datasetId, [request.join.key, request.join.column]);
    const key = getColumn(attrs, request.join.key);
    const col = getColumn(attrs, request.join.column);
    const byKey = new Map<string, string>();
    for (let r = 0; r < attrs.rows; r++) byKey.set(cellText(key, r), cellText(col, r));
    const names = new Map<string, number>();
    groups = Int32Array.from(data.customers, (c) => {
      const v = byKey.get(c);
      if (v === undefined || v === '') return -1;
      if (!names.has(v)) names.set(v, names.size);
      return names.get(v)!;
    });
    groupNames = [...names.keys()];
  }
  return { ...survivalByGroup(data.durations, data.events, groups, groupNames), customers: data.customers.length, end: data.end };
}

export const clvApi: ClvApi = {
  clv,
  clvRows,
  clvCsv,
  async cohorts(request) {
    const table = await loadTable(request.datasetId, present(request.customer, request.date, request.amount, request.quantity));
    return cohortsFromTable(table, request);
  },
  survival,
};
