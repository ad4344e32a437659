// Lifetime value, cohorts and survival in the compute worker: thin glue from stored columns to src/lib.
import { transfer } from 'comlink';
import type { ClvApi, ClvRequest, ClvResult, SurvivalRequest } from '../../contract';
import { toCsv } from '../../lib/export/csv';
import { analyseClv } from '../../lib/models/clv/analyse';
import { summarizeTransactions } from '../../lib/models/clv/summary';
import { cohortsFromTable } from '../../lib/models/cohorts/cohorts';
import { churnDurations } from '../../lib/models/survival/churn';
import { survivalByGroup } from '../../lib/models/survival/survival';
import { cellText, getColumn } from '../../lib/data/table';
import { loadTable } from '../../storage/datasets';

const present = (...names: (string | undefined)[]) => names.filter((n): n is string => Boolean(n));

export function parseDay(text: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms)) throw new Error(`"${text}" is not a date (YYYY-MM-DD)`);
  return ms;
}

let last: { request: ClvRequest; result: ClvResult } | null = null;

async function clv(request: ClvRequest, onProgress?: (p: { stage: string; done: number; total: number }) => void): Promise<ClvResult> {
  const started = performance.now();
  const table = await loadTable(request.datasetId, present(request.customer, request.date, request.amount));
  const summary = summarizeTransactions(table, {
    customer: request.customer,
    date: request.date,
    amount: request.amount,
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
  // The worker keeps its arrays for the CSV export; a copy moves to the UI without a second copy.
  const copy = structuredClone(result);
  return transfer(copy, buffersOf(copy));
}

/** Every typed-array buffer inside a plain result (for Comlink.transfer). */
export function buffersOf(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) if (v && typeof v === 'object') buffersOf(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) if (v && typeof v === 'object') buffersOf(v, out);
  }
  return out;
}

/** The per-customer table of the last CLV run, as a formula-safe CSV. */
async function clvCsv(): Promise<string> {
  if (!last) throw new Error('Run the lifetime value model first');
  const { summary: s, analysis: a } = last.result;
  const p = a.perCustomer;
  const rows = s.customers.map((id, i) => [id, s.frequency[i], s.recency[i], s.age[i], s.spend?.[i] ?? null, p.pAlive[i], p.expectedPurchases[i], p.expectedSpend?.[i] ?? null, p.clv?.[i] ?? null]);
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
  clvCsv,
  async cohorts(request) {
    const table = await loadTable(request.datasetId, present(request.customer, request.date, request.amount));
    return cohortsFromTable(table, request);
  },
  survival,
};
