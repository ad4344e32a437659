// The lifecycle capability: a transactions table in, the lifecycle views out (src/lib/models/lifecycle). The
// compute worker, the CLI command and the report call these same functions.
import { getColumn, type Table } from '../data/table';
import { customerIndex, dateValues, spendValues } from '../models/clv/summary';
import { checkLifecyclePeriod, cohortCellCustomers, lifecycle, type LifecycleResult } from '../models/lifecycle/lifecycle';
import type { CohortCellRequest, LifecycleRequest } from './types';

type Columns = Omit<LifecycleRequest, 'datasetId'>;

function arrays(table: Table, request: Columns) {
  checkLifecyclePeriod(request.period);
  const dates = dateValues(table, request.date);
  const amounts = request.amount ? spendValues(table, request.amount, request.quantity) : null;
  const { index, labels } = customerIndex(getColumn(table, request.customer));
  return { index, labels, dates, amounts };
}

export function runLifecycle(table: Table, request: Columns): LifecycleResult {
  const { index, labels, dates, amounts } = arrays(table, request);
  const out = lifecycle(index, dates, amounts, labels.length, request.period);
  if (out.customers === 0) throw new Error(`No purchases with a customer and a date in "${request.customer}" and "${request.date}": nothing to show.`);
  return out;
}

/** The customer ids of one cohort cell (see cohortCellCustomers), in the order of first appearance. */
export function cohortCell(table: Table, request: Omit<CohortCellRequest, 'datasetId'>): string[] {
  const { index, labels, dates, amounts } = arrays(table, request);
  const picked = cohortCellCustomers(index, dates, amounts, labels.length, request.period, request);
  return Array.from(picked, (c) => labels[c]);
}

/** The segment name a saved cohort cell gets: says which cell it was. */
export function cellSegmentName(request: Pick<CohortCellRequest, 'period' | 'cohort' | 'offset' | 'mode'>): string {
  const when = request.offset === 0 ? `${request.period} 0` : `${request.period} ${request.offset}${request.mode === 'unbounded' ? ' or later' : ''}`;
  return `Cohort ${request.cohort}, active ${when}`;
}
