// Churn prediction in the compute worker: thin glue from stored columns to src/lib (label checks,
// cross-validated training, evaluation, scoring, saved models). The last scored customers stay here
// for paging and CSV, and a compact copy is persisted so other pages' workers (the action list) read it.
import { transfer } from 'comlink';
import { churnCard } from '../../src/lib/actions/build';
import type {
  ChurnApi,
  ChurnInspection,
  ChurnPageRequest,
  ChurnRequest,
  ChurnRunResult,
  ChurnScoredSummary,
  ChurnScoreRow,
  ChurnScores,
  ChurnSource,
  ModelProgress,
  SavedChurnModelInfo,
} from '../../src/contract';
import { cellText, getColumn, isNumericColumn, type Column, type Table } from '../../src/lib/data/table';
import { toCsv } from '../../src/lib/export/csv';
import { deriveChurnLabel } from '../../src/lib/features/churn/derive';
import { leakageWarnings } from '../../src/lib/features/churn/leakage';
import { fitPipeline, transformTable } from '../../src/lib/features/churn/pipeline';
import { encodeTarget, labelledRows } from '../../src/lib/features/churn/target';
import { averagePrecision, rocAuc } from '../../src/lib/metrics';
import { rankedCounts } from '../../src/lib/metrics/ranking';
import { BAND_NAMES, MODEL_NAMES, reasonTexts, scoreTable, trainChurn, type SavedChurnModel } from '../../src/lib/models/churn';
import { deleteSetting, getDataset, getSetting, loadTable, setSetting } from '../../src/storage/datasets';
import { parseDay } from '../../src/lib/data/dates';
import { buffersOf } from '../../src/lib/transfer';
import { readyEngine } from './engine';

const INDEX_KEY = 'churnModels';
const LAST_SCORES_KEY = 'churnScores:last';
const modelKey = (id: string): string => `churnModel:${id}`;
/** Customers explained with top reasons, riskiest first (each costs a prediction pass per column). */
const REASON_ROWS = 20_000;
const REASONS = 3;
/** Chart curves are thinned to about this many points (the slider uses the full counts). */
const CURVE_POINTS = 1500;

interface Prepared {
  table: Table;
  target: string;
  positive?: string;
  idColumn: string | null;
  notes: string[];
  datasetName: string;
}

interface StoredModel {
  saved: SavedChurnModel;
  scores: ChurnScores;
}

let cache: { key: string; prepared: Prepared } | null = null;
let lastTrained: { saved: SavedChurnModel; scores: ChurnScores; modelName: string; customers: number } | null = null;
let last: { scores: ChurnScores; orders: Map<string, Int32Array> } | null = null;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The customer key role, or null: then rows are numbered ("row 1"), never keyed by a guessed column. */
function defaultIdColumn(columns: { name: string; type: string }[], roles: Partial<Record<string, string>>): string | null {
  const role = roles.customer;
  return role && columns.some((c) => c.name === role) ? role : null;
}

const NO_KEY_NOTE = 'This dataset has no customer key column, so customers are numbered by row ("row 1", "row 2", ...). Choose a key under "Customer id" if it has one.';

/** The customer table behind a source: a stored dataset, or one derived from transactions. */
async function prepare(source: ChurnSource): Promise<Prepared> {
  const { positive: _p, ...rest } = source as ChurnSource & { positive?: string };
  const meta = await getDataset(source.datasetId);
  // The version changes with a column's type or a role: a table read before is stale then.
  const key = JSON.stringify(rest) + `@${meta.version ?? 1}`;
  if (cache?.key === key) return { ...cache.prepared, positive: source.kind === 'label' ? source.positive : undefined };
  let prepared: Prepared;
  if (source.kind === 'label') {
    const table = await loadTable(source.datasetId);
    const idColumn = source.idColumn ?? defaultIdColumn(meta.columns, meta.roles);
    prepared = { table, target: source.target, positive: source.positive, idColumn, notes: idColumn ? [] : [NO_KEY_NOTE], datasetName: meta.name };
  } else {
    const names = [source.customer, source.date, source.amount].filter((n): n is string => Boolean(n));
    const tx = await loadTable(source.datasetId, names);
    let asOf: number;
    if (source.asOf) asOf = parseDay(source.asOf);
    else {
      const dates = (getColumn(tx, source.date) as Column & { values: Float64Array }).values;
      asOf = -Infinity;
      for (const d of dates) if (d > asOf) asOf = d;
      if (!Number.isFinite(asOf)) throw new Error(`"${source.date}" has no dates`);
      asOf = Math.floor(asOf / 86_400_000) * 86_400_000;
    }
    const derived = deriveChurnLabel(tx, { customer: source.customer, date: source.date, amount: source.amount, asOf, horizonDays: source.horizonDays, windowDays: source.windowDays });
    prepared = { table: derived.table, target: 'churned', idColumn: 'customer', notes: derived.notes, datasetName: `${meta.name} (derived label)` };
  }
  cache = { key, prepared };
  return prepared;
}

