import { describe, expect, it } from 'vitest';
import { assembleActionList } from './join';
import { csvRow, CSV_HEADER, filterRows, queryRows, rowView } from './query';
import { applyRules } from './rules';
import { QueryRows } from './run';
import type { ActionQuery } from './types';
import type { ActionsRun } from './views';

const list = applyRules(
  assembleActionList({
    customers: ['c1', 'c2', 'c3', 'c4'],
    churn: { customers: ['c1', 'c2', 'c3'], value: (i) => ({ probability: [0.9, 0.4, 0.1][i], reasons: [['contract = Month-to-month'], [], ['age is low']][i] }) },
    clv: { customers: ['c1', 'c2', 'c3', 'c4'], value: (i) => ({ pAlive: 0.5, clv: [10, 100, 1000, 5][i] }) },
    segment: { customers: ['c1', 'c2', 'c3', 'c4'], value: (i) => ['Loyal', 'At risk', 'Loyal', 'Lost'][i] },
  }),
  [{ bands: ['high'], action: 'Call' }],
);

describe('query', () => {
  it('sorts by value at risk with missing values last either way', () => {
    expect(Array.from(queryRows(list, { sort: 'valueAtRisk', descending: true }))).toEqual([2, 1, 0, 3]);
    expect(Array.from(queryRows(list, { sort: 'valueAtRisk', descending: false }))).toEqual([0, 1, 2, 3]);
    expect(Array.from(queryRows(list, { sort: 'customer', descending: true }))).toEqual([3, 2, 1, 0]);
  });

  it('filters by action, segment, band and text', () => {
    expect(Array.from(filterRows(list, { action: 'Call' }))).toEqual([0]);
    expect(Array.from(filterRows(list, { segment: 'Loyal' }))).toEqual([0, 2]);
    expect(Array.from(filterRows(list, { band: 'low' }))).toEqual([2]);
    expect(Array.from(filterRows(list, { text: 'MONTH-to' }))).toEqual([0]);
  });

  it('shows missing values as null and writes one CSV row per customer', () => {
    expect(rowView(list, 3)).toMatchObject({ customer: 'c4', probability: null, band: null, valueAtRisk: null, action: 'No action' });
    expect(csvRow(list, 0)).toHaveLength(CSV_HEADER.length);
    expect(csvRow(list, 0).slice(0, 4)).toEqual(['c1', 'Call', 0.9, 'high']);
  });
});

describe('QueryRows', () => {
  it("keeps a query's rows across pages, and reads them again for another sort, filter or run", () => {
    const own = applyRules(
      assembleActionList({
        customers: ['c1', 'c2', 'c3', 'c4'],
        churn: { customers: ['c1', 'c2', 'c3'], value: (i) => ({ probability: [0.9, 0.4, 0.1][i], reasons: [[], [], []][i] }) },
        clv: { customers: ['c1', 'c2', 'c3', 'c4'], value: (i) => ({ pAlive: 0.5, clv: [10, 100, 1000, 5][i] }) },
      }),
      [{ bands: ['high'], action: 'Call' }],
    );
    const run = { result: { list: own } } as unknown as ActionsRun;
    const rows = new QueryRows();
    const first = rows.of(run, { sort: 'valueAtRisk', descending: true });
    expect(Array.from(first)).toEqual([2, 1, 0, 3]);
    // The next page of the same query: the same rows, not sorted again.
    expect(rows.of(run, { sort: 'valueAtRisk', descending: true, offset: 25, limit: 25 } as ActionQuery)).toBe(first);
    expect(Array.from(rows.of(run, { sort: 'valueAtRisk', descending: false }))).toEqual([0, 1, 2, 3]);
    expect(Array.from(rows.of(run, { sort: 'valueAtRisk', descending: false, text: ' C2 ' }))).toEqual([1]);
    expect(Array.from(rows.of(run, { sort: 'customer', descending: true, action: 'Call' }))).toEqual([0]);
    // New rules change the list in place and come as a new run (withRules): its rows are read again.
    applyRules(own, [{ bands: ['high', 'medium'], action: 'Call' }]);
    expect(Array.from(rows.of(run, { sort: 'customer', descending: true, action: 'Call' }))).toEqual([0]);
    const next = { ...run };
    expect(Array.from(rows.of(next, { sort: 'customer', descending: true, action: 'Call' }))).toEqual([1, 0]);
  });
});
