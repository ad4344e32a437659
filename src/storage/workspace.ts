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
// Stored results (src/storage/results.ts) travel like settings, keyed by `key`: one missing here is added,
// one already here keeps this browser's and is reported. A result follows its datasets: one whose dataset
// became a copy points at the copy (its datasetIds, versions and any dataset id inside its settings and
// value). A result is exported only with every dataset it came from. A file from before the results
// table (db version 1) has them as settings: its saved churn models become results, as the database's own
// upgrade does, and the other derived settings are left out (a page recomputes them).
// Device settings (the engine's measured backend and override) never travel: they describe a machine.
// The pseudonymisation key travels only in an encrypted file: with it, anyone holding a plain file could
// recompute HMAC(key, guess) and reverse every hashed column. A plain file says it left the key behind,
// and importing it notes that values hashed from then on will not match the imported pseudonyms.
// Every record is validated field by field (see checkContents) before anything is written.
import type { WorkspaceExport, WorkspaceExportOptions, WorkspaceImportOptions, WorkspaceImportResult, WorkspaceProgress } from '../contract';
import { openWorkspace, sealWorkspace, WorkspaceFileError } from '../lib/crypto/container';
import { newPseudonymKey } from '../lib/crypto/pseudonym';
import { decodeRecords, encodeRecord } from '../lib/crypto/records';
import { checkRules } from '../lib/actions/rules';
import type { ActionRule } from '../lib/actions/types';
import type { ColumnRole, ColumnType } from '../lib/data/table';
import { getDb, type ChunkRecord, type DatasetMeta, type DictionaryRecord, type RejectedRecord, type SettingRecord } from './db';
import { columnChunks } from './datasets';
import { DEVICE_RESULTS, RESULT_LABELS, resultKey, type ResultKind, type ResultRecord } from './results';
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
  /** Stored results (files written before the results table have none). */
  results?: number;
  /** True when this workspace had a pseudonymisation key and the file (not encrypted) left it out. */
  pseudonymKeyOmitted?: boolean;
}

interface Counts {
  datasets: number;
  chunks: number;
  dictionaries: number;
  rejected: number;
  settings: number;
  /** Missing in files written before the results table: none. */
  results?: number;
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
  const encrypted = !!options.passphrase;
  const all = (await db.settings.toArray()).filter((s) => !DEVICE_SETTINGS.has(s.key));
  const settings = encrypted ? all : all.filter((s) => s.key !== PSEUDONYM_KEY_SETTING);
  const keyOmitted = settings.length < all.length;
  const exported = new Set(datasets.map((d) => d.id));
  // A result from no dataset (an sBG fit of typed counts) stays here: a workspace file's results each name their datasets.
  const results = (await db.results.toArray()).filter((r) => !DEVICE_RESULTS.has(r.kind) && r.datasetIds.length > 0 && r.datasetIds.every((id) => exported.has(id)));
  const total = Math.max(1, datasets.reduce((n, d) => n + d.storedBytes, 0));
  let done = 0;
  const counts: Counts = { datasets: 0, chunks: 0, dictionaries: 0, rejected: 0, settings: 0, results: 0 };

