import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { parseTable, planImport } from './parse-table';
import { cellText, getColumn, type NumericColumn, type CategoricalColumn } from './table';

const bytes = (s: string) => new TextEncoder().encode(s);
const file = (p: string) => new Uint8Array(readFileSync(datasetPath(p)));

describe('parseTable', () => {
  it('parses a small file into typed columns', () => {
    const { table, report } = parseTable(bytes('id,when,amount,ok\nA1,2020-01-02,"1,200.50",Yes\nA2,2020-01-03,3,No\n'));
    expect(table.rows).toBe(2);
    expect(table.columns.map((c) => c.type)).toEqual(['id', 'date', 'number', 'boolean']);
    expect([...(getColumn(table, 'amount') as NumericColumn).values]).toEqual([1200.5, 3]);
    expect(cellText(getColumn(table, 'when'), 1)).toBe('2020-01-03');
    expect(report).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: true, rows: 2, rejected: 0 });
  });
  it('reads ; files with decimal commas and D/M dates', () => {
    const { table, report } = parseTable(bytes('datum;betrag\n01/02/2020;1.234,56\n23/04/2020;12,5\n'));
    expect([...(table.columns[1] as NumericColumn).values]).toEqual([1234.56, 12.5]);
    expect((table.columns[0] as NumericColumn).values[1]).toBe(Date.UTC(2020, 3, 23));
    expect(report.columns[0].notes).toContain('dates read as D/M/YYYY because 23/04/2020 appears on line 3');
  });
  it('applies type overrides and names bad ones', () => {
    const { table } = parseTable(bytes('code,n\n1,2\n2,3\n'), { types: { code: 'category' } });
    expect(table.columns[0]).toMatchObject({ type: 'category', dictionary: ['1', '2'] });
    expect(() => parseTable(bytes('a\n1\n'), { types: { b: 'number' } })).toThrow('Type given for unknown column "b"');
    expect(() => parseTable(bytes('a\n1\n'), { types: { a: 'float' as never } })).toThrow('Unknown column type "float"');
  });
  it('reads UTF-16 files', () => {
    const text = '\uFEFFkunde;betrag\r\nZoë;1,5\r\nÅsa;2\r\n';
    const le = new Uint8Array([...text].flatMap((c) => [c.charCodeAt(0) & 255, c.charCodeAt(0) >> 8]));
    const { table, report } = parseTable(le);
    expect(report).toMatchObject({ encoding: 'utf-16le', delimiter: ';', rows: 2 });
    expect(table.columns[0].name).toBe('kunde');
    expect((table.columns[0] as CategoricalColumn).dictionary).toEqual(['Zoë', 'Åsa']);
    expect([...(table.columns[1] as NumericColumn).values]).toEqual([1.5, 2]);
  });
  it('says what is wrong with empty and header-only files', () => {
    expect(() => parseTable(new Uint8Array())).toThrow('The file is empty');
    expect(() => parseTable(bytes('\uFEFF \r\n'))).toThrow('The file is empty');
    expect(() => parseTable(bytes('customer,amount\r\n'))).toThrow('has a header row but no data rows');
  });
  it('streams a file larger than the sample in slices, the same as in one piece', () => {
    const lines = ['id,x,when'];
    for (let i = 0; i < 120_000; i++) lines.push(`c${i % 977},${(i * 0.25).toFixed(2)},2020-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const big = bytes(lines.join('\n') + '\n');
    expect(big.length).toBeGreaterThan(2 << 20);
    const { table, report } = parseTable(big, { chunkRows: 10_000 });
    expect(table.rows).toBe(120_000);
    expect((table.columns[1] as NumericColumn).values[119_999]).toBe(29999.75);
    expect((table.columns[0] as CategoricalColumn).dictionary.length).toBe(977);
    expect(report.dataLines).toBe(120_000);
  });
  it('reads the telco file: 7043 rows, TotalCharges numeric with 11 missing', () => {
    const { table, report } = parseTable(file('telco/Telco-Customer-Churn.csv'));
    expect(table.rows).toBe(7043);
    expect(table.columns.length).toBe(21);
    const tc = getColumn(table, 'TotalCharges') as NumericColumn;
    expect(tc.type).toBe('number');
    expect(tc.values.filter(Number.isNaN).length).toBe(11);
    expect(tc.values[1]).toBe(1889.5);
    expect(report.invalid).toEqual([]);
  });
  it('reads u.item as latin1 with |, dates like 01-Jan-1995 and accented titles', () => {
    const { table, report } = parseTable(file('movielens-100k/u.item'));
    expect(report).toMatchObject({ encoding: 'latin1', delimiter: '|', header: false, rows: 1682 });
    const title = table.columns[1] as CategoricalColumn;
    expect(title.dictionary).toContain('Misérables, Les (1995)');
    expect(table.columns[2].type).toBe('date');
    expect(cellText(table.columns[2], 0)).toBe('1995-01-01');
  });
  it('plans an import from a sample for the worker, with a preview', () => {
    const plan = planImport(file('cdnow/CDNOW_sample.txt').subarray(0, 4096), { header: false, columns: ['id', 'sample_id'] }, false);
    expect(plan).toMatchObject({ encoding: 'utf-8', delimiter: 'whitespace', header: false });
    expect(plan.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'id'],
      ['sample_id', 'id'],
      ['column_3', 'date'],
      ['column_4', 'integer'],
      ['column_5', 'number'],
    ]);
    expect(plan.preview[0]).toEqual(['00004', '0001', '19970101', '2', '29.33']);
  });
});
