import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './profile';
import { expectFlagChecks } from '../testing';

const col = (out: Awaited<ReturnType<typeof run>>, name: string) => out.columns.find((c) => c.name === name);

describe('profile command', () => {
  it('reads a UTF-8 file with invalid bytes before and after the sample as UTF-8 and lists each by line', async () => {
    const lines = ['id,name,n'];
    for (let i = 1; i < 200_000; i++) lines.push(`${i},Zoë,${i % 97}`);
    const bytes = Buffer.from(lines.join('\n') + '\n');
    const at = (line: number) => Buffer.from(lines.slice(0, line - 1).join('\n') + '\n').length;
    bytes[at(5) + 4] = 0xff; // the first byte of "ë" (C3 AB): FF then a lone AB
    bytes[at(180_000)] = 0xc3; // "1" of the id -> C3 then a digit
    const dir = mkdtempSync(join(tmpdir(), 'rl-enc-'));
    const file = join(dir, 'zoe.csv');
    writeFileSync(file, bytes);
    try {
      const out = await run([file]);
      expect(out.encoding).toBe('utf-8');
      expect(out.rows).toBe(199_999);
      expect(out.notes).toEqual(
        expect.arrayContaining([
          '3 invalid UTF-8 byte sequences read as U+FFFD (\uFFFD), the replacement character:',
          'line 5: byte FF is not UTF-8; read as U+FFFD',
          'line 5: byte AB is not UTF-8; read as U+FFFD',
          'line 180,000: bytes C3 37 are not UTF-8; read as U+FFFD',
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('telco: 7043 rows, 21 columns, ids, booleans and TotalCharges with 11 missing', async () => {
    const out = await run([datasetPath('telco/Telco-Customer-Churn.csv')]);
    expect(Object.keys(out)).toEqual(['rows', 'rejected', 'rejectedSample', 'delimiter', 'encoding', 'header', 'columns', 'key', 'notes']);
    expect(out.key).toBe('customerID');
    expect(out).toMatchObject({ rows: 7043, rejected: 0, rejectedSample: [], delimiter: ',', encoding: 'utf-8', header: true });
    expect(out.columns.length).toBe(21);
    expect(col(out, 'customerID')).toEqual({ name: 'customerID', type: 'id', missing: 0, distinct: 7043, reason: 'id: 7,043 distinct of 7,043, named like an id', role: 'customer' });
    expect(col(out, 'SeniorCitizen')).toMatchObject({ reason: 'boolean: only 0 and 1', role: 'feature' });
    expect(col(out, 'Churn')).toMatchObject({ role: 'target' });
    expect(col(out, 'SeniorCitizen')?.type).toBe('boolean');
    expect(col(out, 'tenure')?.type).toBe('integer');
    expect(col(out, 'TotalCharges')).toMatchObject({ type: 'number', missing: 11 });
    expect(col(out, 'Churn')).toMatchObject({ type: 'boolean', missing: 0, distinct: 2 });
  });
  it('CDNOW master: whitespace, 69,659 rows, date and id columns', async () => {
    const out = await run([datasetPath('cdnow/CDNOW_master.txt')]);
    expect(out).toMatchObject({ rows: 69_659, rejected: 0, delimiter: 'whitespace', header: true });
    expect(col(out, 'customer_id')).toMatchObject({ name: 'customer_id', type: 'id', missing: 0, distinct: 23_570, role: 'customer' });
    expect(out.key).toBe('customer_id');
    expect(col(out, 'date')?.type).toBe('date');
    expect(col(out, 'number_of_cds')?.type).toBe('integer');
    expect(col(out, 'dollar_value')?.type).toBe('number');
  });
  it('CDNOW sample with --no-header: 6919 rows, 5 columns', async () => {
    const out = await run([datasetPath('cdnow/CDNOW_sample.txt'), '--no-header']);
    expect(out).toMatchObject({ rows: 6919, header: false, delimiter: 'whitespace' });
    expect(out.columns.map((c) => c.type)).toEqual(['id', 'id', 'date', 'integer', 'number']);
    const named = await run([datasetPath('cdnow/CDNOW_sample.txt'), '--no-header', '--columns', 'master,sample,day,cds,dollars']);
    expect(named.columns.map((c) => c.name)).toEqual(['master', 'sample', 'day', 'cds', 'dollars']);
  });
  it('online retail: BOM stripped, 8373 data lines = 8254 accepted + 119 rejected, CustomerID ids with 2239 missing', async () => {
    const out = await run([datasetPath('online-retail/online_retail_sample.csv')]);
    expect(out).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: true, rows: 8254, rejected: 119 });
    expect(out.rows + out.rejected).toBe(8373);
    expect(out.columns[0].name).toBe('InvoiceNo');
    expect(out.rejectedSample.length).toBe(100);
    expect(out.rejectedSample[0]).toEqual({ line: 111, reason: 'the whole line is wrapped in quotes' });
    expect(col(out, 'CustomerID')).toMatchObject({ type: 'id', missing: 2239 });
    expect(col(out, 'InvoiceDate')?.type).toBe('date');
    expect(col(out, 'Quantity')?.type).toBe('integer');
    expect(col(out, 'UnitPrice')?.type).toBe('number');
  });
  it('u.data --no-header: 100000 rows, tab, unix seconds read as dates', async () => {
    const out = await run([datasetPath('movielens-100k/u.data'), '--no-header']);
    expect(out).toMatchObject({ rows: 100_000, delimiter: '\t', header: false });
    expect(out.columns.map((c) => c.type)).toEqual(['integer', 'integer', 'integer', 'date']);
    expect(out.columns[0].distinct).toBe(943);
    expect(out.columns[1].distinct).toBe(1682);
  });
  it('u.item: latin1, |', async () => {
    const out = await run([datasetPath('movielens-100k/u.item')]);
    expect(out).toMatchObject({ rows: 1682, encoding: 'latin1', delimiter: '|', header: false });
    expect(out.columns.length).toBe(24);
  });
  it('groceries: ragged, no header, as many columns as the longest basket', async () => {
    const out = await run([datasetPath('groceries/groceries.csv')]);
    expect(out).toMatchObject({ rows: 9835, rejected: 0, delimiter: ',', header: false });
    expect(out.columns.length).toBe(32);
    expect(out.columns[0]).toMatchObject({ name: 'column_1', type: 'category', missing: 0 });
    expect(out.columns[31].missing).toBe(9834);
  });
  it('takes --delimiter and --encoding, and names bad options', async () => {
    const out = await run([datasetPath('movielens-100k/u.data'), '--delimiter', 'tab', '--encoding', 'utf-8', '--no-header']);
    expect(out.rows).toBe(100_000);
    await expect(run([])).rejects.toThrow('usage: profile <file>');
    await expect(run(['x.csv', '--delimeter', ','])).rejects.toThrow('Unknown option --delimeter');
    await expect(run([datasetPath('movielens-100k/u.data'), '--delimiter', '#'])).rejects.toThrow('Unsupported delimiter "#"');
    await expect(run(['/nonexistent/file.csv'])).rejects.toThrow('No such file: /nonexistent/file.csv');
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
