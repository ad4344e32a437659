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
