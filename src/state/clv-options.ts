// Pure choices behind the Lifetime value page: which datasets and columns fit, sensible defaults from
// column roles and profiles, and the wording of results. No DOM, no runes: tested in Node.
import type { ColumnProfile } from '../contract';
import type { DatasetMeta } from '../storage/db';

const DAY_MS = 86_400_000;

/** Datasets the page can use as transactions: they have a date column (best matches first). */
export function transactionDatasets(datasets: DatasetMeta[]): DatasetMeta[] {
  const score = (d: DatasetMeta) => (d.roles.customer ? 4 : 0) + (d.roles.date ? 2 : 0) + (d.roles.amount ? 1 : 0);
  return datasets.filter((d) => d.columns.some((c) => c.type === 'date')).sort((a, b) => score(b) - score(a));
}

export interface TransactionColumnChoice {
  customer: string;
  date: string;
  /** '' = no amount (no spend model, no CLV in money). */
  amount: string;
  /** '' = the amount is the line's spend; else units per line and the amount is a unit price. */
  quantity: string;
}

/** Column defaults from the dataset's roles, falling back to the first column of a fitting type. */
export function defaultColumns(d: DatasetMeta): TransactionColumnChoice {
  const has = (name: string | undefined, ok: (type: string) => boolean) =>
    name !== undefined && d.columns.some((c) => c.name === name && ok(c.type));
  const date = has(d.roles.date, isDate) ? d.roles.date! : (d.columns.find((c) => isDate(c.type))?.name ?? '');
  const customer = has(d.roles.customer, (t) => !isDate(t))
    ? d.roles.customer!
    : (d.columns.find((c) => c.type === 'id')?.name ?? d.columns.find((c) => !isDate(c.type))?.name ?? '');
  const amount = has(d.roles.amount, isAmount) ? d.roles.amount! : '';
  // Invoice line items (Quantity, UnitPrice): a price is spend only once multiplied by the quantity.
  const quantity = amount && /price/i.test(amount) && has(d.roles.quantity, isAmount) ? d.roles.quantity! : '';
  return { customer, date, amount, quantity };
}

export const isDate = (type: string) => type === 'date';
export const isAmount = (type: string) => type === 'integer' || type === 'number';

/** The date range of a column from the dataset's profile (epoch ms, UTC), or null without a profile. */
export function dateRange(d: DatasetMeta, column: string): { min: number; max: number } | null {
  const p = d.profile?.columns.find((c) => c.name === column);
  if (!p || p.min === undefined || p.max === undefined || !Number.isFinite(p.min) || !Number.isFinite(p.max)) return null;
  return { min: p.min, max: p.max };
}

/** Data shorter than this keeps every day for calibration (a holdout would be too short to judge). */
export const MIN_DAYS_FOR_HOLDOUT = 120;
export const HOLDOUT_SHARE = 0.25;

/**
 * Default calibration end (YYYY-MM-DD): leave the last ~25% of the date range as a holdout when the
 * data spans at least MIN_DAYS_FOR_HOLDOUT days, otherwise the last day (no holdout).
 */
export function defaultCalibrationEnd(range: { min: number; max: number }): string {
  const first = Math.floor(range.min / DAY_MS);
  const last = Math.floor(range.max / DAY_MS);
  const span = last - first;
  const day = span >= MIN_DAYS_FOR_HOLDOUT ? last - Math.round(span * HOLDOUT_SHARE) : last;
  return isoDay(day * DAY_MS);
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && isoDay(ms) === text;
}

/** Columns that split customers into a few groups for survival curves. */
export function splitColumns(d: DatasetMeta, exclude: string[] = [], maxGroups = 12): string[] {
  const byName = new Map<string, ColumnProfile>((d.profile?.columns ?? []).map((c) => [c.name, c]));
  return d.columns
    .filter((c) => !exclude.includes(c.name) && c.type !== 'date' && c.type !== 'id')
    .filter((c) => {
      const p = byName.get(c.name);
      // Fewer values than rows: a column unique per row (names, emails) splits nothing.
      if (p) return p.distinct >= 2 && p.distinct <= maxGroups && p.distinct < p.rows;
      return c.type === 'category' || c.type === 'boolean';
    })
    .map((c) => c.name);
}

/** Split option of the survival chart: none, a transactions column, or an attribute joined from a customers dataset. */
export type SplitChoice =
  | { kind: 'none' }
  | { kind: 'column'; column: string }
  | { kind: 'join'; datasetId: string; column: string };

export function splitKey(s: SplitChoice): string {
  return s.kind === 'none' ? 'none' : s.kind === 'column' ? `column\u0000${s.column}` : `join\u0000${s.datasetId}\u0000${s.column}`;
}

/** True when the dataset has one row per customer (its customer column is unique), as a customers table. */
function onePerCustomer(d: DatasetMeta): boolean {
  const key = d.roles.customer;
  const p = key ? d.profile?.columns.find((c) => c.name === key) : undefined;
  if (!p) return !d.roles.date;
  return p.distinct >= (p.rows - p.missing) * 0.99;
}

/**
 * Customers datasets (one row per customer key) other than the transactions: their attributes can split
 * survival curves. Event logs are left out: many rows per customer have no one value to join.
 */
export function attributeDatasets(datasets: DatasetMeta[], transactionsId: string | null): DatasetMeta[] {
  return datasets.filter((d) => d.id !== transactionsId && d.roles.customer && onePerCustomer(d) && splitColumns(d, [d.roles.customer]).length > 0);
}

const PREFERRED_SPLITS = [/contract/i, /plan|tier|subscription/i, /segment/i, /channel/i];

/** Default split: a plan-like attribute of a customers dataset when there is one, otherwise none. */
export function defaultSplit(datasets: DatasetMeta[], transactionsId: string | null): SplitChoice {
  const sources = attributeDatasets(datasets, transactionsId);
  for (const pattern of PREFERRED_SPLITS) {
    for (const d of sources) {
      const column = splitColumns(d, [d.roles.customer!]).find((c) => pattern.test(c));
      if (column) return { kind: 'join', datasetId: d.id, column };
    }
  }
  return { kind: 'none' };
}

/** The log-rank result in words. */
export function logRankWords(pValue: number, alpha = 0.05): string {
  const p = pValue < 0.001 ? 'p < 0.001' : `p = ${pValue.toPrecision(2)}`;
  return pValue < alpha
    ? `The difference between groups is statistically significant (log-rank test, ${p}).`
    : `The difference between groups is not statistically significant (log-rank test, ${p}).`;
}

/** "3 days", "4.2 months": a duration in days for people. */
export function lifetimeText(days: number | null): string {
  if (days === null || !Number.isFinite(days)) return 'not reached';
  if (days < 60) return `${Math.round(days)} days`;
  return `${(days / (365.25 / 12)).toFixed(1)} months (${Math.round(days)} days)`;
}
