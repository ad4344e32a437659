// Churn prediction in the compute worker: stored columns in, src/lib/churn out. The last run or scoring
// is the `churn` result (the page's view after a reload, the action list's scores); saved models are
// `churn-model` results named by their id. Module state is only a cache of those records.
import { transfer } from 'comlink';
import type { ChurnApi, ChurnLast, ChurnPageRequest, ChurnRequest, ChurnScoreRequest, ChurnSource, ModelProgress } from '../../src/contract';
import {
  defaultIdColumn,
  inspectChurn,
  modelInfo,
  prepareChurn,
  runChurn,
  scoreOrder,
  scorePage,
  scoresCsv,
  scoreWithModel,
  scoringColumns,
  sortModels,
  sourceColumns,
  sourceKey,
  withPositive,
  type ChurnOutcome,
  type ChurnSort,
  type PreparedChurn,
} from '../../src/lib/churn';
import { buffersOf } from '../../src/lib/transfer';
import { datasetsExist, getDataset, loadTable } from '../../src/storage/datasets';
import type { Table } from '../../src/lib/data/table';
import { changedSince, deleteResult, listResults, loadResult, saveResult } from '../../src/storage/results';
import { withAuditCutoff } from './churn-cutoff';
import { readyEngine } from './engine';
import { forgetModel, recordScoring } from './monitor';
import { withStoredBacktest } from './backtest';

let prepared: { key: string; value: PreparedChurn } | null = null;
/** The last run or scoring, with its datasets, the request it ran with and the score orders built so far. */
type Kept = { outcome: ChurnOutcome; datasets: string[]; settings: ChurnRequest | ChurnScoreRequest | null; orders: Map<ChurnSort, Int32Array> };
let last: Kept | null = null;
/** The last model trained in this worker (a later scoring with a saved model does not replace it). */
let trained: Kept | null = null;
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The source's prepared table: the one kept from the last training while the dataset is unchanged (the version
 *  changes with a column's type or a role: a table read before is stale then). A label derived from 10M
 *  transactions takes seconds to prepare again. */
async function preparedValue(source: ChurnSource): Promise<PreparedChurn> {
  const meta = await getDataset(source.datasetId);
  const key = sourceKey(source, meta.version ?? 1);
  if (prepared?.key !== key) prepared = { key, value: prepareChurn(source, await loadTable(source.datasetId, sourceColumns(source)), meta) };
  return prepared.value;
}

async function prepare(source: ChurnSource): Promise<PreparedChurn> {
  return withPositive(await withAuditCutoff(await preparedValue(source), source), source); // links change without a new version
}

/** The table a training source's customers were scored from (the waterfall's values in words), from the cache above. */
export async function preparedTable(source: ChurnSource): Promise<Table> {
  return (await preparedValue(source)).table;
}

/** Keeps a run or scoring here and in the result store; a failure to store is said in `notes`. */
async function keep(outcome: ChurnOutcome, datasets: string[], settings: ChurnRequest | ChurnScoreRequest, notes: string[]): Promise<void> {
  last = { outcome, datasets, settings, orders: new Map() };
  try {
    await saveResult('churn', outcome, { datasets, settings });
  } catch (e) {
    notes.push(`The scores could not be kept in this browser's storage (${message(e)}); they are available until the page is closed.`);
  }
}

/** The last run or scoring: kept here, or read from the store once (a fresh worker). Reading the store's copy again
 *  at every request deserialises every scored customer (seconds at a million). */
export async function current(): Promise<Kept> {
  // Nothing derived from a deleted dataset survives it: scores kept here go with their dataset (the store's copy
  // was deleted with it), as does the prepared table.
  if (last && !(await datasetsExist(last.datasets))) {
    if (trained === last) trained = null;
    last = null;
    prepared = null;
  }
  if (last) return last;
  const record = await loadResult('churn');
  if (!record) throw new Error('No churn scores yet: train a churn model or score a dataset first');
  last = { outcome: record.value, datasets: record.datasetIds, settings: (record.settings as Kept['settings']) ?? null, orders: new Map() };
  return last;
}

