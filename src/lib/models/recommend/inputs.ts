// Which columns and datasets recommendations and market baskets can use. Customers, items and baskets
// are identifiers: category, id or text columns, or whole numbers the dataset's roles name as its
// customer, item or basket key (roles come from values as well as names). Any other number column holds
// prices, amounts or quantities, and using one as items gives rules like "P0170 -> 56.99": it is refused
// with the reason.
import type { ColumnType } from '../../data/table';

export interface ColumnInfo {
  name: string;
  type: ColumnType;
}

export interface DatasetInfo {
  columns: readonly ColumnInfo[];
  roles?: Partial<Record<string, string>>;
  source?: { header: boolean };
  /** Exact distinct counts per column (the stored profile), when known. */
  profile?: { columns: readonly { name: string; rows: number; missing: number; distinct: number }[] };
}

const KEY_TYPES: readonly ColumnType[] = ['id', 'category', 'text'];

export type KeyUse = 'customer' | 'item' | 'basket';

const WHAT: Record<KeyUse, string> = { customer: 'customer', item: 'item', basket: 'basket (invoice)' };

/** Why a column of this type cannot identify customers, items or baskets; null when it can. */
export function keyTypeProblem(type: ColumnType): string | null {
  if (KEY_TYPES.includes(type)) return null;
  switch (type) {
    case 'number':
      return 'numbers (prices, amounts) are not ids';
    case 'integer':
      return 'whole numbers (quantities, counts); if these are codes, change the type to id';
    case 'boolean':
      return 'a yes/no flag is not an id';
    case 'date':
      return 'a date is not an id';
    default:
      return `a ${type} column is not an id`;
  }
}

export interface ColumnOption extends ColumnInfo {
  /** Null when suitable; else why the picker shows it disabled. */
  problem: string | null;
}

/** Columns for a customer, item or basket picker: suitable ones first (in file order), then the rest with reasons. */
export function keyColumnOptions(d: DatasetInfo): ColumnOption[] {
  const all = d.columns.map((c) => ({ name: c.name, type: c.type, problem: columnKeyProblem(d, c) }));
  return [...all.filter((c) => !c.problem), ...all.filter((c) => c.problem)];
}

const KEY_ROLES = ['customer', 'item', 'basket'];

/** Why this column of `d` cannot be a key: its type, unless it is a whole-number column holding a key role. */
export function columnKeyProblem(d: DatasetInfo, c: ColumnInfo): string | null {
  if (c.type === 'integer' && KEY_ROLES.some((r) => d.roles?.[r] === c.name)) return null;
  return keyTypeProblem(c.type);
}

/** The error for a column the user (or a stale request) chose, or null. */
export function keyColumnProblem(d: DatasetInfo, name: string | undefined, use: KeyUse): string | null {
  if (!name) return `Choose the ${WHAT[use]} column.`;
  const c = d.columns.find((x) => x.name === name);
  if (!c) return `No column "${name}" in this dataset.`;
  const problem = columnKeyProblem(d, c);
  return problem ? `"${name}" cannot be the ${WHAT[use]} column: it is ${c.type} (${problem}). Choose a category or id column.` : null;
}

/**
 * Why a dataset cannot be used for recommendations, or null: it needs two id-like columns (customer and
 * item), and a customer column that repeats: with one row per customer there is nothing to learn from.
 */
export function interactionsProblem(d: DatasetInfo): string | null {
  const keys = d.columns.filter((c) => !columnKeyProblem(d, c));
  // Two attributes of a customer (a state, an area code) are no interactions: some column must name who
  // or what (a customer or item role, or an id column).
  if (keys.length >= 2 && !d.roles?.customer && !d.roles?.item && !keys.some((c) => c.type === 'id')) {
    return `needs a customer and an item column: it has categories (${keys.slice(0, 3).map((c) => c.name).join(', ')}) but no id column and no customer or item role`;
  }
  if (keys.length >= 2) {
    const customer = d.roles?.customer;
    const p = customer ? d.profile?.columns.find((c) => c.name === customer) : undefined;
    if (p && p.rows > 1 && p.distinct === p.rows - p.missing) {
      return `one row per customer ("${customer}" never repeats): needs one row per purchase, view or rating`;
    }
    return null;
  }
  const fix = d.columns.some((c) => c.type === 'integer') ? ' (whole-number ids: change their type to id on the Data page)' : '';
  if (keys.length === 1) return `needs a customer and an item column of category or id type; only "${keys[0].name}" is one${fix}`;
  return `needs a customer and an item column of category or id type; it has none${fix}`;
}

/** A headerless file whose every column is an item slot (one basket per line, e.g. groceries.csv). */
export function isBasketLines(d: DatasetInfo): boolean {
  return d.source?.header === false && d.columns.length > 0 && d.columns.every((c) => !columnKeyProblem(d, c));
}

/** Why a dataset cannot be used for market baskets, or null. */
export function basketsProblem(d: DatasetInfo): string | null {
  if (isBasketLines(d)) return null;
  const keys = d.columns.filter((c) => !columnKeyProblem(d, c));
  if (keys.length >= 2) return null;
  const numeric = d.columns.filter((c) => columnKeyProblem(d, c)).map((c) => c.name);
  const has = keys.length === 1 ? `only "${keys[0].name}" is one` : 'it has none';
  return `needs a basket (invoice) column and an item column of category or id type; ${has}${numeric.length ? ` (${numeric.slice(0, 3).join(', ')}${numeric.length > 3 ? ', …' : ''} are not)` : ''}`;
}

/** Checks a basket request's columns: both named (and different), or none for one-basket-per-line data. */
export function basketColumnsProblem(d: DatasetInfo, basket: string | undefined, item: string | undefined): string | null {
  if (!basket && !item) {
    if (isBasketLines(d)) return null;
    const bad = d.columns.filter((c) => columnKeyProblem(d, c));
    const what = bad.length
      ? `${bad.slice(0, 3).map((c) => `"${c.name}" (${c.type})`).join(', ')}${bad.length > 3 ? ', …' : ''} would be read as items`
      : 'this file has a header row';
    return `Reading each row as one basket only suits headerless basket lines: ${what}. Choose a basket column and an item column.`;
  }
  const problem = keyColumnProblem(d, basket, 'basket') ?? keyColumnProblem(d, item, 'item');
  if (problem) return problem;
  if (basket === item) return 'The basket and item columns must be different.';
  return null;
}

const BASKET_WORDS = /invoice|order|basket|receipt|transaction|ticket|cart/i;
const ITEM_WORDS = /item|product|sku|stock|article/i;

/** Default basket and item columns from the roles, else names; both empty for basket lines. */
export function basketDefaults(d: DatasetInfo): { basket: string; item: string } {
  if (isBasketLines(d)) return { basket: '', item: '' };
  const keys = d.columns.filter((c) => !columnKeyProblem(d, c)).map((c) => c.name);
  const role = (r: string) => (d.roles?.[r] && keys.includes(d.roles[r]) ? d.roles[r] : undefined);
  const item = role('item') ?? keys.find((n) => ITEM_WORDS.test(n)) ?? '';
  // Without a role or a telling name the basket stays unchosen: guessing would pick the customer column.
  const basket = role('basket') ?? keys.find((n) => n !== item && BASKET_WORDS.test(n)) ?? '';
  return { basket, item };
}
