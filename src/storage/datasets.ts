// Repository functions over the schema in db.ts: the only code that knows how datasets are laid out.
import { Dexie } from 'dexie';
import { getDb, type DatasetMeta, type RejectedRecord } from './db';
import type { Column, Table } from '../lib/data/table';
import { packCodes, packNumbers, unpackCodes, unpackNumbers, type StoredArray } from './codec';
import { dropLinksOf } from './links';
import { deleteResultsOf } from './results';

export type NewDataset = Omit<DatasetMeta, 'status' | 'rows' | 'chunks' | 'storedBytes' | 'createdAt' | 'rejected' | 'blankLines' | 'paddedRows' | 'owner' | 'heartbeat'>;

/**
 * Staging ownership. Whoever begins a dataset (a worker or a tab) holds a Web Lock named after it until it
 * commits or deletes it; the browser releases the lock when the holder dies (tab closed, worker terminated),
 * so another tab's clean-up can tell a running import from an abandoned one. The owner id and a heartbeat
 * are kept in the record too: for browsers without Web Locks, and to see who wrote it.
 */
export const OWNER_ID = crypto.randomUUID();
/** A staging record whose owner has not beaten for this long is abandoned (when Web Locks cannot say). */
export const STAGING_TIMEOUT_MS = 30_000;
const HEARTBEAT_MS = 5_000;

export const stagingLock = (datasetId: string): string => `retention-lab:staging:${datasetId}`;

const locks = (): LockManager | undefined => (typeof navigator !== 'undefined' ? navigator.locks : undefined);
const holds = new Map<string, { release: () => void; timer: ReturnType<typeof setInterval> }>();

/** Takes the staging lock and starts the heartbeat; false when no lock could be taken (the heartbeat alone speaks then). */
async function hold(datasetId: string): Promise<boolean> {
  let release = () => {};
  const manager = locks();
  let locked = false;
  if (manager) {
    locked = await new Promise<boolean>((granted) => {
      manager
        .request(stagingLock(datasetId), () => {
          granted(true);
          return new Promise<void>((done) => (release = done));
        })
        .catch(() => granted(false));
    });
  }
  const timer = setInterval(() => void getDb().datasets.update(datasetId, { heartbeat: Date.now() }).catch(() => {}), HEARTBEAT_MS);
  holds.set(datasetId, { release, timer });
  return locked;
}

function letGo(datasetId: string): void {
  const h = holds.get(datasetId);
  if (!h) return;
  clearInterval(h.timer);
  h.release();
  holds.delete(datasetId);
}

/** Starts a staging record: invisible to the app until commitDataset flips it to 'ready'. */
export async function beginDataset(meta: NewDataset): Promise<void> {
  const locked = await hold(meta.id);
  try {
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
      owner: OWNER_ID,
      heartbeat: Date.now(),
      ...(locked ? {} : { unlocked: true }),
    });
  } catch (e) {
    letGo(meta.id);
    throw e;
  }
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
    // Committing a record that is gone would report an import that left nothing (or only orphans) behind.
    const staged = await db.datasets.get(datasetId);
    if (staged?.status !== 'importing') throw new Error(STAGING_GONE);
    const records = dictionaries.flatMap((values, column) => (values ? [{ datasetId, column, values }] : []));
    await db.dictionaries.bulkPut(records);
    await db.datasets.update(datasetId, { ...info, status: 'ready', owner: undefined, heartbeat: undefined, unlocked: undefined });
  });
  letGo(datasetId);
}

export const STAGING_GONE = "The import's record was removed from this browser's storage while it ran (another tab or window cleared it), so nothing was kept. Import the file again.";

export async function deleteDataset(datasetId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.datasets, db.chunks, db.dictionaries, db.rejected, db.settings, db.results], async () => {
    await deleteRecords(datasetId);
    // A link to a dataset that is gone would join nothing.
    await dropLinksOf(datasetId);
    // Nothing derived from a deleted dataset survives it (scores hold its customer ids).
    await deleteResultsOf(datasetId);
  });
  letGo(datasetId);
}

