// Importing a file, end to end and without storage of its own: preview (encoding, delimiter, types from
// values, roles), then stream the File through the importer into a sink that stores column chunks as they
// fill, so memory stays near one chunk whatever the file size. The import worker's sink writes a staging
// dataset in IndexedDB (committed at the end, deleted on failure); tests use one in memory.
import type { FilePreview, ImportOutcome, ImportProgress, ImportRequest, PreviewOptions } from '../../contract';
import type { ColumnChunk, RejectedRow } from '../data/importer';
import { streamImport } from '../data/stream-import';
import { InvalidTally, parseWithPlan, planImport, SAMPLE_BYTES, type FileSamples, type ImportPlan } from '../data/parse-table';
import { checkUtf8, locateInFile, readSamples } from './file';
import { unusableReason } from '../data/usable';
import { roleReason, suggestRoles } from '../data/roles';
import type { ColumnRole, ColumnType } from '../data/table';
import type { CellExample } from '../data/profile';
import { importPseudonymKey, pseudonymise, type PiiAction } from '../crypto/pseudonym';
import { DEFAULT_CHUNK_ROWS, isNumericType } from '../data/importer';
import { isQuotaError } from './room';
import { parallelImport, type SliceHelpers } from './parallel';
import { SLICE_TARGET_BYTES, sliceableEncoding, type SliceResult } from './slices';

const SLICE_BYTES = 4 << 20;
const REJECTED_BATCH = 1000;
const PROGRESS_EVERY_MS = 100;

export type NamedBlob = Blob & { name: string };

/** A stored column as the import describes it. */
export interface ImportedColumn {
  name: string;
  type: ColumnType;
  reason?: string;
  invalid: number;
  invalidSample: CellExample[];
}

/** Where an import's rows go: a staging dataset that becomes visible only on `commit`. */
export interface ImportSink {
  begin(dataset: {
    id: string;
    name: string;
    columns: ImportedColumn[];
    chunkRows: number;
    roles: Partial<Record<ColumnRole, string>>;
    source: { fileName: string; fileBytes: number; encoding: string; delimiter: string; header: boolean };
    notes: string[];
  }): Promise<void>;
  /** Stores one chunk of the kept columns; resolves to the bytes stored. */
  putChunk(index: number, columns: (Float64Array | Int32Array)[]): Promise<number>;
  putRejected(rows: RejectedRow[]): Promise<void>;
  commit(
    info: { rows: number; chunks: number; columns: ImportedColumn[]; rejected: number; blankLines: number; paddedRows: number; notes: string[]; storedBytes: number },
    dictionaries: (string[] | null)[],
  ): Promise<void>;
  /** Removes the staging dataset and whatever was written of it. */
  abort(): Promise<void>;
  /** The workspace's pseudonymisation key (hex), for columns marked "hash". */
  pseudonymKeyHex(): Promise<string>;
  /** Turns a quota error into the message to show (with the figures); other errors pass. */
  quotaMessage(file: NamedBlob, writtenBytes: number): Promise<string>;
}

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
    ...suggestRolesFromSample(sampled.head, file.size <= SAMPLE_BYTES, plan),
    notes: plan.notes,
    problem: unusableReason(plan, file.size <= SAMPLE_BYTES),
  };
}

/** Slices parsed on helper workers (src/lib/import/parallel.ts); sliceBytes and onCommitted are for tests. */
export interface ParallelOptions {
  helpers: SliceHelpers;
  sliceBytes?: number;
  onCommitted?: (r: SliceResult) => void;
}

