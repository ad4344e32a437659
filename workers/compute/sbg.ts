// Subscriptions (sBG) in the compute worker: typed counts, or the customers dataset's tenure/dates columns,
// in; one src/lib/sbg call; the run stored (kind 'sbg'); the view out. The per-customer table stays here (or
// in the store) and is paged.
import type { SbgApi, SbgLast, SbgRunRequest } from '../../src/contract';
import { runSbg, sbgColumns, SbgRows } from '../../src/lib/sbg';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, resultStored, saveResult } from '../../src/storage/results';

/** The last run's rows (and when it was stored); empty after a restart, then reloaded from the store. */
let rows: SbgRows | null = null;
let storedAt = 0;

async function lastRows(): Promise<SbgRows> {
  if (rows && !(await resultStored('sbg'))) rows = null; // deleted with its dataset
  if (!rows) {
    const record = await loadResult('sbg');
    if (!record) throw new Error('Fit the subscription model first');
    [rows, storedAt] = [new SbgRows(record.value.run), record.createdAt];
  }
  return rows;
}

export const sbgApi: SbgApi = {
  async sbg(request: SbgRunRequest) {
    const started = performance.now();
    const { datasetId, ...req } = request;
    const meta = datasetId ? await getDataset(datasetId) : null;
    const table = datasetId ? await loadTable(datasetId, sbgColumns(req)) : null;
    const run = runSbg(table, req, started);
    rows = new SbgRows(run);
    const datasetName = meta?.name ?? null;
    storedAt = (await saveResult('sbg', { run, datasetName }, { datasets: datasetId ? [datasetId] : [], settings: request }))?.createdAt ?? 0;
    return { view: rows.view(), datasetName };
  },

  async sbgLast(): Promise<SbgLast | null> {
    const record = await loadResult('sbg');
    if (!record) return null;
    if (!rows || storedAt !== record.createdAt) [rows, storedAt] = [new SbgRows(record.value.run), record.createdAt];
    return { view: rows.view(), datasetName: record.value.datasetName, settings: record.settings as SbgRunRequest, stale: await changedSince(record) };
  },

  async sbgRows(query) {
    return (await lastRows()).page(query);
  },

  async sbgCsv(query) {
    return new Blob([(await lastRows()).csv(query)], { type: 'text/csv' });
  },
};
