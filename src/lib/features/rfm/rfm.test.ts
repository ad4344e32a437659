import { describe, expect, it } from 'vitest';
import type { Table } from '../../data/table';
import { loadDataset } from '../../../../tests/datasets';
import { computeRfm } from './rfm';
import { RFM_SEGMENTS } from './segments';

const DAY = 86_400_000;
const day = (s: string) => Date.parse(s + 'T00:00:00Z');

function txTable(rows: { c: string | null; d: string; a: number; q?: number; inv?: string }[]): Table {
  const dict = [...new Set(rows.map((r) => r.c).filter((c): c is string => c !== null))];
  const inv = [...new Set(rows.map((r) => r.inv ?? ''))];
  return {
    rows: rows.length,
    columns: [
      { name: 'cust', type: 'id', codes: Int32Array.from(rows, (r) => (r.c === null ? -1 : dict.indexOf(r.c))), dictionary: dict },
      // Times of day must not split a purchase day.
      { name: 'when', type: 'date', values: Float64Array.from(rows, (r) => day(r.d) + 3_600_000 * 13) },
      { name: 'amt', type: 'number', values: Float64Array.from(rows, (r) => r.a) },
      { name: 'qty', type: 'integer', values: Float64Array.from(rows, (r) => r.q ?? 1) },
      { name: 'inv', type: 'id', codes: Int32Array.from(rows, (r) => inv.indexOf(r.inv ?? '')), dictionary: inv },
    ],
  };
}

describe('computeRfm', () => {
  const table = txTable([
    { c: 'A', d: '2024-01-01', a: 10 },
    { c: 'A', d: '2024-01-01', a: 5 },
    { c: 'A', d: '2024-01-05', a: 20 },
    { c: 'A', d: '2024-01-06', a: -8, q: -1 },
    { c: 'B', d: '2024-01-03', a: 100 },
    { c: 'B', d: '2024-01-04', a: 7, inv: 'C123' },
    { c: null, d: '2024-01-02', a: 50 },
    { c: 'D', d: '2024-01-02', a: -5 },
  ]);

  it('computes recency, frequency, monetary, tenure and AOV per customer', () => {
    const r = computeRfm(table, { customer: 'cust', date: 'when', amount: 'amt', quantity: 'qty', invoice: 'inv' });
    expect(r.asOf).toBe('2024-01-07');
    expect(r.customerIds).toEqual(['A', 'B']);
    // A: purchase days Jan 1 and Jan 5 (the return on Jan 6 is not a purchase day).
    expect(r.recency[0]).toBe(2);
    expect(r.frequency[0]).toBe(2);
    expect(r.monetary[0]).toBe(10 + 5 + 20 - 8);
    expect(r.tenure[0]).toBe(6);
    expect(r.aov[0]).toBe(27 / 2);
    // B: a cancelled invoice with a positive amount counts as -7.
    expect(r.frequency[1]).toBe(1);
    expect(r.monetary[1]).toBe(93);
  });

  it('counts what it excluded and says so', () => {
    const r = computeRfm(table, { customer: 'cust', date: 'when', amount: 'amt', quantity: 'qty', invoice: 'inv' });
    expect(r.counts).toMatchObject({ rows: 8, missingCustomer: 1, returns: 3, returnOnlyCustomers: 1, used: 7 });
    const notes = r.notes.join('\n');
    expect(notes).toMatch(/1 rows without a customer id/);
    expect(notes).toMatch(/3 return or cancellation rows/);
    expect(notes).toMatch(/1 return rows had a positive amount/);
    expect(notes).toMatch(/1 customers with returns but no purchase/);
  });

  it('honours asOf: later rows are excluded', () => {
    const r = computeRfm(table, { customer: 'cust', date: 'when', amount: 'amt', asOf: '2024-01-04' });
    expect(r.customerIds).toEqual(['A', 'B']);
    expect(r.recency[0]).toBe(3);
    expect(r.frequency[0]).toBe(1);
    expect(r.monetary[0]).toBe(15);
    expect(r.counts.afterAsOf).toBe(3);
  });

  it('rejects bad options naming the value', () => {
    expect(() => computeRfm(table, { customer: 'cust', date: 'when', amount: 'amt', asOf: '2024-13-01' })).toThrow(/2024-13-01/);
    expect(() => computeRfm(table, { customer: 'nope', date: 'when', amount: 'amt' })).toThrow(/nope/);
    expect(() => computeRfm(table, { customer: 'cust', date: 'amt', amount: 'amt' })).toThrow(/"amt" is number/);
    expect(() => computeRfm(table, { customer: 'cust', date: 'when' })).toThrow(/amount column/);
  });

  it('runs on 1,000,000 transactions in well under a second', () => {
    const n = 1_000_000;
    const customers = 100_000;
    const dict = Array.from({ length: customers }, (_, i) => `c${i}`);
    let s = 1;
    const rand = () => ((s = (s * 48271) % 2147483647) / 2147483647);
    const t: Table = {
      rows: n,
      columns: [
        { name: 'c', type: 'id', codes: Int32Array.from({ length: n }, () => Math.floor(rand() * customers)), dictionary: dict },
        { name: 'd', type: 'date', values: Float64Array.from({ length: n }, () => day('2022-01-01') + Math.floor(rand() * 730) * DAY) },
        { name: 'a', type: 'number', values: Float64Array.from({ length: n }, () => (rand() < 0.02 ? -5 : rand() * 100)) },
      ],
    };
    // Speed is measured by `npm run bench` (RFM of 1,000,000 transactions); here only correctness at scale.
    const r = computeRfm(t, { customer: 'c', date: 'd', amount: 'a' });
    expect(r.customers).toBeGreaterThan(99_000);
    expect(r.segments.reduce((a, b) => a + b.customers, 0)).toBe(r.customers);
  });
});

describe('computeRfm on real files', () => {
  it('CDNOW: 23,570 customers, recency counted to 1998-07-01', async () => {
    const { table } = await loadDataset('cdnow/CDNOW_master.txt');
    const r = computeRfm(table, { customer: 'customer_id', date: 'date', amount: 'dollar_value', asOf: '1998-07-01' });
    expect(r.customers).toBe(23_570);
    expect(r.counts.used).toBe(69_659);
    // Customer 00001 bought once on 1997-01-01 for $11.77.
    const i = r.customerIds.indexOf('00001');
    expect(r.recency[i]).toBe(546);
    expect(r.frequency[i]).toBe(1);
    expect(r.monetary[i]).toBeCloseTo(11.77, 6);
    expect(Math.min(...r.recency)).toBe(1);
    const names = r.segments.filter((s) => s.customers > 0).map((s) => s.name);
    expect(names).toContain('Champions');
    expect(names).toContain('Lost');
    expect(r.segments.reduce((a, b) => a + b.revenueShare, 0)).toBeCloseTo(1, 9);
  });

  it('Online Retail: quantity x price, cancellations and blank customer ids', async () => {
    const { table } = await loadDataset('online-retail/online_retail_sample.csv');
    const r = computeRfm(table, {
      customer: 'CustomerID',
      date: 'InvoiceDate',
      price: 'UnitPrice',
      quantity: 'Quantity',
      invoice: 'InvoiceNo',
    });
    expect(r.counts.missingCustomer).toBeGreaterThan(2000);
    expect(r.counts.returns).toBeGreaterThan(0);
    expect(r.customerIds).toContain('17850');
    expect(r.notes.join(' ')).toMatch(/invoice starting with "C"/);
    expect(RFM_SEGMENTS.length).toBe(11);
  });
});
