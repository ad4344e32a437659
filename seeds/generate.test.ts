import { describe, expect, it } from 'vitest';
import { countTransactionRows, TRANSACTION_HEADER } from './transactions';
import { DEMO_FILES, demoLines, generateDemo, planForTransactions } from './generate';
import { buildWorld } from './world';

describe('generateDemo', () => {
  const a = generateDemo();
  const small = { customers: 300, seed: 7 };

  it('returns every file as CSV text with its header', () => {
    expect(Object.keys(a).sort()).toEqual([...DEMO_FILES].sort());
    expect(a.customers.split('\n', 1)[0]).toMatch(/^customer_id,signup_date,/);
    expect(a.transactions.split('\n', 1)[0]).toMatch(/^invoice_id,customer_id,date,/);
    expect(a.products.split('\n', 1)[0]).toBe('product_id,name,category,price');
    expect(a.events.split('\n', 1)[0]).toBe('customer_id,timestamp,event');
    expect(a.customers.split('\n').length - 2).toBe(2000);
  });

  it('is byte-identical for the same seed and different for another', () => {
    const b = generateDemo(small);
    expect(generateDemo(small)).toEqual(b);
    const c = generateDemo({ ...small, seed: 8 });
    for (const f of DEMO_FILES) expect(c[f]).not.toBe(b[f]);
  });

  it('streams the same bytes in batches as it returns whole', () => {
    const world = buildWorld(small);
    const whole = generateDemo(small);
    for (const f of DEMO_FILES) {
      const batches = Array.from(demoLines(f, world));
      expect(batches.join('')).toBe(whole[f]);
      expect(batches.every((b) => b.endsWith('\n'))).toBe(true);
    }
    expect(Array.from(demoLines('transactions', world)).length).toBeGreaterThan(0);
  });

  it('rejects bad options and unknown files, naming them', () => {
    expect(() => generateDemo({ customers: -3 })).toThrow(/-3/);
    expect(() => demoLines('orders' as never, buildWorld(small))).toThrow(/"orders"/);
  });
});

describe('planForTransactions', () => {
  it('tunes the purchase rate to reach a row target for fixed customers', () => {
    const plan = planForTransactions({ customers: 300, seed: 3 }, 6000);
    expect(plan.purchasesPerYear).toBeGreaterThan(5);
    const rows = countTransactionRows(buildWorld(plan));
    expect(Math.abs(rows / 6000 - 1)).toBeLessThan(0.15);
  });

  it('sizes the customer base when customers are not given', () => {
    const plan = planForTransactions({ seed: 3 }, 20_000);
    expect(plan.customers).toBeGreaterThan(1000);
    const rows = countTransactionRows(buildWorld(plan));
    expect(Math.abs(rows / 20_000 - 1)).toBeLessThan(0.15);
    expect(() => planForTransactions({}, 0)).toThrow(/got 0/);
  });
});

describe('scale mode (npm run generate -- --transactions M --customers N)', () => {
  it('writes N customers and the counted transactions, whose customers are all in customers.csv and buy from signup on, the same bytes per seed', () => {
    // planForTransactions (tested above) only sets purchasesPerYear; a fixed rate keeps this quick.
    const opts = { customers: 300, seed: 11, purchasesPerYear: 9 };
    const text = (f: 'customers' | 'transactions', o = opts) => Array.from(demoLines(f, buildWorld(o))).join('');
    const customers = text('customers').trimEnd().split('\n').slice(1);
    const transactions = text('transactions').trimEnd().split('\n').slice(1);
    expect(customers).toHaveLength(300);
    expect(transactions).toHaveLength(countTransactionRows(buildWorld(opts)));
    const signup = new Map(customers.map((l) => [l.split(',')[0], l.split(',')[1]]));
    const buyers = new Set<string>();
    for (const l of transactions) {
      const [, id, date] = l.split(',');
      expect(signup.has(id)).toBe(true);
      expect(date.slice(0, 10) >= signup.get(id)!).toBe(true);
      buyers.add(id);
    }
    // Every customer's first purchase is at signup (BG/NBD's clock).
    expect(buyers.size / customers.length).toBeGreaterThan(0.95);
    // A second run gives the same bytes; another seed other customers.
    expect(text('transactions')).toBe([TRANSACTION_HEADER, ...transactions].join('\n') + '\n');
    expect(text('customers', { ...opts, seed: 12 })).not.toBe(text('customers'));
  });
});
