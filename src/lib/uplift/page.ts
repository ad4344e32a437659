// One page of the customers table, sorted by a learner's predicted uplift (the worker serves it from the
// stored run).
import type { Learner, UpliftPage, UpliftPageRequest, UpliftTable } from './types';

/** `all` lifts the page-size cap (for the CSV). */
export function upliftPageRows(table: UpliftTable, request: UpliftPageRequest, best: Learner, all = false): UpliftPage {
  const by = table[request.by ?? best];
  const n = table.customers.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (request.ascending ? by[a] - by[b] : by[b] - by[a]) || a - b);
  const offset = Math.max(0, Math.floor(request.offset));
  const limit = Math.max(0, all ? n : Math.min(1000, Math.floor(request.limit)));
  const rows = Array.from(order.subarray(offset, offset + limit), (i) => ({
    customer: table.customers[i],
    treated: table.treated[i] === 1,
    outcome: table.outcome[i] === 1,
    s: table.s[i],
    t: table.t[i],
    x: table.x[i],
    truth: table.truth ? table.truth[i] : null,
  }));
  return { rows, total: n };
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Every customer with the predicted uplift of each learner, sorted by the best learner's, as CSV. */
export function upliftCsv(table: UpliftTable, best: Learner): string {
  const { rows } = upliftPageRows(table, { offset: 0, limit: table.customers.length }, best, true);
  const head = ['customer', 'treated', 'outcome', 'uplift_s', 'uplift_t', 'uplift_x', ...(table.truth ? ['true_uplift'] : [])];
  const lines = rows.map((r) => [csvField(r.customer), r.treated ? 1 : 0, r.outcome ? 1 : 0, r.s, r.t, r.x, ...(r.truth === null ? [] : [r.truth])].join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}
