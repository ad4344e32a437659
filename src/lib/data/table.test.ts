import { describe, expect, it } from 'vitest';
import { cellText, getColumn, type Table } from './table';

const table: Table = {
  rows: 3,
  columns: [
    { name: 'id', type: 'id', codes: Int32Array.from([0, 1, -1]), dictionary: ['a', 'b'] },
    { name: 'day', type: 'date', values: Float64Array.from([Date.UTC(2024, 0, 2), NaN, Date.UTC(2024, 0, 2, 5)]) },
  ],
};

describe('table', () => {
  it('reads cells as text, empty when missing', () => {
    const id = getColumn(table, 'id');
    const day = getColumn(table, 'day');
    expect([0, 1, 2].map((r) => cellText(id, r))).toEqual(['a', 'b', '']);
    expect([0, 1, 2].map((r) => cellText(day, r))).toEqual(['2024-01-02', '', '2024-01-02T05:00:00']);
  });
  it('names the columns it has when one is missing', () => {
    expect(() => getColumn(table, 'nope')).toThrow('No column "nope" (columns: id, day)');
  });
});
