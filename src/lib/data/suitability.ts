// Which stored datasets fit what a page needs, why the others do not, and which one a page picks by
// default. Pure: takes dataset metadata (no rows), so pages can grey out unsuitable choices cheaply.
// Demo data stays apart: once the user has a dataset of their own, no page defaults to a demo one.
import type { ColumnRole, ColumnType } from './table';

/** The demo workspace's files: key, dataset name (import-demo.ts imports them as demo-<key>.csv). */
export const DEMO_DATASETS = [
  ['customers', 'Demo customers'],
  ['transactions', 'Demo transactions'],
  ['products', 'Demo products'],
  // Before the events: the largest file goes last, and pages wait for it as the demo's end.
  ['surveys', 'Demo surveys'],
  ['events', 'Demo events'],
] as const;

/** What a page needs from one dataset. */
export type Need =
  /** CLV, RFM, the action list's value: purchases with customer, date and amount, several rows per customer. */
  | 'transactions'
  /** A churn label derived from activity: customer and date, several rows per customer (amount optional). */
  | 'activity'
  /** Churn from a label: a two-valued column. */
  | 'churnLabel'
  /** The action list's customers: one row per customer key. */
  | 'customers'
  /** k-means on customer attributes: one row per customer with numeric columns. */
  | 'attributes'
  /** Item names: an item key and a name column, not a customers table. */
  | 'catalogue'
  /** Survey answers: a score column with the satisfaction role (0-10 recommend, 1-5 / 1-7 satisfaction). */
  | 'survey';

/** The metadata this module reads; DatasetMeta (storage/db.ts) fits it. */
export interface DatasetInfo {
  id: string;
  name: string;
  createdAt: number;
  rows: number;
  demo?: boolean;
  columns: readonly { name: string; type: ColumnType }[];
  roles: Partial<Record<ColumnRole, string>>;
  profile?: { columns: readonly { name: string; distinct: number; rows: number; missing: number }[] };
  source?: { fileName: string };
}

export interface Suitability {
  ok: boolean;
  /** Why not, in words that follow the dataset's name ("has no date column"); null when ok. */
  reason: string | null;
  /** Among suitable datasets, higher fits better (a label role over a merely two-valued column). */
  score: number;
}

const LEGACY_DEMO_FILES = new Map<string, string>(DEMO_DATASETS.map(([key, name]) => [name, `demo-${key}.csv`]));

/**
 * Demo data: flagged at import; datasets stored before the flag existed are recognised by the demo's
 * own name together with its generated file name (a user's file gets its file name as dataset name).
 */
export function isDemo(d: Pick<DatasetInfo, 'demo' | 'name' | 'source'>): boolean {
  if (d.demo !== undefined) return d.demo;
  return d.source !== undefined && LEGACY_DEMO_FILES.get(d.name) === d.source.fileName;
}

const NUMERIC = new Set<ColumnType>(['integer', 'number']);
const NAME_HINT = /name|title|description|label/i;

function column(d: DatasetInfo, name: string | undefined) {
  return name === undefined ? undefined : d.columns.find((c) => c.name === name);
}

/** The customer key: the customer role, else the only id column when the dataset has no item role. */
export function customerColumn(d: DatasetInfo): string | null {
  if (column(d, d.roles.customer)) return d.roles.customer!;
  if (d.roles.item) return null;
  const ids = d.columns.filter((c) => c.type === 'id');
  return ids.length === 1 ? ids[0].name : null;
}

/** The date role when it is a date column, else the only date column. */
export function dateColumn(d: DatasetInfo): string | null {
  if (column(d, d.roles.date)?.type === 'date') return d.roles.date!;
  const dates = d.columns.filter((c) => c.type === 'date');
  return dates.length === 1 ? dates[0].name : null;
}

/** The amount role when it is numeric (a guess from any numeric column would pick ages and counts). */
export function amountColumn(d: DatasetInfo): string | null {
  const c = column(d, d.roles.amount);
  return c && NUMERIC.has(c.type) ? c.name : null;
}

