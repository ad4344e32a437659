// A dataset's column profile, computed from its stored chunks and stored with it.
import type { TableProfile } from '../contract';
import { profileColumn, type ColumnProfile } from '../lib/data/profile';
import { getDataset, loadColumnRange, updateDataset } from './datasets';

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
