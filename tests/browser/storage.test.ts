// The column-wise store in real IndexedDB: round trip, staging invisibility, delete and purge.
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '../../src/storage/db';
import {
  beginDataset,
  commitDataset,
  deleteDataset,
  getSetting,
  listDatasets,
  loadTable,
  purgeIncomplete,
  putChunk,
  putRejected,
  getRejected,
  setSetting,
  updateDataset,
} from '../../src/storage/datasets';

const made: string[] = [];
const COLUMNS = [
  { name: 'amount', type: 'number' as const, invalid: 0, invalidSample: [] },
  { name: 'city', type: 'category' as const, invalid: 0, invalidSample: [] },
];

async function stage(id: string): Promise<void> {
  made.push(id);
  await beginDataset({
    id,
    name: 'test',
    columns: COLUMNS,
    chunkRows: 2,
    roles: { amount: 'amount' },
    source: { fileName: 't.csv', fileBytes: 10, encoding: 'utf-8', delimiter: ',', header: true },
    notes: [],
  });
  await putChunk(id, 0, [Float64Array.from([1.5, NaN]), Int32Array.from([0, 1])]);
  await putChunk(id, 1, [Float64Array.from([3]), Int32Array.from([-1])]);
}

async function records(id: string): Promise<number> {
  const db = getDb();
  const [c, d, r] = await Promise.all([
    db.chunks.where('datasetId').equals(id).count(),
    db.dictionaries.where('datasetId').equals(id).count(),
    db.rejected.where('datasetId').equals(id).count(),
  ]);
  return c + d + r + (await db.datasets.where('id').equals(id).count());
}

afterEach(async () => {
  for (const id of made.splice(0)) await deleteDataset(id);
});

describe('dataset storage', () => {
  it('keeps a staged dataset invisible until it is committed, then reads columns back', async () => {
    const id = crypto.randomUUID();
    await stage(id);
    expect((await listDatasets()).some((d) => d.id === id)).toBe(false);
    await expect(loadTable(id)).rejects.toThrow('not in this browser');

    await putRejected(id, [{ line: 3, reason: 'line 3: 4 fields, expected 2', text: 'a,b,c,d' }]);
    await commitDataset(id, { rows: 3, chunks: 2, columns: COLUMNS, rejected: 1, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 40 }, [null, ['Paris', 'Lyon']]);
    const listed = (await listDatasets()).find((d) => d.id === id);
    expect(listed?.rows).toBe(3);

    const table = await loadTable(id);
    expect(table.rows).toBe(3);
    const [amount, city] = table.columns;
    expect(amount.type === 'number' && [...amount.values]).toEqual([1.5, NaN, 3]);
    expect(city.type === 'category' && [...city.codes]).toEqual([0, 1, -1]);
    expect(city.type === 'category' && city.dictionary).toEqual(['Paris', 'Lyon']);

    const only = await loadTable(id, ['city']);
    expect(only.columns.map((c) => c.name)).toEqual(['city']);
    await expect(loadTable(id, ['nope'])).rejects.toThrow('has no column "nope"');
    expect(await getRejected(id)).toMatchObject([{ line: 3, text: 'a,b,c,d' }]);
  });

  it('renames, refuses an empty name, and deleting frees every record', async () => {
    const id = crypto.randomUUID();
    await stage(id);
    await commitDataset(id, { rows: 3, chunks: 2, columns: COLUMNS, rejected: 0, blankLines: 0, paddedRows: 0, notes: [], storedBytes: 40 }, [null, ['x', 'y']]);
    await updateDataset(id, { name: 'Renamed' });
    expect((await listDatasets()).find((d) => d.id === id)?.name).toBe('Renamed');
    await expect(updateDataset(id, { name: '  ' })).rejects.toThrow('cannot be empty');
    expect(await records(id)).toBeGreaterThan(0);
    await deleteDataset(id);
    expect(await records(id)).toBe(0);
  });

  it('purges imports that never committed (crash or closed tab)', async () => {
    const id = crypto.randomUUID();
    await stage(id);
    expect(await records(id)).toBeGreaterThan(0);
    // This tab is still its importer (it holds the staging lock): nothing to purge yet.
    await purgeIncomplete();
    expect(await records(id)).toBeGreaterThan(0);
    // The importer crashed or its tab closed: the record says an owner the browser no longer knows.
    await getDb().datasets.update(id, { owner: 'a-closed-tab' });
    await getDb().datasets.put({ ...(await getDb().datasets.get(id))!, id: `${id}-crashed` });
    await putChunk(`${id}-crashed`, 0, [Float64Array.from([1]), Int32Array.from([0])]);
    expect(await purgeIncomplete()).toBeGreaterThanOrEqual(1);
    expect(await records(`${id}-crashed`)).toBe(0);
  });

  it('stores settings', async () => {
    await setSetting('test-key', { a: 1 });
    expect(await getSetting('test-key')).toEqual({ a: 1 });
  });
});
