import { describe, expect, it } from 'vitest';
import { customerLines, drawCustomer } from './customers';
import { productLines } from './products';
import { readCsv, parseTime } from './testing';
import { TRANSACTION_HEADER, countTransactionRows, transactionLines } from './transactions';
import { buildWorld } from './world';
import { CATEGORIES } from './words';

const world = buildWorld({ customers: 2000 });
const tx = readCsv(Array.from(transactionLines(world, 5000)).join(''));
const customers = readCsv(Array.from(customerLines(world)).join(''));
const products = readCsv(Array.from(productLines(world)).join(''));

const invoice = tx.col('invoice_id');
const customer = tx.col('customer_id');
const product = tx.col('product_id');
const time = tx.col('date').map(parseTime);
const quantity = tx.col('quantity').map(Number);
const price = tx.col('unit_price').map(Number);
const amount = tx.col('amount').map(Number);
const isReturn = invoice.map((id) => id.startsWith('C'));

describe('transactions.csv', () => {
  it('has the documented columns, in time order, inside the window', () => {
    expect(tx.header.join(',')).toBe(TRANSACTION_HEADER);
    expect(tx.rows.length).toBeGreaterThan(8000);
    expect(tx.rows.length).toBe(countTransactionRows(world));
    const unsorted = time.filter((t, i) => i > 0 && t < time[i - 1]).length;
    expect(unsorted).toBe(0);
    expect(time[0]).toBeGreaterThanOrEqual(world.opts.startMs);
    expect(time[time.length - 1]).toBeLessThan(world.opts.endMs);
    expect(tx.col('date').every((d) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(d))).toBe(true);
  });

  it('does not depend on how the simulation is chunked in time', () => {
    const small = buildWorld({ customers: 300, seed: 5 });
    const monthly = small.cal.chunkBounds.filter((_, i) => i % 4 === 0 || i === small.cal.chunkBounds.length - 1);
    const coarse = { ...small, cal: { ...small.cal, chunkBounds: monthly } };
    expect(Array.from(transactionLines(coarse)).join('')).toBe(Array.from(transactionLines(small)).join(''));
  });

  it('links every row to an existing customer and product', () => {
    const customerIds = new Set(customers.col('customer_id'));
    const productIds = new Set(products.col('product_id'));
    expect(customer.filter((c) => !customerIds.has(c))).toEqual([]);
    expect(product.filter((p) => !productIds.has(p))).toEqual([]);
    // Everyone's first purchase is on their signup day.
    const firstDay = new Map<string, string>();
    tx.col('date').forEach((d, i) => {
      if (!firstDay.has(customer[i])) firstDay.set(customer[i], d.slice(0, 10));
    });
    const signup = customers.col('signup_date');
    const mismatched = customers.col('customer_id').filter((id, i) => firstDay.get(id) !== signup[i]);
    expect(mismatched).toEqual([]);
  });

  it('has consistent amounts and about 2% returns, negative and matching an earlier purchase', () => {
    const wrong = amount.filter((a, i) => Math.abs(a - quantity[i] * price[i]) > 0.005);
    expect(wrong).toEqual([]);
    expect(price.every((p) => p > 0)).toBe(true);
    const returns = isReturn.filter(Boolean).length / tx.rows.length;
    expect(returns).toBeGreaterThan(0.01);
    expect(returns).toBeLessThan(0.035);
    const bought = new Map<string, number>();
    let unmatched = 0;
    const malformed: string[] = [];
    for (let i = 0; i < tx.rows.length; i++) {
      const key = `${customer[i]} ${product[i]}`;
      if (!isReturn[i]) {
        if (!/^I\d{8}$/.test(invoice[i]) || quantity[i] <= 0) malformed.push(tx.rows[i].join(','));
        bought.set(key, (bought.get(key) ?? 0) + quantity[i]);
      } else {
        if (!/^C\d{8}$/.test(invoice[i]) || quantity[i] >= 0 || amount[i] >= 0) malformed.push(tx.rows[i].join(','));
        if ((bought.get(key) ?? 0) < -quantity[i]) unmatched++;
      }
    }
    expect(malformed).toEqual([]);
    expect(unmatched).toBe(0);
  });

  it('stops churned customers buying: none after cancelling, last purchase earlier than active ones', () => {
    const drawn = Array.from({ length: 2000 }, (_, i) => drawCustomer(world, i));
    const index = new Map(drawn.map((c) => [c.id, c]));
    const late = time.filter((t, i) => !isReturn[i] && t >= (index.get(customer[i])?.stopMs ?? 0));
    expect(late).toEqual([]);
    const last = new Map<string, number>();
    time.forEach((t, i) => {
      if (!isReturn[i]) last.set(customer[i], t);
    });
    const meanLast = (churned: boolean): number => {
      const ts = drawn.filter((c) => c.churned === churned).map((c) => last.get(c.id) as number);
      return ts.reduce((a, b) => a + b, 0) / ts.length;
    };
    const days = (meanLast(false) - meanLast(true)) / 86_400_000;
    expect(days).toBeGreaterThan(90);
  });

  it('is seasonal: December sells above an average month', () => {
    const byMonth = new Array(12).fill(0);
    let year = 0;
    tx.col('date').forEach((d, i) => {
      if (!d.startsWith('2025')) return;
      byMonth[Number(d.slice(5, 7)) - 1] += amount[i];
      year += amount[i];
    });
    expect(byMonth[11] / year).toBeGreaterThan(1.2 / 12);
    expect(byMonth[11]).toBe(Math.max(...byMonth));
  });

  it('has BG/NBD-like frequencies and heavy-tailed spend', () => {
    const invoices = new Map<string, Set<string>>();
    const spend = new Map<string, number>();
    for (let i = 0; i < tx.rows.length; i++) {
      spend.set(customer[i], (spend.get(customer[i]) ?? 0) + amount[i]);
      if (isReturn[i]) continue;
      const s = invoices.get(customer[i]) ?? new Set<string>();
      s.add(invoice[i]);
      invoices.set(customer[i], s);
    }
    const counts = [...invoices.values()].map((s) => s.size);
    const oneOff = counts.filter((n) => n === 1).length / counts.length;
    expect(oneOff).toBeGreaterThan(0.2);
    expect(oneOff).toBeLessThan(0.6);
    expect(Math.max(...counts)).toBeGreaterThan(15);
    const sorted = [...spend.values()].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top10 = sorted.slice(0, sorted.length / 10).reduce((a, b) => a + b, 0);
    expect(top10 / total).toBeGreaterThan(0.35);
  });

  it('gives customers category preferences, so personal recommendations beat popularity', () => {
    const categoryOf = new Map(products.col('product_id').map((p, i) => [p, products.col('category')[i]]));
    const perCustomer = new Map<string, Map<string, number>>();
    const overall = new Map<string, number>();
    for (let i = 0; i < tx.rows.length; i++) {
      if (isReturn[i]) continue;
      const c = categoryOf.get(product[i]) as string;
      const m = perCustomer.get(customer[i]) ?? new Map<string, number>();
      m.set(c, (m.get(c) ?? 0) + 1);
      perCustomer.set(customer[i], m);
      overall.set(c, (overall.get(c) ?? 0) + 1);
    }
    const shares: number[] = [];
    for (const m of perCustomer.values()) {
      const n = [...m.values()].reduce((a, b) => a + b, 0);
      if (n >= 8) shares.push(Math.max(...m.values()) / n);
    }
    const meanTopShare = shares.reduce((a, b) => a + b, 0) / shares.length;
    const total = [...overall.values()].reduce((a, b) => a + b, 0);
    expect(overall.size).toBe(CATEGORIES.length);
    expect(Math.max(...overall.values()) / total).toBeLessThan(0.25);
    expect(meanTopShare).toBeGreaterThan(0.4);
  });
});
