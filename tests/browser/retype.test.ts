// Changing a column's type after import: the real import worker re-encodes the column stored in real
// IndexedDB; the table read back from storage, the invalid report and the version must all agree.
import { proxy } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import type { RetypeOutcome, RetypeProgress, RetypeRequest } from '../../src/contract';
import { createComputeBridge, createImportBridge } from '../../src/state/worker-pool';
import { beginDataset, commitDataset, deleteDataset, getDataset, getRejected, loadTable, putChunk, updateDataset } from '../../src/storage/datasets';
import { cellText, isCategoricalColumn, isNumericColumn, type Column } from '../../src/lib/data/table';
import { importForTest, textFile } from './files';

const bridge = createImportBridge();
const made: string[] = [];

afterAll(async () => {
  bridge.cancel();
  for (const id of made) await deleteDataset(id);
});

const texts = (c: Column) => Array.from({ length: isNumericColumn(c) ? c.values.length : c.codes.length }, (_, i) => cellText(c, i));

function retype(request: RetypeRequest, progress: RetypeProgress[] = []): Promise<RetypeOutcome> {
  return bridge.run((api) => api.retypeColumn(request, proxy((p: RetypeProgress) => void progress.push(p))));
}

// 8 data lines: one has too many fields and is rejected, so 7 rows are stored.
const CSV = [
  'customer,area,price,joined',
  'c1,415,12.5,2020-01-05',
  'c2,408,abc,2020-02-01',
  'c3,415,7,2020-03-01',
  'c4,510,,2020-04-01',
  'c5,408,n.a.,2020-05-01',
  'c6,415,3,2020-06-01,extra',
  'c7,510,free,2020-07-01',
  'c8,415,4,2020-08-01',
].join('\n');

