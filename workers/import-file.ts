// Worker-side import: streams a File through the src/lib importer and writes column chunks to IndexedDB
// as they fill, so memory stays near one chunk whatever the file size. The dataset is a staging record
// until the final commit; whoever sees the import fail or get cancelled deletes it.
import type { FilePreview, ImportOutcome, ImportProgress, ImportRequest, PreviewOptions, TableProfile } from '../src/contract';
import type { RejectedRow } from '../src/lib/data/importer';
import { streamImport } from '../src/lib/data/stream-import';
import { InvalidTally, parseWithPlan, planImport, SAMPLE_BYTES, type FileSamples, type ImportPlan } from '../src/lib/data/parse-table';
import { checkUtf8, locateInFile, readSamples } from './file-encoding';
import { unusableReason } from '../src/lib/data/usable';
import { formatBytes } from '../src/lib/bytes';
import { profileColumn, type ColumnProfile } from '../src/lib/data/profile';
import { suggestRoles } from '../src/lib/data/roles';
import type { ColumnType } from '../src/lib/data/table';
import { toCsv } from '../src/lib/export/csv';
import { beginDataset, commitDataset, deleteDataset, getDataset, getRejected, listDatasets, loadColumnRange, putChunk, putRejected, storageEstimate, updateDataset } from '../src/storage/datasets';
import { importPseudonymKey, pseudonymise, type PiiAction } from '../src/lib/crypto/pseudonym';
import { DEFAULT_CHUNK_ROWS, isNumericType } from '../src/lib/data/importer';
import { pseudonymKeyHex } from '../src/storage/workspace';

const SLICE_BYTES = 4 << 20;
const REJECTED_BATCH = 1000;
const PROGRESS_EVERY_MS = 100;
/** Stored columns take roughly the file's size; leave headroom before calling a file too big. */
const STORAGE_FACTOR = 1.25;

export type NamedBlob = Blob & { name: string };

/** The file in large slices, the next one read while the current one is parsed. */
async function* readSlices(file: Blob): AsyncGenerator<Uint8Array> {
  let next = file.slice(0, SLICE_BYTES).arrayBuffer();
  for (let at = 0; at < file.size; at += SLICE_BYTES) {
    const bytes = new Uint8Array(await next);
    if (at + SLICE_BYTES < file.size) next = file.slice(at + SLICE_BYTES, at + 2 * SLICE_BYTES).arrayBuffer();
    yield bytes;
  }
}

/** The file's start, and stretches of its middle and end that the encoding is judged on too. */
async function readHead(file: NamedBlob): Promise<{ head: Uint8Array; more: FileSamples }> {
  if (file.size === 0) throw new Error(`${file.name} is empty (0 bytes)`);
  return readSamples(file);
}

