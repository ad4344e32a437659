import { describe, expect, it } from 'vitest';
import type { Table } from '../../data/table';
import { datasetPath } from '../../../../tests/datasets';
import { customerIndex, groupByCustomer, summarizeTransactions, summaryFromColumns } from './summary';
import { readCdnowTransactions, readNumericCsv } from './testing';

const day = (iso: string) => Date.parse(iso + 'T00:00:00Z');

// a: buys on day 0 (twice), 7 (with a same-day partial return), 14; a pure return on day 20; holdout buy day 30.
// b: one purchase, plus a missing amount. c: first purchase only after the calibration end.
// d: missing customer. Rows are deliberately out of order.
function transactions(): Table {
  const rows: [number, string, number][] = [
    [0, '2024-01-15', 10],
    [1, '2024-01-08', 30],
    [0, '2024-01-01', 5],
    [0, '2024-01-01', 15],
    [0, '2024-01-08', 20],
    [0, '2024-01-08', -6],
    [0, '2024-01-21', -10],
    [2, '2024-02-10', 99],
    [0, '2024-01-31', 8],
    [-1, '2024-01-02', 1],
    [1, '2024-01-10T13:00:00', NaN],
  ];
  return {
    rows: rows.length,
    columns: [
      { name: 'cust', type: 'id', codes: Int32Array.from(rows.map((r) => r[0])), dictionary: ['a', 'b', 'c'] },
      { name: 'when', type: 'date', values: Float64Array.from(rows.map((r) => Date.parse(r[1].length > 10 ? r[1] + 'Z' : r[1] + 'T00:00:00Z'))) },
      { name: 'amt', type: 'number', values: Float64Array.from(rows.map((r) => r[2])) },
    ],
  };
}

