import { describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../storage/db';
import {
  defaultCalibrationEnd,
  defaultColumns,
  defaultSplit,
  isIsoDay,
  lifetimeText,
  logRankWords,
  splitColumns,
  transactionDatasets,
} from './clv-options';

const day = (text: string) => Date.parse(`${text}T00:00:00Z`);

function dataset(id: string, columns: [string, string, number?][], roles: DatasetMeta['roles']): DatasetMeta {
  return {
    id,
    name: id,
    status: 'ready',
    rows: 10,
    columns: columns.map(([name, type]) => ({ name, type })),
    roles,
    profile: {
      rows: 10,
      columns: columns.map(([name, type, distinct]) => ({ name, type, rows: 10, missing: 0, distinct: distinct ?? 10 })),
    },
  } as unknown as DatasetMeta;
}

const tx = dataset('tx', [['customer_id', 'id'], ['date', 'date'], ['amount', 'number'], ['country', 'category', 4]], { customer: 'customer_id', date: 'date', amount: 'amount' });
const events = dataset('events', [['user', 'id'], ['at', 'date']], { customer: 'user' });
const customers = dataset('customers', [['customer_id', 'id'], ['region', 'category', 5], ['contract', 'category', 3], ['name', 'text', 10]], { customer: 'customer_id' });

describe('Lifetime value page options', () => {
  it('offers datasets with a date column, the best role match first', () => {
    expect(transactionDatasets([customers, events, tx]).map((d) => d.id)).toEqual(['tx', 'events']);
  });

  it('takes columns from roles, falling back to fitting types', () => {
    expect(defaultColumns(tx)).toEqual({ customer: 'customer_id', date: 'date', amount: 'amount', quantity: '' });
    expect(defaultColumns(events)).toEqual({ customer: 'user', date: 'at', amount: '', quantity: '' });
    // Invoice line items: the amount role is a unit price, so the quantity multiplies it.
    const lines = dataset('lines', [['CustomerID', 'id'], ['InvoiceDate', 'date'], ['Quantity', 'integer'], ['UnitPrice', 'number']], {
      customer: 'CustomerID',
      date: 'InvoiceDate',
      quantity: 'Quantity',
      amount: 'UnitPrice',
    });
    expect(defaultColumns(lines)).toEqual({ customer: 'CustomerID', date: 'InvoiceDate', amount: 'UnitPrice', quantity: 'Quantity' });
  });

  it('leaves a quarter of a long date range as the holdout, none for short data', () => {
    expect(defaultCalibrationEnd({ min: day('2024-01-01'), max: day('2024-12-31') })).toBe('2024-10-01');
    expect(defaultCalibrationEnd({ min: day('2024-01-01'), max: day('2024-02-15') + 3_600_000 })).toBe('2024-02-15');
  });

  it('checks calendar days', () => {
    expect(isIsoDay('2024-02-29')).toBe(true);
    expect(isIsoDay('2023-02-29')).toBe(false);
    expect(isIsoDay('2024-2-1')).toBe(false);
  });

  it('splits survival by a few-valued column, preferring a plan-like attribute of a customers dataset', () => {
    expect(splitColumns(customers, ['customer_id'])).toEqual(['region', 'contract']);
    expect(defaultSplit([tx, customers], 'tx')).toEqual({ kind: 'join', datasetId: 'customers', column: 'contract' });
    expect(defaultSplit([tx], 'tx')).toEqual({ kind: 'none' });
    // An event log (many rows per customer) has no one value per customer to join.
    const log = dataset('log', [['user', 'id', 4], ['contract', 'category', 2]], { customer: 'user' });
    expect(defaultSplit([log, tx], 'tx')).toEqual({ kind: 'none' });
  });

  it('states the log-rank result and lifetimes in words', () => {
    expect(logRankWords(0.0001)).toBe('The difference between groups is statistically significant (log-rank test, p < 0.001).');
    expect(logRankWords(0.42)).toBe('The difference between groups is not statistically significant (log-rank test, p = 0.42).');
    expect(lifetimeText(null)).toBe('not reached');
    expect(lifetimeText(30)).toBe('30 days');
    expect(lifetimeText(365)).toBe('12.0 months (365 days)');
  });
});
