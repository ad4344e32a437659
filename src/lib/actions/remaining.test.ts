import { describe, expect, it } from 'vitest';
import { buildActionList } from './build';
import { csvHeader, csvRow, CSV_HEADER, queryRows, rowView } from './query';
import { checkRules } from './rules';
import { categorical, numeric, table } from '../features/churn/testdata';

describe('expected remaining lifetime (Cox regression) in the action list', () => {
  it('joins it by customer id, sorts by it (missing last) and a rule acts on it', async () => {
    const tx = table(categorical('customer', ['C0', 'C1', 'C2', 'C0'], 'id'), numeric('date', [0, 0, 0, 0], 'date'), numeric('amount', [5, 7, 9, 2]));
    const r = await buildActionList(
      { transactions: { table: tx, customer: 'customer', date: 'date', amount: 'amount' }, remaining: { customers: ['C1', 'C2', 'X9'], remaining: [3, NaN, 9], source: 'telco' } },
      { items: 0, rules: [{ remainingBelow: 5, action: 'Call: short expected lifetime' }] },
    );
    const { list } = r;
    expect(list.customers).toEqual(['C0', 'C1', 'C2']);
    expect(Array.from(list.remaining!)).toEqual([NaN, 3, NaN]);
    expect(list.customers.map((_, i) => list.actions[list.action[i]])).toEqual(['No action', 'Call: short expected lifetime', 'No action']);
    expect(Array.from(queryRows(list, { sort: 'remaining', descending: true }))).toEqual([1, 0, 2]);
    expect(rowView(list, 1).remaining).toBe(3);
    expect(r.notes).toContain('Expected remaining lifetime (Cox regression on telco) for 1 of 3 customers.');
    // The CSV export carries it as its last column, empty where a customer has none.
    expect(csvHeader(list)).toEqual([...CSV_HEADER, 'expected_remaining_lifetime']);
    expect(csvRow(list, 1)).toHaveLength(CSV_HEADER.length + 1);
    expect(csvRow(list, 1).at(-1)).toBe(3);
    expect(csvRow(list, 0).at(-1)).toBeNull();
    expect(csvHeader({ ...list, remaining: undefined })).toEqual(CSV_HEADER);
    expect(() => checkRules([{ remainingBelow: -1, action: 'x' }])).toThrow('rule 1: remainingBelow must be a number >= 0, got -1');
  });
});
