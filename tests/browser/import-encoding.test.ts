// Encodings and wide files through the real import worker and IndexedDB (#12): a UTF-8 file with
// invalid bytes stays UTF-8 and every invalid sequence is listed by line; a 5,000-column file previews,
// imports and profiles.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { createImportBridge } from '../../src/state/worker-pool';
import { deleteDataset, getDataset, loadTable } from '../../src/storage/datasets';
import { requestFromPreview } from './files';

const bridge = createImportBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

async function importWhole(file: File) {
  const preview = await bridge.run((api) => api.preview(file));
  const request = requestFromPreview(file, preview);
  made.push(request.datasetId);
  const outcome = await bridge.run((api) => api.importFile(file, request, proxy(() => {})));
  return { preview, outcome, meta: await getDataset(outcome.datasetId) };
}

const enc = new TextEncoder();

describe('import worker: encodings', () => {
  it('keeps a UTF-8 file with invalid bytes before and after 1 MB as UTF-8, and lists each invalid sequence by line', async () => {
    // 200,000 lines of "i,Zoë,n" (about 3 MB); line 5 has C3 28, line 40,000 (0.6 MB) FF, line 180,000 (2.7 MB) a cut-short €.
    const lines = ['id,name,n'];
    for (let i = 1; i < 200_000; i++) lines.push(`${i},Zoë,${i % 97}`);
    const parts: Uint8Array<ArrayBuffer>[] = [];
    lines.forEach((l, i) => {
      const line = i + 1;
      if (line === 5) parts.push(new Uint8Array([...enc.encode(`${i},Zo`), 0xc3, 0x28, ...enc.encode(`,${i % 97}\n`)]));
      else if (line === 40_000) parts.push(new Uint8Array([...enc.encode(`${i},Zo`), 0xff, ...enc.encode(`,${i % 97}\n`)]));
      else if (line === 180_000) parts.push(new Uint8Array([...enc.encode(`${i},Zo`), 0xe2, 0x82, ...enc.encode(`,${i % 97}\n`)]));
      else parts.push(enc.encode(l + '\n'));
    });
    const file = new File(parts, 'zoe.csv', { type: 'text/csv' });
    expect(file.size).toBeGreaterThan(2_500_000);

    const { preview, outcome, meta } = await importWhole(file);
    expect(preview.encoding).toBe('utf-8');
    expect(preview.notes[0]).toMatch(/^Read as UTF-8 \(.* valid multi-byte characters in .* read from the start, middle and end of the file\); 3 byte sequences there are not UTF-8 and are read as U\+FFFD/);
    expect(preview.notes).toContain('line 5: bytes C3 28 are not UTF-8; read as U+FFFD');
    expect(preview.notes).toContain('line 40,000: byte FF is not UTF-8; read as U+FFFD');
    expect(preview.rows[1][1]).toBe('Zoë');

    const listed = [
      '3 invalid UTF-8 byte sequences read as U+FFFD (\uFFFD), the replacement character:',
      'line 5: bytes C3 28 are not UTF-8; read as U+FFFD',
      'line 40,000: byte FF is not UTF-8; read as U+FFFD',
      'line 180,000: bytes E2 82 2C are not UTF-8; read as U+FFFD',
    ];
    expect(outcome.notes).toEqual(listed);
    expect(meta.notes).toEqual(expect.arrayContaining(listed));
    expect(outcome.rows).toBe(199_999);
    const table = await loadTable(outcome.datasetId, ['name']);
    const name = table.columns[0];
    if (!('codes' in name)) throw new Error('name should be a category column');
    expect(name.dictionary).toContain('Zoë');
    expect(name.dictionary).toContain('Zo\uFFFD(');
    expect(name.dictionary.some((v) => v.includes('Ã'))).toBe(false);
  });

  it('reads a Latin-1 file as Windows-1252 and says why', async () => {
    const bytes = new Uint8Array([...enc.encode('id,name\n1,Caf'), 0xe9, ...enc.encode('\n2,Zo'), 0xeb, ...enc.encode('\n')]);
    const { preview, meta } = await importWhole(new File([bytes], 'latin.csv'));
    expect(preview.encoding).toBe('latin1');
    expect(preview.notes[0]).toMatch(/^Read as Windows-1252 \(Latin-1\): 2 byte sequences in the first .* are not UTF-8/);
    expect(meta.notes[0]).toBe(preview.notes[0]);
    expect(preview.rows.map((r) => r[1])).toEqual(['Café', 'Zoë']);
  });
});

describe('import worker: a 5,000-column file', () => {
  it('previews, imports and profiles every column', async () => {
    const cols = 5000;
    // 300 rows keep the suite quick; the timings in the report used 2,000.
    const rows = 300;
    const header = Array.from({ length: cols }, (_, j) => `c${j}`).join(',');
    const lines = [header];
    for (let i = 0; i < rows; i++) {
      const row = new Array<string>(cols);
      for (let j = 0; j < cols; j++) {
        const k = j % 4;
        row[j] = k === 0 ? String(i * 7 + j) : k === 1 ? ((i * 31 + j) % 1000 / 10).toFixed(1) : k === 2 ? 'abc'[(i + j) % 3] : String((i + j) % 2);
      }
      lines.push(row.join(','));
    }
    const file = new File([lines.join('\n') + '\n'], 'wide.csv', { type: 'text/csv' });
    const t0 = performance.now();
    const { preview, outcome, meta } = await importWhole(file);
    const t1 = performance.now();
    const profile = await bridge.run((api) => api.profileDataset(outcome.datasetId));
    const t2 = performance.now();
    console.log(`wide ${(file.size / 1e6).toFixed(1)} MB: preview + import ${((t1 - t0) / 1000).toFixed(1)} s, profile ${((t2 - t1) / 1000).toFixed(1)} s`);
    expect(preview.columns).toHaveLength(cols);
    expect(outcome.rows).toBe(rows);
    expect(meta.columns).toHaveLength(cols);
    expect(profile.columns).toHaveLength(cols);
    expect(profile.columns[4999].name).toBe('c4999');
    expect(profile.columns[1].type).toBe('number');
    expect((await getDataset(outcome.datasetId)).profile?.columns).toHaveLength(cols);
  }, 600_000);
});