/** 'one' row per key, 'many', or null when the profile cannot tell. */
export function rowsPerKey(d: DatasetInfo, key: string): 'one' | 'many' | null {
  const p = d.profile?.columns.find((c) => c.name === key);
  if (!p) return null;
  const present = p.rows - p.missing;
  if (present <= 0) return null;
  return p.distinct >= present * 0.99 ? 'one' : 'many';
}

/** Distinct non-missing values of a column from the profile, or null without one. */
function distinct(d: DatasetInfo, name: string): number | null {
  return d.profile?.columns.find((c) => c.name === name)?.distinct ?? null;
}

function twoValued(d: DatasetInfo, name: string): boolean {
  const c = column(d, name);
  if (!c || c.type === 'date' || c.type === 'text') return false;
  const n = distinct(d, name);
  return n === null ? c.type === 'boolean' : n === 2;
}

const yes = (score = 0): Suitability => ({ ok: true, reason: null, score });
const no = (reason: string): Suitability => ({ ok: false, reason, score: 0 });

function purchases(d: DatasetInfo, needAmount: boolean): Suitability {
  const customer = customerColumn(d);
  const date = dateColumn(d);
  const amount = amountColumn(d);
  const missing = [!customer && 'customer', !date && 'date', needAmount && !amount && 'amount'].filter(Boolean) as string[];
  if (missing.length) return no(`has no ${words(missing)} column (roles on the Data page)`);
  if (rowsPerKey(d, customer!) === 'one') return no(`has one row per ${customer}: customer-level, not ${needAmount ? 'purchases' : 'activity'}`);
  return yes(amount ? 1 : 0);
}

/** Whether a dataset fits a need, and why not. */
export function suitability(d: DatasetInfo, need: Need): Suitability {
  switch (need) {
    case 'transactions':
      return purchases(d, true);
    case 'activity':
      return purchases(d, false);
    case 'churnLabel': {
      const label = d.roles.label;
      if (label && twoValued(d, label)) return yes(2);
      const other = d.columns.find((c) => c.name !== label && twoValued(d, c.name));
      if (other) return yes(1);
      if (label && column(d, label)) return no(`has no two-valued column: its label ${label} has ${distinct(d, label) ?? 'more than two'} values`);
      return no('has no two-valued column to use as the churn label');
    }
    case 'customers':
    case 'attributes': {
      const key = customerColumn(d);
      // No key: a customer-level file still works, its customers numbered by row (labelled as such).
      if (!key && d.roles.item) return no('is about items (it has an item key), not customers');
      if (!key && d.roles.date && !d.roles.label) return no('looks like activity (a date per row) and has no customer key column');
      const per = key ? rowsPerKey(d, key) : 'one';
      if (per === 'many') return no(`has several rows per ${key}: not one row per customer`);
      if (per === null && d.roles.date && !d.roles.label) return no('looks like activity (a date per row), not one row per customer');
      // A keyed file fits a little better than one numbered by row.
      const keyed = key ? 0.5 : 0;
      if (need === 'customers') return yes((d.roles.label ? 1 : 0) + keyed);
      const numeric = d.columns.filter((c) => NUMERIC.has(c.type) && c.name !== key && c.name !== d.roles.label);
      return numeric.length ? yes(Math.min(numeric.length, 5) + keyed) : no('has no numeric columns to group customers by');
    }
    case 'catalogue': {
      if (d.roles.customer) return no('is about customers, not items');
      const key = column(d, d.roles.item)?.name ?? d.columns.find((c) => c.type === 'id')?.name;
      if (!key) return no('has no item id column');
      const name = d.columns.find((c) => c.name !== key && NAME_HINT.test(c.name) && (c.type === 'text' || c.type === 'category'));
      return name ? yes() : no('has no name or title column');
    }
    case 'survey': {
      const score = column(d, d.roles.satisfaction);
      if (!score) return no('has no survey score column (the satisfaction role on the Data page: 0-10 recommend, 1-5 or 1-7 satisfaction)');
      // Dated answers fit better: they give NPS over time.
      return yes(1 + (d.roles.date ? 1 : 0));
    }
  }
}