  async function* payload(): AsyncGenerator<Uint8Array> {
    const manifest: Manifest = { app: APP, format: PAYLOAD_FORMAT, dbVersion: db.verno, exportedAt: new Date().toISOString(), datasets: datasets.length, settings: settings.length, results: results.length };
    if (keyOmitted) manifest.pseudonymKeyOmitted = true;
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
        const chunks = await columnChunks(meta.id, column).toArray();
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
    // After the datasets, so the importer checks each result against datasets it has read.
    for (const r of results) {
      counts.results!++;
      yield* encodeRecord('results', r);
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
    results: results.length,
    encrypted,
    pseudonymKeyOmitted: keyOmitted,
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
  results: ResultRecord[];
  /** From a file before the results table: derived settings left out, saved churn models kept (see upgradeLegacySettings). */
  legacyDropped?: number;
  legacyKept?: number;
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
  const c: Contents = { manifest: null as unknown as Manifest, datasets: [], chunks: [], dictionaries: [], rejected: [], settings: [], results: [] };
  let deviceResults = 0;
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
        case 'settings': {
          if (typeof v?.key !== 'string') throw bad('a setting without a key');
          if (DEVICE_SETTINGS.has(v.key)) break;
          if (c.settings.some((s) => s.key === v.key)) throw bad(`setting "${v.key}" appears twice`);
          const problem = settingProblem(v.key, v.value);
          if (problem) throw bad(`setting "${v.key}": ${problem}`);
          c.settings.push({ key: v.key, value: v.value });
          break;
        }
        case 'datasets': {
          const problem = isObject(v) ? metaProblem(v) : 'a dataset record that is not an object';
          if (problem) throw bad(problem);
          const d = v as unknown as DatasetMeta;
          if (byId.has(d.id)) throw bad(`dataset "${d.name}": its id appears twice`);
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
          const column = meta.columns[index(v.column, meta.columns.length)];
          const at = `dataset "${meta.name}", column "${column.name}"`;
          if (!CATEGORICAL.has(column.type)) throw bad(`${at}: a dictionary for a ${column.type} column`);
          if (c.dictionaries.some((d) => d.datasetId === meta.id && d.column === v.column)) throw bad(`${at}: two dictionaries`);
          if (!Array.isArray(v.values) || !v.values.every((s) => typeof s === 'string')) throw bad(`${at}: a dictionary that is not a list of text`);
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
        case 'results': {
          // Another device's calibration says nothing about this one (files from before this rule may hold it).
          if (DEVICE_RESULTS.has(v.kind as ResultKind)) {
            deviceResults++;
            break;
          }
          const problem = resultProblem(v, byId);
          if (problem) throw bad(problem);
          if (c.results.some((r) => r.key === v.key)) throw bad(`result "${String(v.key)}" appears twice`);
          c.results.push(v as unknown as ResultRecord);
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
  const counts: Counts = { datasets: c.datasets.length, chunks: c.chunks.length, dictionaries: c.dictionaries.length, rejected: c.rejected.length, settings: c.settings.length, results: c.results.length + deviceResults };
  const e = ended as Counts | null;
  if (!e || e.datasets !== counts.datasets || e.chunks !== counts.chunks || e.dictionaries !== counts.dictionaries || e.rejected !== counts.rejected || (e.results ?? 0) !== counts.results) throw bad('records are missing');
  for (const d of c.datasets) {
    if (rowsSeen.get(d.id)!.some((n) => n !== d.rows)) throw bad(`dataset "${d.name}" does not have ${d.rows} rows in every column`);
  }
  const problem = chunksProblem(c);
  if (problem) throw bad(problem);
  if ((c.manifest.dbVersion ?? 1) < 2) upgradeLegacySettings(c);
  return c;
}

/** Settings that held results before db version 2 (src/storage/db.ts's upgrade moves them the same way). */
const LEGACY_RESULT_SETTINGS = ['churnScores:last', 'churnModels', 'segmentation', 'recommendLast', 'actions:holdout'];
const isLegacyResult = (key: string) => LEGACY_RESULT_SETTINGS.includes(key) || key.startsWith('churnModel:');

/**
 * A file from before the results table: each saved churn model (`churnModel:<id>` listed in `churnModels`)
 * becomes a 'churn-model' result of its dataset; the other derived settings are dropped. Notes what it did.
 */
function upgradeLegacySettings(c: Contents): void {
  const index = (c.settings.find((s) => s.key === 'churnModels')?.value ?? []) as { id: string; createdAt?: string }[];
  const datasetIds = new Set(c.datasets.map((d) => d.id));
  let dropped = 0;
  let kept = 0;
  for (const s of c.settings) {
    if (!isLegacyResult(s.key)) continue;
    if (s.key.startsWith('churnModel:')) {
      const id = s.key.slice('churnModel:'.length);
      const info = index.find((m) => m.id === id);
      const old = s.value as { saved?: unknown; scores?: { datasetId?: unknown; datasetVersion?: number } };
      const datasetId = old?.scores?.datasetId;
      if (info && typeof datasetId === 'string' && datasetIds.has(datasetId) && !c.results.some((r) => r.key === resultKey('churn-model', id))) {
        c.results.push({
          key: resultKey('churn-model', id), kind: 'churn-model', name: id, datasetIds: [datasetId],
          versions: { [datasetId]: old.scores!.datasetVersion ?? 1 }, settings: null,
          createdAt: Date.parse(info.createdAt ?? '') || Date.now(),
          value: { info, saved: old.saved, scores: old.scores } as unknown as ResultRecord['value'],
        });
        kept++;
        continue;
      }
    }
    if (s.key !== 'churnModels') dropped++;
  }
  c.settings = c.settings.filter((s) => !isLegacyResult(s.key));
  c.legacyDropped = dropped;
  c.legacyKept = kept;
}

// Validation of each record, before anything is written. Each problem names the dataset, column or
// setting, so a hand-edited or damaged file is refused with what is wrong instead of failing later.
const COLUMN_TYPES: readonly ColumnType[] = ['integer', 'number', 'boolean', 'date', 'category', 'id', 'text'];
const CATEGORICAL = new Set<ColumnType>(['category', 'id', 'text']);
const ROLES: readonly ColumnRole[] = ['customer', 'date', 'amount', 'quantity', 'item', 'basket', 'label', 'satisfaction'];
const INT_MISSING = new Map<unknown, number>([
  [Int8Array, -128],
  [Int16Array, -32768],
  [Int32Array, -2147483648],
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
const isTextList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const shown = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** What is wrong with a dataset record (its shape, columns, types and roles), or null. */
function metaProblem(d: Record<string, unknown>): string | null {
  if (typeof d.id !== 'string' || d.id === '') return 'a dataset without an id';
  const at = `dataset "${typeof d.name === 'string' ? d.name : d.id}"`;
  if (typeof d.name !== 'string' || d.name.trim() === '') return `${at}: no name`;
  if (d.status !== 'ready') return `${at}: status ${shown(d.status)} (only finished imports are exported)`;
  for (const k of ['rows', 'chunks', 'chunkRows', 'rejected', 'blankLines', 'paddedRows', 'storedBytes'] as const) {
    if (!isCount(d[k])) return `${at}: ${k} must be a whole number >= 0, got ${shown(d[k])}`;
  }
  if ((d.rows as number) > 0 && d.chunks === 0) return `${at}: ${shown(d.rows)} rows in no chunk`;
  if (typeof d.createdAt !== 'number' || !Number.isFinite(d.createdAt)) return `${at}: createdAt must be a time, got ${shown(d.createdAt)}`;
  if (!isTextList(d.notes)) return `${at}: notes must be a list of text`;
  const src = d.source;
  if (!isObject(src) || typeof src.fileName !== 'string' || typeof src.encoding !== 'string' || typeof src.delimiter !== 'string' || typeof src.header !== 'boolean' || typeof src.fileBytes !== 'number') {
    return `${at}: source must give fileName, fileBytes, encoding, delimiter and header`;
  }
  if (d.version !== undefined && !(Number.isInteger(d.version) && (d.version as number) >= 1)) return `${at}: version must be a whole number >= 1, got ${shown(d.version)}`;
  if (d.demo !== undefined && typeof d.demo !== 'boolean') return `${at}: demo must be true or false`;
  if (d.profile !== undefined && !isObject(d.profile)) return `${at}: profile must be an object`;
  if (!Array.isArray(d.columns)) return `${at}: columns must be a list`;
  const names = new Set<string>();
  for (const [i, col] of d.columns.entries()) {
    if (!isObject(col) || typeof col.name !== 'string' || col.name === '') return `${at}: column ${i + 1} has no name`;
    const c = `${at}, column "${col.name}"`;
    if (names.has(col.name)) return `${c}: the name appears twice`;
    names.add(col.name);
    if (!COLUMN_TYPES.includes(col.type as ColumnType)) return `${c}: unknown type ${shown(col.type)} (types: ${COLUMN_TYPES.join(', ')})`;
    if (!isCount(col.invalid)) return `${c}: invalid must be a whole number >= 0, got ${shown(col.invalid)}`;
    if (!Array.isArray(col.invalidSample)) return `${c}: invalidSample must be a list`;
    if (col.reason !== undefined && typeof col.reason !== 'string') return `${c}: reason must be text`;
  }
  if (!isObject(d.roles)) return `${at}: roles must be an object`;
  for (const [role, column] of Object.entries(d.roles)) {
    if (!ROLES.includes(role as ColumnRole)) return `${at}: unknown role "${role}" (roles: ${ROLES.join(', ')})`;
    if (column !== undefined && (typeof column !== 'string' || !names.has(column))) return `${at}: role ${role} names column ${shown(column)}, which it does not have`;
  }
  return null;
}

/**
 * Chunks against their dataset: every column has chunks 0..chunks-1 once each, chunk i holds as many
 * rows in every column, category codes are integers within their dictionary (or -1, missing), and
 * booleans are 0, 1 or missing.
 */
function chunksProblem(c: Contents): string | null {
  const dictionaries = new Map(c.dictionaries.map((d) => [`${d.datasetId}\u0000${d.column}`, d.values.length]));
  const byDataset = new Map<string, ChunkRecord[]>();
  for (const k of c.chunks) {
    const list = byDataset.get(k.datasetId);
    if (list) list.push(k);
    else byDataset.set(k.datasetId, [k]);
  }
  for (const meta of c.datasets) {
    const chunks = byDataset.get(meta.id) ?? [];
    const lengths: number[][] = meta.columns.map(() => new Array<number>(meta.chunks).fill(-1));
    for (const k of chunks) {
      const column = meta.columns[k.column];
      const at = `dataset "${meta.name}", column "${column.name}"`;
      if (k.chunk >= meta.chunks) return `${at}: chunk ${k.chunk} beyond the ${meta.chunks} the dataset has`;
      if (lengths[k.column][k.chunk] >= 0) return `${at}: chunk ${k.chunk} appears twice`;
      lengths[k.column][k.chunk] = k.data.length;
      const data = k.data;
      if (CATEGORICAL.has(column.type)) {
        if (data instanceof Float64Array) return `${at}: category codes stored as decimals`;
        const size = dictionaries.get(`${meta.id}\u0000${k.column}`) ?? 0;
        for (let i = 0; i < data.length; i++) {
          if (data[i] < -1 || data[i] >= size) {
            return `${at}: category code ${data[i]} in chunk ${k.chunk} is outside its dictionary of ${size} value${size === 1 ? '' : 's'}`;
          }
        }
      } else if (column.type === 'boolean') {
        const missing = INT_MISSING.get(data.constructor);
        for (let i = 0; i < data.length; i++) {
          const x = data[i];
          if (x !== 0 && x !== 1 && x === x && x !== missing) return `${at}: boolean value ${x} in chunk ${k.chunk} (only 0 and 1)`;
        }
      }
    }
    for (let col = 0; col < meta.columns.length; col++) {
      const at = `dataset "${meta.name}", column "${meta.columns[col].name}"`;
      const missing = lengths[col].indexOf(-1);
      if (missing >= 0) return `${at}: chunk ${missing} of ${meta.chunks} is missing`;
      if (col > 0) {
        const differs = lengths[col].findIndex((n, i) => n !== lengths[0][i]);
        if (differs >= 0) return `${at}: chunk ${differs} has ${lengths[col][differs]} rows where column "${meta.columns[0].name}" has ${lengths[0][differs]}`;
      }
    }
  }
  return null;
}

/**
 * What is wrong with a stored result record, or null: its key is `kind:name` of a known kind, it comes from
 * datasets of this file with their versions, and it has a time and a value. (The value's shape is the
 * capability's; this checks the record around it.)
 */
function resultProblem(v: unknown, datasets: ReadonlyMap<string, DatasetMeta>): string | null {
  if (!isObject(v)) return 'a result record that is not an object';
  if (typeof v.key !== 'string' || v.key === '') return 'a result without a key';
  const at = `result "${v.key}"`;
  const kinds = Object.keys(RESULT_LABELS);
  if (typeof v.kind !== 'string' || !kinds.includes(v.kind)) return `${at}: unknown kind ${shown(v.kind)} (kinds: ${kinds.join(', ')})`;
  if (typeof v.name !== 'string' || v.name === '') return `${at}: no name`;
  if (v.key !== resultKey(v.kind as ResultKind, v.name)) return `${at}: the key must be "${resultKey(v.kind as ResultKind, v.name)}" (kind:name)`;
  if (!Array.isArray(v.datasetIds) || v.datasetIds.length === 0 || !v.datasetIds.every((id) => typeof id === 'string')) return `${at}: datasetIds must be a list of dataset ids`;
  for (const id of v.datasetIds as string[]) if (!datasets.has(id)) return `${at}: dataset ${shown(id)} is not in the file`;
  if (new Set(v.datasetIds).size !== v.datasetIds.length) return `${at}: a dataset appears twice in datasetIds`;
  if (!isObject(v.versions)) return `${at}: versions must be an object`;
  for (const id of v.datasetIds as string[]) {
    const n = v.versions[id];
    if (!(Number.isInteger(n) && (n as number) >= 1)) return `${at}: the version of dataset "${datasets.get(id)!.name}" must be a whole number >= 1, got ${shown(n)}`;
  }
  if (typeof v.createdAt !== 'number' || !Number.isFinite(v.createdAt)) return `${at}: createdAt must be a time, got ${shown(v.createdAt)}`;
  if (!('value' in v) || v.value === undefined || v.value === null) return `${at}: no value`;
  if (!('settings' in v)) return `${at}: no settings (null when none)`;
  return null;
}

/**
 * A copy of `v` with every string that is a re-keyed dataset id replaced by the new id (in plain objects,
 * arrays and maps; typed arrays and other values as they are). Dataset ids are random UUIDs, so a string
 * equal to one is that dataset.
 */
function renameIds(v: unknown, newId: ReadonlyMap<string, string>): unknown {
  if (typeof v === 'string') return newId.get(v) ?? v;
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map((x) => renameIds(x, newId));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [renameIds(k, newId), renameIds(x, newId)]));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [newId.get(k) ?? k, renameIds(x, newId)]));
}

/** What is wrong with a known setting's value, or null (unknown settings pass: a newer app may add some). */
export function settingProblem(key: string, value: unknown): string | null {
  const list = (what: string, item: (x: unknown, i: number) => string | null): string | null => {
    if (!Array.isArray(value)) return `${what} must be a list`;
    for (const [i, x] of value.entries()) {
      const p = item(x, i);
      if (p) return p;
    }
    return null;
  };
  const sameLengths = (o: Record<string, unknown>, keys: string[]): string | null => {
    const lengths = keys.map((k) => (Array.isArray(o[k]) || ArrayBuffer.isView(o[k]) ? (o[k] as ArrayLike<unknown>).length : -1));
    const bad = lengths.indexOf(-1);
    if (bad >= 0) return `${keys[bad]} must be a list`;
    const differs = lengths.findIndex((n) => n !== lengths[0]);
    return differs >= 0 ? `${keys[differs]} has ${lengths[differs]} entries for ${lengths[0]} ${keys[0]}` : null;
  };
  const scoresProblem = (o: Record<string, unknown>) => (Array.isArray(o.reasons) ? sameLengths(o, ['customers', 'probability', 'band']) : 'reasons must be a list');
  const linkEnd = (e: unknown) => isObject(e) && typeof e.datasetId === 'string' && typeof e.column === 'string';
  switch (key) {
    case PSEUDONYM_KEY_SETTING:
      return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? null : 'a pseudonymisation key is 64 hexadecimal characters';
    case 'demoLoaded':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'actions:rules':
      if (!Array.isArray(value)) return 'rules must be a list';
      if (!value.every(isObject)) return 'each rule must be an object';
      try {
        checkRules(value as unknown as ActionRule[]);
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    case 'links':
      return list('links', (l, i) =>
        isObject(l) && typeof l.id === 'string' && linkEnd(l.from) && linkEnd(l.to) && ['suggested', 'confirmed', 'rejected'].includes(l.status as string)
          ? null
          : `link ${i + 1} needs an id, from and to (dataset and column) and a status`,
      );
    case 'churnModels':
      return list('saved models', (m, i) => (isObject(m) && typeof m.id === 'string' && typeof m.name === 'string' ? null : `saved model ${i + 1} needs an id and a name`));
    case 'churnScores:last':
      if (!isObject(value) || typeof value.datasetId !== 'string') return 'scores need a dataset';
      return scoresProblem(value);
    case 'segmentation':
      if (!isObject(value) || typeof value.datasetId !== 'string' || typeof value.name !== 'string') return 'a saved segmentation needs a dataset and a name';
      return sameLengths(value, ['customers', 'segment']);
    case 'actions:holdout':
      if (!isObject(value) || !isObject(value.summary)) return 'a hold-out needs its summary';
      return sameLengths(value, ['customers', 'control', 'probability', 'action']);
    case 'recommendLast':
      return isObject(value) && isObject(value.request) && isObject(value.spec) && typeof value.spec.model === 'string' ? null : 'needs the request and the model it served';
  }
  if (key.startsWith('churnModel:')) {
    if (!isObject(value)) return 'a saved model must be an object';
    return isObject(value.scores) ? scoresProblem(value.scores) : null;
  }
  return null;
}

async function write(c: Contents, replace: boolean): Promise<Omit<WorkspaceImportResult, 'seconds'>> {
  const db = getDb();
  const notes: string[] = [];
  const settingsAdded: string[] = [];
  const settingsKept: string[] = [];
  const resultsAdded: string[] = [];
  const resultsKept: string[] = [];
  const datasets: WorkspaceImportResult['datasets'] = [];
  const keyOmitted = c.manifest.pseudonymKeyOmitted === true;
  let keyHere = false;
  await db.transaction('rw', [db.datasets, db.chunks, db.dictionaries, db.rejected, db.settings, db.results], async () => {
    if (replace) {
      await Promise.all([db.datasets.clear(), db.chunks.clear(), db.dictionaries.clear(), db.rejected.clear()]);
      // This device's own results (the engine's calibration) stay, like its device settings.
      await db.results.filter((r) => !DEVICE_RESULTS.has(r.kind)).delete();
      // A file without its key does not replace this browser's: restoring one's own plain backup keeps
      // hashing new data alike.
      const keep = (k: string) => DEVICE_SETTINGS.has(k) || (keyOmitted && k === PSEUDONYM_KEY_SETTING);
      const keys = (await db.settings.toCollection().primaryKeys()).filter((k) => !keep(k));
      await db.settings.bulkDelete(keys);
    }
    keyHere = (await db.settings.get(PSEUDONYM_KEY_SETTING)) !== undefined;
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

    const renamed = new Map([...newId].filter(([from, to]) => from !== to));
    for (const r of c.results) {
      const record: ResultRecord =
        renamed.size === 0 || !r.datasetIds.some((id) => renamed.has(id))
          ? r
          : {
              ...r,
              datasetIds: r.datasetIds.map((id) => newId.get(id)!),
              versions: Object.fromEntries(Object.entries(r.versions).map(([id, n]) => [newId.get(id) ?? id, n])),
              settings: renameIds(r.settings, renamed),
              value: renameIds(r.value, renamed) as ResultRecord['value'],
            };
      if (await db.results.get(record.key)) {
        resultsKept.push(record.key);
      } else {
        await db.results.add(record);
        resultsAdded.push(record.key);
      }
    }

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
  if (c.legacyDropped) {
    const kept = c.legacyKept ? ` Its saved churn model${c.legacyKept === 1 ? ' was' : 's were'} kept.` : '';
    notes.push(`The file comes from an earlier version of the app: ${c.legacyDropped === 1 ? 'one stored result was' : `${c.legacyDropped} stored results were`} left out (last churn scores, segmentation, recommendations or a hold-out); run the page again to get ${c.legacyDropped === 1 ? 'it' : 'them'} back.${kept}`);
  }
  if (resultsKept.length) {
    const labels = [...new Set(resultsKept.map((k) => RESULT_LABELS[c.results.find((r) => r.key === k)!.kind]))];
    notes.push(`This browser already has its own ${labels.join('; ')}: ${resultsKept.length === 1 ? 'it was' : 'they were'} kept, and the file’s ${resultsKept.length === 1 ? 'one was' : 'ones were'} not imported.`);
  }
  const copies = datasets.filter((d) => d.copy).length;
  if (copies) notes.push(`${copies} dataset${copies === 1 ? ' was' : 's were'} already here, so ${copies === 1 ? 'it was' : 'they were'} added as ${copies === 1 ? 'a copy' : 'copies'} named “… (imported copy)”.`);
  if (settingsKept.includes(PSEUDONYM_KEY_SETTING)) {
    notes.push('This workspace has its own pseudonymisation key: hashed columns of the imported datasets will not match values hashed here. To join them, import with “Replace this workspace”.');
  }
  if (keyOmitted) {
    notes.push(
      keyHere
        ? 'The file was exported without a passphrase, so it does not carry its pseudonymisation key: values you hash from now on use this browser’s key and match the imported pseudonyms only if the file was exported from this browser.'
        : 'The file was exported without a passphrase, so it does not carry its pseudonymisation key: values you hash from now on get a new key and will not match the pseudonyms in the imported datasets.',
    );
  }
  return { datasets, settingsAdded, settingsKept, resultsAdded, resultsKept, replaced: replace, notes };
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
