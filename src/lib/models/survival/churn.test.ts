import { describe, expect, it } from 'vitest';
import type { Table } from '../../data/table';
import { churnDurations } from './churn';

const day = (iso: string) => Date.parse(iso + 'T10:00:00Z');

// Data end 2024-03-31. a: 01-01..01-10 (silent 81 days: churned). b: 01-05..03-20 (silent 11: censored).
// c: a purchase 02-01 and a later return 03-30 (the return is not a purchase: silent 59 days).
function table(): Table {
  const rows: [number, string, number, number][] = [
    [0, '2024-01-01', 10, 0],
    [0, '2024-01-10', 5, 1],
    [1, '2024-01-05', 8, 1],
    [1, '2024-03-20', 8, 1],
    [2, '2024-02-01', 20, 0],
    [2, '2024-03-30', -20, 0],
    [1, '2024-03-31', -1, 1],
    [3, '2024-03-31', 1, 1],
  ];
  return {
    rows: rows.length,
    columns: [
      { name: 'c', type: 'id', codes: Int32Array.from(rows.map((r) => r[0])), dictionary: ['a', 'b', 'c', 'd'] },
      { name: 'd', type: 'date', values: Float64Array.from(rows.map((r) => day(r[1]))) },
      { name: 'amt', type: 'number', values: Float64Array.from(rows.map((r) => r[2])) },
      { name: 'web', type: 'category', codes: Int32Array.from(rows.map((r) => r[3])), dictionary: ['store', 'web'] },
    ],
  };
}

describe('churnDurations', () => {
  it('marks churn after N silent days and censors recent customers at their observed time', () => {
    const r = churnDurations(table(), { customer: 'c', date: 'd', amount: 'amt', churnAfterDays: 30, group: 'web' });
    expect(r.customers).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(r.events)).toEqual([1, 0, 1, 0]);
    expect(Array.from(r.durations)).toEqual([9, 86, 0, 0]);
    expect(Array.from(r.groups!)).toEqual([0, 1, 0, 1]);
    expect(r.groupNames).toEqual(['store', 'web']);
    expect(r.end).toBe(Date.UTC(2024, 2, 31));
  });

  it('can date churn at the threshold and cut the data at an earlier end', () => {
    const r = churnDurations(table(), { customer: 'c', date: 'd', churnAfterDays: 30, churnAt: 'threshold', end: day('2024-02-15') });
    // At 02-15: a silent 36 days -> churned at 9 + 30; b silent 41 days -> churned at 0 + 30; c censored at 14 days.
    expect(r.customers).toEqual(['a', 'b', 'c']);
    expect(Array.from(r.events)).toEqual([1, 1, 0]);
    expect(Array.from(r.durations)).toEqual([39, 30, 14]);
  });

  it('rejects bad options, naming the value', () => {
    expect(() => churnDurations(table(), { customer: 'c', date: 'd', churnAfterDays: 0 })).toThrow('got 0');
    expect(() => churnDurations(table(), { customer: 'c', date: 'd', churnAfterDays: 5, churnAt: 'soon' as 'threshold' })).toThrow('"soon"');
    expect(() => churnDurations(table(), { customer: 'c', date: 'd', churnAfterDays: 5, group: 'd' })).toThrow('is a date');
  });
});
