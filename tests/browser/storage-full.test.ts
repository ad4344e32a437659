// A quota hit in the middle of an import (issue #12, item 8): the import path itself, run in the page so
// IndexedDB can refuse a write the way a full disk does (CDP's quota override was not enforced reliably on
// worker writes). The message says how much is needed, what is free and what to delete; nothing is kept
// and nothing is left uncaught.
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '../../src/storage/db';
import { deleteDataset } from '../../src/storage/datasets';
import { importFile } from '../../workers/import-file';
import { textFile, emptyDataset } from './files';

const made: string[] = [];
afterEach(async () => {
  for (const id of made.splice(0)) await deleteDataset(id).catch(() => {});
});

function bigFile(mb: number, name: string): File {
  const parts = ['id,amount,city\n'];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const l = `${i},${(Math.random() * 1000).toFixed(6)},c${i % 50}\n`;
    parts.push(l);
    size += l.length;
  }
  return textFile(parts.join(''), name);
}

async function readyDataset(name: string): Promise<string> {
  const id = await emptyDataset(name);
  made.push(id);
  return id;
}

async function records(id: string): Promise<number> {
  const db = getDb();
  return (await db.chunks.where('datasetId').equals(id).count()) + (await db.rejected.where('datasetId').equals(id).count()) + (await db.datasets.where('id').equals(id).count());
}

describe('storage full', () => {
  it('a quota hit mid-import is worded (needed, free, what to delete), leaves nothing and nothing uncaught', async () => {
    const put = IDBObjectStore.prototype.put;
    let writes = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'chunks' && ++writes > 3) throw new DOMException('Quota exceeded', 'QuotaExceededError');
      return put.apply(this, args);
    };
    const uncaught: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => uncaught.push(e.reason);
    addEventListener('unhandledrejection', onRejection);
    const keep = await readyDataset('a dataset to delete');
    await getDb().datasets.update(keep, { storedBytes: 3e6 });
    const id = crypto.randomUUID();
    made.push(id);
    const file = bigFile(8, 'big80.csv');
    let error: Error | null = null;
    try {
      await importFile(
        file,
        {
          datasetId: id,
          name: 'big80',
          encoding: 'utf-8',
          delimiter: ',',
          header: true,
          columns: [
            { name: 'id', type: 'integer' },
            { name: 'amount', type: 'number' },
            { name: 'city', type: 'category' },
          ],
          roles: {},
        },
        () => {},
      );
    } catch (e) {
      error = e as Error;
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    await new Promise((r) => setTimeout(r, 300));
    removeEventListener('unhandledrejection', onRejection);
    expect(writes).toBeGreaterThan(3);
    expect(error?.message).toMatch(/^The browser's storage is full: importing big80\.csv needs about 1\d(\.\d+)? MB, so the import was stopped and nothing was kept\./);
    expect(error?.message).toMatch(/ free/);
    expect(error?.message).toContain('“a dataset to delete” (3 MB)');
    expect(error?.message).toMatch(/Delete datasets you no longer need \(Workspace page, Storage\) or free disk space, then try again\.$/);
    expect(error?.message).not.toMatch(/QuotaExceededError|Dexie/);
    expect(uncaught).toEqual([]);
    expect(await records(id)).toBe(0);
  });
});
