// Streaming import for the app's worker: bytes arrive in pieces (a File's stream), chunks of
// columns leave as they fill, and nothing holds the whole file. Run `planImport` on the first
// SAMPLE_BYTES first and let the user confirm or change the plan.
import { createDecoder } from './encoding';
import { Importer, specsFrom, type ColumnChunk, type RejectedRow } from './importer';
import { makeReport, SLICE_BYTES, type ImportPlan, type ImportReport } from './parse-table';
import type { ProgressFn } from '../progress';
import { fromStream } from '../streams';

export interface StreamImportOptions {
  onChunk: (chunk: ColumnChunk) => void | Promise<void>;
  onRejected?: (row: RejectedRow) => void;
  onProgress?: ProgressFn;
  /** File size, for progress. */
  totalBytes?: number;
  chunkRows?: number;
  signal?: AbortSignal;
}

export interface StreamImportResult {
  report: ImportReport;
  /** Final dictionary per column (null for numeric ones): codes in every chunk index into these. */
  dictionaries: (string[] | null)[];
  chunks: number;
}

/**
 * Imports a byte stream with a confirmed plan. `onChunk` may return a promise (an IndexedDB
 * write); the next chunk waits for it, so memory stays bounded by one chunk plus one slice.
 */
export async function streamImport(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, plan: ImportPlan, opts: StreamImportOptions): Promise<StreamImportResult> {
  const pending: ColumnChunk[] = [];
  const importer = new Importer({
    delimiter: plan.delimiter,
    header: plan.header,
    columns: specsFrom(plan.columns),
    chunkRows: opts.chunkRows,
    onChunk: (c) => pending.push(c),
    onRejected: opts.onRejected,
  });
  const decoder = createDecoder(plan.encoding);
  const byBytes = plan.encoding === 'utf-8' || plan.encoding === 'latin1';
  const drain = async () => {
    while (pending.length) await opts.onChunk(pending.shift() as ColumnChunk);
  };
  let done = 0;
  const total = opts.totalBytes ?? 0;
  for await (const piece of source) {
    opts.signal?.throwIfAborted();
    // Large pieces are read in slices so one huge read does not become one huge string; UTF-8 and Latin-1
    // are typed on their bytes where they can be (Importer.pushBytes).
    for (let at = 0; at < piece.length; at += SLICE_BYTES) {
      const bytes = piece.subarray(at, Math.min(piece.length, at + SLICE_BYTES));
      if (byBytes) importer.pushBytes(bytes, decoder);
      else importer.push(decoder.decode(bytes, false));
      await drain();
    }
    done += piece.length;
    opts.onProgress?.({ stage: 'Importing', done, total: Math.max(total, done) });
  }
  importer.push(decoder.decode(new Uint8Array(0), true));
  const summary = importer.finish();
  await drain();
  return { report: makeReport(plan, summary), dictionaries: summary.dictionaries, chunks: summary.chunks };
}

/** A ReadableStream (e.g. `file.stream()`) as an async iterable of byte pieces. */
export const streamPieces: (stream: ReadableStream<Uint8Array>) => AsyncGenerator<Uint8Array> = fromStream;
