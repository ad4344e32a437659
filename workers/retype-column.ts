// Worker side of a change of column type: re-encode the stored column (src/storage/retype.ts), then
// profile that column again so the dataset's profile shows the new type.
import type { RetypeOutcome, RetypeProgress, RetypeRequest } from '../src/contract';
import { profileColumn } from '../src/lib/data/profile';
import { getDataset, loadTable, updateDataset } from '../src/storage/datasets';
import { retypeStoredColumn } from '../src/storage/retype';

const PROGRESS_EVERY_MS = 100;

export async function retypeColumn(request: RetypeRequest, onProgress?: (p: RetypeProgress) => void): Promise<RetypeOutcome> {
  const started = performance.now();
  let last = 0;
  const dryRun = request.dryRun ?? false;
  const result = await retypeStoredColumn(request.datasetId, request.column, request.type, {
    dryRun,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS && done < total) return;
      last = now;
      // Not awaited: this runs inside the IndexedDB transaction.
      void onProgress?.({ stage: dryRun ? 'checking' : 'converting', done, total });
    },
  });
  if (!dryRun) {
    onProgress?.({ stage: 'profiling', done: 0, total: 1 });
    await reprofileColumn(request.datasetId, request.column);
  }
  return { column: request.column, ...result, dryRun, seconds: (performance.now() - started) / 1000 };
}

/** Profiles one column again (the others did not change). */
async function reprofileColumn(datasetId: string, name: string): Promise<void> {
  const meta = await getDataset(datasetId);
  if (!meta.profile) return;
  const column = meta.columns.find((c) => c.name === name)!;
  const table = await loadTable(datasetId, [name]);
  const fresh = profileColumn(table.columns[0], { invalid: column.invalid, examples: column.invalidSample });
  const columns = meta.profile.columns.map((c) => (c.name === name ? fresh : c));
  await updateDataset(datasetId, { profile: { ...meta.profile, columns } });
}
