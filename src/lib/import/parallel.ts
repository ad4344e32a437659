// A parallel import: slices of the file (src/lib/import/slices.ts) parsed and typed by helper workers
// at once, committed in file order (src/lib/import/commit-slices.ts). Only a few slices run ahead
// of the commit, so memory stays near (helpers x 2) slices whatever the file size; each result is
// dropped once committed.
import type { ColumnChunk, RejectedRow } from '../data/importer';
import { makeReport, type ImportPlan, type ImportReport, type InvalidTally } from '../data/parse-table';
import { specsFrom } from '../data/importer';
import { SliceCommitter, type SliceSpaces } from './commit-slices';
import { sliceCount, type SliceJob, type SliceResult } from './slices';

/** Where slices are parsed: the import worker's helper workers, or in-process in Node. */
export interface SliceHelpers {
  count: number;
  /** One call at a time per helper; a helper may keep dictionaries across its calls (SliceMemory in slices.ts). */
  parse(helper: number, file: Blob, plan: ImportPlan, job: SliceJob): Promise<SliceResult>;
}

export interface ParallelImportOptions {
  sliceBytes: number;
  chunkRows: number;
  /** May return a write to wait for before more chunks come (backpressure). */
  onChunk: (chunk: ColumnChunk) => Promise<void> | undefined;
  onRejected: (row: RejectedRow) => void;
  onProgress: (bytesDone: number, rows: number, rejected: number) => void;
  /** Invalid UTF-8 met, merged from the slices in file order. */
  utf8: InvalidTally;
  /** Each committed parse, for tests (its byte range shows where the cuts fell). */
  onCommitted?: (r: SliceResult) => void;
}

export async function parallelImport(file: Blob, plan: ImportPlan, helpers: SliceHelpers, opts: ParallelImportOptions): Promise<{ report: ImportReport; dictionaries: (string[] | null)[]; chunks: number }> {
  const count = sliceCount(file.size, opts.sliceBytes);
  const window = helpers.count * 2;
  const done = new Map<number, { r: SliceResult; spaces: SliceSpaces }>();
  const chunks: ColumnChunk[] = [];
  const committer = new SliceCommitter(specsFrom(plan.columns), opts.chunkRows, (c) => chunks.push(c), opts.onRejected, opts.utf8);
  let commitAt = 0;
  let dispatched = 0;
  let failure: { error: unknown } | null = null;
  let wakeCommit: () => void = () => {};
  let wakeHelpers: (() => void)[] = [];

  const helperLoop = async (h: number): Promise<void> => {
    let first = true;
    while (!failure) {
      while (dispatched < count && dispatched - commitAt >= window && !failure) await new Promise<void>((r) => wakeHelpers.push(r));
      if (dispatched >= count || failure) return;
      const index = dispatched++;
      // Already inside a parse that read on past its own slice.
      if (index < commitAt) continue;
      try {
        const r = await helpers.parse(h, file, plan, { index, sliceBytes: opts.sliceBytes, first });
        first = false;
        // Every result's new dictionary values, even one thrown away: the helper's later codes build on them.
        const spaces = committer.learn(h, r);
        if (r.index >= commitAt) done.set(r.index, { r, spaces });
      } catch (error) {
        failure = { error };
      }
      wakeCommit();
    }
  };
  const loops = Array.from({ length: helpers.count }, (_, h) => helperLoop(h));

  try {
    while (commitAt < count) {
      while (!done.has(commitAt) && !failure) await new Promise<void>((r) => (wakeCommit = r));
      if (failure) throw (failure as { error: unknown }).error;
      const { r, spaces } = done.get(commitAt) as { r: SliceResult; spaces: SliceSpaces };
      for (let i = commitAt; i < r.next; i++) done.delete(i);
      commitAt = r.next;
      const wake = wakeHelpers;
      wakeHelpers = [];
      for (const w of wake) w();
      committer.add(r, spaces);
      opts.onCommitted?.(r);
      await drain(chunks, opts.onChunk);
      const s = committer.finishedSoFar();
      opts.onProgress(r.end, s.rows, s.rejected);
    }
    const summary = committer.finish();
    await drain(chunks, opts.onChunk);
    return { report: makeReport(plan, summary), dictionaries: summary.dictionaries, chunks: summary.chunks };
  } catch (e) {
    failure ??= { error: e };
    throw e;
  } finally {
    for (const w of wakeHelpers) w();
    await Promise.allSettled(loops);
  }
}

async function drain(chunks: ColumnChunk[], onChunk: ParallelImportOptions['onChunk']): Promise<void> {
  while (chunks.length) await onChunk(chunks.shift() as ColumnChunk);
}