/** Distinct non-missing values of a label column as text (booleans as true/false), up to 13. */
function labelValues(c: Column): string[] {
  const seen = new Set<string>();
  if (isNumericColumn(c)) {
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      seen.add(c.type === 'boolean' ? (v ? 'true' : 'false') : String(v));
      if (seen.size > 12) break;
    }
  } else {
    const used = new Uint8Array(c.dictionary.length);
    for (const code of c.codes) if (code >= 0) used[code] = 1;
    c.dictionary.forEach((d, i) => {
      if (used[i] && seen.size <= 12) seen.add(d);
    });
  }
  return [...seen];
}

async function churnInspect(source: ChurnSource): Promise<ChurnInspection> {
  const p = await prepare(source);
  const { table, target } = p;
  const column = getColumn(table, target);
  const out: ChurnInspection = {
    rows: table.rows,
    target,
    values: labelValues(column),
    label: null,
    error: null,
    columns: table.columns.filter((c) => c.name !== target).map((c) => ({ name: c.name, type: c.type, excluded: null })),
    leakage: [],
    idColumn: p.idColumn,
    notes: p.notes,
  };
  let rows: Int32Array | undefined;
  let y: Float32Array | undefined;
  try {
    const t = encodeTarget(table, target, p.positive);
    out.label = { positive: t.positive, negative: t.negative, positives: t.positives, negatives: t.negatives, missing: t.missing };
    rows = labelledRows(t.y);
    y = Float32Array.from(rows, (r) => t.y[r]);
  } catch (e) {
    out.error = message(e);
  }
  try {
    const pipeline = fitPipeline(table, target, rows);
    const reasons = new Map(pipeline.excluded.map((e) => [e.name, e.reason]));
    out.columns = out.columns.map((c) => ({ ...c, excluded: reasons.get(c.name) ?? null }));
    if (rows && y) out.leakage = leakageWarnings(transformTable(pipeline, table, rows), y);
  } catch (e) {
    out.error ??= message(e);
  }
  return out;
}

/** At most `max` evenly spaced points of parallel curves, always keeping both ends. */
function thin(max: number, ...arrays: ArrayLike<number>[]): Float64Array[] {
  const n = arrays[0].length;
  if (n <= max) return arrays.map((a) => Float64Array.from(a));
  const idx = Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
  return arrays.map((a) => Float64Array.from(idx, (i) => a[i]));
}

function customerIds(table: Table, idColumn: string | null): string[] {
  if (!idColumn) return Array.from({ length: table.rows }, (_, i) => `row ${i + 1}`);
  const c = getColumn(table, idColumn);
  return Array.from({ length: table.rows }, (_, i) => cellText(c, i));
}

/** The `k` highest probabilities' rows, highest first. */
function riskiest(p: Float64Array, k: number): Int32Array {
  const idx = Int32Array.from({ length: p.length }, (_, i) => i);
  idx.sort((a, b) => p[b] - p[a] || a - b);
  return idx.slice(0, k);
}

function bandCounts(band: Uint8Array): number[] {
  const counts = BAND_NAMES.map(() => 0);
  for (const b of band) counts[b]++;
  return counts;
}

/** Makes these scores the ones the table, CSV and action list read, and persists a compact copy. */
async function keepScores(scores: ChurnScores, notes: string[]): Promise<void> {
  last = { scores, orders: new Map() };
  try {
    await setSetting(LAST_SCORES_KEY, scores);
  } catch (e) {
    notes.push(`The scores could not be kept in this browser's storage (${message(e)}); they are available until the page is closed.`);
  }
}

function summary(scores: ChurnScores, datasetName: string, thresholds: { high: number; medium: number }, modelName: string, explained: number): ChurnScoredSummary {
  return {
    datasetId: scores.datasetId,
    datasetName,
    customers: scores.customers.length,
    bandCounts: bandCounts(scores.band),
    bandNames: [...BAND_NAMES],
    thresholds,
    explained,
    modelName,
  };
}

