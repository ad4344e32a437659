// Lifetime value, cohorts and survival in the compute worker: stored columns in, one src/lib/clv call, the
// run stored (kind 'clv'), a view out. The per-customer table stays here (or in the store) and is paged.
import type { ClvApi, ClvLast } from '../../src/contract';
import { ClvRows, runClv, runCohorts, runSurvival, transactionColumns } from '../../src/lib/clv';
import { loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, resultStored, saveResult } from '../../src/storage/results';

/** A cache of the last run (and when it was stored); empty after a restart, then reloaded from the store. */
let rows: ClvRows | null = null;
let storedAt = 0;

async function lastRows(): Promise<ClvRows> {
  if (rows && !(await resultStored('clv'))) rows = null; // deleted with its dataset
  if (!rows) {
    const record = await loadResult('clv');
    if (!record) throw new Error('Run the lifetime value model first');
    [rows, storedAt] = [new ClvRows(record.value), record.createdAt];
  }
  return rows;
}

export const clvApi: ClvApi = {
  async clv(request, onProgress, first) {
    const started = performance.now();
    const table = await loadTable(request.datasetId, transactionColumns(request));
    const fit = runClv(table, request, onProgress, started);
    rows = new ClvRows(fit);
    storedAt = (await saveResult('clv', fit, { datasets: [request.datasetId], settings: request }))?.createdAt ?? 0;
    return rows.view(first);
  },

  async clvLast(): Promise<ClvLast | null> {
    const record = await loadResult('clv');
    if (!record) return null;
    if (!rows || storedAt !== record.createdAt) [rows, storedAt] = [new ClvRows(record.value), record.createdAt];
    return { view: rows.view(), settings: record.settings as ClvLast['settings'], stale: await changedSince(record) };
  },

  async clvRows(query) {
    return (await lastRows()).page(query);
  },

  async clvCsv(order) {
    return new Blob([(await lastRows()).csv(order)], { type: 'text/csv' });
  },

  async cohorts(request) {
    return runCohorts(await loadTable(request.datasetId, transactionColumns(request)), request);
  },

  async survival(request) {
    const table = await loadTable(request.datasetId, transactionColumns(request));
    const join = request.join;
    const attributes = join && { table: await loadTable(join.datasetId, [join.key, join.column]), key: join.key, column: join.column };
    return runSurvival(table, request, attributes);
  },
};
