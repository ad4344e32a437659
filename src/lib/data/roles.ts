// Role suggestions (customer, date, amount, ...) from column names, types and values; the user confirms them.
// A name says which role a column may play; its values say whether it can: a customer key is near-unique
// in a customer-level file (or repeats in a file of dated transactions), never a count with ten values.
import { nameWords } from './infer';
import { surveyNameHint, surveyScoreReason } from './survey';
import { isNumericColumn, type Column, type ColumnRole, type ColumnType, type Table } from './table';

interface RoleRule {
  role: ColumnRole;
  /** Name words and how strongly each one says "this role". */
  words: Record<string, number>;
  types: readonly ColumnType[];
  /** Extra check on the column's values (and the table it sits in). */
  accept?: (c: Column, t: TableFacts) => boolean;
}

interface TableFacts {
  /** The table has a date column: rows are events or transactions, so keys repeat. */
  dated: boolean;
  /** Roles given so far (rules run in order). */
  roles: Partial<Record<ColumnRole, string>>;
}

/** A key must tell at least this many customers apart unless it is unique per row. */
const KEY_MIN_DISTINCT = 10;
const NEAR_UNIQUE = 0.95;

const RULES: readonly RoleRule[] = [
  {
    role: 'label',
    words: { churn: 3, churned: 3, label: 2, target: 2, exited: 3, attrition: 3, cancelled: 2, canceled: 2, left: 1, resilie: 3, resiliation: 3, gekuendigt: 3, abgewandert: 3 },
    types: ['boolean', 'category', 'integer'],
    accept: (c) => distinctCount(c, 3) === 2,
  },
  {
    role: 'customer',
    words: { customer: 3, user: 3, client: 3, member: 3, buyer: 2, shopper: 2, account: 2, household: 2, subscriber: 2, kunde: 3, kundennummer: 3, kundennr: 3, abonne: 2 },
    types: ['id', 'integer', 'category'],
    accept: isKeyLike,
  },
  {
    role: 'date',
    words: { date: 3, time: 2, timestamp: 3, day: 2, datetime: 3, invoice: 1, order: 1, purchase: 1, transaction: 1, created: 1, datum: 3 },
    types: ['date'],
  },
  {
    role: 'basket',
    words: { invoice: 3, basket: 3, receipt: 3, order: 2, transaction: 2, ticket: 2, cart: 2 },
    types: ['id', 'category'],
    // A basket holds several lines: an order number unique per row is no basket.
    accept: (c, t) => t.dated && distinctCount(c, Infinity) >= 2 && !nearUnique(c),
  },
  {
    role: 'item',
    words: { item: 3, product: 3, stock: 3, sku: 3, movie: 3, title: 2, article: 2, isbn: 2 },
    types: ['id', 'category', 'integer', 'text'],
    accept: (c) => !isNumericColumn(c) || distinctCount(c, KEY_MIN_DISTINCT) >= KEY_MIN_DISTINCT || nearUnique(c),
  },
  {
    // A survey answer: whole numbers on a 0-10 or 1-5 / 1-7 scale AND a name that says so (words in
    // survey.ts). A file of item ratings (a movie's 1-5 stars) has an item column: those rate products.
    role: 'satisfaction',
    words: {},
    types: ['integer', 'number'],
    accept: (c, t) => !t.roles.item && surveyScoreReason(c) !== null,
  },
  {
    role: 'quantity',
    words: { qty: 3, quantity: 3, units: 2, count: 1, cds: 1, menge: 3, quantite: 3 },
    types: ['integer', 'number'],
    // Units bought per line: a one-row-per-customer file's "NumOfProducts" is a feature, not a quantity.
    accept: (_c, t) => t.dated,
  },
  {
    role: 'amount',
    // "Total day minutes" and "total calls" are usage, not money.
    words: { amount: 3, total: 1, revenue: 3, spend: 3, sales: 3, dollar: 3, dollars: 3, value: 2, monetary: 3, price: 2, charges: 2, charge: 2, cost: 1, payment: 1, paid: 1, montant: 3, betrag: 3, umsatz: 3, minutes: -3, mins: -3, calls: -3, messages: -3, count: -3, age: -3 },
    types: ['number', 'integer'],
  },
];

/** Distinct non-missing values, counting stops once `cap` is passed. */
export function distinctCount(c: Column, cap = Infinity): number {
  const seen = new Set<number>();
  if (isNumericColumn(c)) {
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      seen.add(v);
      if (seen.size > cap) break;
    }
  } else {
    for (const code of c.codes) {
      if (code < 0) continue;
      seen.add(code);
      if (seen.size > cap) break;
    }
  }
  return seen.size;
}

function present(c: Column): number {
  let n = 0;
  if (isNumericColumn(c)) for (const v of c.values) n += Number.isNaN(v) ? 0 : 1;
  else for (const code of c.codes) n += code < 0 ? 0 : 1;
  return n;
}

function nearUnique(c: Column): boolean {
  const n = present(c);
  return n > 0 && distinctCount(c) >= NEAR_UNIQUE * n;
}

