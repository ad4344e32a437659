// Which columns of a customers or subscriptions dataset hold lifetimes: a numeric tenure and a churn flag
// (telco: tenure + Churn; the demo customers: tenure_months + churned), or start and end dates. Guessed from
// names and types for the form's defaults; the user can pick any other column.
import type { ColumnType } from '../data/table';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
}

export interface SbgColumnGuess {
  kind: 'tenure' | 'dates' | null;
  customer: string;
  tenure: string;
  event: string;
  start: string;
  end: string;
  value: string;
}

const NUMERIC: ColumnType[] = ['integer', 'number'];
const first = (cols: ColumnInfo[], ok: (c: ColumnInfo) => boolean, pattern: RegExp) => cols.find((c) => ok(c) && pattern.test(c.name))?.name ?? '';

export function guessSbgColumns(columns: ColumnInfo[], customerRole?: string): SbgColumnGuess {
  const numeric = (c: ColumnInfo) => NUMERIC.includes(c.type);
  const date = (c: ColumnInfo) => c.type === 'date';
  const flag = (c: ColumnInfo) => c.type === 'category' || c.type === 'boolean' || c.type === 'integer';
  const tenure = first(columns, numeric, /tenure|months?_?active|lifetime|periods/i);
  const event = first(columns, flag, /churn|cancel|left|ended|status|active/i);
  const start = first(columns, date, /start|signup|sign_up|joined|created|begin|subscribed/i);
  const end = first(columns, date, /end|cancel|churn|stop|terminat|closed/i);
  const customer = customerRole ?? first(columns, (c) => c.type === 'id' || c.type === 'category', /customer|^id$|_id$|id$/i);
  const value = first(columns, numeric, /monthly|fee|price|charge|mrr|amount|revenue/i);
  const kind = tenure && event ? 'tenure' : start && end && start !== end ? 'dates' : null;
  return { kind, customer, tenure, event, start, end, value };
}