describe('summarizeTransactions', () => {
  it('computes frequency, recency, age, repeat spend and holdout by distinct purchase day', () => {
    const s = summarizeTransactions(transactions(), {
      customer: 'cust',
      date: 'when',
      amount: 'amt',
      unit: 'day',
      calibrationEnd: day('2024-01-25'),
    });
    expect(s.customers).toEqual(['a', 'b']);
    // a: purchase days 01-01, 01-08, 01-15 in calibration (01-21 is a pure return); x = 2.
    expect(Array.from(s.frequency)).toEqual([2, 1]);
    expect(Array.from(s.recency)).toEqual([14, 2]);
    expect(Array.from(s.age)).toEqual([24, 17]);
    // a's repeat days: 01-08 nets 20 - 6 = 14, 01-15 = 10 -> mean 12. b's repeat day has only a missing amount.
    expect(Array.from(s.spend!)).toEqual([12, 0]);
    expect(s.holdout!.duration).toBe(16); // 2024-01-25 .. 2024-02-10
    expect(Array.from(s.holdout!.purchases)).toEqual([1, 0]);
    expect(s.report).toMatchObject({
      rows: 11,
      missingCustomer: 1,
      returnRows: 2,
      ignoredReturnRows: 1,
      customersOnlyInHoldout: 1,
    });
  });

  it('multiplies a unit price by the quantity for line items, leaving the table as stored', () => {
    const t = transactions();
    t.columns.push({ name: 'qty', type: 'integer', values: Float64Array.from({ length: t.rows }, () => 2) });
    const before = Array.from((t.columns[2] as { values: Float64Array }).values);
    const s = summarizeTransactions(t, { customer: 'cust', date: 'when', amount: 'amt', quantity: 'qty', unit: 'day', calibrationEnd: day('2024-01-25') });
    expect(Array.from(s.spend!)).toEqual([24, 0]);
    expect(Array.from((t.columns[2] as { values: Float64Array }).values)).toEqual(before);
  });

  it('converts to weeks and months and has no holdout when calibration ends at the last date', () => {
    const w = summarizeTransactions(transactions(), { customer: 'cust', date: 'when', unit: 'week' });
    expect(w.holdout).toBeNull();
    expect(w.customers).toEqual(['a', 'b', 'c']);
    // Without amounts the pure return day counts as a purchase day.
    expect(Array.from(w.frequency)).toEqual([4, 1, 0]);
    expect(w.recency[0]).toBeCloseTo(30 / 7, 12);
    expect(w.age[0]).toBeCloseTo(40 / 7, 12);
    expect(w.spend).toBeNull();
    const m = summarizeTransactions(transactions(), { customer: 'cust', date: 'when', unit: 'month' });
    expect(m.age[0]).toBeCloseTo(40 / 30.4375, 12);
  });

  it('rejects bad options, naming the value', () => {
    const t = transactions();
    expect(() => summarizeTransactions(t, { customer: 'cust', date: 'when', unit: 'year' as 'day' })).toThrow('"year"');
    expect(() => summarizeTransactions(t, { customer: 'cust', date: 'amt' })).toThrow('"amt" must be a date column');
    expect(() =>
      summarizeTransactions(t, { customer: 'cust', date: 'when', calibrationEnd: day('2024-03-01') }),
    ).toThrow('2024-03-01');
  });

  it('groups by customer and sorts each group by day', () => {
    const g = groupByCustomer(Int32Array.from([1, 0, 1, -1, 1]), Int32Array.from([5, 3, 2, 9, 4]), null, 2);
    expect(Array.from(g.start)).toEqual([0, 1, 4]);
    expect(Array.from(g.day)).toEqual([3, 2, 4, 5]);
    const idx = customerIndex({ name: 'n', type: 'integer', values: Float64Array.from([7, NaN, 3, 7]) });
    expect(Array.from(idx.index)).toEqual([0, -1, 1, 0]);
    expect(idx.labels).toEqual(['7', '3']);
  });

  it('reproduces cdnow_customers_summary.csv and its zbar from the raw CDNOW sample', () => {
    const s = summarizeTransactions(readCdnowTransactions(datasetPath('cdnow/CDNOW_sample.txt')), {
      customer: 'customer',
      date: 'date',
      amount: 'dollars',
      unit: 'week',
      calibrationEnd: day('1997-09-30'),
    });
    const ref = readNumericCsv(datasetPath('cdnow/cdnow_customers_summary_with_transactions.csv'));
    const col = (name: string) => ref.columns.find((c) => c.name === name)! as { values: Float64Array };
    const [x, tx, T, zbar] = ['x', 't_x', 'T', 'zbar'].map((c) => col(c).values);
    expect(s.customers.length).toBe(2357);
    let worst = 0;
    for (let i = 0; i < 2357; i++) {
      expect(s.frequency[i]).toBe(x[i]);
      worst = Math.max(worst, Math.abs(s.recency[i] - tx[i]), Math.abs(s.age[i] - T[i]));
      expect(Math.abs(s.spend![i] - zbar[i])).toBeLessThan(0.0051);
    }
    expect(worst).toBeLessThan(0.0051); // the CSV is rounded to 2 decimals
    // The holdout runs to the data end (1998-06-30).
    expect(s.holdout!.duration).toBeCloseTo(273 / 7, 12);
  });
});

describe('summaryFromColumns', () => {
  it('reads an already summarised table and validates rows', () => {
    const t: Table = {
      rows: 3,
      columns: [
        { name: 'f', type: 'number', values: Float64Array.from([2, 0, NaN]) },
        { name: 'r', type: 'number', values: Float64Array.from([30.43, 0, 1]) },
        { name: 'T', type: 'number', values: Float64Array.from([38.86, 38.86, 2]) },
      ],
    };
    const s = summaryFromColumns(t, { frequency: 'f', recency: 'r', age: 'T' });
    expect(s.customers).toEqual(['1', '2']);
    expect(s.report.missingValues).toBe(1);
    const bad: Table = { ...t, columns: [t.columns[0], t.columns[2], t.columns[1]] };
    expect(() => summaryFromColumns(bad, { frequency: 'f', recency: 'T', age: 'r' })).toThrow('recency 38.86, age 30.43');
  });
});
