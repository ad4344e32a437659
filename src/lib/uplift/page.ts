// One page of the customers table, sorted by a learner's predicted uplift (the worker serves it from the
// stored run).
import type { Learner, UpliftPage, UpliftPageRequest, UpliftTable } from './types';

export function upliftPageRows(table: UpliftTable, request: UpliftPageRequest, best: Learner): UpliftPage {
  const by = table[request.by ?? best];
  const n = table.customers.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (request.ascending ? by[a] - by[b] : by[b] - by[a]) || a - b);
  const offset = Math.max(0, Math.floor(request.offset));
  const limit = Math.max(0, Math.min(1000, Math.floor(request.limit)));
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
