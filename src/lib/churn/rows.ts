// The scored customers as the page reads them: sorted, a page at a time, and as CSV.
import { toCsv } from '../export/csv';
import type { ChurnPageRequest, ChurnScoreRow, ChurnScores } from './types';

export type ChurnSort = ChurnPageRequest['sort'];

/** Row indices in ascending order of a sort key (descending pages read it from the end). */
export function scoreOrder(scores: Pick<ChurnScores, 'probability' | 'customers'>, sort: ChurnSort): Int32Array {
  const { probability: p, customers: c } = scores;
  const o = Int32Array.from({ length: p.length }, (_, i) => i);
  if (sort === 'probability') o.sort((a, b) => p[a] - p[b] || b - a);
  else o.sort((a, b) => (c[a] < c[b] ? -1 : c[a] > c[b] ? 1 : a - b));
  return o;
}

/** One page of scored customers in a given order (from `scoreOrder` with the request's sort). With a rule, also
 * its customers per risk band (`bandCounts`), so the band chips above the table count what the table lists. */
export function scorePage(scores: ChurnScores, order: Int32Array, request: ChurnPageRequest): { total: number; rows: ChurnScoreRow[]; bandCounts?: number[] } {
  const { customers, probability, band, reasons } = scores;
  let bandCounts: number[] | undefined;
  if (request.rule !== undefined) {
    order = ruleOrder(scores, order, request.rule);
    bandCounts = scores.bandNames.map(() => 0);
    for (const i of order) bandCounts[band[i]]++;
  }
  const n = order.length;
  const rows: ChurnScoreRow[] = [];
  for (let k = Math.max(0, request.offset); k < Math.min(n, request.offset + request.limit); k++) {
    const i = request.descending ? order[n - 1 - k] : order[k];
    rows.push({ customer: customers[i], probability: probability[i], band: band[i], reasons: reasons[i] ?? [] });
  }
  return bandCounts ? { total: n, rows, bandCounts } : { total: n, rows };
}

/** The customers of one decision-tree rule, in the given order (an O(n) pass: cheap next to a page's round trip). */
function ruleOrder(scores: ChurnScores, order: Int32Array, rule: number): Int32Array {
  const leaf = scores.rule;
  if (!leaf) throw new Error('These scores have no decision-tree rules: train with the decision tree (or auto) to select a rule');
  return order.filter((i) => leaf[i] === rule);
}

/** Every scored customer, riskiest first, as a formula-safe CSV (`order`: by probability, if at hand). With SHAP,
 * one `shap_<column>` per source column (log-odds), empty for customers beyond the explained ones. */
export function scoresCsv(scores: ChurnScores, order = scoreOrder(scores, 'probability')): string {
  const { customers, probability, band, bandNames, reasons, shap } = scores;
  const cols = shap?.columns.length ?? 0;
  const explained = new Int32Array(customers.length).fill(-1);
  shap?.rows.forEach((row, k) => (explained[row] = k));
  const rows: unknown[][] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    const r = reasons[i] ?? [];
    const row: unknown[] = [customers[i], Number(probability[i].toFixed(6)), bandNames[band[i]], r[0] ?? '', r[1] ?? '', r[2] ?? ''];
    const e = explained[i];
    for (let c = 0; c < cols; c++) row.push(e >= 0 ? Number(shap!.values[e * cols + c].toFixed(6)) : '');
    rows.push(row);
  }
  return toCsv(['customer', 'churn_probability', 'risk_band', 'reason_1', 'reason_2', 'reason_3', ...(shap?.columns.map((c) => `shap_${c}`) ?? [])], rows);
}
