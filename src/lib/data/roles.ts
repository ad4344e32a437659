// Role suggestions (customer, date, amount, ...) from column names and types; the user confirms them.
import { nameWords } from './infer';
import { isNumericColumn, type Column, type ColumnRole, type ColumnType, type Table } from './table';

interface RoleRule {
  role: ColumnRole;
  /** Name words and how strongly each one says "this role". */
  words: Record<string, number>;
  types: readonly ColumnType[];
  /** Extra check on the column's values. */
  accept?: (c: Column) => boolean;
}

const RULES: readonly RoleRule[] = [
  {
    role: 'label',
    words: { churn: 3, churned: 3, label: 2, target: 2, exited: 3, attrition: 3, cancelled: 2, canceled: 2, left: 1 },
    types: ['boolean', 'category', 'integer'],
    accept: twoValued,
  },
  {
    role: 'customer',
    words: { customer: 3, user: 3, client: 3, member: 3, buyer: 2, shopper: 2, account: 2, household: 2, subscriber: 2 },
    types: ['id', 'integer', 'category'],
  },
  {
    role: 'date',
    words: { date: 3, time: 2, timestamp: 3, day: 2, datetime: 3, invoice: 1, order: 1, purchase: 1, transaction: 1, created: 1 },
    types: ['date'],
  },
  {
    role: 'item',
    words: { item: 3, product: 3, stock: 3, sku: 3, movie: 3, title: 2, article: 2, isbn: 2 },
    types: ['id', 'category', 'integer', 'text'],
  },
  {
    role: 'quantity',
    words: { qty: 3, quantity: 3, units: 2, count: 1, cds: 1 },
    types: ['integer', 'number'],
  },
  {
    role: 'amount',
    words: { amount: 3, total: 2, revenue: 3, spend: 3, sales: 3, dollar: 3, dollars: 3, value: 2, monetary: 3, price: 2, charges: 2, charge: 2, cost: 1, payment: 1, paid: 1 },
    types: ['number', 'integer'],
  },
];

function twoValued(c: Column): boolean {
  if (isNumericColumn(c)) {
    const seen = new Set<number>();
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      seen.add(v);
      if (seen.size > 2) return false;
    }
    return seen.size === 2;
  }
  const seen = new Set<number>();
  for (const code of c.codes) {
    if (code < 0) continue;
    seen.add(code);
    if (seen.size > 2) return false;
  }
  return seen.size === 2;
}

function nameScore(name: string, rule: RoleRule): number {
  const words = nameWords(name);
  let score = 0;
  for (const w of words) score += rule.words[w] ?? 0;
  // "number_of_cds" and "n_items" are counts.
  if (rule.role === 'quantity' && /^(?:number|num|n|no)$/.test(words[0] ?? '') && words[1] === 'of') score += 3;
  if (rule.role === 'quantity' && /^(?:number|num|n)$/.test(words[0] ?? '') && words.length > 1 && score === 0) score += 2;
  if (rule.role === 'customer' && words.join('').match(/^(?:customer|user|client|member)(?:id|no|key|code)?$/)) score += 1;
  return score;
}

/**
 * Suggests which column plays each role. Each column gets at most one role; a role is left out when
 * no column's name and type fit. Dates fall back to the only date column when names say nothing.
 */
export function suggestRoles(table: Table): Partial<Record<ColumnRole, string>> {
  const out: Partial<Record<ColumnRole, string>> = {};
  const used = new Set<string>();
  for (const rule of RULES) {
    let best: Column | null = null;
    let bestScore = 0;
    for (const c of table.columns) {
      if (used.has(c.name) || !rule.types.includes(c.type)) continue;
      let score = nameScore(c.name, rule);
      // An id typed column is the better customer or item than a number with the same name.
      if (score > 0 && c.type === 'id') score += 0.5;
      if (score > bestScore && (!rule.accept || rule.accept(c))) {
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
  return out;
}
