import { describe, expect, it } from 'vitest';
import { suggestRoles } from './roles';
import type { Column, ColumnType, Table } from './table';

function table(cols: [string, ColumnType, number[]?][]): Table {
  const columns: Column[] = cols.map(([name, type, values = [0, 1]]) =>
    type === 'category' || type === 'id' || type === 'text'
      ? { name, type, codes: Int32Array.from(values), dictionary: values.map(String) }
      : { name, type, values: Float64Array.from(values) },
  );
  return { rows: 2, columns };
}

describe('suggestRoles', () => {
  it('finds the roles in telco', () => {
    const t = table([
      ['customerID', 'id'],
      ['tenure', 'integer'],
      ['MonthlyCharges', 'number'],
      ['TotalCharges', 'number'],
      ['Churn', 'boolean'],
    ]);
    expect(suggestRoles(t)).toEqual({ customer: 'customerID', amount: 'TotalCharges', label: 'Churn' });
  });
  it('finds the roles in CDNOW and online retail', () => {
    expect(
      suggestRoles(
        table([
          ['customer_id', 'id'],
          ['date', 'date'],
          ['number_of_cds', 'integer'],
          ['dollar_value', 'number'],
        ]),
      ),
    ).toEqual({ customer: 'customer_id', date: 'date', quantity: 'number_of_cds', amount: 'dollar_value' });
    expect(
      suggestRoles(
        table([
          ['InvoiceNo', 'id'],
          ['StockCode', 'id'],
          ['Description', 'category'],
          ['Quantity', 'integer'],
          ['InvoiceDate', 'date'],
          ['UnitPrice', 'number'],
          ['CustomerID', 'id'],
          ['Country', 'category'],
        ]),
      ),
    ).toEqual({ customer: 'CustomerID', date: 'InvoiceDate', item: 'StockCode', quantity: 'Quantity', amount: 'UnitPrice' });
  });
  it('takes the only date column whatever its name, and movie ids as items', () => {
    expect(suggestRoles(table([['user', 'integer'], ['movie_id', 'integer'], ['column_4', 'date']]))).toEqual({ customer: 'user', item: 'movie_id', date: 'column_4' });
  });
  it('wants a label with exactly two values', () => {
    expect(suggestRoles(table([['churn', 'integer', [0, 1, 2]]]))).toEqual({});
    expect(suggestRoles(table([['Exited', 'integer', [0, 1, 1]]]))).toEqual({ label: 'Exited' });
  });
});
