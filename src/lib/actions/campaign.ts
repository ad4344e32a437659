// A campaign's hold-out from a built list (a seeded control group, stratified by risk band), its CSV,
// and later the outcome: an outcomes file matched with the hold-out, treatment against control.
import { parseTable } from '../data/parse-table';
import { cellText, getColumn, type Table } from '../data/table';
import { toCsv } from '../export/csv';
import { assignHoldout } from './holdout';
import { queryRows } from './query';
import { RISK_BANDS } from './types';
import { outcomeValue, upliftInterval } from './uplift';
import type { ActionsRun, HoldoutRequest, OutcomeResult, StoredHoldout } from './views';

/** Draws the control group from the list's current filter or its top N by value at risk. */
export function drawHoldout(run: ActionsRun, request: HoldoutRequest, createdAt = new Date().toISOString()): StoredHoldout {
  const { list } = run.result;
  let rows: Int32Array;
  if (request.from.kind === 'filter') rows = queryRows(list, request.from.query);
  else {
    const n = Math.floor(request.from.n);
    if (!(n >= 2)) throw new Error(`top N must be at least 2, got ${request.from.n}`);
    rows = queryRows(list, { sort: 'valueAtRisk', descending: true }).slice(0, n);
  }
  if (rows.length < 2) throw new Error(`A hold-out needs at least 2 customers; the selection has ${rows.length}`);
  const a = assignHoldout(rows, list.band, request.share, request.seed);
  const control = a.control.reduce((s, v) => s + v, 0);
  return {
    summary: {
      createdAt,
      customers: rows.length,
      treatment: rows.length - control,
      control,
      share: request.share,
      seed: request.seed,
      strata: a.strata.map((s) => ({ band: s.band >= 0 ? RISK_BANDS[s.band] : 'no score', customers: s.customers, control: s.control })),
    },
    customers: Array.from(rows, (i) => list.customers[i]),
    control: Array.from(a.control),
    probability: Array.from(rows, (i) => (Number.isNaN(list.probability[i]) ? null : list.probability[i])),
    action: Array.from(rows, (i) => list.actions[list.action[i]]),
  };
}

/** Both groups as CSV: customer, group, churn probability, action ("No contact (control)" for control). */
export function holdoutCsv(h: StoredHoldout): string {
  return toCsv(
    ['customer', 'group', 'churn_probability', 'action'],
    h.customers.map((c, k) => [c, h.control[k] ? 'control' : 'treatment', h.probability[k], h.control[k] ? 'No contact (control)' : h.action[k]]),
  );
}

/** A column named like `pattern`, else the `fallback`-th column. */
function pickColumn(names: string[], wanted: string | undefined, pattern: RegExp, fallback: number, what: string): string {
  if (wanted) {
    if (!names.includes(wanted)) throw new Error(`The outcomes file has no column "${wanted}" (columns: ${names.join(', ')})`);
    return wanted;
  }
  const found = names.find((n) => pattern.test(n));
  if (found) return found;
  if (names[fallback] === undefined) throw new Error(`The outcomes file needs a ${what} column (columns: ${names.join(', ')})`);
  return names[fallback];
}

/**
 * Matches an outcomes table (customer, retained yes/no or 1/0; a churn column counts inverted) with the
 * hold-out and compares retention in treatment and control. A customer's first readable row counts.
 */
export function matchOutcomes(h: StoredHoldout, table: Table, columns: { customer?: string; outcome?: string } = {}): OutcomeResult {
  const names = table.columns.map((c) => c.name);
  const customerColumn = pickColumn(names, columns.customer, /customer|client|^id$/i, 0, 'customer');
  const outcomeColumn = pickColumn(
    names.filter((n) => n !== customerColumn),
    columns.outcome,
    /retain|outcome|stay|active|churn/i,
    0,
    'retained (yes/no or 1/0)',
  );
  // A column about churn says yes for customers lost: its values are inverted.
  const inverted = /churn/i.test(outcomeColumn) && !/retain/i.test(outcomeColumn);
  const idCol = getColumn(table, customerColumn);
  const outCol = getColumn(table, outcomeColumn);
  const group = new Map(h.customers.map((c, k) => [c.trim(), h.control[k]]));
  const seen = new Set<string>();
  let notInHoldout = 0;
  let unreadable = 0;
  const n = [0, 0];
  const retained = [0, 0];
  for (let r = 0; r < table.rows; r++) {
    const id = cellText(idCol, r).trim();
    const g = group.get(id);
    if (g === undefined) {
      notInHoldout++;
      continue;
    }
    let v = outcomeValue(cellText(outCol, r));
    if (v < 0) {
      unreadable++;
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    if (inverted) v = 1 - v;
    n[g]++;
    retained[g] += v;
  }
  return {
    ...upliftInterval(retained[0], n[0], retained[1], n[1]),
    customerColumn,
    outcomeColumn: inverted ? `${outcomeColumn} (inverted: churned = not retained)` : outcomeColumn,
    rows: table.rows,
    matched: seen.size,
    notInHoldout,
    unreadable,
    missing: h.customers.length - seen.size,
  };
}

/** The same from an outcomes file's bytes (CSV or TSV, read as the import reads it). */
export function readOutcomes(h: StoredHoldout, bytes: Uint8Array, columns: { customer?: string; outcome?: string } = {}): OutcomeResult {
  return matchOutcomes(h, parseTable(bytes).table, columns);
}