async function churnTrain(request: ChurnRequest, onProgress?: (p: ModelProgress) => void): Promise<ChurnRunResult> {
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  const p = await prepare(request.source);
  const engine = await readyEngine();
  const names = new Set(p.table.columns.map((c) => c.name));
  const result = await trainChurn(
    p.table,
    {
      target: p.target,
      positive: p.positive,
      model: request.model,
      folds: request.folds,
      seed: request.seed,
      pipeline: { exclude: request.exclude.filter((n) => names.has(n) && n !== p.target) },
      reasons: REASONS,
      reasonRows: REASON_ROWS,
    },
    onProgress,
  );
  const ev = result.evaluation;
  const ranked = rankedCounts(ev.y, ev.oof, 'churn evaluation');
  const [fpr, tpr] = thin(CURVE_POINTS, ev.roc.fpr, ev.roc.tpr);
  const [recall, precision] = thin(CURVE_POINTS, ev.pr.recall, ev.pr.precision);
  const [gPop, gain] = thin(CURVE_POINTS, ev.gains.population, ev.gains.gain);
  const [lPop, lift] = thin(CURVE_POINTS, ev.lift.population, ev.lift.lift);

  const reasons: string[][] = Array.from({ length: p.table.rows }, () => []);
  result.reasons.rows.forEach((row, i) => (reasons[row] = reasonTexts(result.reasons.reasons[i])));
  const scores: ChurnScores = {
    datasetId: request.source.datasetId,
    datasetVersion: (await getDataset(request.source.datasetId)).version ?? 1,
    createdAt: result.saved.createdAt,
    customers: customerIds(p.table, p.idColumn),
    probability: result.scores.probability,
    band: result.scores.band,
    bandNames: [...BAND_NAMES],
    reasons,
    card: churnCard(result, p.table.rows, 'the Churn page'),
  };
  const notes = [...p.notes, ...result.notes];
  await keepScores(scores, notes);
  const modelName = MODEL_NAMES[result.model];
  lastTrained = { saved: result.saved, scores, modelName, customers: p.table.rows };

  const out: ChurnRunResult = {
    model: result.model,
    modelName,
    folds: result.folds,
    seed: result.seed,
    target: result.target,
    baseRate: result.baseRate,
    leaderboard: result.leaderboard,
    features: result.features,
    leakage: result.leakage,
    importance: result.importance,
    splitGain: result.splitGain ?? null,
    evaluation: {
      roc: { fpr, tpr },
      auc: rocAuc(ev.y, ev.oof),
      pr: { recall, precision },
      prAuc: averagePrecision(ev.y, ev.oof),
      calibration: ev.calibration,
      gains: { population: gPop, gain },
      lift: { population: lPop, lift },
      deciles: ev.gains.deciles,
      thresholds: ranked.thresholds,
      tps: ranked.tps,
      fps: ranked.fps,
      positives: ranked.positives,
      negatives: ranked.negatives,
    },
    scored: summary(scores, p.datasetName, result.saved.bands, modelName, result.reasons.rows.length),
    notes,
    seconds: result.seconds,
    backend: engine.active,
  };
  // Every buffer above is fresh (the kept scores are not in `out`), so moving them is safe.
  return transfer(out, buffersOf(out));
}

async function currentScores(): Promise<{ scores: ChurnScores; orders: Map<string, Int32Array> }> {
  if (last) return last;
  const stored = await getSetting<ChurnScores>(LAST_SCORES_KEY);
  if (!stored) throw new Error('No churn scores yet: train a churn model or score a dataset first');
  last = { scores: stored, orders: new Map() };
  return last;
}

function order(state: { scores: ChurnScores; orders: Map<string, Int32Array> }, sort: ChurnPageRequest['sort']): Int32Array {
  let o = state.orders.get(sort);
  if (!o) {
    const { probability: p, customers: c } = state.scores;
    o = Int32Array.from({ length: p.length }, (_, i) => i);
    // Ascending; descending pages read it from the end.
    if (sort === 'probability') o.sort((a, b) => p[a] - p[b] || b - a);
    else o.sort((a, b) => (c[a] < c[b] ? -1 : c[a] > c[b] ? 1 : a - b));
    state.orders.set(sort, o);
  }
  return o;
}

async function churnPage(request: ChurnPageRequest): Promise<{ total: number; rows: ChurnScoreRow[] }> {
  const state = await currentScores();
  const o = order(state, request.sort);
  const n = o.length;
  const { customers, probability, band, reasons } = state.scores;
  const rows: ChurnScoreRow[] = [];
  for (let k = Math.max(0, request.offset); k < Math.min(n, request.offset + request.limit); k++) {
    const i = request.descending ? o[n - 1 - k] : o[k];
    rows.push({ customer: customers[i], probability: probability[i], band: band[i], reasons: reasons[i] ?? [] });
  }
  return { total: n, rows };
}

