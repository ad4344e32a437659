import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { decodeAll } from './encoding';
import { Importer, type ColumnChunk, type ColumnSpec, type RejectedRow } from './importer';

const num: ColumnSpec['format'] = { kind: 'number', decimal: '.', percent: false, currency: false };
const str: ColumnSpec['format'] = { kind: 'string' };

function run(text: string | string[], columns: ColumnSpec[], extra: { chunkRows?: number; header?: boolean } = {}) {
  const chunks: ColumnChunk[] = [];
  const rejected: RejectedRow[] = [];
  const imp = new Importer({
    delimiter: ',',
    header: extra.header ?? true,
    columns,
    chunkRows: extra.chunkRows,
    onChunk: (c) => chunks.push(c),
    onRejected: (r) => rejected.push(r),
  });
  for (const t of Array.isArray(text) ? text : [text]) imp.push(t);
  const summary = imp.finish();
  return { chunks, rejected, summary };
}

const twoCols: ColumnSpec[] = [
  { name: 'name', type: 'category', format: str },
  { name: 'x', type: 'number', format: num },
];

describe('Importer', () => {
  it('emits chunks of chunkRows rows with dictionaries growing across chunks', () => {
    const { chunks, summary } = run(['name,x\na,1\nb,2\na,', '3\nc,4\nb,5\n'], twoCols, { chunkRows: 2 });
    expect(chunks.map((c) => [c.index, c.rows])).toEqual([
      [0, 2],
      [1, 2],
      [2, 1],
    ]);
    expect(chunks.flatMap((c) => [...(c.columns[0] as Int32Array)])).toEqual([0, 1, 0, 2, 1]);
    expect(chunks.flatMap((c) => [...(c.columns[1] as Float64Array)])).toEqual([1, 2, 3, 4, 5]);
    expect(summary.dictionaries).toEqual([['a', 'b', 'c'], null]);
    expect(summary).toMatchObject({ rows: 5, rejected: 0, dataLines: 5, chunks: 3, headerLine: 1, lines: 6 });
  });
  it('accounts for every line: accepted, rejected with reasons, padded, blank', () => {
    const text = ['name,x', 'a,1', '', 'b,2,extra', 'c', '"d,4"', '  ', 'e,5', 'f,"6'].join('\r\n');
    const { rejected, summary, chunks } = run(text, twoCols);
    expect(rejected.map((r) => [r.line, r.reason, r.text])).toEqual([
      [4, '3 fields, expected 2', 'b,2,extra'],
      [6, 'the whole line is wrapped in quotes', '"d,4"'],
      [9, 'quote opened at line 9, column 2, never closed on that record', 'f,"6'],
    ]);
    expect(summary).toMatchObject({ rows: 3, rejected: 3, dataLines: 6, blankLines: 2, paddedRows: 1, paddedSample: [5], continuationLines: 0, lines: 9 });
    expect(summary.rejectedSample).toEqual(rejected);
    expect([...(chunks[0].columns[1] as Float64Array)]).toEqual([1, NaN, 5]);
    expect([...(chunks[0].columns[0] as Int32Array)]).toEqual([0, 1, 2]);
  });
  it('stores misfit cells as missing and records them per column, capped', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `r${i},${i % 2 ? 'abc' + i : i}`);
    const { summary, chunks } = run(['name,x', ...rows, 'z,NA', 'y, '].join('\n'), twoCols);
    expect(summary.invalid).toEqual([
      {
        column: 'x',
        count: 4,
        examples: [
          { line: 3, text: 'abc1' },
          { line: 5, text: 'abc3' },
          { line: 7, text: 'abc5' },
          { line: 9, text: 'abc7' },
        ],
      },
    ]);
    expect([...(chunks[0].columns[1] as Float64Array)].filter((v) => !Number.isNaN(v))).toEqual([0, 2, 4, 6]);
  });
  it('reads every column kind and normalises integral-float ids', () => {
    const columns: ColumnSpec[] = [
      { name: 'id', type: 'id', format: { kind: 'id', integralFloat: true } },
      { name: 'd', type: 'date', format: { kind: 'date', date: 'iso', ambiguous: false } },
      { name: 'b', type: 'boolean', format: { kind: 'boolean', pair: ['yes', 'no'] } },
      { name: 'c', type: 'category', format: str },
    ];
    const { chunks, summary } = run('id,d,b,c\n17850.0,2010-12-01 08:26:00,Yes,"x ""q"""\n17850,2010-12-02,No,NA\n,,,\n', columns);
    const [id, d, b, c] = chunks[0].columns;
    expect([...id]).toEqual([0, 0, -1]);
    expect([...d]).toEqual([Date.UTC(2010, 11, 1, 8, 26), Date.UTC(2010, 11, 2), NaN]);
    expect([...b]).toEqual([1, 0, NaN]);
    expect([...c]).toEqual([0, -1, -1]);
    expect(summary.dictionaries).toEqual([['17850'], null, null, ['x "q"']]);
  });
  it('reads whitespace-aligned files without a header', () => {
    const imp = new Importer({
      delimiter: 'whitespace',
      header: false,
      columns: [
        { name: 'a', type: 'id', format: { kind: 'id', integralFloat: false } },
        { name: 'b', type: 'number', format: num },
      ],
    });
    imp.push(' 00001   11.77\r\n 00002 12.00\r\n');
    expect(imp.finish()).toMatchObject({ rows: 2, dictionaries: [['00001', '00002'], null], headerLine: null });
  });
  it('rejects exactly the 119 lines of online-retail wrapped whole in quotes', () => {
    const text = decodeAll(new Uint8Array(readFileSync(datasetPath('online-retail/online_retail_sample.csv'))), 'utf-8');
    const names = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
    const columns: ColumnSpec[] = names.map((name) => ({ name, type: 'category', format: str }));
    const { summary, rejected } = run(text, columns);
    expect(summary.rejected).toBe(119);
    expect(summary.rows).toBe(8254);
    expect(summary.dataLines).toBe(8373);
    expect(rejected.every((r) => r.reason === 'the whole line is wrapped in quotes')).toBe(true);
    expect(rejected[0].line).toBe(111);
    expect(rejected[0].text.startsWith('"536381,82567,""AIRLINE LOUNGE,METAL SIGN""')).toBe(true);
    expect(summary.rejectedSample.length).toBe(100);
  });
  it('names bad options', () => {
    expect(() => run('a', twoCols, { chunkRows: 0 })).toThrow('chunkRows must be a positive integer, got 0');
    expect(() => run('a', [{ name: 'x', type: 'number', format: str }])).toThrow('Column "x": type "number" cannot use a "string" format');
  });
});
