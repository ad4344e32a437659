// Uplift in the compute worker: the campaign's columns in, one src/lib/uplift call, the run stored (kind
// 'uplift': the view, every row's predicted uplift per learner, and the best learner's scores for the
// action list), the view out. The customers table is paged from the stored run.
import type { StoredUplift, UpliftApi, UpliftRunRequest, UpliftScores } from '../../src/contract';
import { runUplift, upliftCsv, upliftPageRows } from '../../src/lib/uplift';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, saveResult } from '../../src/storage/results';

/** The last run, cached; reloaded from the store after a restart. */
let last: { stored: StoredUplift; at: number } | null = null;

async function lastRun(): Promise<StoredUplift> {
  const record = await loadResult('uplift');
  if (!record) throw new Error('Run the uplift models first');
  if (!last || last.at !== record.createdAt) last = { stored: record.value, at: record.createdAt };
  return last.stored;
}

export const upliftApi: UpliftApi = {
  async uplift(request: UpliftRunRequest, onProgress) {
    const meta = await getDataset(request.datasetId);
    const table = await loadTable(request.datasetId);
    const { datasetId, ...settings } = request;
    const run = runUplift(table, settings, onProgress);
    const p = run.prepared;
    const createdAt = Date.now();
    const scores: UpliftScores = {
      datasetId,
      datasetVersion: meta.version ?? 1,
      createdAt,
      customers: p.customers,
      uplift: run.scores[run.result.best],
      model: run.result.best,
    };
    const stored: StoredUplift = {
      view: { result: run.result, datasetName: meta.name },
      scores,
      table: { customers: p.customers, treated: p.treated, outcome: p.outcome, ...run.scores, truth: p.truth },
    };
    const record = await saveResult('uplift', stored, { datasets: [datasetId], settings: request });
    last = record ? { stored, at: record.createdAt } : null;
    return stored.view;
  },

  async upliftLast() {
    const record = await loadResult('uplift');
    if (!record) return null;
    return { view: record.value.view, settings: record.settings as UpliftRunRequest, stale: await changedSince(record) };
  },

  async upliftPage(request) {
    const s = await lastRun();
    return upliftPageRows(s.table, request, s.view.result.best);
  },

  async upliftCsv() {
    const s = await lastRun();
    return new Blob([upliftCsv(s.table, s.view.result.best)], { type: 'text/csv' });
  },

  async upliftScoresInfo() {
    const record = await loadResult('uplift');
    if (!record) return null;
    const s = record.value.scores;
    return { datasetId: s.datasetId, datasetName: record.value.view.datasetName, customers: s.customers.length, model: s.model, createdAt: s.createdAt, stale: await changedSince(record) };
  },
};