async function deleteRecords(datasetId: string): Promise<void> {
  const db = getDb();
  await db.chunks.where('datasetId').equals(datasetId).delete();
  await db.dictionaries.where('datasetId').equals(datasetId).delete();
  await db.rejected.where('datasetId').equals(datasetId).delete();
  await db.datasets.delete(datasetId);
}

/**
 * Removes imports that never committed and whose importer is gone (a crash, a closed tab, a cancel), so no
 * half dataset survives; an import still running in another tab or worker is left alone.
 */
export async function purgeIncomplete(now = Date.now()): Promise<number> {
  const staging = await getDb().datasets.where('status').equals('importing').toArray();
  let removed = 0;
  for (const meta of staging) if (await removeIfAbandoned(meta, now)) removed++;
  return removed;
}

async function removeIfAbandoned(meta: DatasetMeta, now: number): Promise<boolean> {
  const manager = locks();
  // The lock is free only when its holder committed, deleted, or died; held while we delete, so no importer can start on it.
  if (meta.owner && !meta.unlocked && manager) return manager.request(stagingLock(meta.id), { ifAvailable: true }, async (lock) => lock !== null && removeStaging(meta.id));
  // Without Web Locks (or a record from before owners), silence says the owner is gone.
  return now - (meta.heartbeat ?? meta.createdAt) > STAGING_TIMEOUT_MS && removeStaging(meta.id);
}

/** Deletes a staging record and its records, unless it committed in the meantime. */
async function removeStaging(datasetId: string): Promise<boolean> {
  const db = getDb();
  return db.transaction('rw', [db.datasets, db.chunks, db.dictionaries, db.rejected], async () => {
    if ((await db.datasets.get(datasetId))?.status !== 'importing') return false;
    await deleteRecords(datasetId);
    return true;
  });
}

/** Column chunks, dictionaries or rejected rows whose dataset record is gone (left by older versions or a lost import). */
export interface Orphan {
  datasetId: string;
  records: number;
  bytes: number;
}

/** Finds stored records that belong to no dataset: no screen shows them otherwise, yet they use the quota. */
export async function findOrphans(): Promise<Orphan[]> {
  const db = getDb();
  return db.transaction('r', [db.datasets, db.chunks, db.dictionaries, db.rejected], async () => {
    const known = new Set(await db.datasets.toCollection().primaryKeys());
    const ids = new Set<string>();
    for (const table of [db.chunks, db.dictionaries, db.rejected]) {
      for (const id of await table.orderBy('datasetId').uniqueKeys()) if (!known.has(id as string)) ids.add(id as string);
    }
    const out: Orphan[] = [];
    for (const datasetId of ids) {
      const o: Orphan = { datasetId, records: 0, bytes: 0 };
      const count = (n: number) => {
        o.records++;
        o.bytes += n;
      };
      await db.chunks.where('datasetId').equals(datasetId).each((c) => count(c.data.byteLength));
      await db.dictionaries.where('datasetId').equals(datasetId).each((d) => count(d.values.reduce((n, v) => n + v.length * 2 + 16, 0)));
      await db.rejected.where('datasetId').equals(datasetId).each((r) => count((r.reason.length + r.text.length) * 2 + 16));
      out.push(o);
    }
    return out.sort((a, b) => b.bytes - a.bytes);
  });
}

/** Deletes an orphan's records; refuses when a dataset record with that id exists (it is not an orphan then). */
export async function removeOrphan(datasetId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.datasets, db.chunks, db.dictionaries, db.rejected], async () => {
    if (await db.datasets.get(datasetId)) throw new Error(`Stored data ${datasetId.slice(0, 8)} belongs to a dataset; delete the dataset instead.`);
    await db.chunks.where('datasetId').equals(datasetId).delete();
    await db.dictionaries.where('datasetId').equals(datasetId).delete();
    await db.rejected.where('datasetId').equals(datasetId).delete();
  });
}

