import { describe, expect, it } from 'vitest';
import { countTransactionRows } from './transactions';
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
