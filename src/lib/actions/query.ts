// Filtering and sorting the action list (in the worker: lists can hold millions of customers).
import { DISAGREEMENT_TEXT, RISK_BANDS, VALUE_TIERS, type ActionFilter, type ActionList, type ActionQuery, type ActionRowView } from './types';
import { shapCells, shapHeader } from './shap-columns';

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function rowView(list: ActionList, i: number): ActionRowView {
  return {
    customer: list.customers[i],
    probability: num(list.probability[i]),
    band: list.band[i] >= 0 ? RISK_BANDS[list.band[i]] : null,
    pAlive: num(list.pAlive[i]),
    clv: num(list.clv[i]),
    valueAtRisk: num(list.valueAtRisk[i]),
    tier: list.tier[i] >= 0 ? VALUE_TIERS[list.tier[i]] : null,
    segment: list.segment[i],
    reasons: list.reasons[i],
    items: list.items[i],
    disagreement: DISAGREEMENT_TEXT[list.disagree[i]],
    action: list.actions[list.action[i]],
    profit: list.profit ? num(list.profit[i]) : null,
    inList: list.inList?.[i] === 1,
    remaining: list.remaining ? num(list.remaining[i]) : null,
  };
}

/** Row indices passing the filter, in list order. */
export function filterRows(list: ActionList, f: ActionFilter): Int32Array {
  const action = f.action ? list.actions.indexOf(f.action) : -2;
  const band = f.band ? RISK_BANDS.indexOf(f.band) : -2;
  const text = f.text?.trim().toLowerCase() ?? '';
  const out: number[] = [];
  for (let i = 0; i < list.customers.length; i++) {
    if (action !== -2 && list.action[i] !== action) continue;
    if (band !== -2 && list.band[i] !== band) continue;
    if (f.segment && list.segment[i] !== f.segment) continue;
    if (f.disagreeOnly && list.disagree[i] === 0) continue;
    if (f.inListOnly && list.inList?.[i] !== 1) continue;
    if (text && !haystack(list, i).includes(text)) continue;
    out.push(i);
  }
  return Int32Array.from(out);
}

function haystack(list: ActionList, i: number): string {
  return [list.customers[i], list.segment[i], list.actions[list.action[i]], ...list.reasons[i], ...list.items[i]].join('\n').toLowerCase();
}

/** Filtered and sorted row indices; missing numbers sort last either way, ties by list order. */
export function queryRows(list: ActionList, q: ActionQuery): Int32Array {
  const index = filterRows(list, q);
  const sign = q.descending ? -1 : 1;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const text = (key: 'customer' | 'segment' | 'action') => (i: number) => (key === 'customer' ? list.customers[i] : key === 'segment' ? list.segment[i] : list.actions[list.action[i]]);
  if (q.sort === 'customer' || q.sort === 'segment' || q.sort === 'action') {
    const t = text(q.sort);
    index.sort((a, b) => sign * collator.compare(t(a), t(b)) || a - b);
  } else {
    const values = list[q.sort];
    if (!values) {
      if (q.sort === 'remaining') throw new Error('This list has no expected remaining lifetimes: fit the Cox regression (Lifetime value page, Survival tab) on the customers, then build the list again');
      throw new Error(q.sort === 'profit' ? 'This list was stored before the expected profit existed: build it again to sort by it' : `Cannot sort the action list by "${String(q.sort)}"`);
    }
    index.sort((a, b) => {
      const x = values[a];
      const y = values[b];
      const nx = Number.isNaN(x);
      const ny = Number.isNaN(y);
      if (nx || ny) return nx === ny ? a - b : nx ? 1 : -1;
      return sign * (x - y) || a - b;
    });
  }
  return index;
}

export const CSV_HEADER = ['customer', 'action', 'churn_probability', 'risk_band', 'p_alive', 'disagreement', 'clv', 'value_tier', 'value_at_risk', 'expected_profit', 'in_contact_list', 'segment', 'reason_1', 'reason_2', 'reason_3', 'recommended_items'];

/** The CSV's columns: CSV_HEADER, then the Cox regression's expected remaining lifetime when the list has it (as on screen). */
export function csvHeader(list: ActionList): string[] {
  return [...CSV_HEADER, ...(list.remaining ? ['expected_remaining_lifetime'] : []), ...shapHeader(list.shap)];
}

export function csvRow(list: ActionList, i: number): unknown[] {
  const r = rowView(list, i);
  const row: unknown[] = [r.customer, r.action, r.probability, r.band, r.pAlive, r.disagreement, r.clv, r.tier, r.valueAtRisk, r.profit, r.inList ? 1 : 0, r.segment, r.reasons[0] ?? '', r.reasons[1] ?? '', r.reasons[2] ?? '', r.items.join('; ')];
  if (list.remaining) row.push(r.remaining);
  row.push(...shapCells(list.shap, i));
  return row;
}
