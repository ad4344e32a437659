// Workspace files: every table of this browser's database in one portable file (see
// src/lib/crypto/container.ts for the container, records.ts for the payload), and back.
//
// Export streams dataset by dataset (memory: one column's chunks at a time). Import reads, decrypts and
// checks the WHOLE file before it writes anything, then writes in one transaction: a wrong passphrase,
// a damaged or a cut-off file changes nothing. Policy when the workspace already has data:
// - "replace": this browser's datasets and settings are deleted first (in the same transaction).
// - otherwise the file's datasets are added; one whose id is already here (the same dataset imported
//   twice, or exported from here) is added as a copy under a new id, named "… (imported copy)".
//   Settings missing here are added; lists of saved items (saved churn models) are merged by id; any
//   other setting already here keeps this browser's value and is reported.
// Device settings (the engine's measured backend and override) never travel: they describe a machine.
import type { WorkspaceExport, WorkspaceExportOptions, WorkspaceImportOptions, WorkspaceImportResult, WorkspaceProgress } from '../contract';
import { openWorkspace, sealWorkspace, WorkspaceFileError } from '../lib/crypto/container';
import { newPseudonymKey } from '../lib/crypto/pseudonym';
import { decodeRecords, encodeRecord } from '../lib/crypto/records';
import { getDb, type ChunkRecord, type DatasetMeta, type DictionaryRecord, type RejectedRecord, type SettingRecord } from './db';
import { Dexie } from 'dexie';

export const PSEUDONYM_KEY_SETTING = 'pseudonymKey';
const DEVICE_SETTINGS = new Set(['engineCalibration', 'engineBackend']);
const APP = 'retention-lab';
const PAYLOAD_FORMAT = 1;
const REJECTED_BATCH = 1000;
const STORED_KINDS = [Float64Array, Int32Array, Int16Array, Int8Array];

interface Manifest {
  app: string;
  format: number;
  dbVersion: number;
  exportedAt: string;
  datasets: number;
  settings: number;
}

interface Counts {
  datasets: number;
  chunks: number;
  dictionaries: number;
  rejected: number;
  settings: number;
}

type Progress = (p: WorkspaceProgress) => void;

/** This workspace's pseudonymisation key (hex), created on first use. */
export async function pseudonymKeyHex(): Promise<string> {
  const db = getDb();
  return db.transaction('rw', db.settings, async () => {
    const current = (await db.settings.get(PSEUDONYM_KEY_SETTING))?.value;
    if (typeof current === 'string') return current;
    const hex = newPseudonymKey();
    await db.settings.put({ key: PSEUDONYM_KEY_SETTING, value: hex });
    return hex;
  });
}

