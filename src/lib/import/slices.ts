// A file cut into slices for a parallel import. Slice j nominally covers bytes [j*S, (j+1)*S); its
// real start is just after the first LF at or after byte j*S - 1 (a line boundary, found by whoever
// needs it by reading a few bytes there), so every slice is whole lines. The cut is speculative: it
// may fall inside a quoted field that spans lines (or a line being skipped). It is validated by the
// parse of the slice before it: that parse began at a true record start, and when its tokenizer is
// between records at the slice's end, the next cut is a true record start too. When it is not, the
// same parse reads on through the next slices until it is, and the speculative parses of the slices
// it swallowed are thrown away. So no record is ever split, and the records are exactly those of a
// one-pass parse. Each slice counts lines from 1; the commit renumbers them (src/lib/import/commit-slices.ts).
// A helper keeps its dictionaries from slice to slice (SliceMemory), so a value met in its earlier slices
// (a customer id on every slice) is neither decoded nor sent again: a result carries only the new values.
import { StringDict } from '../data/dictionary';
import { createDecoder, type InvalidBytes } from '../data/encoding';
import { Importer, isNumericType, specsFrom, type ColumnChunk, type ImporterMemory, type ImportSummary, type RejectedRow } from '../data/importer';
import { InvalidTally, SLICE_BYTES, type ImportPlan } from '../data/parse-table';

/** Nominal bytes per slice: small enough to spread over the helpers and bound memory, large enough to amortise a message. */
export const SLICE_TARGET_BYTES = 4 << 20;
/** Rows per chunk inside a slice's result (the commit re-chunks to the dataset's chunk size). */
const SLICE_CHUNK_ROWS = 16_384;
const LF = 10;

export interface SliceJob {
  /** The slice to parse (0-based). */
  index: number;
  /** Nominal slice size, the same for every job of an import. */
  sliceBytes: number;
  /** The helper's first job of this import: it starts a new SliceMemory (the committer knows none of its values). */
  first?: boolean;
}

/** One parse: the slices [index, next) as whole records, lines numbered from 1 (the header is line 1 of slice 0). */
export interface SliceResult {
  index: number;
  /** The slice after the last one this parse covered (index + 1 unless it read on to find a record start). */
  next: number;
  /** Byte range parsed. */
  start: number;
  end: number;
  /**
   * Rows in order; dictionary columns hold codes into the helper's dictionary, of which `summary.dictionaries`
   * holds the values from code `dictFrom[c]` on (those this parse added); dictFrom[c] = 0 starts a new one.
   */
  chunks: ColumnChunk[];
  dictFrom: number[];
  /** Every rejected record, lines counted from this parse's start. */
  rejected: RejectedRow[];
  summary: ImportSummary;
  /** Invalid UTF-8 (offsets from the file's start): the first few and how many. */
  utf8: { kept: InvalidBytes[]; count: number };
}

/** Values a helper's dictionary of one column may hold before it starts a new one (bounds a helper's memory). */
export const SLICE_MEMORY_VALUES = 1 << 18;

/** One helper's dictionaries and byte caches, kept across the slices of one import. */
export class SliceMemory {
  private readonly key: string;
  private memory: ImporterMemory;

  constructor(
    plan: ImportPlan,
    private readonly maxValues = SLICE_MEMORY_VALUES,
  ) {
    this.key = SliceMemory.keyOf(plan);
    this.memory = SliceMemory.fresh(plan);
  }

  private static keyOf(plan: ImportPlan): string {
    return JSON.stringify([plan.delimiter, plan.encoding, specsFrom(plan.columns)]);
  }

  private static fresh(plan: ImportPlan): ImporterMemory {
    return { dicts: plan.columns.map((c) => (isNumericType(c.type) ? null : new StringDict())), bytePath: null };
  }

  /** True when it was made for an import of this plan's columns. */
  fits(plan: ImportPlan): boolean {
    return SliceMemory.keyOf(plan) === this.key;
  }

