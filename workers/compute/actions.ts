// The retention action list in the compute worker: loads the columns and saved artefacts (the Churn
// page's scores, the saved segmentation, the Recommendations page's served model) a request needs, calls src/lib/actions, and stores the list
// ('actions') and the campaign hold-out ('holdout') in the result store. `last` is only a cache of the
// stored list: a restarted worker reloads it. The rules persist as a setting (a user preference).
import type { ActionRule, ActionsApi, ActionsAvailable, ActionsLast, ActionsRequest, ProfitSettings } from '../../src/contract';
import { drawHoldout, holdoutCsv, readOutcomes } from '../../src/lib/actions/campaign';
import { reportDataset, reportHtml } from '../../src/lib/actions/report-data';
import { loadReportParts, storedPurchaseModel } from '../../src/storage/report-parts';
import { DEFAULT_PROFIT } from '../../src/lib/actions/profit';
import { DEFAULT_RULES, HAND_RULES } from '../../src/lib/actions/rules';
import { datasetsOf, listCsv, pageOf, profitCsv, QueryRows, recommenderProblem, runActions, servedItems, summariseRun, withRules } from '../../src/lib/actions/run';
import { DEFAULT_CUTOFFS } from '../../src/lib/actions/types';
import type { Table } from '../../src/lib/data/table';
import type { ActionsRun, StoredHoldout } from '../../src/lib/actions/views';
import { getDataset, getSetting, loadTable, setSetting } from '../../src/storage/datasets';
import { servedRecommender } from '../../src/storage/recommender';
import { changedSince, loadResult, resultStored, saveResult } from '../../src/storage/results';
import { availableUplift, coxRemaining, upliftFor } from './actions-uplift';
import { readyEngine } from './engine';

const RULES_KEY = 'actions:rules';

let last: ActionsRun | null = null;
/** The last query's rows of the last list: a page turn reads them again (QueryRows). */
const queried = new QueryRows();

async function storedRules(): Promise<ActionRule[]> {
  return (await getSetting<ActionRule[]>(RULES_KEY)) ?? DEFAULT_RULES;
}

/** The Churn page's last scores, and whether a dataset they came from changed since. */
async function savedChurn() {
  const record = await loadResult('churn');
  return record ? { scores: record.value.scores, stale: (await changedSince(record)).length > 0 } : null;
}

async function actionsAvailable(): Promise<ActionsAvailable> {
  const churn = await savedChurn();
  const seg = (await loadResult('segmentation'))?.value;
  const holdout = await loadResult('holdout');
  return {
    savedChurn: churn ? { datasetId: churn.scores.datasetId, createdAt: churn.scores.createdAt, customers: churn.scores.customers.length, stale: churn.stale } : null,
    savedSegmentation: seg ? { name: seg.name, datasetId: seg.datasetId, createdAt: seg.createdAt, customers: seg.customers.length } : null,
    rules: await storedRules(),
    defaultRules: DEFAULT_RULES,
    handRules: HAND_RULES,
    cutoffs: DEFAULT_CUTOFFS,
    defaultProfit: DEFAULT_PROFIT,
    uplift: await availableUplift(),
    holdout: holdout?.value.summary ?? null,
  };
}

/** The datasets a list came from: the request's, and the saved segmentation's when it was used. */
function sourcesOf(run: ActionsRun, segmentationDataset?: string): string[] {
  return [...datasetsOf(run.request).map((d) => d.datasetId), ...(segmentationDataset ? [segmentationDataset] : [])];
}

async function lastRun(): Promise<ActionsRun> {
  if (last && !(await resultStored('actions'))) last = null; // deleted with a dataset it came from
  last ??= (await loadResult('actions'))?.value ?? null;
  if (!last) throw new Error('Build the action list first');
  return last;
}

async function actionsLast(): Promise<ActionsLast | null> {
  const record = await loadResult('actions');
  if (!record) return null;
  last ??= record.value;
  return { view: summariseRun(record.value), settings: record.value.request, stale: await changedSince(record), createdAt: record.createdAt };
}

/** Stores the list; the record keeps the datasets it came from (and goes when one of them is deleted). */
async function store(run: ActionsRun, datasets: string[]): Promise<void> {
  last = run;
  await saveResult('actions', run, { datasets, settings: run.request });
  await setSetting(RULES_KEY, run.request.rules);
}