export async function exportWorkspace(options: WorkspaceExportOptions = {}, onProgress: Progress = () => {}): Promise<WorkspaceExport> {
  const started = performance.now();
  const db = getDb();
  const datasets = (await db.datasets.orderBy('createdAt').toArray()).filter((d) => d.status === 'ready');
  const settings = (await db.settings.toArray()).filter((s) => !DEVICE_SETTINGS.has(s.key));
  const total = Math.max(1, datasets.reduce((n, d) => n + d.storedBytes, 0));
  let done = 0;
  const counts: Counts = { datasets: 0, chunks: 0, dictionaries: 0, rejected: 0, settings: 0 };

  async function* payload(): AsyncGenerator<Uint8Array> {
    const manifest: Manifest = { app: APP, format: PAYLOAD_FORMAT, dbVersion: db.verno, exportedAt: new Date().toISOString(), datasets: datasets.length, settings: settings.length };
    yield* encodeRecord('manifest', manifest);
    for (const s of settings) {
      counts.settings++;
      yield* encodeRecord('settings', s);
    }
    for (const meta of datasets) {
      counts.datasets++;
      yield* encodeRecord('datasets', meta);
      for (const d of await db.dictionaries.where('datasetId').equals(meta.id).toArray()) {
        counts.dictionaries++;
        yield* encodeRecord('dictionaries', d);
      }
      for (let column = 0; column < meta.columns.length; column++) {
        const chunks = await db.chunks
          .where('[datasetId+column+chunk]')
          .between([meta.id, column, Dexie.minKey], [meta.id, column, Dexie.maxKey])
          .toArray();
        for (const c of chunks) {
          counts.chunks++;
          done += c.data.byteLength;
          yield* encodeRecord('chunks', c);
        }
        onProgress({ stage: 'reading', done: Math.min(done, total), total });
      }
      for (let offset = 0; ; offset += REJECTED_BATCH) {
        const rows = await db.rejected
          .where('[datasetId+line]')
          .between([meta.id, Dexie.minKey], [meta.id, Dexie.maxKey])
          .offset(offset)
          .limit(REJECTED_BATCH)
          .toArray();
        if (rows.length === 0) break;
        counts.rejected += rows.length;
        yield* encodeRecord('rejected', rows);
      }
    }
    yield* encodeRecord('end', counts);
  }

  const parts: Uint8Array<ArrayBuffer>[] = [];
  for await (const piece of sealWorkspace(payload(), { passphrase: options.passphrase || undefined })) parts.push(piece);
  const blob = new Blob(parts, { type: 'application/octet-stream' });
  onProgress({ stage: 'done', done: total, total });
  const day = new Date().toISOString().slice(0, 10);
  return {
    blob,
    fileName: `retention-lab-workspace-${day}${options.passphrase ? '-encrypted' : ''}.rlws`,
    datasets: datasets.length,
    settings: settings.length,
    encrypted: !!options.passphrase,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Everything a file holds, checked, before anything is written. */
interface Contents {
  manifest: Manifest;
  datasets: DatasetMeta[];
  chunks: ChunkRecord[];
  dictionaries: DictionaryRecord[];
  rejected: RejectedRecord[];
  settings: SettingRecord[];
}

export async function importWorkspace(file: Blob, options: WorkspaceImportOptions = {}, onProgress: Progress = () => {}): Promise<WorkspaceImportResult> {
  const started = performance.now();
  const contents = await readContents(file, options.passphrase, onProgress);
  onProgress({ stage: 'writing', done: file.size, total: file.size });
  const result = await write(contents, options.replace ?? false);
  onProgress({ stage: 'done', done: file.size, total: file.size });
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

async function* counted(file: Blob, onProgress: Progress): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  let done = 0;
  try {
    while (true) {
      const next = await reader.read();
      if (next.done) return;
      done += next.value.length;
      onProgress({ stage: 'checking', done, total: file.size });
      yield next.value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function readContents(file: Blob, passphrase: string | undefined, onProgress: Progress): Promise<Contents> {
  const c: Contents = { manifest: null as unknown as Manifest, datasets: [], chunks: [], dictionaries: [], rejected: [], settings: [] };
  const byId = new Map<string, DatasetMeta>();
  const rowsSeen = new Map<string, number[]>();
  let ended: Counts | null = null;
  const bad = (why: string) => new WorkspaceFileError('damaged', `The file's contents are not a valid workspace (${why}).`);
  try {
    for await (const { table, value } of decodeRecords(openWorkspace(counted(file, onProgress), { passphrase }))) {
      if (ended) throw bad('records after the end');
      const v = value as Record<string, unknown>;
      if (!c.manifest) {
        if (table !== 'manifest' || v?.app !== APP) throw bad('no manifest');
        if (v.format !== PAYLOAD_FORMAT) throw new WorkspaceFileError('version', `The file's contents have format ${String(v.format)}; this app reads format ${PAYLOAD_FORMAT}.`);
        c.manifest = v as unknown as Manifest;
        continue;
      }
      const known = (id: unknown): DatasetMeta => {
        const meta = typeof id === 'string' ? byId.get(id) : undefined;
        if (!meta) throw bad(`${table} of an unknown dataset`);
        return meta;
      };
      const index = (n: unknown, below: number): number => {
        if (!Number.isInteger(n) || (n as number) < 0 || (n as number) >= below) throw bad(`bad ${table} index`);
        return n as number;
      };
      switch (table) {
        case 'settings':
          if (typeof v?.key !== 'string') throw bad('a setting without a key');
          if (!DEVICE_SETTINGS.has(v.key)) c.settings.push({ key: v.key, value: v.value });
          break;
        case 'datasets': {
          const d = v as unknown as DatasetMeta;
          if (typeof d?.id !== 'string' || typeof d.name !== 'string' || d.status !== 'ready' || !Number.isInteger(d.rows) || !Array.isArray(d.columns) || byId.has(d.id)) throw bad('a bad dataset record');
          byId.set(d.id, d);
          rowsSeen.set(d.id, new Array(d.columns.length).fill(0));
          c.datasets.push(d);
          break;
        }
        case 'chunks': {
          const meta = known(v?.datasetId);
          const column = index(v.column, meta.columns.length);
          index(v.chunk, Math.max(1, meta.chunks));
          if (!STORED_KINDS.some((K) => v.data instanceof K)) throw bad('a chunk without column data');
          rowsSeen.get(meta.id)![column] += (v.data as ArrayLike<number>).length;
          c.chunks.push(v as unknown as ChunkRecord);
          break;
        }
        case 'dictionaries': {
          const meta = known(v?.datasetId);
          index(v.column, meta.columns.length);
          if (!Array.isArray(v.values) || !v.values.every((s) => typeof s === 'string')) throw bad('a bad dictionary');
          c.dictionaries.push(v as unknown as DictionaryRecord);
          break;
        }
        case 'rejected': {
          if (!Array.isArray(value)) throw bad('bad rejected rows');
          for (const r of value as RejectedRecord[]) {
            known(r?.datasetId);
            if (typeof r.line !== 'number' || typeof r.reason !== 'string' || typeof r.text !== 'string') throw bad('a bad rejected row');
            c.rejected.push(r);
          }
          break;
        }
        case 'end':
          ended = v as unknown as Counts;
          break;
        default:
          throw bad(`an unknown table "${table}"`);
      }
    }
  } catch (e) {
    if (e instanceof WorkspaceFileError) throw e;
    throw bad(e instanceof Error ? e.message : String(e));
  }
  if (!c.manifest) throw bad('no manifest');
  const counts: Counts = { datasets: c.datasets.length, chunks: c.chunks.length, dictionaries: c.dictionaries.length, rejected: c.rejected.length, settings: c.settings.length };
  const e = ended as Counts | null;
  if (!e || e.datasets !== counts.datasets || e.chunks !== counts.chunks || e.dictionaries !== counts.dictionaries || e.rejected !== counts.rejected) throw bad('records are missing');
  for (const d of c.datasets) {
    if (rowsSeen.get(d.id)!.some((n) => n !== d.rows)) throw bad(`dataset "${d.name}" does not have ${d.rows} rows in every column`);
  }
  return c;
}

async function write(c: Contents, replace: boolean): Promise<Omit<WorkspaceImportResult, 'seconds'>> {
  const db = getDb();
  const notes: string[] = [];
  const settingsAdded: string[] = [];
  const settingsKept: string[] = [];
  const datasets: WorkspaceImportResult['datasets'] = [];
  await db.transaction('rw', [db.datasets, db.chunks, db.dictionaries, db.rejected, db.settings], async () => {
    if (replace) {
      await Promise.all([db.datasets.clear(), db.chunks.clear(), db.dictionaries.clear(), db.rejected.clear()]);
      const keys = (await db.settings.toCollection().primaryKeys()).filter((k) => !DEVICE_SETTINGS.has(k));
      await db.settings.bulkDelete(keys);
    }
    const existing = new Set(await db.datasets.toCollection().primaryKeys());
    const newId = new Map<string, string>();
    for (const d of c.datasets) {
      const copy = existing.has(d.id);
      const id = copy ? crypto.randomUUID() : d.id;
      newId.set(d.id, id);
      datasets.push({ id, name: copy ? `${d.name} (imported copy)` : d.name, rows: d.rows, copy });
    }
    const remap = <T extends { datasetId: string }>(r: T): T => (newId.get(r.datasetId) === r.datasetId ? r : { ...r, datasetId: newId.get(r.datasetId)! });
    await db.datasets.bulkAdd(c.datasets.map((d, i) => ({ ...d, id: datasets[i].id, name: datasets[i].name })));
    await db.dictionaries.bulkAdd(c.dictionaries.map(remap));
    await db.chunks.bulkAdd(c.chunks.map(remap));
    await db.rejected.bulkAdd(c.rejected.map(remap));

    for (const s of c.settings) {
      const here = await db.settings.get(s.key);
      if (!here) {
        await db.settings.add(s);
        settingsAdded.push(s.key);
      } else if (mergeable(here.value, s.value)) {
        const have = new Set((here.value as { id: string }[]).map((x) => x.id));
        const added = (s.value as { id: string }[]).filter((x) => !have.has(x.id));
        if (added.length) {
          await db.settings.put({ key: s.key, value: [...(here.value as unknown[]), ...added] });
          settingsAdded.push(s.key);
        }
      } else if (!sameValue(here.value, s.value)) {
        settingsKept.push(s.key);
      }
    }
  });
  const copies = datasets.filter((d) => d.copy).length;
  if (copies) notes.push(`${copies} dataset${copies === 1 ? ' was' : 's were'} already here, so ${copies === 1 ? 'it was' : 'they were'} added as ${copies === 1 ? 'a copy' : 'copies'} named “… (imported copy)”.`);
  if (settingsKept.includes(PSEUDONYM_KEY_SETTING)) {
    notes.push('This workspace has its own pseudonymisation key: hashed columns of the imported datasets will not match values hashed here. To join them, import with “Replace this workspace”.');
  }
  return { datasets, settingsAdded, settingsKept, replaced: replace, notes };
}

/** Lists of saved items with ids (saved churn models): merged, not replaced. */
function mergeable(a: unknown, b: unknown): boolean {
  const ids = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string');
  return ids(a) && ids(b);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}
