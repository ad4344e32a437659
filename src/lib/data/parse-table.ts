// One-call import of a whole file's bytes: encoding -> sniff -> infer -> streaming columnar import.
// The pieces (`planImport`, `Importer`, `createDecoder`) are exported for the app's import worker,
// which shows the plan for confirmation and then streams a File through the importer itself.
import { checkDelimiter, type Delimiter } from './csv';
import { checkEncodingName, createDecoder, decideEncoding, decodeAll, describeInvalid, INVALID_KEPT, invalidNotes, locateLines, type EncodingSample, type InvalidBytes, type TextEncodingName } from './encoding';
import { Importer, isNumericType, specsFrom, type ColumnChunk, type ColumnSpec, type ImportSummary, type RejectedRow } from './importer';
import { inferColumn, inferColumnAs, type ColumnInference } from './infer';
import { sniff } from './sniff';
import type { Column, ColumnType, Table } from './table';
import type { ProgressFn } from '../progress';

export interface ParseOptions {
  /** `,` `;` `\t` (or "tab") `|` or `whitespace`; detected when absent. */
  delimiter?: string;
  /** Whether the first record is a header; detected when absent. */
  header?: boolean;
  /** Column names, for headerless files (replace the header's names otherwise). */
  columns?: string[];
  /** utf-8, utf-16le, utf-16be or latin1 (Windows-1252); detected when absent. */
  encoding?: string;
  /** Type overrides by column name. */
  types?: Record<string, ColumnType>;
  /** Rows per import chunk. */
  chunkRows?: number;
  onRejected?: (row: RejectedRow) => void;
  onProgress?: ProgressFn;
}

/** What was decided before importing: shown to the user for confirmation. */
export interface ImportPlan {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  header: boolean;
  columns: ColumnInference[];
  /** The first sample rows, as written. */
  preview: string[][];
  notes: string[];
}

export interface ImportReport extends Omit<ImportSummary, 'dictionaries' | 'chunks'> {
  encoding: TextEncodingName;
  delimiter: Delimiter;
  header: boolean;
  columns: ColumnInference[];
  notes: string[];
}

/** Bytes of the file's start used to sniff and infer. */
export const SAMPLE_BYTES = 2 << 20;
/** Bytes decoded per streaming step. */
export const SLICE_BYTES = 1 << 20;
export const PREVIEW_ROWS = 20;

export const COLUMN_TYPES: readonly ColumnType[] = ['integer', 'number', 'boolean', 'date', 'category', 'id', 'text'];

function checkTypes(types: Record<string, ColumnType> | undefined, names: string[]): void {
  if (!types) return;
  for (const [name, type] of Object.entries(types)) {
    if (!COLUMN_TYPES.includes(type)) throw new Error(`Unknown column type "${type}" for "${name}" (use one of ${COLUMN_TYPES.join(', ')})`);
    if (!names.includes(name)) throw new Error(`Type given for unknown column "${name}" (columns: ${names.join(', ')})`);
  }
}

/** Where else in the file encoding detection looks, beyond the sample: other stretches and the file's size. */
export interface FileSamples {
  samples?: EncodingSample[];
  fileBytes?: number;
}

/** Invalid sequences a preview lists by line (the rest are counted). */
const PREVIEW_INVALID = 5;

/**
 * Plans an import from the first bytes of a file (`complete` when they are the whole file):
 * encoding, delimiter, header, names and per-column types with notes. `more` adds stretches from
 * the rest of the file (middle, end) so the encoding is judged on more than its start.
 */