export async function listDatasets(): Promise<DatasetMeta[]> {
  const all = await getDb().datasets.orderBy('createdAt').toArray();
  return all.filter((d) => d.status === 'ready');
}

export async function getDataset(datasetId: string): Promise<DatasetMeta> {
  const meta = await getDb().datasets.get(datasetId);
  if (!meta || meta.status !== 'ready') throw new Error(goneMessage(datasetId));
  return meta;
}

/** Whether every one of these datasets is still here and complete (a cheap check: metadata only). */
export async function datasetsExist(datasetIds: readonly string[]): Promise<boolean> {
  const metas = await getDb().datasets.bulkGet([...datasetIds]);
  return metas.every((m) => m?.status === 'ready');
}

export async function updateDataset(datasetId: string, changes: Partial<Pick<DatasetMeta, 'name' | 'roles' | 'profile' | 'demo'>>): Promise<void> {
  if (changes.name !== undefined && changes.name.trim() === '') throw new Error('A dataset name cannot be empty');
  const db = getDb();
  await db.transaction('rw', db.datasets, async () => {
    const meta = await db.datasets.get(datasetId);
    // Another tab may have deleted it: say so instead of changing nothing in silence.
    if (!meta) throw new Error(goneMessage(datasetId));
    // A new role changes what analyses read: bump the version so their results say they are out of date.
    await db.datasets.update(datasetId, changes.roles === undefined ? changes : { ...changes, version: (meta.version ?? 1) + 1 });
  });
}

/** Why a dataset cannot be read or changed: most often another tab or window deleted it. */
export function goneMessage(datasetId: string): string {
  return `Dataset ${datasetId.slice(0, 8)} is not in this browser's storage any more: it was deleted, perhaps in another tab or window. Pick another dataset.`;
}

/** Rejected rows in line order; all of them when `limit` is omitted. */
export async function getRejected(datasetId: string, offset = 0, limit?: number): Promise<RejectedRecord[]> {
  const rows = getDb()
    .rejected.where('[datasetId+line]')
    .between([datasetId, Dexie.minKey], [datasetId, Dexie.maxKey])
    .offset(offset);
  return (limit === undefined ? rows : rows.limit(limit)).toArray();
}

/** One column's chunk records of a dataset, in chunk order (a query to read, count or take keys from). */
export function columnChunks(datasetId: string, column: number) {
  return getDb().chunks.where('[datasetId+column+chunk]').between([datasetId, column, Dexie.minKey], [datasetId, column, Dexie.maxKey]);
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
      const parts = await columnChunks(datasetId, index).toArray();
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

/**
 * Columns `from` to `to` (exclusive) by position, in two range reads (chunks, dictionaries) in one
 * transaction: a wide dataset's profile reads a batch of columns in one round trip, not two per column.
 */
export async function loadColumnRange(meta: DatasetMeta, from: number, to: number): Promise<Column[]> {
  const db = getDb();
  const id = meta.id;
  const [parts, dicts] = await db.transaction('r', [db.chunks, db.dictionaries], () =>
    Promise.all([
      db.chunks.where('[datasetId+column+chunk]').between([id, from, Dexie.minKey], [id, to - 1, Dexie.maxKey], true, true).toArray(),
      db.dictionaries.where('[datasetId+column]').between([id, from], [id, to - 1], true, true).toArray(),
    ]),
  );
  const stored: StoredArray[][] = Array.from({ length: to - from }, () => []);
  for (const p of parts) stored[p.column - from].push(p.data);
  const dictionary = new Map(dicts.map((d) => [d.column, d.values]));
  return meta.columns.slice(from, to).map(({ name, type }, k): Column => {
    if (type === 'category' || type === 'id' || type === 'text') {
      return { name, type, codes: concat(stored[k], new Int32Array(meta.rows), unpackCodes), dictionary: dictionary.get(from + k) ?? [] };
    }
    return { name, type, values: concat(stored[k], new Float64Array(meta.rows), unpackNumbers) };
  });
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