/** Whole numbers counting up by one in row order (as numbers or as id text): a row number, not a key. */
export function isRowNumber(c: Column): boolean {
  const at = (i: number): number => (isNumericColumn(c) ? c.values[i] : c.codes[i] < 0 ? NaN : Number(c.dictionary[c.codes[i]]));
  const n = isNumericColumn(c) ? c.values.length : c.codes.length;
  if (n < 3) return false;
  for (let i = 1; i < n; i++) if (!(at(i) === at(i - 1) + 1)) return false;
  return Number.isInteger(at(0));
}

/** Near-unique, or (in a dated file) enough distinct values to be whose transaction it is. */
function isKeyLike(c: Column, t: TableFacts): boolean {
  if (c.type === 'boolean') return false;
  if (nearUnique(c)) return true;
  return t.dated && distinctCount(c, KEY_MIN_DISTINCT) >= KEY_MIN_DISTINCT;
}

function nameScore(name: string, rule: RoleRule): number {
  const words = nameWords(name);
  let score = 0;
  for (const w of words) score += rule.words[w] ?? 0;
  // "number_of_cds" and "n_items" are counts.
  if (rule.role === 'quantity' && /^(?:number|num|n|no)$/.test(words[0] ?? '') && words[1] === 'of') score += 3;
  if (rule.role === 'quantity' && /^(?:number|num|n)$/.test(words[0] ?? '') && words.length > 1 && score === 0) score += 2;
  if (rule.role === 'satisfaction') return surveyNameHint(name).score;
  if (rule.role === 'customer' && words.join('').match(/^(?:customer|user|client|member)(?:id|no|key|code)?$/)) score += 1;
  return score;
}

/**
 * Suggests which column plays each role. Each column gets at most one role; a role is left out when
 * no column's name, type and values fit. Dates fall back to the only date column when names say nothing;
 * the customer key falls back to the only near-unique id column (not a row number).
 */
export function suggestRoles(table: Table): Partial<Record<ColumnRole, string>> {
  const out: Partial<Record<ColumnRole, string>> = {};
  const used = new Set<string>();
  const facts: TableFacts = { dated: table.columns.some((c) => c.type === 'date'), roles: out };
  for (const rule of RULES) {
    let best: Column | null = null;
    let bestScore = 0;
    for (const c of table.columns) {
      if (used.has(c.name) || !rule.types.includes(c.type)) continue;
      let score = nameScore(c.name, rule);
      // An id typed column is the better customer or item than a number with the same name.
      if (score > 0 && c.type === 'id') score += 0.5;
      if (score > bestScore && (!rule.accept || rule.accept(c, facts))) {
        best = c;
        bestScore = score;
      }
    }
    if (!best && rule.role === 'date') {
      const dates = table.columns.filter((c) => c.type === 'date' && !used.has(c.name));
      if (dates.length === 1) best = dates[0];
    }
    if (best) {
      out[rule.role] = best.name;
      used.add(best.name);
    }
  }
  // No customer-named column in a customer-level file: the only unique id left (an email, a phone number,
  // an employee number) is the key, unless it names another thing (a product, a review) or counts rows.
  if (!out.customer && !facts.dated) {
    const keys = table.columns.filter((c) => c.type === 'id' && !used.has(c.name) && !OTHER_ENTITY.test(nameWords(c.name).join(' ')) && !isRowNumber(c) && isKeyLike(c, facts));
    if (keys.length === 1) out.customer = keys[0].name;
  }
  return out;
}

const OTHER_ENTITY = /\b(?:product|item|sku|stock|article|movie|order|invoice|transaction|session|event|review|ticket|message|row|line|index)s?\b/;

/** Per-column roles as the CLI reports them. */
export type ColumnUse = 'customer' | 'date' | 'amount' | 'target' | 'item' | 'basket' | 'satisfaction' | 'feature' | 'ignore';

/** Why a suggested role fits its column, for roles whose values decide ("satisfaction: whole numbers 0-10 and the name says 'recommend'"). */
export function roleReason(table: Table, role: ColumnRole, column: string): string | null {
  const c = table.columns.find((x) => x.name === column);
  if (!c || role !== 'satisfaction') return null;
  const why = surveyScoreReason(c);
  return why ? `satisfaction: ${why}` : null;
}

/** Why a column without a role is left out of models, or null when it is a feature. */
export function ignoreReason(c: Column): string | null {
  if (c.type === 'text') return 'free text';
  if (c.type === 'id') return isRowNumber(c) ? 'a row number' : 'an identifier';
  if (distinctCount(c, 1) <= 1) return 'one value only';
  return null;
}

/** What each column is for, given the suggested (or confirmed) roles. */
export function columnUses(table: Table, roles: Partial<Record<ColumnRole, string>>): Record<string, ColumnUse> {
  const byColumn = new Map<string, ColumnRole>();
  for (const [role, column] of Object.entries(roles) as [ColumnRole, string][]) byColumn.set(column, role);
  const out: Record<string, ColumnUse> = {};
  for (const c of table.columns) {
    const role = byColumn.get(c.name);
    if (role === 'label') out[c.name] = 'target';
    else if (role && role !== 'quantity') out[c.name] = role;
    else out[c.name] = ignoreReason(c) ? 'ignore' : 'feature';
  }
  return out;
}
