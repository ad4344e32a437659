// The same import in a real browser: TextDecoder, Blob streams and the latin1 table as Chromium has them.
import { describe, expect, it } from 'vitest';
import { decodeAll, detectEncoding } from './encoding';
import { parseTable, planImport, SAMPLE_BYTES } from './parse-table';
import { streamImport, streamPieces } from './stream-import';
import type { ColumnChunk } from './importer';
import type { CategoricalColumn, NumericColumn } from './table';

describe('import in the browser', () => {
  it('decodes Windows-1252 the same as in Node', () => {
    const bytes = new Uint8Array([0x80, 0x92, 0xe9, 0x81]);
    expect(decodeAll(bytes, 'latin1')).toBe('€’é\u0081');
  });
  it('parses a latin1 file held in memory', () => {
    const text = 'id;prix\n' + Array.from({ length: 25 }, (_, i) => `${i};${i},50\n`).join('') + '25;\xe9\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(detectEncoding(bytes).encoding).toBe('latin1');
    const { table, report } = parseTable(bytes);
    const prix = table.columns[1] as NumericColumn;
    expect(prix.type).toBe('number');
    expect([prix.values[1], prix.values[25]]).toEqual([1.5, NaN]);
    expect(report.invalid).toEqual([{ column: 'prix', count: 1, examples: [{ line: 27, text: 'é' }] }]);
  });
  it('streams a File through plan + streamImport', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `C${i % 500},${i % 7 === 0 ? '' : (i / 4).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const file = new File(['\uFEFFcustomer_id,amount,day\r\n' + rows.join('\r\n')], 'x.csv');
    const sample = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer());
    const plan = planImport(sample, {}, file.size <= SAMPLE_BYTES);
    expect(plan.columns.map((c) => [c.name, c.type])).toEqual([
      ['customer_id', 'id'],
      ['amount', 'number'],
      ['day', 'date'],
    ]);
    const chunks: ColumnChunk[] = [];
    const { report, dictionaries } = await streamImport(streamPieces(file.stream()), plan, { onChunk: (c) => void chunks.push(c), chunkRows: 8192 });
    expect(report.rows).toBe(30_000);
    expect(chunks.map((c) => c.rows)).toEqual([8192, 8192, 8192, 5424]);
    expect(dictionaries[0]?.length).toBe(500);
    const amount = chunks.flatMap((c) => [...(c.columns[1] as Float64Array)]);
    expect(amount[1]).toBe(0.25);
    expect(amount.filter(Number.isNaN).length).toBe(Math.ceil(30_000 / 7));
    const one = parseTable(new Uint8Array(await file.arrayBuffer()));
    expect((one.table.columns[0] as CategoricalColumn).dictionary).toEqual(dictionaries[0]);
  });
});
