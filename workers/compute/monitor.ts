// The churn monitor in the compute worker. Every scoring of a dataset with a saved model is kept as a
// `churn-scoring` result (named by its id; the last HISTORY_LIMIT per model); each new one is compared
// with the one before and the comparison is the `churn-monitor` result the badge and the page read.
// A model's first scoring is compared with its training customers, recorded then as its baseline.
import type { MonitorApi } from '../../src/contract';
import type { ChurnOutcome } from '../../src/lib/churn';
import { HISTORY_LIMIT, compareScorings, monitorView, scoringRef, summarizeScoring, type StoredScoring } from '../../src/lib/churn/monitor';
import { crossedCsv, crossedPage } from '../../src/lib/churn/monitor-csv';
import type { Table } from '../../src/lib/data/table';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { deleteResult, listResults, loadResult, saveResult, type ResultRecord } from '../../src/storage/results';

export const NEWLY_HIGH = 'Newly high risk';

/** The model's training customers as its first scoring; null when they cannot be read (a derived label). */
async function baseline(model: ResultRecord<'churn-model'>): Promise<ResultRecord<'churn-scoring'> | null> {
  const { info, saved, scores } = model.value;
  try {
    const meta = await getDataset(scores.datasetId);
    const table = await loadTable(scores.datasetId, saved.pipeline.steps.map((s) => s.column));
    const value: StoredScoring = {
      id: crypto.randomUUID(),
      modelId: info.id,
      modelName: info.name,
      createdAt: scores.createdAt,
      datasetId: scores.datasetId,
      datasetName: meta.name,
      baseline: true,
      snapshot: summarizeScoring(saved, table, scores),
    };
    return await saveResult('churn-scoring', value, { datasets: model.datasetIds, name: value.id });
  } catch {
    return null;
  }
}

/**
 * Records a scoring with a saved model and compares it with the previous one. Never fails the scoring:
 * a problem is returned as a note.
 */
export async function recordScoring(model: ResultRecord<'churn-model'>, outcome: ChurnOutcome, table: Table, datasetName: string): Promise<string | null> {
  try {
    const { info, saved } = model.value;
    const history = (await listResults('churn-scoring')).filter((r) => r.value.modelId === info.id).sort((a, b) => a.createdAt - b.createdAt);
    if (history.length === 0) {
      const first = await baseline(model);
      if (first) history.push(first);
    }
    const value: StoredScoring = {
      id: crypto.randomUUID(),
      modelId: info.id,
      modelName: info.name,
      createdAt: outcome.scores.createdAt,
      datasetId: outcome.scores.datasetId,
      datasetName,
      baseline: false,
      snapshot: summarizeScoring(saved, table, outcome.scores),
    };
    const datasets = [...new Set([outcome.scores.datasetId, ...model.datasetIds])];
    const record = await saveResult('churn-scoring', value, { datasets, name: value.id });
    if (!record) return null;
    const previous = history[history.length - 1];
    history.push(record);
    for (const old of history.splice(0, Math.max(0, history.length - HISTORY_LIMIT))) await deleteResult('churn-scoring', old.name);
    if (!previous) return null;
    const comparison = compareScorings(previous.value.snapshot, saved, table, outcome.scores);
    const stored = { modelId: info.id, modelName: info.name, previous: scoringRef(previous.value), current: scoringRef(value), history: history.length, comparison };
    await saveResult('churn-monitor', stored, { datasets: [...new Set([...previous.datasetIds, ...datasets])] });
    return null;
  } catch (e) {
    return `The scoring could not be added to the monitor's history (${e instanceof Error ? e.message : String(e)}).`;
  }
}

/** A deleted model's scorings and comparison go with it. */
export async function forgetModel(modelId: string): Promise<void> {
  for (const r of await listResults('churn-scoring')) if (r.value.modelId === modelId) await deleteResult('churn-scoring', r.name);
  if ((await loadResult('churn-monitor'))?.value.modelId === modelId) await deleteResult('churn-monitor');
}

async function last() {
  const record = await loadResult('churn-monitor');
  if (!record) throw new Error('No monitor comparison yet: score a dataset twice with a saved model');
  return record.value;
}

export const monitorApi: MonitorApi = {
  monitorLast: async () => {
    const record = await loadResult('churn-monitor');
    return record ? monitorView(record.value) : null;
  },
  monitorPage: async (offset, limit) => crossedPage((await last()).comparison.crossed, offset, limit),
  monitorCsv: async () => new Blob([crossedCsv((await last()).comparison.crossed)], { type: 'text/csv' }),
  monitorTarget: async () => {
    const m = await last();
    const { customers } = m.comparison.crossed;
    const saved = { id: crypto.randomUUID(), name: NEWLY_HIGH, createdAt: Date.now(), datasetId: m.current.datasetId, customers, segment: customers.map(() => NEWLY_HIGH) };
    const record = await saveResult('segmentation', saved, { datasets: [m.current.datasetId], settings: { name: NEWLY_HIGH } });
    if (!record) throw new Error('The scored dataset was deleted: score it again');
    return { name: NEWLY_HIGH, customers: customers.length };
  },
};
