import { describe, expect, it } from 'vitest';
import { profileColumn, profileTable } from './profile';
import type { Table } from './table';

describe('profileColumn', () => {
  it('summarises a numeric column', () => {
    const p = profileColumn({ name: 'x', type: 'number', values: Float64Array.from([1, 2, 3, 4, NaN, 2.5]) });
    expect(p).toMatchObject({ rows: 6, missing: 1, distinct: 5, min: 1, max: 4, mean: 2.5, warnings: [] });
    expect(p.missingPct).toBeCloseTo(100 / 6);
    expect(p.std).toBeCloseTo(Math.sqrt(1.25));
    expect(p.histogram?.length).toBe(20);
    expect(p.histogram?.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(p.histogram?.[0]).toEqual({ x0: 1, x1: 1.15, count: 1 });
    expect(p.histogram?.[19]).toMatchObject({ x1: 4, count: 1 });
  });
  it('gives small integer ranges one bin per value', () => {
    const p = profileColumn({ name: 'n', type: 'integer', values: Float64Array.from([1, 1, 3]) });
    expect(p.histogram).toEqual([
      { x0: 1, x1: 2, count: 2 },
      { x0: 2, x1: 3, count: 0 },
      { x0: 3, x1: 4, count: 1 },
    ]);
  });
  it('gives top values for categories and booleans, and a date range for dates', () => {
    const c = profileColumn({ name: 'c', type: 'category', codes: Int32Array.from([0, 1, 1, 2, 1, -1, 2]), dictionary: ['a', 'b', 'c', 'unused'] });
    expect(c).toMatchObject({ missing: 1, distinct: 3, top: [{ value: 'b', count: 3 }, { value: 'c', count: 2 }, { value: 'a', count: 1 }] });
    const b = profileColumn({ name: 'b', type: 'boolean', values: Float64Array.from([1, 0, 0]) });
    expect(b.top).toEqual([{ value: 'false', count: 2 }, { value: 'true', count: 1 }]);
    const d = profileColumn({ name: 'd', type: 'date', values: Float64Array.from([Date.UTC(1997, 0, 1), Date.UTC(1998, 5, 30)]) });
    expect(d.dateRange).toEqual({ min: '1997-01-01', max: '1998-06-30' });
  });
  it('warns about id-like, constant, mixed and mostly-missing columns', () => {
    const ids = profileColumn({ name: 'id', type: 'category', codes: Int32Array.from({ length: 30 }, (_, i) => i), dictionary: Array.from({ length: 30 }, String) });
    expect(ids.warnings).toEqual(['id-like']);
    const constant = profileColumn({ name: 'k', type: 'integer', values: Float64Array.from([7, 7, NaN, NaN, NaN]) }, { invalid: 2, examples: [{ line: 3, text: 'abc' }] });
    expect(constant.warnings).toEqual(['constant', 'mixed', 'mostly-missing']);
    expect(constant.invalidExamples).toEqual([{ line: 3, text: 'abc' }]);
  });
  it('counts distinct floats exactly, treating -0 and 0 as one', () => {
    const v = Float64Array.from({ length: 10_000 }, (_, i) => (i % 1234) * 0.1);
    v[0] = -0;
    expect(profileColumn({ name: 'f', type: 'number', values: v }).distinct).toBe(1234);
  });
});

describe('profileTable', () => {
  it('attaches the import report to columns by name, and is fast on a million rows', () => {
    const n = 1_000_000;
    const table: Table = {
      rows: n,
      columns: [
        { name: 'x', type: 'number', values: Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 100) },
        { name: 'k', type: 'integer', values: Float64Array.from({ length: n }, (_, i) => i % 72) },
        { name: 'c', type: 'category', codes: Int32Array.from({ length: n }, (_, i) => i % 3), dictionary: ['a', 'b', 'c'] },
      ],
    };
    const p = profileTable(table, { invalid: [{ column: 'k', count: 1, examples: [] }] });
    expect(p.columns.map((c) => c.warnings)).toEqual([[], ['mixed'], []]);
    expect(p.columns[1].distinct).toBe(72);
  });
});
