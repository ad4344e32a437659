// Repository functions over the schema in db.ts: the only code that knows how datasets are laid out.
import { Dexie } from 'dexie';
import { getDb, type DatasetMeta, type RejectedRecord } from './db';
import type { Column, Table } from '../lib/data/table';
import { packCodes, packNumbers, unpackCodes, unpackNumbers, type StoredArray } from './codec';
import { dropLinksOf } from './links';

export type NewDataset = Omit<DatasetMeta, 'status' | 'rows' | 'chunks' | 'storedBytes' | 'createdAt' | 'rejected' | 'blankLines' | 'paddedRows'>;

/** Starts a staging record: invisible to the app until commitDataset flips it to 'ready'. */
export async function beginDataset(meta: NewDataset): Promise<void> {
  await getDb().datasets.add({
    ...meta,
    status: 'importing',
    rows: 0,
    chunks: 0,
    storedBytes: 0,
    createdAt: Date.now(),
    rejected: 0,
    blankLines: 0,
    paddedRows: 0,
  });
}

/** Stores one block of rows, each column narrowed (codec.ts); returns the bytes written. */
export async function putChunk(datasetId: string, chunk: number, columns: (Float64Array | Int32Array)[]): Promise<number> {
  const records = columns.map((c, column) => ({ datasetId, column, chunk, data: c instanceof Float64Array ? packNumbers(c) : packCodes(c) }));
  await getDb().chunks.bulkPut(records);
  return records.reduce((n, r) => n + r.data.byteLength, 0);
}

export async function putRejected(datasetId: string, rows: Omit<RejectedRecord, 'datasetId'>[]): Promise<void> {
  if (rows.length === 0) return;
  await getDb().rejected.bulkPut(rows.map((r) => ({ ...r, datasetId })));
}

export type CommitInfo = Pick<DatasetMeta, 'rows' | 'chunks' | 'columns' | 'rejected' | 'blankLines' | 'paddedRows' | 'notes' | 'storedBytes'>;

/** Writes the dictionaries and makes the dataset visible, in one transaction. */
export async function commitDataset(datasetId: string, info: CommitInfo, dictionaries: (string[] | null)[]): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.datasets, db.dictionaries, async () => {
    const records = dictionaries.flatMap((values, column) => (values ? [{ datasetId, column, values }] : []));
    await db.dictionaries.bulkPut(records);
    await db.datasets.update(datasetId, { ...info, status: 'ready' });
  });
}

export async function deleteDataset(datasetId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.datasets, db.chunks, db.dictionaries, db.rejected, db.settings], async () => {
    await db.chunks.where('datasetId').equals(datasetId).delete();
    await db.dictionaries.where('datasetId').equals(datasetId).delete();
    await db.rejected.where('datasetId').equals(datasetId).delete();
    await db.datasets.delete(datasetId);
    // A link to a dataset that is gone would join nothing.
    await dropLinksOf(datasetId);
  });
}

/** Removes imports that never committed (a crash, a closed tab, a cancel): no half dataset survives. */
export async function purgeIncomplete(): Promise<number> {
  const stale = await getDb().datasets.where('status').equals('importing').primaryKeys();
  for (const id of stale) await deleteDataset(id);
  return stale.length;
}

export async function listDatasets(): Promise<DatasetMeta[]> {
  const all = await getDb().datasets.orderBy('createdAt').toArray();
  return all.filter((d) => d.status === 'ready');
}

export async function getDataset(datasetId: string): Promise<DatasetMeta> {
  const meta = await getDb().datasets.get(datasetId);
  if (!meta || meta.status !== 'ready') throw new Error(`Dataset ${datasetId} is not in this browser's storage`);
  return meta;
}

export async function updateDataset(datasetId: string, changes: Partial<Pick<DatasetMeta, 'name' | 'roles' | 'profile' | 'demo'>>): Promise<void> {
  if (changes.name !== undefined && changes.name.trim() === '') throw new Error('A dataset name cannot be empty');
  const db = getDb();
  if (changes.roles === undefined) {
    await db.datasets.update(datasetId, changes);
    return;
  }
  // A new role changes what analyses read: bump the version so their results say they are out of date.
  await db.transaction('rw', db.datasets, async () => {
    const meta = await db.datasets.get(datasetId);
    await db.datasets.update(datasetId, { ...changes, version: (meta?.version ?? 1) + 1 });
  });
}

/** Rejected rows in line order; all of them when `limit` is omitted. */
export async function getRejected(datasetId: string, offset = 0, limit?: number): Promise<RejectedRecord[]> {
  const rows = getDb()
    .rejected.where('[datasetId+line]')
    .between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey])
    .offset(offset);
  return (limit === undefined ? rows : rows.limit(limit)).toArray();
}

/** Reads columns back into one typed array each (all columns when `names` is omitted). */
export async function loadTable(datasetId: string, names?: string[]): Promise<Table> {
  const db = getDb();
  const meta = await getDataset(datasetId);
  const wanted = names ?? meta.columns.map((c) => c.name);
  const columns = await Promise.all(
    wanted.map(async (name): Promise<Column> => {
      const index = meta.columns.findIndex((c) => c.name === name);
      if (index < 0) throw new Error(`Dataset "${meta.name}" has no column "${name}"`);
      const type = meta.columns[index].type;
      const parts = await db.chunks
        .where('[datasetId+column+chunk]')
        .between([datasetId, index, Dexie.minKey], [datasetId, index, Dexie.maxKey])
        .toArray();
      const stored = parts.map((p) => p.data);
      if (type === 'category' || type === 'id' || type === 'text') {
        const dict = await db.dictionaries.get([datasetId, index]);
        return { name, type, codes: concat(stored, new Int32Array(meta.rows), unpackCodes), dictionary: dict?.values ?? [] };
      }
      return { name, type, values: concat(stored, new Float64Array(meta.rows), unpackNumbers) };
    }),
  );
  return { rows: meta.rows, columns };
}

function concat<T extends Float64Array | Int32Array>(parts: StoredArray[], out: T, unpack: (s: StoredArray, out: T, at: number) => void): T {
  let offset = 0;
  for (const p of parts) {
    if (offset + p.length > out.length) break;
    unpack(p, out, offset);
    offset += p.length;
  }
  if (offset !== out.length) throw new Error(`Stored dataset is damaged: expected ${out.length} rows, found ${offset} or more`);
  return out;
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await getDb().settings.get(key))?.value as T | undefined;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await getDb().settings.put({ key, value });
}

export async function deleteSetting(key: string): Promise<void> {
  await getDb().settings.delete(key);
}

export interface StorageEstimate {
  usage: number;
  quota: number;
  persisted: boolean;
}

export async function storageEstimate(): Promise<StorageEstimate> {
  const est = await navigator.storage.estimate();
  const persisted = (await navigator.storage.persisted?.()) ?? false;
  return { usage: est.usage ?? 0, quota: est.quota ?? 0, persisted };
}