export function planImport(sample: Uint8Array, opts: ParseOptions = {}, complete = true, more: FileSamples = {}): ImportPlan {
  const { encoding, notes: encodingNotes } = chooseEncoding(sample, opts.encoding, more);
  const text = decodeAll(sample, encoding);
  if (text.replace(/^\uFEFF/, '').trim() === '') throw new Error('The file is empty');
  const delimiter = opts.delimiter === undefined ? undefined : checkDelimiter(opts.delimiter);
  const s = sniff(text, { delimiter, header: opts.header, columns: opts.columns }, complete);
  checkTypes(opts.types, s.names);
  const width = s.names.length;
  const delim = s.delimiter === 'whitespace' ? ' ' : s.delimiter;
  // Records the importer will reject (too wide, wrapped whole in quotes) stay out of inference.
  const rows: string[][] = [];
  const lines: number[] = [];
  s.rows.forEach((r, i) => {
    if (r.length > width || (r.length === 1 && width > 1 && r[0].includes(delim))) return;
    rows.push(r);
    lines.push(s.lines[i]);
  });
  const columns = s.names.map((name, j) => {
    const values = rows.map((r) => r[j] ?? '');
    const forced = opts.types?.[name];
    return forced ? inferColumnAs(name, forced, values, lines, { delimiter: s.delimiter }) : inferColumn(name, values, lines, { delimiter: s.delimiter });
  });
  return { encoding, delimiter: s.delimiter, header: s.header, columns, preview: s.rows.slice(0, PREVIEW_ROWS), notes: [...encodingNotes, ...s.notes] };
}

/**
 * UTF-8 unless the samples say otherwise; a note says why whenever the choice is not plain (read as
 * Windows-1252, or UTF-8 with invalid bytes, which the preview lists by line).
 */
function chooseEncoding(sample: Uint8Array, forced: string | undefined, more: FileSamples): { encoding: TextEncodingName; notes: string[] } {
  const fileBytes = Math.max(more.fileBytes ?? sample.length, sample.length);
  const samples = [{ bytes: sample, at: 0 }, ...(more.samples ?? []).filter((s) => s.at >= sample.length)];
  const chosen = forced ? checkEncodingName(forced) : null;
  let d;
  try {
    d = decideEncoding(samples, fileBytes);
  } catch (e) {
    // A binary-looking file is refused unless the user insists on an encoding.
    if (!chosen) throw e;
    return { encoding: chosen, notes: [] };
  }
  const encoding = chosen ?? d.encoding;
  if (encoding === 'latin1') return { encoding, notes: d.encoding === 'latin1' && d.note ? [d.note] : [] };
  if (encoding !== 'utf-8' || !d.utf8Note) return { encoding, notes: [] };
  const inSample = d.invalid.filter((s) => s.offset < sample.length).slice(0, PREVIEW_INVALID);
  locateLines(sample, inSample);
  const listed = [...inSample, ...d.invalid.filter((s) => s.offset >= sample.length)].slice(0, PREVIEW_INVALID);
  const rest = d.invalidCount - listed.length;
  return { encoding, notes: [d.utf8Note, ...listed.map(describeInvalid), ...(rest > 0 ? [`… and ${rest.toLocaleString('en-US')} more in the sample`] : [])] };
}

/** Joins chunks into full columns. */
export function assembleTable(specs: readonly ColumnSpec[], chunks: readonly ColumnChunk[], dictionaries: (string[] | null)[]): Table {
  let rows = 0;
  for (const ch of chunks) rows += ch.rows;
  const columns: Column[] = specs.map((spec, c) => {
    if (isNumericType(spec.type)) {
      const values = new Float64Array(rows);
      let at = 0;
      for (const ch of chunks) {
        values.set(ch.columns[c] as Float64Array, at);
        at += ch.rows;
      }
      return { name: spec.name, type: spec.type as 'integer' | 'number' | 'boolean' | 'date', values };
    }
    const codes = new Int32Array(rows);
    let at = 0;
    for (const ch of chunks) {
      codes.set(ch.columns[c] as Int32Array, at);
      at += ch.rows;
    }
    return { name: spec.name, type: spec.type as 'category' | 'id' | 'text', codes, dictionary: dictionaries[c] ?? [] };
  });
  return { rows, columns };
}

/** Parses a whole file held in memory into a Table, with a report of every decision and every rejected line. */
export function parseTable(bytes: Uint8Array, opts: ParseOptions = {}): { table: Table; report: ImportReport } {
  if (bytes.length === 0) throw new Error('The file is empty');
  const complete = bytes.length <= SAMPLE_BYTES;
  const plan = planImport(complete ? bytes : bytes.subarray(0, SAMPLE_BYTES), opts, complete, { samples: spreadSamples(bytes), fileBytes: bytes.length });
  return parseWithPlan(bytes, plan, opts);
}