function planFor({ head, more }: { head: Uint8Array; more: FileSamples }, file: NamedBlob, options: PreviewOptions & { columns?: string[]; types?: Record<string, ColumnType> }) {
  try {
    return planImport(head, options, file.size <= SAMPLE_BYTES, more);
  } catch (e) {
    throw new Error(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function previewFile(file: NamedBlob, options: PreviewOptions = {}): Promise<FilePreview> {
  const sampled = await readHead(file);
  const plan = planFor(sampled, file, options);
  return {
    fileName: file.name,
    fileBytes: file.size,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    header: plan.header,
    columns: plan.columns.map((c) => ({ name: c.name, type: c.type, notes: c.notes, reason: c.reason })),
    rows: plan.preview,
    roles: suggestRolesFromSample(sampled.head, file.size <= SAMPLE_BYTES, plan),
    notes: plan.notes,
    problem: unusableReason(plan, file.size <= SAMPLE_BYTES),
  };
}

export async function importFile(file: NamedBlob, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome> {
  const started = performance.now();
  await checkRoom(file);
  const pii = piiPlan(request);
  const types: Record<string, ColumnType> = Object.fromEntries(request.columns.map((c) => [c.name, pii.get(c.name) === 'hash' && isNumericType(c.type) ? 'id' : c.type]));
  const plan = planFor(await readHead(file), file, { delimiter: request.delimiter, header: request.header, encoding: request.encoding, columns: request.columns.map((c) => c.name), types });
  const id = request.datasetId;
  // Dropped columns are parsed (the row layout needs them) but never stored.
  const keep = plan.columns.map((c) => pii.get(c.name) !== 'drop');
  const kept = <T>(list: readonly T[]): T[] => list.filter((_, i) => keep[i]);
  const roles = Object.fromEntries(Object.entries(request.roles).filter(([, column]) => pii.get(column!) !== 'drop'));
  await beginDataset({
    id,
    name: request.name.trim() || file.name,
    columns: kept(plan.columns).map((s) => ({ name: s.name, type: s.type, reason: s.reason, invalid: 0, invalidSample: [] })),
    chunkRows: 0,
    roles,
    source: { fileName: file.name, fileBytes: file.size, encoding: plan.encoding, delimiter: plan.delimiter, header: plan.header },
    notes: plan.notes,
  });

  // IndexedDB writes run while the next slice is parsed; at most two chunks wait, bounding memory.
  // Each write is marked handled at once: when one fails (quota) the others must not surface as uncaught
  // errors; the failure reaches the catch below through whichever is awaited first.
  const writes: Promise<void>[] = [];
  const track = (w: Promise<void>): Promise<void> => {
    w.catch(() => {});
    writes.push(w);
    return w;
  };
  let storedBytes = 0;
  try {
    let rowsDone = 0;
    let rejectedCount = 0;
    const invalidUtf8 = new InvalidTally();
    let rejected: RejectedRow[] = [];
    let lastReport = 0;
    const { report, dictionaries, chunks } = await streamImport(plan.encoding === 'utf-8' ? checkUtf8(readSlices(file), invalidUtf8) : readSlices(file), plan, {
      totalBytes: file.size,
      chunkRows: chunkRowsFor(plan.columns.length),
      onChunk: (chunk) => {
        rowsDone += chunk.rows;
        track(putChunk(id, chunk.index, kept(chunk.columns)).then((bytes) => void (storedBytes += bytes)));
        return writes.length > 2 ? writes.shift() : undefined;
      },
      onRejected: (row) => {
        rejectedCount++;
        // A rejected line's text would hold the personal data the user asked not to store.
        rejected.push(pii.size ? { ...row, text: WITHHELD } : row);
        if (rejected.length >= REJECTED_BATCH) {
          track(putRejected(id, rejected));
          rejected = [];
        }
      },
      onProgress: ({ done, total }) => {
        const now = performance.now();
        if (now - lastReport < PROGRESS_EVERY_MS && done < total) return;
        lastReport = now;
        onProgress(progress('reading', done, total, rowsDone, rejectedCount, started));
      },
    }).catch((e: unknown) => {
      throw isQuotaError(e) ? e : new Error(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    });
    track(putRejected(id, rejected));
    await Promise.all(writes);
    if (pii.size) onProgress(progress('saving', file.size, file.size, rowsDone, rejectedCount, started));
    const stored = kept(await pseudonymiseDictionaries(plan.columns.map((c) => c.name), dictionaries, pii));
    const utf8Notes = await invalidUtf8Notes(file, invalidUtf8);
    const invalid = new Map(report.invalid.filter((v) => !pii.has(v.column)).map((v) => [v.column, v]));
    await commitDataset(
      id,
      {
        rows: report.rows,
        chunks,
        columns: kept(plan.columns).map((s) => ({
          name: s.name,
          type: s.type,
          reason: s.reason,
          invalid: invalid.get(s.name)?.count ?? 0,
          invalidSample: invalid.get(s.name)?.examples ?? [],
        })),
        rejected: report.rejected,
        blankLines: report.blankLines,
        paddedRows: report.paddedRows,
        notes: [...report.notes, ...utf8Notes, ...piiNotes(pii)],
        storedBytes: storedBytes + stored.reduce((n, d) => n + (d ? d.reduce((m, s) => m + s.length * 2 + 16, 0) : 0), 0),
      },
      stored,
    );
    const seconds = (performance.now() - started) / 1000;
    onProgress(progress('done', file.size, file.size, report.rows, report.rejected, started));
    return { datasetId: id, rows: report.rows, rejected: report.rejected, blankLines: report.blankLines, paddedRows: report.paddedRows, lines: report.lines, continuationLines: report.continuationLines, seconds, notes: utf8Notes };
  } catch (e) {
    // Nothing half-written stays: wait for the writes in flight, then remove the staging record and its chunks.
    await Promise.allSettled(writes);
    await deleteDataset(id).catch(() => {});
    throw isQuotaError(e) ? new Error(await quotaMessage(file, storedBytes)) : e;
  }
}

/** Rows per chunk: the importer's default, fewer for a wide file so one chunk's arrays stay near 16M cells. */
function chunkRowsFor(columns: number): number {
  return Math.min(DEFAULT_CHUNK_ROWS, Math.max(1024, Math.floor((1 << 24) / Math.max(1, columns))));
}

const WITHHELD = '(not kept: this import pseudonymised or dropped personal data)';

/** The user's personal-data choices, checked against the columns. */
function piiPlan(request: ImportRequest): Map<string, PiiAction> {
  const names = request.columns.map((c) => c.name);
  const out = new Map<string, PiiAction>();
  for (const [column, action] of Object.entries(request.pii ?? {})) {
    if (!names.includes(column)) throw new Error(`Personal data marked for unknown column "${column}" (columns: ${names.join(', ')})`);
    if (action !== 'hash' && action !== 'drop') throw new Error(`Unknown personal-data action "${String(action)}" for "${column}" (use hash or drop)`);
    out.set(column, action);
  }
  if (out.size > 0 && [...out.values()].every((a) => a === 'drop') && out.size === names.length) throw new Error('Every column is marked "drop": nothing would be stored');
  return out;
}

/**
 * Replaces each hashed column's dictionary by pseudonyms of its values: every distinct value is hashed
 * once and the stored codes stay as they are. Missing cells (code -1) stay missing.
 */
async function pseudonymiseDictionaries(names: string[], dictionaries: (string[] | null)[], pii: Map<string, PiiAction>): Promise<(string[] | null)[]> {
  if (![...pii.values()].includes('hash')) return dictionaries;
  const key = await importPseudonymKey(await pseudonymKeyHex());
  return Promise.all(dictionaries.map((d, i) => (d && pii.get(names[i]) === 'hash' ? pseudonymise(d, key) : d)));
}

function piiNotes(pii: Map<string, PiiAction>): string[] {
  const of = (action: PiiAction) => [...pii].filter(([, a]) => a === action).map(([c]) => c);
  const notes: string[] = [];
  if (of('hash').length) notes.push(`Pseudonymised at import (HMAC-SHA-256 with this workspace's key): ${of('hash').join(', ')}`);
  if (of('drop').length) notes.push(`Not stored (personal data): ${of('drop').join(', ')}`);
  if (pii.size) notes.push('Rejected rows keep their line number and reason, not their text.');
  return notes;
}

function progress(stage: ImportProgress['stage'], bytesRead: number, bytesTotal: number, rows: number, rejected: number, started: number): ImportProgress {
  const seconds = Math.max(1e-3, (performance.now() - started) / 1000);
  const rate = bytesRead / seconds;
  return { stage, bytesRead, bytesTotal, rows, rejected, mbPerSecond: rate / 1e6, secondsLeft: rate > 0 ? (bytesTotal - bytesRead) / rate : Infinity };
}

async function checkRoom(file: NamedBlob): Promise<void> {
  const problem = roomProblem(file.name, file.size, await storageEstimate());
  if (problem) throw new Error(problem);
}

/** Why a file would not fit in the browser's storage quota, or null when it would. */
export function roomProblem(fileName: string, fileBytes: number, estimate: { usage: number; quota: number }): string | null {
  const free = estimate.quota - estimate.usage;
  if (estimate.quota <= 0 || fileBytes * STORAGE_FACTOR <= free) return null;
  const size = (n: number) => formatBytes(Math.max(0, n));
  return `${fileName} (${size(fileBytes)}) would not fit in this browser's storage: ${size(free)} free of ${size(estimate.quota)}. Delete datasets or free disk space, then try again.`;
}

/** Quota errors surface from deep inside IndexedDB (a DOMException, Dexie's wrapper, or its inner error). */
export function isQuotaError(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string }; cause?: unknown; message?: string } | null;
  if (!err) return false;
  return err.name === 'QuotaExceededError' || err.inner?.name === 'QuotaExceededError' || /QuotaExceeded|\bquota\b/i.test(err.message ?? '') || (err.cause !== undefined && isQuotaError(err.cause));
}

/** Quota errors surface from deep inside IndexedDB; give them words a user can act on. */
export function explainStorageError(e: unknown): Error {
  if (isQuotaError(e)) {
    return new Error("The browser's storage is full, so the import was stopped and nothing was kept. Delete datasets or free disk space, then try again.");
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** The quota error in words: how much the file needs, how much is free, and what could go to make room. */
export async function quotaMessage(file: NamedBlob, writtenBytes: number): Promise<string> {
  const needed = Math.max(file.size * STORAGE_FACTOR, writtenBytes);
  return `The browser's storage is full: importing ${file.name} needs about ${formatBytes(needed)}, so the import was stopped and nothing was kept.${await roomAndCandidates(needed)}`;
}

/** Like explainStorageError, with the figures: what is free of the quota and which datasets take the most. */
export async function describeStorageError(e: unknown, what: string): Promise<Error> {
  if (!isQuotaError(e)) return explainStorageError(e);
  return new Error(`The browser's storage is full, so ${what} was stopped and nothing was changed.${await roomAndCandidates(0)}`);
}

async function roomAndCandidates(needed: number): Promise<string> {
  const size = (n: number) => formatBytes(Math.max(0, n));
  let room = '';
  try {
    const est = await storageEstimate();
    const free = est.quota - est.usage;
    // The estimate can be wrong (a full disk, an imposed limit): then say what the browser did, not what it claims.
    if (est.quota > 0) room = free < Math.max(needed, 1) ? ` Only ${size(free)} of the ${size(est.quota)} this browser allows this app is free.` : ` The browser reports ${size(free)} free, yet refused to store more: the disk itself may be full.`;
  } catch {
    // The figures are a help, not a requirement.
  }
  let candidates = '';
  try {
    const largest = (await listDatasets()).sort((a, b) => b.storedBytes - a.storedBytes).slice(0, 3);
    if (largest.length) candidates = ` The largest stored: ${largest.map((d) => `“${d.name}” (${size(d.storedBytes)})`).join(', ')}.`;
  } catch {
    // Listing is best effort too.
  }
  return `${room}${candidates} Delete datasets you no longer need (Workspace page, Storage) or free disk space, then try again.`;
}

/**
 * Roles are suggested from a parse of the sample (cut at its last full line) with the preview's own plan,
 * in small chunks: a wide file's sample is a few rows, not 65,536 per column.
 */
function suggestRolesFromSample(head: Uint8Array, complete: boolean, plan: ImportPlan): FilePreview['roles'] {
  let end = head.length;
  if (!complete) while (end > 0 && head[end - 1] !== 10) end--;
  try {
    return suggestRoles(parseWithPlan(head.subarray(0, end), plan, { chunkRows: 1024 }).table);
  } catch {
    return {};
  }
}

/** Invalid UTF-8 met while importing, each by line with its bytes (the first few), and how many in all. */
async function invalidUtf8Notes(file: NamedBlob, tally: InvalidTally): Promise<string[]> {
  if (tally.count === 0) return [];
  await locateInFile(file, tally.kept);
  return tally.notes();
}

export async function rejectedCsv(datasetId: string): Promise<string> {
  const rows = await getRejected(datasetId);
  return toCsv(['line', 'reason', 'text'], rows.map((r) => [r.line, r.reason, r.text]));
}

/** Cells loaded at once while profiling (32 MB as numbers): a batch is many narrow columns or one tall one. */
const PROFILE_CELLS = 4_000_000;
const PROFILE_BATCH = 256;

/**
 * Profiles the columns in batches: as many as fit PROFILE_CELLS, read concurrently, so a wide dataset is
 * not 5,000 sequential round trips to IndexedDB, and memory stays bounded whatever the dataset's shape.
 */
export async function profileDataset(datasetId: string): Promise<TableProfile> {
  const meta = await getDataset(datasetId);
  const columns: ColumnProfile[] = [];
  const batch = Math.max(1, Math.min(PROFILE_BATCH, Math.floor(PROFILE_CELLS / Math.max(1, meta.rows))));
  for (let at = 0; at < meta.columns.length; at += batch) {
    const loaded = await loadColumnRange(meta, at, Math.min(meta.columns.length, at + batch));
    loaded.forEach((column, i) => {
      const c = meta.columns[at + i];
      columns.push(profileColumn(column, { invalid: c.invalid, examples: c.invalidSample }));
    });
  }
  const profile = { rows: meta.rows, columns };
  await updateDataset(datasetId, { profile });
  return profile;
}
