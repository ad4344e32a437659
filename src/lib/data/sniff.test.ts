import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { decodeAll } from './encoding';
import { parseTable } from './parse-table';
import { cleanNames, detectDelimiter, detectHeader, sniff } from './sniff';

const read = (p: string, enc: 'utf-8' | 'latin1' = 'utf-8') => decodeAll(new Uint8Array(readFileSync(datasetPath(p))), enc);

describe('detectDelimiter', () => {
  it('finds each delimiter in small files', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(detectDelimiter('name;price\nx;1,5\ny;2,25\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2 3\n')).toBe('\t');
    expect(detectDelimiter('a|b, c\n1|2\n3|4\n')).toBe('|');
    expect(detectDelimiter(' a  b   c\n 1  2   3\n 4  5   6\n')).toBe('whitespace');
    expect(detectDelimiter('single\ncolumn\n')).toBe(',');
  });
  it('finds the delimiters of the real datasets', () => {
    expect(detectDelimiter(read('telco/Telco-Customer-Churn.csv'))).toBe(',');
    expect(detectDelimiter(read('cdnow/CDNOW_master.txt'))).toBe('whitespace');
    expect(detectDelimiter(read('movielens-100k/u.data'))).toBe('\t');
    expect(detectDelimiter(read('movielens-100k/u.item', 'latin1'))).toBe('|');
    expect(detectDelimiter(read('groceries/groceries.csv'))).toBe(',');
  });
});

describe('detectHeader', () => {
  it('sees a header over typed columns and none when the first row has numbers or dates', () => {
    expect(detectHeader([['id', 'amount'], ['a', '1'], ['b', '2']])).toBe(true);
    expect(detectHeader([['1', '2'], ['3', '4']])).toBe(false);
    expect(detectHeader([['x', '2020-01-01'], ['y', '2020-01-02']])).toBe(false);
  });
  it('sees no header in a ragged file or when the first values recur below', () => {
    expect(detectHeader([['milk', 'bread'], ['milk'], ['eggs', 'bread', 'jam'], ['tea']])).toBe(false);
    expect(detectHeader([['red', 'big'], ['blue', 'small'], ['red', 'small']])).toBe(false);
  });
});

describe('cleanNames', () => {
  it('names empty columns by position and numbers repeats', () => {
    expect(cleanNames(['\uFEFFid', ' a ', '', 'a', 'a', 'a_2'])).toEqual(['id', 'a', 'column_3', 'a_2', 'a_3', 'a_2_2']);
  });
});

describe('sniff', () => {
  it('gives names and data rows with their lines', () => {
    const s = sniff('a,b\n\n1,2\n3,4\n');
    expect(s).toMatchObject({ delimiter: ',', header: true, names: ['a', 'b'], rows: [['1', '2'], ['3', '4']], lines: [3, 4] });
  });
  it('names headerless columns column_N, as many as the widest record (groceries)', () => {
    const s = sniff(read('groceries/groceries.csv'));
    expect(s.header).toBe(false);
    expect(s.names.length).toBe(32);
    expect(s.names[0]).toBe('column_1');
    expect(s.rows.length).toBe(9835);
  });
  it('honours the caller: delimiter, header off and given names', () => {
    const s = sniff('x y\n1 2\n', { delimiter: 'whitespace', header: false, columns: ['p'] });
    expect(s.names).toEqual(['p', 'column_2']);
    expect(s.rows).toEqual([['x', 'y'], ['1', '2']]);
  });
  it('drops the last, possibly cut, record of an incomplete sample', () => {
    expect(sniff('a,b\n1,2\n3,4', {}, false).rows).toEqual([['1', '2']]);
  });
  it('reads the CDNOW header despite its leading space', () => {
    const s = sniff(read('cdnow/CDNOW_master.txt'));
    expect(s.names).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
  });
});

describe('sniff with trailing delimiters and long lines', () => {
  const trailing = ['id,name,amount', ...Array.from({ length: 20 }, (_, i) => `${i + 1},n${i + 1},${i + 1},`)].join('\n') + '\n';
  it('sees the header when only the data lines end with a delimiter', () => {
    expect(detectHeader([['id', 'name', 'amount'], ['1', 'n1', '1', ''], ['2', 'n2', '2', '']])).toBe(true);
    const s = sniff(trailing);
    expect(s).toMatchObject({ header: true, names: ['id', 'name', 'amount'], notes: [] });
    expect(s.rows.length).toBe(20);
    expect(s.rows[0]).toEqual(['1', 'n1', '1']);
  });
  it('imports such a file as 20 rows of 3 columns, none rejected', () => {
    const { table, report } = parseTable(new TextEncoder().encode(trailing));
    expect(report).toMatchObject({ header: true, rows: 20, rejected: 0, dataLines: 20, lines: 21 });
    expect(table.columns.map((c) => c.name)).toEqual(['id', 'name', 'amount']);
  });
  it('says why a 50 MB file without a line break is not a table', () => {
    const bytes = new Uint8Array(50_000_000).fill(97);
    for (let i = 1; i < bytes.length; i += 2) bytes[i] = 44; // a,a,a,...
    expect(() => parseTable(bytes)).toThrow(`No line break in the first ${(2 << 20).toLocaleString('en-US')} characters: the file is one very long line, not a table with one record per line`);
  });
  it('keeps a stray quote in the sample from merging the lines after it', () => {
    const lines = ['id,name,amount', ...Array.from({ length: 30 }, (_, i) => (i === 4 ? '5,"broken name,5' : i === 20 ? '21,name21,"21"' : `${i + 1},name${i + 1},${i + 1}`))];
    const s = sniff(lines.join('\n') + '\n');
    expect(s.rows.length).toBe(29);
    expect(s.lines).toEqual(Array.from({ length: 30 }, (_, i) => i + 2).filter((l) => l !== 6));
  });
  it('reads a headerless file with a stray quote as wide as its single-line records', () => {
    // Line 21 closes the stray quote cleanly, making one record of 4 fields out of lines 5-21.
    const lines = Array.from({ length: 30 }, (_, i) => (i === 4 ? '5,"broken name,5' : i === 20 ? '21",name21,21' : `${i + 1},name${i + 1},${i + 1}`));
    const s = sniff(lines.join('\n') + '\n');
    expect(s).toMatchObject({ header: false, names: ['column_1', 'column_2', 'column_3'] });
    expect(s.rows.length).toBe(29);
    const { report } = parseTable(new TextEncoder().encode(lines.join('\n') + '\n'));
    expect(report).toMatchObject({ rows: 29, rejected: 1, lines: 30 });
    expect(report.rejectedSample.map((r) => [r.line, r.reason])).toEqual([[5, 'quote opened at line 5, column 2, never closed on that record (closing it at line 21 would make 4 fields, expected 3)']]);
  });
});
