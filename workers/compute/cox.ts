// Cox regression in the compute worker: the customers dataset's columns in, one src/lib/survival call, the run
// stored (kind 'cox'), the view out. The per-customer table stays here (or in the store) and is paged.
import type { CoxApi, CoxLast } from '../../src/contract';
import { CoxRows, runCox } from '../../src/lib/survival/cox';
import { coxView } from '../../src/lib/survival/cox-view';
import { suggestCovariates } from '../../src/lib/survival/suggest';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, saveResult } from '../../src/storage/results';

let rows: CoxRows | null = null;
let storedAt = 0;

async function lastRows(): Promise<CoxRows> {
  const record = await loadResult('cox');
  if (!record) throw new Error('Run the Cox regression first');
  if (!rows || storedAt !== record.createdAt) [rows, storedAt] = [new CoxRows(record.value.run), record.createdAt];
  return rows;
}

export const coxApi: CoxApi = {
  async cox(request, onProgress) {
    const started = performance.now();
    const meta = await getDataset(request.datasetId);
    onProgress?.({ stage: 'Reading columns', done: 0, total: 2 });
    const names = [...new Set([request.time, request.event, request.id, ...request.covariates].filter((n): n is string => !!n))];
    const table = await loadTable(request.datasetId, names);
    // The import's reason for each two-valued column names its levels ("boolean: only Yes and No").
    const reasons = Object.fromEntries(meta.columns.map((c) => [c.name, c.reason]));
    onProgress?.({ stage: 'Fitting the Cox model', done: 1, total: 2 });
    const run = runCox(table, { ...request, reasons }, started);
    rows = new CoxRows(run);
    const view = coxView(run, meta.name, rows);
    storedAt = (await saveResult('cox', { view, run }, { datasets: [request.datasetId], settings: request }))?.createdAt ?? 0;
    return view;
  },

  async coxLast(): Promise<CoxLast | null> {
    const record = await loadResult('cox');
    if (!record) return null;
    return { view: record.value.view, settings: record.settings as CoxLast['settings'], stale: await changedSince(record) };
  },

  async coxRows(query) {
    return (await lastRows()).page(query);
  },

  async coxCsv() {
    return new Blob([(await lastRows()).csv()], { type: 'text/csv' });
  },

  async coxSuggest(request) {
    const meta = await getDataset(request.datasetId);
    const table = await loadTable(request.datasetId, [...new Set([request.time, request.event, ...request.candidates])]);
    const reasons = Object.fromEntries(meta.columns.map((c) => [c.name, c.reason]));
    return suggestCovariates(table, { ...request, reasons });
  },
};
