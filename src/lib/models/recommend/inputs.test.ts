import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../data/table';
import { basketColumnsProblem, basketDefaults, basketsProblem, interactionsProblem, keyColumnOptions, keyColumnProblem, keyTypeProblem } from './inputs';

const cols = (spec: Record<string, ColumnType>) => Object.entries(spec).map(([name, type]) => ({ name, type }));
// The demo transactions' columns and types.
const transactions = {
  columns: cols({ invoice_id: 'id', customer_id: 'id', date: 'date', product_id: 'id', quantity: 'integer', unit_price: 'number', amount: 'number' }),
  roles: { customer: 'customer_id', item: 'product_id', date: 'date', quantity: 'quantity' },
  source: { header: true },
};
const groceries = { columns: cols({ column_1: 'category', column_2: 'category', column_3: 'category' }), source: { header: false } };
const churn = { columns: cols({ customerID: 'id', tenure: 'integer', MonthlyCharges: 'number', Churn: 'boolean' }), source: { header: true } };

describe('recommendation and basket inputs', () => {
  it('accepts category, id and text as keys and says why numbers, flags and dates are not', () => {
    for (const t of ['id', 'category', 'text'] as const) expect(keyTypeProblem(t)).toBeNull();
    expect(keyTypeProblem('number')).toMatch(/prices/);
    expect(keyTypeProblem('integer')).toMatch(/quantities.*change the type to id/);
    expect(keyTypeProblem('boolean')).toMatch(/flag/);
    expect(keyTypeProblem('date')).toMatch(/date/);
  });

  it('lists suitable columns first, then the rest with their reason', () => {
    const options = keyColumnOptions(transactions);
    expect(options.map((o) => o.name)).toEqual(['invoice_id', 'customer_id', 'product_id', 'date', 'quantity', 'unit_price', 'amount']);
    expect(options.slice(0, 3).every((o) => o.problem === null)).toBe(true);
    expect(options.slice(3).every((o) => typeof o.problem === 'string')).toBe(true);
  });

  it('refuses a price or quantity column as items or baskets, with a message', () => {
    expect(keyColumnProblem(transactions, 'unit_price', 'item')).toBe(
      '"unit_price" cannot be the item column: it is number (numbers (prices, amounts) are not ids). Choose a category or id column.',
    );
    expect(keyColumnProblem(transactions, 'quantity', 'basket')).toMatch(/^"quantity" cannot be the basket \(invoice\) column: it is integer/);
    expect(keyColumnProblem(transactions, 'product_id', 'item')).toBeNull();
    expect(keyColumnProblem(transactions, 'nope', 'item')).toMatch(/No column "nope"/);
    expect(keyColumnProblem(transactions, '', 'customer')).toMatch(/Choose the customer column/);
  });

  it('takes whole numbers as keys only where a role names them so (ids the inference saw in the values)', () => {
    const shop = { columns: cols({ user: 'integer', movie: 'integer', rating: 'integer', when: 'date' }), roles: { customer: 'user', item: 'movie' } };
    expect(keyColumnProblem(shop, 'user', 'customer')).toBeNull();
    expect(keyColumnProblem(shop, 'movie', 'item')).toBeNull();
    expect(keyColumnProblem(shop, 'rating', 'item')).toMatch(/"rating" cannot be the item column: it is integer/);
    expect(keyColumnOptions(shop).map((o) => [o.name, o.problem === null])).toEqual([['user', true], ['movie', true], ['rating', false], ['when', false]]);
    expect(interactionsProblem(shop)).toBeNull();
    // Without roles (a headerless file): greyed, with the way out.
    expect(interactionsProblem({ columns: shop.columns })).toBe(
      'needs a customer and an item column of category or id type; it has none (whole-number ids: change their type to id on the Data page)',
    );
  });

  it('checks basket requests: two different key columns, or none only for headerless basket lines', () => {
    expect(basketColumnsProblem(transactions, 'invoice_id', 'product_id')).toBeNull();
    expect(basketColumnsProblem(transactions, 'invoice_id', 'unit_price')).toMatch(/"unit_price" cannot be the item column/);
    expect(basketColumnsProblem(transactions, 'invoice_id', 'invoice_id')).toMatch(/must be different/);
    // Every cell as an item on a file with prices and quantities: the "P0170 -> 56.99" rules.
    expect(basketColumnsProblem(transactions, undefined, undefined)).toMatch(/"date" \(date\), "quantity" \(integer\), "unit_price" \(number\), … would be read as items/);
    expect(basketColumnsProblem(groceries, undefined, undefined)).toBeNull();
  });

  it('grades datasets for the pickers with a reason', () => {
    expect(interactionsProblem(transactions)).toBeNull();
    expect(interactionsProblem(churn)).toBe(
      'needs a customer and an item column of category or id type; only "customerID" is one (whole-number ids: change their type to id on the Data page)',
    );
    expect(interactionsProblem({ columns: cols({ a: 'number', b: 'integer' }) })).toMatch(/it has none/);
    // A usage file's state and area code are categories of the customer, not who bought what.
    expect(interactionsProblem({ columns: cols({ Etat: 'category', Indicatif: 'category', Minutes: 'number' }), roles: { label: 'Resilie' } })).toBe(
      'needs a customer and an item column: it has categories (Etat, Indicatif) but no id column and no customer or item role',
    );
    // A customer file: ids and categories, but each customer once.
    const profile = (distinct: number) => ({ columns: [{ name: 'customer_id', rows: 500, missing: 0, distinct }] });
    const customers = { columns: cols({ customer_id: 'id', country: 'category', plan: 'category' }), roles: { customer: 'customer_id' } };
    expect(interactionsProblem({ ...customers, profile: profile(500) })).toBe(
      'one row per customer ("customer_id" never repeats): needs one row per purchase, view or rating',
    );
    expect(interactionsProblem({ ...customers, profile: profile(120) })).toBeNull();
    expect(interactionsProblem(customers)).toBeNull();
    expect(basketsProblem(transactions)).toBeNull();
    expect(basketsProblem(groceries)).toBeNull();
    expect(basketsProblem(churn)).toBe(
      'needs a basket (invoice) column and an item column of category or id type; only "customerID" is one (tenure, MonthlyCharges, Churn are not)',
    );
  });

  it('defaults baskets to the invoice and the item column, and to none for basket lines', () => {
    expect(basketDefaults(transactions)).toEqual({ basket: 'invoice_id', item: 'product_id' });
    expect(basketDefaults({ ...transactions, roles: { ...transactions.roles, basket: 'customer_id' } })).toEqual({ basket: 'customer_id', item: 'product_id' });
    expect(basketDefaults(groceries)).toEqual({ basket: '', item: '' });
    // No telling name: the basket is left for the user rather than guessed as the customer column.
    expect(basketDefaults({ columns: cols({ customer: 'id', sku: 'category', price: 'number' }) })).toEqual({ basket: '', item: 'sku' });
  });
});
