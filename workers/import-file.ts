// Worker-side import: the src/lib import pipeline (src/lib/import/run.ts) streaming a File into a staging
// dataset in IndexedDB, committed at the end; whoever sees the import fail or get cancelled deletes it.
import type { ImportOutcome, ImportProgress, ImportRequest } from '../src/contract';
import { importInto, type ImportSink, type NamedBlob } from '../src/lib/import/run';
import { roomProblem } from '../src/lib/import/room';
import { SLICE_TARGET_BYTES } from '../src/lib/import/slices';
import { startSliceHelpers } from './import-helpers';
import { toCsv } from '../src/lib/export/csv';
import { beginDataset, commitDataset, deleteDataset, getRejected, putChunk, putRejected, storageEstimate } from '../src/storage/datasets';
import { quotaMessage } from '../src/storage/quota';
import { pseudonymKeyHex } from '../src/storage/workspace';

export { previewFile } from '../src/lib/import/run';
export { profileDataset } from '../src/storage/profile';

/** The staging dataset `id` in IndexedDB as the import's sink. */
function stagingSink(id: string): ImportSink {
  return {
    begin: (dataset) => beginDataset(dataset),
    putChunk: (index, columns) => putChunk(id, index, columns),
    putRejected: (rows) => putRejected(id, rows),
    commit: (info, dictionaries) => commitDataset(id, info, dictionaries),
    abort: () => deleteDataset(id),
    pseudonymKeyHex,
    quotaMessage,
  };
}

export async function importFile(file: NamedBlob, request: ImportRequest, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome> {
  const problem = roomProblem(file.name, file.size, await storageEstimate());
  if (problem) throw new Error(problem);
  const slices = startSliceHelpers();
  if (file.size > SLICE_TARGET_BYTES) slices.warm();
  try {
    return await importInto(stagingSink(request.datasetId), file, request, onProgress, slices.helpers.count > 0 ? { helpers: slices.helpers } : undefined);
  } finally {
    slices.stop();
  }
}

/** Every rejected row of a dataset as a formula-safe CSV (line, reason, text). */
export async function rejectedCsv(datasetId: string): Promise<Blob> {
  const rows = await getRejected(datasetId);
  return new Blob([toCsv(['line', 'reason', 'text'], rows.map((r) => [r.line, r.reason, r.text]))], { type: 'text/csv' });
}