async function actionsBuild(request: ActionsRequest, onProgress?: (p: { stage: string; done: number; total: number }) => void) {
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  await readyEngine();
  const tables: Record<string, Table | null> = { customers: null, transactions: null, products: null };
  for (const d of datasetsOf(request)) tables[d.role] = await loadTable(d.datasetId, d.columns);
  const seg = request.useSavedSegments ? ((await loadResult('segmentation'))?.value ?? null) : null;
  const churn = request.useSavedChurn ? await savedChurn() : null;
  // The segmentation's own dataset, when not one of the list's: its ids tell "in none of its segments" from "not found".
  const segMeta = seg && !datasetsOf(request).some((d) => d.datasetId === seg.datasetId) ? await getDataset(seg.datasetId).catch(() => null) : null;
  const segKey = segMeta?.roles.customer;
  const segmentationSource = segMeta && segKey ? { table: await loadTable(segMeta.id, [segKey]), id: segKey } : null;
  // The items: the recommender the Recommendations page chose for these transactions, else item-kNN fitted here.
  const wantsItems = Boolean(request.transactions?.item && request.items > 0);
  const noRecommender = wantsItems ? (recommenderProblem((await loadResult('recommend'))?.value, request) ?? undefined) : undefined;
  const served = wantsItems && !noRecommender ? await servedRecommender(onProgress) : null;
  const recommender = served ? servedItems(served.served) : null;
  const sources = { customers: tables.customers, transactions: tables.transactions, products: tables.products, churn, segmentation: seg, segmentationSource, recommender, noRecommender, uplift: await upliftFor(request), remaining: await coxRemaining(), purchaseModel: await storedPurchaseModel(request.transactions?.datasetId) };
  const run = await runActions(request, sources, onProgress);
  await store(run, sourcesOf(run, seg?.datasetId));
  return summariseRun(run);
}

async function actionsSetRules(rules: ActionRule[], profit?: ProfitSettings) {
  const run = withRules(await lastRun(), rules, profit);
  const record = await loadResult('actions');
  await store(run, record?.datasetIds ?? sourcesOf(run));
  return summariseRun(run);
}

async function actionsPage(request: Parameters<ActionsApi['actionsPage']>[0]) {
  const run = await lastRun();
  return pageOf(run, request, queried.of(run, request));
}

async function actionsCsv(query: Parameters<ActionsApi['actionsCsv']>[0]): Promise<Blob> {
  const run = await lastRun();
  return new Blob([listCsv(run, query, queried.of(run, query))], { type: 'text/csv' });
}

async function actionsProfitCsv(): Promise<Blob> {
  return new Blob([profitCsv(await lastRun())], { type: 'text/csv' });
}

async function actionsHoldout(request: Parameters<ActionsApi['actionsHoldout']>[0]) {
  const run = await lastRun();
  const holdout = drawHoldout(run, request);
  const record = await loadResult('actions');
  await saveResult('holdout', holdout, { datasets: record?.datasetIds ?? sourcesOf(run), settings: request });
  return holdout.summary;
}

async function storedHoldout(): Promise<StoredHoldout> {
  const h = (await loadResult('holdout'))?.value;
  if (!h) throw new Error('Draw a hold-out first');
  return h;
}

async function actionsHoldoutCsv(): Promise<Blob> {
  return new Blob([holdoutCsv(await storedHoldout())], { type: 'text/csv' });
}

async function actionsOutcomes(file: Blob, columns: { customer?: string; outcome?: string } = {}) {
  const h = await storedHoldout();
  return readOutcomes(h, new Uint8Array(await file.arrayBuffer()), columns);
}

async function actionsReport(options: { includeCustomers: boolean; title?: string }): Promise<Blob> {
  const run = await lastRun();
  const datasets = await Promise.all(datasetsOf(run.request).map(async (d) => reportDataset(await getDataset(d.datasetId))));
  return new Blob([reportHtml(run, datasets, { ...options, ...(await loadReportParts()) })], { type: 'text/html;charset=utf-8' });
}

export const actionsApi: ActionsApi = {
  actionsAvailable, actionsLast, actionsBuild, actionsSetRules, actionsPage, actionsCsv, actionsProfitCsv,
  actionsHoldout, actionsHoldoutCsv, actionsOutcomes, actionsReport,
};
