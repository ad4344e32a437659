import { describe, expect, it } from 'vitest';
import { planImport } from './parse-table';
import { streamImport } from './stream-import';
import type { ColumnChunk } from './importer';

const encode = (s: string) => new TextEncoder().encode(s);

function* pieces(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('streamImport', () => {
  it('imports from arbitrary byte pieces (split characters too), waiting for each chunk write', async () => {
    const text = 'name,amount\n' + Array.from({ length: 50 }, (_, i) => `Zoë ${i % 3},${i}.5`).join('\r\n') + '\n"bad,line"\n';
    const bytes = encode(text);
    const plan = planImport(bytes.subarray(0, 40), {}, false);
    expect(plan.columns.map((c) => c.type)).toEqual(['category', 'number']);
    const written: ColumnChunk[] = [];
    let busy = false;
    const progress: number[] = [];
    const result = await streamImport(pieces(bytes, 7), plan, {
      chunkRows: 16,
      totalBytes: bytes.length,
      onProgress: (p) => progress.push(p.done),
      onChunk: async (c) => {
        expect(busy).toBe(false);
        busy = true;
        await new Promise((r) => setTimeout(r, 1));
        written.push(c);
        busy = false;
      },
    });
    expect(written.map((c) => c.rows)).toEqual([16, 16, 16, 2]);
    expect(result.dictionaries[0]).toEqual(['Zoë 0', 'Zoë 1', 'Zoë 2']);
    expect(written.flatMap((c) => [...(c.columns[1] as Float64Array)])).toEqual(Array.from({ length: 50 }, (_, i) => i + 0.5));
    expect(result.report).toMatchObject({ rows: 50, rejected: 1, dataLines: 51 });
    expect(progress.at(-1)).toBe(bytes.length);
  });
  it('stops when aborted', async () => {
    const bytes = encode('a,b\n1,2\n3,4\n');
    const plan = planImport(bytes);
    const ac = new AbortController();
    ac.abort();
    await expect(streamImport(pieces(bytes, 4), plan, { onChunk: () => {}, signal: ac.signal })).rejects.toThrow();
  });
});

/** Column c of the written chunks as strings (dictionary columns) or numbers. */
function values(written: ColumnChunk[], dictionaries: (string[] | null)[], c: number): (string | number | null)[] {
  const all = written.flatMap((ch) => [...ch.columns[c]]);
  const dict = dictionaries[c];
  return dict ? all.map((code) => (code < 0 ? null : dict[code])) : all;
}

/** The file: 10,000 lines of `id,name,amount`, a stray quote on line 6, `line9001` on line 9,001. */
function strayQuoteFile(line9001: string): Uint8Array {
  const lines = ['id,name,amount'];
  for (let k = 1; k < 10_000; k++) lines.push(k === 5 ? '5,"broken name,5' : k === 9000 ? line9001 : `${k},name${k},${k}`);
  return encode(lines.join('\n') + '\n');
}

describe('streamImport of a stray quote', () => {
  for (const [line9001, why] of [
    ['9000,name9000,"9000"', 'closing it at line 9,001 would make 2 fields, expected 3'],
    ['9000,"quoted, name",9000', 'closing it at line 9,001 would make 4 fields, expected 3'],
  ]) {
    it(`rejects only line 6, across slice boundaries, when line 9,001 is ${line9001}`, async () => {
      const bytes = strayQuoteFile(line9001);
      const plan = planImport(bytes.subarray(0, 64 * 1024), {}, false);
      expect(plan).toMatchObject({ header: true, delimiter: ',' });
      expect(plan.columns.map((c) => c.name)).toEqual(['id', 'name', 'amount']);
      const written: ColumnChunk[] = [];
      const rejected: { line: number; reason: string; text: string }[] = [];
      // 997-byte pieces: the record the stray quote opens is carried over ~150 slices before it is undone.
      const result = await streamImport(pieces(bytes, 997), plan, { chunkRows: 4096, onChunk: (c) => void written.push(c), onRejected: (r) => rejected.push(r) });
      expect(rejected).toEqual([{ line: 6, reason: `quote opened at line 6, column 2, never closed on that record (${why})`, text: '5,"broken name,5' }]);
      expect(result.report).toMatchObject({ lines: 10_000, headerLine: 1, rows: 9998, rejected: 1, dataLines: 9999, blankLines: 0, continuationLines: 0, paddedRows: 0 });
      const ids = values(written, result.dictionaries, 0).map(Number);
      expect(ids).toEqual(Array.from({ length: 9999 }, (_, i) => i + 1).filter((k) => k !== 5));
      const names = values(written, result.dictionaries, 1) as string[];
      expect(names[ids.indexOf(6)]).toBe('name6');
      expect(names[ids.indexOf(9000)]).toBe(line9001.includes('quoted') ? 'quoted, name' : 'name9000');
      expect(Math.max(...names.map((n) => n.length))).toBeLessThan(20);
    });
  }
});

describe('streamImport of very long lines', () => {
  /** Pieces of a file whose line 3 is `size` characters of x, without holding it whole. */
  function* longLineFile(size: number, piece = 1 << 20) {
    yield encode('id,note\n1,a\n');
    const block = new Uint8Array(piece).fill(120);
    for (let left = size; left > 0; left -= piece) yield left >= piece ? block : block.subarray(0, left);
    yield encode('\n2,b\n');
  }
  it('rejects a 50 MB line without a quote by its length, keeping memory bounded, and reads the lines after it', async () => {
    const plan = planImport(encode('id,note\n1,a\n2,b\n'));
    const rejected: { line: number; reason: string; text: string }[] = [];
    const written: ColumnChunk[] = [];
    const result = await streamImport(longLineFile(50_000_000), plan, { onChunk: (c) => void written.push(c), onRejected: (r) => rejected.push(r) });
    expect(rejected.map((r) => [r.line, r.reason, r.text.length])).toEqual([[3, 'line 3 is 50,000,000 characters long, over the 16,777,216 a record may hold: skipped', 1000]]);
    expect(result.report).toMatchObject({ lines: 4, rows: 2, rejected: 1, dataLines: 3 });
    expect(values(written, result.dictionaries, 0).map(Number)).toEqual([1, 2]);
    expect(values(written, result.dictionaries, 1)).toEqual(['a', 'b']);
  });
});