/** Parses bytes held in memory with a plan already made (the preview reuses its plan for a sample's table). */
export function parseWithPlan(bytes: Uint8Array, plan: ImportPlan, opts: Pick<ParseOptions, 'chunkRows' | 'onRejected' | 'onProgress'> = {}): { table: Table; report: ImportReport } {
  const specs = specsFrom(plan.columns);
  const chunks: ColumnChunk[] = [];
  const importer = new Importer({
    delimiter: plan.delimiter,
    header: plan.header,
    columns: specs,
    chunkRows: opts.chunkRows,
    onChunk: (c) => chunks.push(c),
    onRejected: opts.onRejected,
  });
  const invalid = new InvalidTally();
  const decoder = createDecoder(plan.encoding, { onInvalid: invalid.add });
  const total = bytes.length;
  // UTF-8 and Latin-1 are typed on their bytes where they can be (Importer.pushBytes), as an import in the app is.
  const byBytes = plan.encoding === 'utf-8' || plan.encoding === 'latin1';
  for (let at = 0; at < total; at += SLICE_BYTES) {
    const end = Math.min(total, at + SLICE_BYTES);
    if (byBytes) importer.pushBytes(bytes.subarray(at, end), decoder);
    else importer.push(decoder.decode(bytes.subarray(at, end), end === total));
    opts.onProgress?.({ stage: 'Reading the file', done: end, total });
  }
  if (byBytes) importer.push(decoder.decode(new Uint8Array(0), true));
  const summary = importer.finish();
  const table = assembleTable(specs, chunks, summary.dictionaries);
  const report = makeReport(plan, summary);
  if (invalid.count) {
    locateLines(bytes, invalid.kept);
    report.notes.push(...invalid.notes());
  }
  return { table, report };
}

/** Invalid UTF-8 met while importing: the first few with their bytes, and how many in all. */
export class InvalidTally {
  readonly kept: InvalidBytes[] = [];
  count = 0;
  readonly add = (s: InvalidBytes): void => {
    this.count++;
    if (this.kept.length < INVALID_KEPT) this.kept.push(s);
  };
  notes(): string[] {
    return invalidNotes(this.kept, this.count);
  }
}

/** Stretches of a file for encoding detection beyond its first SAMPLE_BYTES: its middle and its end. */
export function sampleRanges(fileBytes: number, bytes = DETECT_SPREAD_BYTES): [number, number][] {
  if (fileBytes <= SAMPLE_BYTES) return [];
  const mid = Math.max(SAMPLE_BYTES, Math.floor(fileBytes / 2 - bytes / 2));
  const end = Math.max(mid + bytes, fileBytes - bytes);
  const out: [number, number][] = [[mid, Math.min(fileBytes, mid + bytes)]];
  if (end < fileBytes) out.push([end, fileBytes]);
  return out;
}

/** Bytes read from each of the middle and the end of a large file to judge its encoding. */
export const DETECT_SPREAD_BYTES = 1 << 20;

function spreadSamples(bytes: Uint8Array): EncodingSample[] {
  return sampleRanges(bytes.length).map(([a, b]) => ({ bytes: bytes.subarray(a, b), at: a }));
}

/** The report of a finished import; throws for files without data rows. */
export function makeReport(plan: ImportPlan, summary: ImportSummary): ImportReport {
  if (summary.dataLines === 0) {
    if (plan.header) throw new Error('The file has a header row but no data rows');
    throw new Error('The file is empty');
  }
  const { dictionaries: _d, chunks: _c, ...counts } = summary;
  const notes = [...plan.notes];
  if (summary.rejected) notes.push(`${summary.rejected} line${summary.rejected === 1 ? '' : 's'} rejected (see the list)`);
  if (summary.paddedRows) notes.push(`${summary.paddedRows} row${summary.paddedRows === 1 ? ' has' : 's have'} fewer fields than columns: padded with missing values`);
  return { ...counts, encoding: plan.encoding, delimiter: plan.delimiter, header: plan.header, columns: plan.columns, notes };
}
