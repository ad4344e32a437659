// Lifetime value, cohorts and survival from a transactions table: the one wiring of these models that the
// compute worker, the CLI and the bench call.
import { parseDay } from '../data/dates';
import { cellText, getColumn, type Table } from '../data/table';
import type { ProgressFn } from '../progress';
import { analyseClv, type ClvAnalysis } from '../models/clv/analyse';
import { summarizeTransactions, type CustomerSummary, type SummaryOptions } from '../models/clv/summary';
import { cohortsFromTable, type CohortMatrix } from '../models/cohorts/cohorts';
import { churnDurations } from '../models/survival/churn';
import { survivalByGroup } from '../models/survival/survival';
import type { ClvFit, ClvRequest, CohortRequest, SurvivalRequest, SurvivalResult, TransactionColumns } from './types';

/** The columns of the transactions a request reads (plus a split column of theirs). */
export function transactionColumns(request: Omit<TransactionColumns, 'datasetId'> & { group?: string }): string[] {
  return [request.customer, request.date, request.amount, request.quantity, request.group].filter((n): n is string => Boolean(n));
}

/** The customer summary options of a request (its calibration end parsed; observation end: a day in ms). */
export function summaryOptions(request: Omit<ClvRequest, 'datasetId' | 'months' | 'monthlyDiscountRate' | 'penalizer'>, observationEnd?: number): SummaryOptions {
  return {
    customer: request.customer,
    date: request.date,
    amount: request.amount,
    quantity: request.quantity,
    unit: request.unit,
    calibrationEnd: request.calibrationEnd ? parseDay(request.calibrationEnd) : undefined,
    observationEnd,
  };
}

/**
 * A purchase model + Gamma-Gamma on a customer summary (from transactions, or a summary file in the CLI).
 * `compare`: fit all three purchase models for the choice table even when one is named ('auto' always does).
 */
export function fitClv(
  summary: CustomerSummary,
  request: Pick<ClvRequest, 'months' | 'monthlyDiscountRate' | 'penalizer' | 'model'> & { compare?: boolean },
  onProgress?: ProgressFn,
): ClvAnalysis {
  const { months, monthlyDiscountRate, penalizer, model, compare } = request;
  return analyseClv(summary, { months, monthlyDiscountRate, penalizer, model, compare, onProgress });
}

/** The whole CLV run on a transactions table. `started`: when loading began (performance.now()), for `seconds`. */
export function runClv(table: Table, request: Omit<ClvRequest, 'datasetId'>, onProgress?: ProgressFn, started = performance.now()): ClvFit {
  const summary = summarizeTransactions(table, summaryOptions(request));
  // The page names a model (or auto) and always shows the comparison; callers without one get BG/NBD alone.
  const analysis = fitClv(summary, { ...request, compare: request.model !== undefined }, onProgress);
  return { summary, analysis, seconds: (performance.now() - started) / 1000 };
}

export function runCohorts(table: Table, request: Omit<CohortRequest, 'datasetId'>): CohortMatrix {
  return cohortsFromTable(table, request);
}

/** An attribute of a customers table (`column`, joined on `key`) as a group per customer; -1 = none. */
export function joinGroups(customers: readonly string[], attrs: Table, key: string, column: string): { groups: Int32Array; groupNames: string[] } {
  const keys = getColumn(attrs, key);
  const col = getColumn(attrs, column);
  const byKey = new Map<string, string>();
  for (let r = 0; r < attrs.rows; r++) byKey.set(cellText(keys, r), cellText(col, r));
  const names = new Map<string, number>();
  const groups = Int32Array.from(customers, (c) => {
    const v = byKey.get(c);
    if (v === undefined || v === '') return -1;
    if (!names.has(v)) names.set(v, names.size);
    return names.get(v)!;
  });
  return { groups, groupNames: [...names.keys()] };
}

/**
 * Time to churn (no purchase for `churnAfterDays`) with Kaplan-Meier curves per group: a column of the
 * transactions (`group`), or an attribute of a customers table (`attributes`, joined on its key column).
 */
export function runSurvival(
  table: Table,
  request: Omit<SurvivalRequest, 'datasetId' | 'join'>,
  attributes?: { table: Table; key: string; column: string },
): SurvivalResult {
  const data = churnDurations(table, { customer: request.customer, date: request.date, amount: request.amount, churnAfterDays: request.churnAfterDays, group: request.group });
  const { groups, groupNames } = attributes ? joinGroups(data.customers, attributes.table, attributes.key, attributes.column) : data;
  return { ...survivalByGroup(data.durations, data.events, groups, groupNames), customers: data.customers.length, end: data.end };
}