function words(list: string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/** Datasets a default may come from: the user's own once there is any, the demo only before that. */
export function defaultPool<T extends DatasetInfo>(datasets: readonly T[]): T[] {
  const own = datasets.filter((d) => !isDemo(d));
  return own.length ? own : [...datasets];
}

/**
 * The one default-choice rule of every page: among suitable datasets of the default pool (the user's
 * own, or the demo when the user has none), the best fit, then the newest. Null when none fits: the
 * page then says what it needs instead of reaching into the demo data.
 */
export function pickDefault<T extends DatasetInfo>(datasets: readonly T[], need: Need, exclude: readonly string[] = []): T | null {
  let best: T | null = null;
  let bestScore = -1;
  for (const d of defaultPool(datasets)) {
    if (exclude.includes(d.id)) continue;
    const s = suitability(d, need);
    if (!s.ok) continue;
    if (s.score > bestScore || (s.score === bestScore && d.createdAt > best!.createdAt)) {
      best = d;
      bestScore = s.score;
    }
  }
  return best;
}

export interface DatasetChoice<T extends DatasetInfo = DatasetInfo> {
  dataset: T;
  demo: boolean;
  ok: boolean;
  reason: string | null;
}

export interface ChoiceGroup<T extends DatasetInfo = DatasetInfo> {
  label: 'Your data' | 'Demo data' | 'Not suitable';
  choices: DatasetChoice<T>[];
}

/** A picker's options: suitable datasets first (the user's own, then the demo), newest first; then the unsuitable ones with why. */
export function datasetChoices<T extends DatasetInfo>(datasets: readonly T[], need: Need): ChoiceGroup<T>[] {
  const all = [...datasets]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((d): DatasetChoice<T> => ({ dataset: d, demo: isDemo(d), ...suitability(d, need) }));
  const groups: ChoiceGroup<T>[] = [
    { label: 'Your data', choices: all.filter((c) => c.ok && !c.demo) },
    { label: 'Demo data', choices: all.filter((c) => c.ok && c.demo) },
    { label: 'Not suitable', choices: [...all.filter((c) => !c.ok && !c.demo), ...all.filter((c) => !c.ok && c.demo)] },
  ];
  return groups.filter((g) => g.choices.length > 0);
}

/** What a page asks the user to import when nothing of theirs fits, in words. */
export const NEED_WORDS: Record<Need, string> = {
  transactions: 'transactions: import a file with customer, date and amount (one row per purchase)',
  activity: 'transactions or events: import a file with customer and date (one row per purchase or visit)',
  churnLabel: 'a churn label: import a customers file with a two-valued column saying who left (yes/no, 0/1)',
  customers: 'customers: import a file with one row per customer and a customer id',
  attributes: 'customer attributes: import a file with one row per customer and numeric columns',
  catalogue: 'a products file with an item id and a name column',
  survey: 'survey answers: import a file with a score column (0-10 likelihood to recommend, or 1-5 / 1-7 satisfaction), ideally a customer id and a date',
};

/**
 * Two datasets a page joins (customers and their transactions): the best-fitting pair that a confirmed link
 * joins, from the default pool; null when no such pair exists (the page then falls back to pickDefault).
 */
export function pickLinkedPair<T extends DatasetInfo>(datasets: readonly T[], first: Need, second: Need, linked: (a: T, b: T) => boolean): [T, T] | null {
  const ranked = (need: Need) =>
    defaultPool(datasets)
      .map((d) => ({ d, s: suitability(d, need) }))
      .filter((x) => x.s.ok)
      .sort((x, y) => y.s.score - x.s.score || y.d.createdAt - x.d.createdAt)
      .map((x) => x.d);
  const seconds = ranked(second);
  for (const a of ranked(first)) for (const b of seconds) if (a.id !== b.id && linked(a, b)) return [a, b];
  return null;
}