async function churnCsv(): Promise<string> {
  const state = await currentScores();
  const o = order(state, 'probability');
  const { customers, probability, band, bandNames, reasons } = state.scores;
  const rows: unknown[][] = [];
  for (let k = o.length - 1; k >= 0; k--) {
    const i = o[k];
    const r = reasons[i] ?? [];
    rows.push([customers[i], Number(probability[i].toFixed(6)), bandNames[band[i]], r[0] ?? '', r[1] ?? '', r[2] ?? '']);
  }
  return toCsv(['customer', 'churn_probability', 'risk_band', 'reason_1', 'reason_2', 'reason_3'], rows);
}

async function listModels(): Promise<SavedChurnModelInfo[]> {
  const index = (await getSetting<SavedChurnModelInfo[]>(INDEX_KEY)) ?? [];
  return [...index].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

async function churnSaveModel(name: string): Promise<SavedChurnModelInfo[]> {
  if (!lastTrained) throw new Error('Train a churn model first');
  const { saved, scores, modelName, customers } = lastTrained;
  const id = crypto.randomUUID();
  const info: SavedChurnModelInfo = {
    id,
    name: name.trim() || `${modelName} · ${saved.target.column} · ${saved.createdAt.slice(0, 10)}`,
    createdAt: new Date().toISOString(),
    model: saved.model.kind,
    modelName,
    aucMean: saved.metrics.aucMean,
    aucStd: saved.metrics.aucStd,
    target: saved.target.column,
    columns: saved.pipeline.steps.map((s) => s.column),
    customers,
  };
  await setSetting(modelKey(id), { saved, scores } satisfies StoredModel);
  await setSetting(INDEX_KEY, [...(await listModels()), info]);
  return listModels();
}

async function churnDeleteModel(id: string): Promise<SavedChurnModelInfo[]> {
  await deleteSetting(modelKey(id));
  await setSetting(
    INDEX_KEY,
    (await listModels()).filter((m) => m.id !== id),
  );
  return listModels();
}

async function storedModel(id: string): Promise<StoredModel> {
  const entry = await getSetting<StoredModel>(modelKey(id));
  if (!entry) throw new Error('This saved model is no longer in this browser\'s storage');
  return entry;
}

async function churnScoreDataset(request: { modelId: string; datasetId: string; idColumn?: string }, onProgress?: (p: ModelProgress) => void): Promise<ChurnScoredSummary> {
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  const { saved } = await storedModel(request.modelId);
  const meta = await getDataset(request.datasetId);
  const idColumn = request.idColumn ?? defaultIdColumn(meta.columns, meta.roles);
  const has = new Set(meta.columns.map((c) => c.name));
  // Load what exists; scoreTable then names every missing or mistyped column at once.
  const wanted = [...new Set([...saved.pipeline.steps.map((s) => s.column), ...(idColumn ? [idColumn] : [])])].filter((n) => has.has(n));
  const table = await loadTable(request.datasetId, wanted);
  await readyEngine();
  onProgress?.({ stage: 'Scoring customers', done: 0, total: 2 });
  let scored;
  try {
    scored = scoreTable(saved, table);
  } catch (e) {
    throw new Error(`"${meta.name}" cannot be scored with this model: ${message(e).replace(/^Cannot score this table with the churn model: /, '')}`);
  }
  onProgress?.({ stage: 'Explaining the riskiest customers', done: 1, total: 2 });
  const top = riskiest(scored.probability, Math.min(REASON_ROWS, table.rows));
  const explained = scoreTable(saved, table, { rows: top, reasons: REASONS }).reasons ?? [];
  const reasons: string[][] = Array.from({ length: table.rows }, () => []);
  top.forEach((row, i) => (reasons[row] = reasonTexts(explained[i])));
  const scores: ChurnScores = {
    datasetId: request.datasetId,
    datasetVersion: meta.version ?? 1,
    createdAt: new Date().toISOString(),
    customers: customerIds(table, idColumn),
    probability: scored.probability,
    band: scored.band,
    bandNames: [...BAND_NAMES],
    reasons,
  };
  await keepScores(scores, []);
  return summary(scores, meta.name, saved.bands, MODEL_NAMES[saved.model.kind], top.length);
}

async function churnScores(modelId?: string): Promise<ChurnScores> {
  if (modelId) return (await storedModel(modelId)).scores;
  return (await currentScores()).scores;
}

export const churnApi: ChurnApi = {
  churnInspect,
  churnTrain,
  churnPage,
  churnCsv,
  churnSaveModel,
  churnModels: listModels,
  churnDeleteModel,
  churnScoreDataset,
  churnScores,
};