  /** The memory for the next parse (dictionaries over the limit start again) and each dictionary's size. */
  take(plan: ImportPlan): { memory: ImporterMemory; from: number[] } {
    if (this.memory.dicts.some((d) => d && d.values.length > this.maxValues)) this.memory = SliceMemory.fresh(plan);
    return { memory: this.memory, from: this.memory.dicts.map((d) => (d ? d.values.length : 0)) };
  }
}

export function sliceCount(fileBytes: number, sliceBytes: number): number {
  return Math.ceil(fileBytes / sliceBytes);
}

/** Where slice j starts: after the first LF at or after byte j*sliceBytes - 1; 0 for the first, the file's size past its end. */
export async function cutAt(file: Blob, j: number, sliceBytes: number): Promise<number> {
  if (j <= 0) return 0;
  const size = file.size;
  const step = 1 << 16;
  for (let at = j * sliceBytes - 1; at < size; at += step) {
    const i = new Uint8Array(await file.slice(at, Math.min(size, at + step)).arrayBuffer()).indexOf(LF);
    if (i >= 0) return at + i + 1;
  }
  return size;
}

/** Encodings whose line feed is the single byte 10 and never part of another character. */
export function sliceableEncoding(encoding: string): boolean {
  return encoding === 'utf-8' || encoding === 'latin1';
}

/**
 * Parses slice `job.index` with the plan's types (reading on past its end while the tokenizer is inside a
 * record). Runs in an import helper worker; in Node, in-process.
 */
export async function parseSlices(file: Blob, plan: ImportPlan, job: SliceJob, memory?: SliceMemory): Promise<SliceResult> {
  const { index, sliceBytes } = job;
  if (!sliceableEncoding(plan.encoding)) throw new Error(`A ${plan.encoding} file cannot be cut at byte line feeds`);
  const count = sliceCount(file.size, sliceBytes);
  const start = await cutAt(file, index, sliceBytes);
  const chunks: ColumnChunk[] = [];
  const rejected: RejectedRow[] = [];
  if (memory && !memory.fits(plan)) throw new Error('parseSlices: a helper memory of another import');
  const kept = memory?.take(plan);
  const importer = new Importer({
    memory: kept?.memory,
    delimiter: plan.delimiter,
    header: plan.header && index === 0,
    columns: specsFrom(plan.columns),
    chunkRows: SLICE_CHUNK_ROWS,
    onChunk: (c) => chunks.push(c),
    onRejected: (r) => rejected.push(r),
  });
  const tally = new InvalidTally();
  const decoder = createDecoder(plan.encoding, { onInvalid: plan.encoding === 'utf-8' ? tally.add : undefined, offset: start, keepBOM: index > 0 });
  let next = index;
  let end = start;
  do {
    next++;
    const to = next >= count ? file.size : await cutAt(file, next, sliceBytes);
    if (to > end) {
      const bytes = new Uint8Array(await file.slice(end, to).arrayBuffer());
      // Typed on the bytes where it can (Importer.pushBytes), in steps so text never becomes one huge string.
      for (let at = 0; at < bytes.length; at += SLICE_BYTES) importer.pushBytes(bytes.subarray(at, Math.min(bytes.length, at + SLICE_BYTES)), decoder);
      end = to;
    }
  } while (end < file.size && !importer.atRecordStart());
  if (end >= file.size) importer.push(decoder.decode(new Uint8Array(0), true));
  const summary = importer.finish();
  const dictFrom = kept ? kept.from : plan.columns.map(() => 0);
  // Only the values this parse added (copies: the helper's arrays go on growing).
  summary.dictionaries = summary.dictionaries.map((d, c) => (d ? d.slice(dictFrom[c]) : null));
  return { index, next: end >= file.size ? count : next, start, end, chunks, rejected, summary, dictFrom, utf8: { kept: tally.kept, count: tally.count } };
}

/** The buffers a result can hand over without copying (a worker's postMessage transfer list). */
export function resultBuffers(r: SliceResult): ArrayBuffer[] {
  return r.chunks.flatMap((c) => c.columns.map((a) => a.buffer as ArrayBuffer));
}