describe('changing a column type in the import worker', () => {
  it('integer -> category and category -> number, read back from storage, with the values that did not convert by row', async () => {
    const meta = await importForTest(textFile(CSV, 'retype.csv'), { types: { area: 'integer', price: 'category' } });
    made.push(meta.id);
    expect(meta.rows).toBe(7);
    expect(meta.rejected).toBe(1);
    expect(meta.columns.find((c) => c.name === 'area')?.type).toBe('integer');
    expect(meta.version ?? 1).toBe(1);
    await bridge.run((api) => api.profileDataset(meta.id));

    // integer -> category: the numbers become their text, nothing is lost.
    const toCategory = await retype({ datasetId: meta.id, column: 'area', type: 'category' });
    expect(toCategory).toMatchObject({ from: 'integer', to: 'category', rows: 7, invalid: 0, version: 2, dryRun: false });
    let stored = await getDataset(meta.id);
    expect(stored.version).toBe(2);
    expect(stored.columns.find((c) => c.name === 'area')).toMatchObject({ type: 'category', reason: 'category: changed by you after import (was integer)' });
    let table = await loadTable(meta.id, ['area']);
    expect(isCategoricalColumn(table.columns[0])).toBe(true);
    expect(texts(table.columns[0])).toEqual(['415', '408', '415', '510', '408', '510', '415']);
    const areaProfile = stored.profile?.columns.find((c) => c.name === 'area');
    expect(areaProfile?.type).toBe('category');
    expect(areaProfile?.top?.[0]).toEqual({ value: '415', count: 3 });

    // A dry run of category -> number says what would not convert and changes nothing.
    const dry = await retype({ datasetId: meta.id, column: 'price', type: 'number', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, invalid: 3, version: 2 });
    expect((await getDataset(meta.id)).columns.find((c) => c.name === 'price')?.type).toBe('category');

    // category -> number: rows 2, 5 and 6 (abc, n.a., free) become missing and are reported.
    const progress: RetypeProgress[] = [];
    const toNumber = await retype({ datasetId: meta.id, column: 'price', type: 'number' }, progress);
    expect(toNumber.invalid).toBe(3);
    expect(toNumber.invalidSample).toEqual([
      { row: 2, text: 'abc', reason: 'is not a number' },
      { row: 5, text: 'n.a.', reason: 'is not a number' },
      { row: 6, text: 'free', reason: 'is not a number' },
    ]);
    expect(toNumber.version).toBe(3);
    expect(progress.map((p) => p.stage)).toContain('profiling');
    stored = await getDataset(meta.id);
    expect(stored.version).toBe(3);
    const price = stored.columns.find((c) => c.name === 'price')!;
    expect(price).toMatchObject({ type: 'number', invalid: 3 });
    expect(price.invalidSample.slice(0, 3).map((x) => [x.row, x.text])).toEqual([
      [2, 'abc'],
      [5, 'n.a.'],
      [6, 'free'],
    ]);
    table = await loadTable(meta.id, ['price', 'customer']);
    const values = table.columns[0];
    expect(values.type).toBe('number');
    expect(isNumericColumn(values) && Array.from(values.values)).toEqual([12.5, NaN, 7, NaN, NaN, NaN, 4]);
    // The other columns and the row accounting are untouched: accepted + rejected = data lines.
    expect(texts(table.columns[1])).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c7', 'c8']);
    expect(stored.rows + stored.rejected).toBe(8);
    expect(await getRejected(meta.id)).toHaveLength(1);
    const priceProfile = stored.profile?.columns.find((c) => c.name === 'price');
    expect(priceProfile).toMatchObject({ type: 'number', invalid: 3, min: 4, max: 12.5 });
    expect(priceProfile?.warnings).toContain('mixed');
  });

  it('refuses date -> number with a reason and leaves the column as it was', async () => {
    const meta = await importForTest(textFile(CSV, 'retype-refused.csv'));
    made.push(meta.id);
    await expect(retype({ datasetId: meta.id, column: 'joined', type: 'number' })).rejects.toThrow(/holds dates.*category or text/);
    const stored = await getDataset(meta.id);
    expect(stored.columns.find((c) => c.name === 'joined')?.type).toBe('date');
    expect(stored.version ?? 1).toBe(1);
    const table = await loadTable(meta.id, ['joined']);
    expect(texts(table.columns[0])[0]).toBe('2020-01-05');
  });

  it('re-encodes a column stored in several chunks, numbering rows across them', async () => {
    const id = crypto.randomUUID();
    made.push(id);
    await beginDataset({
      id,
      name: 'chunked',
      columns: [{ name: 'score', type: 'category', invalid: 0, invalidSample: [] }],
      chunkRows: 3,
      roles: {},
      source: { fileName: 'chunked.csv', fileBytes: 10, encoding: 'utf-8', delimiter: ',', header: true },
      notes: [],
    });
    // Dictionary: 0 '1', 1 'x', 2 '2.5'; rows: 1 x 2.5 | - 1 x | 2.5
    await putChunk(id, 0, [Int32Array.from([0, 1, 2])]);
    await putChunk(id, 1, [Int32Array.from([-1, 0, 1])]);
    await putChunk(id, 2, [Int32Array.from([2])]);
    await commitDataset(id, { rows: 7, chunks: 3, columns: [{ name: 'score', type: 'category', invalid: 0, invalidSample: [] }], rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 7 }, [['1', 'x', '2.5']]);
    const progress: RetypeProgress[] = [];
    const out = await retype({ datasetId: id, column: 'score', type: 'number' }, progress);
    expect(out.invalidSample.map((x) => x.row)).toEqual([2, 6]);
    expect(progress.filter((p) => p.stage === 'converting').at(-1)).toMatchObject({ done: 3, total: 3 });
    const table = await loadTable(id);
    expect(isNumericColumn(table.columns[0]) && Array.from(table.columns[0].values)).toEqual([1, NaN, 2.5, NaN, 1, NaN, 2.5]);
    // Back to text: the numbers' text; the two lost values stay lost (and reported).
    await retype({ datasetId: id, column: 'score', type: 'text' });
    const back = await loadTable(id);
    expect(texts(back.columns[0])).toEqual(['1', '', '2.5', '', '1', '', '2.5']);
    const meta = await getDataset(id);
    expect(meta.columns[0]).toMatchObject({ type: 'text', invalid: 2 });
    expect(meta.version).toBe(3);
  });

  it('a worker stopped in the middle of a conversion leaves the whole old column or the whole new one', async () => {
    const id = crypto.randomUUID();
    made.push(id);
    const chunks = 40;
    const rows = 65_536;
    const column = { name: 'v', type: 'category' as const, invalid: 0, invalidSample: [] };
    await beginDataset({ id, name: 'big', columns: [column], chunkRows: rows, roles: {}, source: { fileName: 'big.csv', fileBytes: 1, encoding: 'utf-8', delimiter: ',', header: true }, notes: [] });
    const codes = Int32Array.from({ length: rows }, (_, i) => i % 2);
    for (let k = 0; k < chunks; k++) await putChunk(id, k, [codes]);
    await commitDataset(id, { rows: rows * chunks, chunks, columns: [column], rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 1 }, [['7', 'x']]);
    let stopped = false;
    const run = bridge.run((api) =>
      api.retypeColumn(
        { datasetId: id, column: 'v', type: 'number' },
        proxy((p: RetypeProgress) => {
          if (p.stage === 'converting' && p.done < p.total && !stopped) {
            stopped = true;
            bridge.cancel();
          }
        }),
      ),
    );
    await run.catch(() => undefined);
    expect(stopped).toBe(true);
    const meta = await getDataset(id);
    const table = await loadTable(id);
    const c = table.columns[0];
    expect(c.type).toBe(meta.columns[0].type);
    if (isNumericColumn(c)) {
      expect(meta.version).toBe(2);
      for (let i = 0; i < c.values.length; i += 9973) expect(c.values[i]).toBe(i % 2 ? NaN : 7);
    } else {
      expect(meta.version ?? 1).toBe(1);
      expect(c.dictionary).toEqual(['7', 'x']);
      for (let k = 0; k < chunks; k++) expect(Array.from(c.codes.subarray(k * rows, k * rows + 4))).toEqual([0, 1, 0, 1]);
    }
  });

  it('the compute worker reads the column again after a change of type (its cached table is keyed by version)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `c${i},${[415, 408, 510][i % 3]},${i % 7},${i % 4 === 0 ? 'yes' : 'no'}`);
    const meta = await importForTest(textFile(['customer,area,visits,churned', ...rows].join('\n'), 'retype-churn.csv'), { types: { area: 'integer' } });
    made.push(meta.id);
    const compute = createComputeBridge();
    try {
      const source = { kind: 'label' as const, datasetId: meta.id, target: 'churned' };
      const before = await compute.run((api) => api.churnInspect(source));
      expect(before.columns.find((c) => c.name === 'area')?.type).toBe('integer');
      await retype({ datasetId: meta.id, column: 'area', type: 'category' });
      const after = await compute.run((api) => api.churnInspect(source));
      expect(after.columns.find((c) => c.name === 'area')?.type).toBe('category');
    } finally {
      compute.cancel();
    }
  });

  it('a change of role bumps the version too', async () => {
    const meta = await importForTest(textFile(CSV, 'retype-role.csv'));
    made.push(meta.id);
    const before = (await getDataset(meta.id)).version ?? 1;
    await updateDataset(meta.id, { roles: { ...meta.roles, amount: 'price' } });
    expect((await getDataset(meta.id)).version).toBe(before + 1);
    await updateDataset(meta.id, { name: 'renamed' });
    expect((await getDataset(meta.id)).version).toBe(before + 1);
  });
});