export async function importInto(sink: ImportSink, file: NamedBlob, request: ImportRequest, onProgress: (p: ImportProgress) => void, parallel?: ParallelOptions): Promise<ImportOutcome> {
  const started = performance.now();
  const pii = piiPlan(request);
  const types: Record<string, ColumnType> = Object.fromEntries(request.columns.map((c) => [c.name, pii.get(c.name) === 'hash' && isNumericType(c.type) ? 'id' : c.type]));
  const plan = planFor(await readHead(file), file, { delimiter: request.delimiter, header: request.header, encoding: request.encoding, columns: request.columns.map((c) => c.name), types });
  const id = request.datasetId;
  // Dropped columns are parsed (the row layout needs them) but never stored.
  const keep = plan.columns.map((c) => pii.get(c.name) !== 'drop');
  const kept = <T>(list: readonly T[]): T[] => list.filter((_, i) => keep[i]);
  const roles = Object.fromEntries(Object.entries(request.roles).filter(([, column]) => pii.get(column!) !== 'drop'));
  await sink.begin({
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
    const chunkRows = chunkRowsFor(plan.columns.length);
    const storeChunk = (chunk: ColumnChunk) => {
      rowsDone += chunk.rows;
      track(sink.putChunk(chunk.index, kept(chunk.columns)).then((bytes) => void (storedBytes += bytes)));
      return writes.length > 2 ? writes.shift() : undefined;
    };
    const storeRejected = (row: RejectedRow) => {
      rejectedCount++;
      // A rejected line's text would hold the personal data the user asked not to store.
      rejected.push(pii.size ? { ...row, text: WITHHELD } : row);
      if (rejected.length >= REJECTED_BATCH) {
        track(sink.putRejected(rejected));
        rejected = [];
      }
    };
    const tellProgress = (done: number, total: number) => {
      const now = performance.now();
      if (now - lastReport < PROGRESS_EVERY_MS && done < total) return;
      lastReport = now;
      onProgress(progress('reading', done, total, rowsDone, rejectedCount, started));
    };
    const sliceBytes = parallel?.sliceBytes ?? SLICE_TARGET_BYTES;
    const helpers = parallel?.helpers;
    // Slices when helpers are there and the file has more than one; UTF-16 (a line feed is two bytes) reads in one pass.
    const sliced = helpers && helpers.count > 0 && sliceableEncoding(plan.encoding) && file.size > sliceBytes;
    const imported = await (
      sliced
        ? parallelImport(file, plan, helpers, {
            sliceBytes,
            chunkRows,
            onChunk: storeChunk,
            onRejected: storeRejected,
            onProgress: (done) => tellProgress(done, file.size),
            utf8: invalidUtf8,
            onCommitted: parallel?.onCommitted,
          })
        : streamImport(plan.encoding === 'utf-8' ? checkUtf8(readSlices(file), invalidUtf8) : readSlices(file), plan, {
            totalBytes: file.size,
            chunkRows,
            onChunk: storeChunk,
            onRejected: storeRejected,
            onProgress: ({ done, total }) => tellProgress(done, total),
          })
    ).catch((e: unknown) => {
      throw isQuotaError(e) ? e : new Error(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    });
    const { report, dictionaries, chunks } = imported;
    track(sink.putRejected(rejected));
    await Promise.all(writes);
    if (pii.size) onProgress(progress('saving', file.size, file.size, rowsDone, rejectedCount, started));
    const stored = kept(await pseudonymiseDictionaries(plan.columns.map((c) => c.name), dictionaries, pii, sink));
    const utf8Notes = await invalidUtf8Notes(file, invalidUtf8);
    const invalid = new Map(report.invalid.filter((v) => !pii.has(v.column)).map((v) => [v.column, v]));
    await sink.commit(
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
    await sink.abort().catch(() => {});
    throw isQuotaError(e) ? new Error(await sink.quotaMessage(file, storedBytes)) : e;
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
async function pseudonymiseDictionaries(names: string[], dictionaries: (string[] | null)[], pii: Map<string, PiiAction>, sink: ImportSink): Promise<(string[] | null)[]> {
  if (![...pii.values()].includes('hash')) return dictionaries;
  const key = await importPseudonymKey(await sink.pseudonymKeyHex());
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

/**
 * Roles are suggested from a parse of the sample (cut at its last full line) with the preview's own plan,
 * in small chunks: a wide file's sample is a few rows, not 65,536 per column.
 */
function suggestRolesFromSample(head: Uint8Array, complete: boolean, plan: ImportPlan): Pick<FilePreview, 'roles' | 'roleReasons'> {
  let end = head.length;
  if (!complete) while (end > 0 && head[end - 1] !== 10) end--;
  try {
    const table = parseWithPlan(head.subarray(0, end), plan, { chunkRows: 1024 }).table;
    const roles = suggestRoles(table);
    const roleReasons: Record<string, string> = {};
    for (const [role, column] of Object.entries(roles) as [ColumnRole, string][]) {
      const why = roleReason(table, role, column);
      if (why) roleReasons[column] = why;
    }
    return { roles, roleReasons };
  } catch {
    return { roles: {}, roleReasons: {} };
  }
}

/** Invalid UTF-8 met while importing, each by line with its bytes (the first few), and how many in all. */
async function invalidUtf8Notes(file: NamedBlob, tally: InvalidTally): Promise<string[]> {
  if (tally.count === 0) return [];
  await locateInFile(file, tally.kept);
  return tally.notes();
}