function order(state: Kept, sort: ChurnSort): Int32Array {
  let o = state.orders.get(sort);
  if (!o) state.orders.set(sort, (o = scoreOrder(state.outcome.scores, sort)));
  return o;
}

async function churnTrain(request: ChurnRequest, onProgress?: (p: ModelProgress) => void) {
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  const p = await prepare(request.source);
  const engine = await readyEngine();
  const datasetVersion = (await getDataset(request.source.datasetId)).version ?? 1;
  const outcome = await withStoredBacktest(await runChurn(p, request, { datasetVersion, backend: engine.active }, onProgress), request.source.datasetId);
  await keep(outcome, [request.source.datasetId], request, outcome.run.notes);
  trained = last;
  // The store holds its own copy, and the view shares no buffer with the kept scores: move them.
  const copy = structuredClone(outcome.run);
  return transfer(copy, buffersOf(copy));
}

async function churnLast(): Promise<ChurnLast | null> {
  const record = await loadResult('churn');
  if (!record) return null;
  const { run, scored } = record.value;
  return { run, scored, settings: record.settings as ChurnLast['settings'], versions: record.versions, stale: await changedSince(record) };
}

async function churnPage(request: ChurnPageRequest) {
  const state = await current();
  return scorePage(state.outcome.scores, order(state, request.sort), request);
}

async function churnCsv(): Promise<Blob> {
  const state = await current();
  return new Blob([scoresCsv(state.outcome.scores, order(state, 'probability'))], { type: 'text/csv' });
}

async function churnModels() {
  return sortModels((await listResults('churn-model')).map((r) => r.value.info));
}

async function churnSaveModel(name: string) {
  const state = trained ?? (await current().catch(() => null));
  if (!state?.outcome.run) throw new Error('Train a churn model first');
  const { model, scores } = state.outcome;
  const info = modelInfo(crypto.randomUUID(), name, model, scores.customers.length);
  const record = await saveResult('churn-model', { info, saved: model, scores }, { datasets: state.datasets, name: info.id });
  if (!record) throw new Error('The dataset of this model was deleted: train again to save one');
  return churnModels();
}

async function churnDeleteModel(id: string) {
  await deleteResult('churn-model', id);
  await forgetModel(id);
  return churnModels();
}

async function churnScoreDataset(request: ChurnScoreRequest, onProgress?: (p: ModelProgress) => void) {
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  const stored = await loadResult('churn-model', request.modelId);
  if (!stored) throw new Error("This saved model is no longer in this browser's storage");
  const meta = await getDataset(request.datasetId);
  const idColumn = request.idColumn ?? defaultIdColumn(meta);
  // Load what exists; scoring then names every missing or mistyped column at once.
  const saved = stored.value.saved;
  const table = await loadTable(request.datasetId, scoringColumns(saved, meta.columns.map((c) => c.name), idColumn));
  await readyEngine();
  const outcome = await scoreWithModel(saved, table, { datasetId: request.datasetId, datasetVersion: meta.version ?? 1, datasetName: meta.name, idColumn }, onProgress);
  // Derived from the scored dataset and from the model's own.
  await keep(outcome, [request.datasetId, ...stored.datasetIds], request, []);
  await recordScoring(stored, outcome, table, meta.name); // the monitor's history and comparison
  return outcome.scored;
}

export const churnApi: Omit<ChurnApi, 'churnSaveTreeSegments' | 'churnWaterfall'> = {
  churnInspect: async (source) => inspectChurn(await prepare(source)),
  churnTrain,
  churnLast,
  churnPage,
  churnCsv,
  churnSaveModel,
  churnModels,
  churnDeleteModel,
  churnScoreDataset,
};
