import { describe, expect, it } from 'vitest';
import { buildActionList } from './build';
import { csvHeader, csvRow } from './query';
import { joinShap } from './shap-columns';
import { categorical, numeric, table } from '../features/churn/testdata';

describe('SHAP columns of the action list', () => {
  it('joins the Churn page SHAP by customer id, NaN where not explained', () => {
    const j = joinShap(['z', 'b', 'a'], ['a', 'b', 'c'], { columns: ['x', 'y'], values: [1, 2, 3, 4], rows: [2, 0] })!;
    // c (row 2) is explained first, a (row 0) second; z is unknown, b was not explained.
    expect(j.columns).toEqual(['x', 'y']);
    expect(Array.from(j.values)).toEqual([NaN, NaN, NaN, NaN, 3, 4]);
    expect(joinShap(['z'], ['a'], { columns: ['x'], values: [1], rows: [0] })).toBeNull();
  });

  it('adds one shap_<column> per source column to the CSV of a list built on the Churn page scores', async () => {
    const customers = table(categorical('id', ['A', 'B', 'C'], 'id'), numeric('spend', [10, 20, 30]));
    const r = await buildActionList(
      {
        customers: { table: customers, id: 'id', spend: 'spend' },
        savedChurn: {
          customers: ['A', 'B', 'C'],
          probability: [0.2, 0.9, 0.5],
          reasons: [[], ['Contract = Month-to-month (typical: Two year)'], []],
          source: "the Churn page's scores of 2026-12-07",
          shap: { columns: ['tenure', 'Contract'], values: Float32Array.of(0.5, 1.25), rows: Int32Array.of(1) },
        },
      },
      { items: 0 },
    );
    const header = csvHeader(r.list);
    expect(header.slice(-2)).toEqual(['shap_tenure', 'shap_Contract']);
    const rows = r.list.customers.map((_, i) => csvRow(r.list, i));
    const b = rows.find((row) => row[0] === 'B')!;
    expect(b.slice(-2)).toEqual([0.5, 1.25]);
    expect(rows.find((row) => row[0] === 'A')!.slice(-2)).toEqual(['', '']);
    expect(b).toHaveLength(header.length);
  });
});
