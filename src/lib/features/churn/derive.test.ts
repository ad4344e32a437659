import { describe, expect, it } from 'vitest';
import { deriveChurnLabel } from './derive';
import { categorical, numeric, table } from './testdata';
import { getColumn, isNumericColumn, type Table } from '../../data/table';
import { loadDataset } from '../../../../tests/datasets';

const day = (d: string): number => Date.parse(`${d}T00:00:00Z`);
const values = (t: Table, name: string): number[] => {
  const c = getColumn(t, name);
  if (!isNumericColumn(c)) throw new Error(`${name} is not numeric`);
  return Array.from(c.values);
};

// a: buys before and after the cut-off (stays); b: only before (churns); c: only after (left out).
const tx = table(
  categorical('who', ['a', 'a', 'a', 'b', 'b', 'a', 'c', 'a']),
  numeric('when', ['2024-01-01', '2024-01-01', '2024-02-01', '2024-01-15', '2024-03-01', '2024-03-20', '2024-03-25', '2024-06-30'].map(day), 'date'),
  numeric('amount', [10, 5, 20, 40, 60, 1000, 7, 3]),
);

describe('deriveChurnLabel', () => {
  it('labels "no purchase in the horizon" and builds RFM features from before the cut-off only', () => {
    const d = deriveChurnLabel(tx, { customer: 'who', date: 'when', amount: 'amount', asOf: day('2024-04-30'), horizonDays: 45 });
    expect(new Date(d.cutoff).toISOString().slice(0, 10)).toBe('2024-03-16');
    expect(d.customers).toBe(2);
    const names = (getColumn(d.table, 'customer') as { dictionary: string[] }).dictionary;
    expect(names).toEqual(['a', 'b']);
    expect(values(d.table, 'churned')).toEqual([0, 1]);
    // a's 1000 on 2024-03-20 is after the cut-off: it must not leak into the features.
    expect(values(d.table, 'monetary')).toEqual([35, 100]);
    expect(values(d.table, 'frequency')).toEqual([2, 2]);
    expect(values(d.table, 'avg_order_value')).toEqual([17.5, 50]);
    expect(values(d.table, 'recency_days')).toEqual([44, 15]);
    expect(values(d.table, 'tenure_days')).toEqual([75, 61]);
    expect(d.notes[0]).toBe('Features up to 2024-03-16, label from the 45 days after (2024-03-17 to 2024-04-30): "churned" = no purchase in them.');
  });

  it('limits the feature window when asked', () => {
    const d = deriveChurnLabel(tx, { customer: 'who', date: 'when', asOf: day('2024-04-30'), horizonDays: 45, windowDays: 30 });
    expect(d.customers).toBe(1);
    expect(values(d.table, 'frequency')).toEqual([1]);
    expect(d.table.columns.map((c) => c.name)).not.toContain('monetary');
  });

  it('refuses a label window that runs past the data, and bad options', () => {
    expect(() => deriveChurnLabel(tx, { customer: 'who', date: 'when', asOf: day('2024-08-01'), horizonDays: 30 })).toThrow(
      'asOf 2024-08-01 is after the last transaction (2024-06-30)',
    );
    expect(() => deriveChurnLabel(tx, { customer: 'who', date: 'when', asOf: day('2024-04-30'), horizonDays: 0 })).toThrow('horizonDays must be > 0, got 0');
    // A history shorter than the window: says the span and what to change.
    expect(() => deriveChurnLabel(tx, { customer: 'who', date: 'when', asOf: day('2024-06-30'), horizonDays: 200 })).toThrow(
      'No purchases on or before the cut-off 2023-12-13: the data runs from 2024-01-01 to 2024-06-30 (181 days), and a churn label needs purchases before a 200-day window',
    );
    expect(() => deriveChurnLabel(tx, { customer: 'who', date: 'amount', asOf: day('2024-04-30'), horizonDays: 5 })).toThrow('must be a date column');
  });

  it('derives a trainable label from the CDNOW transactions', async () => {
    const { table: cdnow } = await loadDataset('cdnow/CDNOW_master.txt');
    const d = deriveChurnLabel(cdnow, { customer: 'customer_id', date: 'date', amount: 'dollar_value', asOf: day('1998-06-30'), horizonDays: 180 });
    // Everyone's first purchase is in Q1 1997, all before the 1998-01-01 cut-off.
    expect(d.customers).toBe(23_570);
    expect(d.churned / d.customers).toBeGreaterThan(0.7);
    expect(Math.min(...values(d.table, 'recency_days'))).toBeGreaterThanOrEqual(0);
  });
});
