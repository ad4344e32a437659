// The churn backtest over time in the compute worker: the transactions (and a linked customer file's
// columns) in, src/lib/churn/backtest out; the view is stored as the 'backtest' result.
import type { BacktestApi, BacktestLast, BacktestRequest, BacktestView, ModelProgress } from '../../src/contract';
import { runBacktest } from '../../src/lib/churn/backtest';
import { backtestCovers, cardBacktest } from '../../src/lib/churn/backtest-view';
import type { ChurnOutcome } from '../../src/lib/churn';
import { getDataset, loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, saveResult } from '../../src/storage/results';
import { readyEngine } from './engine';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function churnBacktest(request: BacktestRequest, onProgress?: (p: ModelProgress) => void): Promise<BacktestView> {
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  const columns = [request.customer, request.date, request.amount].filter((c): c is string => Boolean(c));
  const tx = await loadTable(request.datasetId, columns);
  const linked = request.customers;
  const customers = linked ? { table: await loadTable(linked.datasetId), key: linked.key, exclude: linked.exclude } : undefined;
  await readyEngine();
  const { predictions: _p, ...view } = await runBacktest(
    tx,
    { customer: request.customer, date: request.date, amount: request.amount, customers, horizonDays: request.horizonDays, cutoffs: request.cutoffs, model: request.model, seed: request.seed },
    onProgress,
  );
  if (linked) view.notes.push(`Customer attributes from "${(await getDataset(linked.datasetId)).name}" joined by ${linked.key} (date columns${linked.exclude.length ? ` and ${linked.exclude.join(', ')}` : ''} left out).`);
  try {
    await saveResult('backtest', view, { datasets: [request.datasetId, ...(linked ? [linked.datasetId] : [])], settings: request });
    await addToChurnCard(view, request);
  } catch (e) {
    view.notes.push(`The backtest could not be kept in this browser's storage (${message(e)}); it is shown until the page is closed.`);
  }
  return view;
}

/** The stored Churn page run on the same data gets the backtest on its model card (the action list's report reads it). */
async function addToChurnCard(view: BacktestView, request: BacktestRequest): Promise<void> {
  const record = await loadResult('churn');
  const card = record?.value.scores.card;
  if (!record?.value.run || !card || !backtestCovers(request, record.value.scores.datasetId)) return;
  record.value.scores.card = { ...card, backtest: cardBacktest(view) };
  await saveResult('churn', record.value, { datasets: record.datasetIds, settings: record.settings });
}

/** A new churn run's card gets the stored backtest of the same data, unless that data changed since. */
export async function withStoredBacktest<T extends ChurnOutcome>(outcome: T, datasetId: string): Promise<T> {
  const record = await loadResult('backtest').catch(() => undefined);
  const card = outcome.scores.card;
  if (!record || !card || !backtestCovers(record.settings as BacktestRequest, datasetId) || (await changedSince(record)).length) return outcome;
  outcome.scores.card = { ...card, backtest: cardBacktest(record.value) };
  return outcome;
}

async function churnBacktestLast(): Promise<BacktestLast | null> {
  const record = await loadResult('backtest');
  if (!record) return null;
  return { view: record.value, settings: record.settings as BacktestRequest, stale: await changedSince(record) };
}

export const backtestApi: BacktestApi = { churnBacktest, churnBacktestLast };
