// The retention action list in the compute worker: thin glue from stored columns and saved artefacts
// (the Churn page's scores, the Segments page's segmentation) to src/lib/actions. The last list stays
// here for paging, CSV, hold-outs and the report; rules and the last hold-out persist in settings.
import type {
  ActionQuery,
  ActionRule,
  ActionsApi,
  ActionsAvailable,
  ActionsRequest,
  ActionsSummary,
  ChurnScores,
  HoldoutRequest,
  HoldoutSummary,
  OutcomeResult,
  SavedSegmentation,
} from '../../src/contract';
import { buildActionList, type BuildResult } from '../../src/lib/actions/build';
import { assignHoldout } from '../../src/lib/actions/holdout';
import { csvRow, CSV_HEADER, queryRows, rowView } from '../../src/lib/actions/query';
import { buildReport } from '../../src/lib/actions/report';
import type { ReportData } from '../../src/lib/actions/report-types';
import { actionCounts, applyRules, checkRules, DEFAULT_RULES } from '../../src/lib/actions/rules';
import { DEFAULT_CUTOFFS, RISK_BANDS, VALUE_TIERS } from '../../src/lib/actions/types';
import { outcomeValue, upliftInterval } from '../../src/lib/actions/uplift';
import { parseTable } from '../../src/lib/data/parse-table';
import { cellText, getColumn } from '../../src/lib/data/table';
import { toCsv } from '../../src/lib/export/csv';
import { getDataset, getSetting, loadTable, setSetting } from '../../src/storage/datasets';
import { readyEngine } from './engine';
import { SEGMENTATION_KEY } from './segment';

const RULES_KEY = 'actions:rules';
const HOLDOUT_KEY = 'actions:holdout';
const CHURN_SCORES_KEY = 'churnScores:last';

interface StoredHoldout {
  summary: HoldoutSummary;
  customers: string[];
  control: number[];
  probability: (number | null)[];
  action: string[];
}

let last: { request: ActionsRequest; result: BuildResult; seconds: number } | null = null;

const present = (...names: (string | undefined)[]) => names.filter((n): n is string => Boolean(n));

async function storedRules(): Promise<ActionRule[]> {
  return (await getSetting<ActionRule[]>(RULES_KEY)) ?? DEFAULT_RULES;
}

async function actionsAvailable(): Promise<ActionsAvailable> {
  const churn = await getSetting<ChurnScores>(CHURN_SCORES_KEY);
  const seg = await getSetting<SavedSegmentation>(SEGMENTATION_KEY);
  const holdout = await getSetting<StoredHoldout>(HOLDOUT_KEY);
  return {
    savedChurn: churn ? { datasetId: churn.datasetId, createdAt: churn.createdAt, customers: churn.customers.length } : null,
    savedSegmentation: seg ? { name: seg.name, datasetId: seg.datasetId, createdAt: seg.createdAt, customers: seg.customers.length } : null,
    rules: await storedRules(),
    defaultRules: DEFAULT_RULES,
    cutoffs: DEFAULT_CUTOFFS,
    holdout: holdout?.summary ?? null,
  };
}

function lastList(): BuildResult {
  if (!last) throw new Error('Build the action list first');
  return last.result;
}

function summarize(): ActionsSummary {
  const { result, seconds } = last!;
  const { list } = result;
  const bands = RISK_BANDS.map((band) => ({ band, customers: 0 }));
  const tiers = VALUE_TIERS.map((tier) => ({ tier, customers: 0 }));
  let disagreements = 0;
  let total = 0;
  for (let i = 0; i < list.customers.length; i++) {
    if (list.band[i] >= 0) bands[list.band[i]].customers++;
    if (list.tier[i] >= 0) tiers[list.tier[i]].customers++;
    if (list.disagree[i]) disagreements++;
    if (!Number.isNaN(list.valueAtRisk[i])) total += list.valueAtRisk[i];
  }
  return {
    customers: list.customers.length,
    actions: actionCounts(list),
    segments: [...new Set(list.segment)].filter(Boolean).sort(),
    bands,
    tiers,
    disagreements,
    totalValueAtRisk: total,
    sources: result.sources,
    notes: result.notes,
    seconds,
  };
}

async function actionsBuild(request: ActionsRequest, onProgress?: (p: { stage: string; done: number; total: number }) => void): Promise<ActionsSummary> {
  const started = performance.now();
  checkRules(request.rules);
  onProgress?.({ stage: 'Loading data', done: 0, total: 1 });
  await readyEngine();
  const c = request.customers;
  const t = request.transactions;
  const p = request.products;
  const customers = c ? { table: await loadTable(c.datasetId), id: c.id, target: c.target || undefined, positive: c.positive || undefined, spend: c.spend || undefined } : null;
  const transactions = t ? { table: await loadTable(t.datasetId, present(t.customer, t.date, t.amount, t.item)), customer: t.customer, date: t.date, amount: t.amount || undefined, item: t.item || undefined } : null;
  const products = p ? { table: await loadTable(p.datasetId, [p.key, p.name]), key: p.key, name: p.name } : null;
  let savedChurn = null;
  let staleScores = false;
  if (request.useSavedChurn && c) {
    const s = await getSetting<ChurnScores>(CHURN_SCORES_KEY);
    // Scores from before a change of a column's type or role are out of date: train here instead, and say so.
    const current = (await getDataset(c.datasetId)).version ?? 1;
    if (s && s.datasetId === c.datasetId && (s.datasetVersion ?? 1) !== current) staleScores = true;
    else if (s && s.datasetId === c.datasetId) savedChurn = { customers: s.customers, probability: s.probability, reasons: s.reasons, card: s.card, source: `the Churn page's scores of ${s.createdAt.slice(0, 10)}` };
  }
  let savedSegments = null;
  if (request.useSavedSegments) {
    const s = await getSetting<SavedSegmentation>(SEGMENTATION_KEY);
    if (s) savedSegments = { customers: s.customers, segment: s.segment, source: `saved segmentation "${s.name}"` };
  }
  const result = await buildActionList(
    { customers, transactions, products, savedChurn, savedSegments },
    { model: request.model, seed: request.seed, months: request.months, items: request.items, cutoffs: request.cutoffs, rules: request.rules },
    onProgress,
  );
  if (request.useSavedChurn && c && !savedChurn && c.target) {
    result.notes.unshift(
      staleScores
        ? "The Churn page's scores are out of date (a column's type or role changed since): a model was trained here instead. Train again on the Churn page to use its model."
        : 'No saved churn scores for this customers dataset: a model was trained here.',
    );
  }
  if (c && !c.id) result.notes.unshift('The customers dataset has no customer key column, so customers are numbered by row ("row 1", "row 2", ...).');
  last = { request, result, seconds: (performance.now() - started) / 1000 };
  await setSetting(RULES_KEY, request.rules);
  return summarize();
}

async function actionsSetRules(rules: ActionRule[]): Promise<ActionsSummary> {
  const result = lastList();
  applyRules(result.list, rules);
  last!.request = { ...last!.request, rules };
  await setSetting(RULES_KEY, rules);
  return summarize();
}

async function actionsPage(request: ActionQuery & { offset: number; limit: number }) {
  const { list } = lastList();
  const index = queryRows(list, request);
  const limit = Math.max(1, Math.min(500, Math.floor(request.limit)));
  const offset = Math.max(0, Math.min(Math.floor(request.offset), Math.max(0, index.length - 1)));
  return { total: index.length, offset, rows: Array.from(index.subarray(offset, offset + limit), (i) => rowView(list, i)) };
}

async function actionsCsv(query: ActionQuery): Promise<string> {
  const { list } = lastList();
  return toCsv(CSV_HEADER, Array.from(queryRows(list, query), (i) => csvRow(list, i)));
}

async function actionsHoldout(request: HoldoutRequest): Promise<HoldoutSummary> {
  const { list } = lastList();
  let rows: Int32Array;
  if (request.from.kind === 'filter') rows = queryRows(list, request.from.query);
  else {
    const n = Math.floor(request.from.n);
    if (!(n >= 2)) throw new Error(`top N must be at least 2, got ${request.from.n}`);
    rows = queryRows(list, { sort: 'valueAtRisk', descending: true }).slice(0, n);
  }
  if (rows.length < 2) throw new Error(`A hold-out needs at least 2 customers; the selection has ${rows.length}`);
  const a = assignHoldout(rows, list.band, request.share, request.seed);
  const control = a.control.reduce((s, v) => s + v, 0);
  const summary: HoldoutSummary = {
    createdAt: new Date().toISOString(),
    customers: rows.length,
    treatment: rows.length - control,
    control,
    share: request.share,
    seed: request.seed,
    strata: a.strata.map((s) => ({ band: s.band >= 0 ? RISK_BANDS[s.band] : 'no score', customers: s.customers, control: s.control })),
  };
  const stored: StoredHoldout = {
    summary,
    customers: Array.from(rows, (i) => list.customers[i]),
    control: Array.from(a.control),
    probability: Array.from(rows, (i) => (Number.isNaN(list.probability[i]) ? null : list.probability[i])),
    action: Array.from(rows, (i) => list.actions[list.action[i]]),
  };
  await setSetting(HOLDOUT_KEY, stored);
  return summary;
}

async function storedHoldout(): Promise<StoredHoldout> {
  const h = await getSetting<StoredHoldout>(HOLDOUT_KEY);
  if (!h) throw new Error('Draw a hold-out first');
  return h;
}

async function actionsHoldoutCsv(): Promise<string> {
  const h = await storedHoldout();
  return toCsv(
    ['customer', 'group', 'churn_probability', 'action'],
    h.customers.map((c, k) => [c, h.control[k] ? 'control' : 'treatment', h.probability[k], h.control[k] ? 'No contact (control)' : h.action[k]]),
  );
}

/** A column named like `pattern`, else the `fallback`-th column. */
function pickColumn(names: string[], wanted: string | undefined, pattern: RegExp, fallback: number, what: string): string {
  if (wanted) {
    if (!names.includes(wanted)) throw new Error(`The outcomes file has no column "${wanted}" (columns: ${names.join(', ')})`);
    return wanted;
  }
  const found = names.find((n) => pattern.test(n));
  if (found) return found;
  if (names[fallback] === undefined) throw new Error(`The outcomes file needs a ${what} column (columns: ${names.join(', ')})`);
  return names[fallback];
}

async function actionsOutcomes(bytes: Uint8Array, columns: { customer?: string; outcome?: string } = {}): Promise<OutcomeResult> {
  const h = await storedHoldout();
  const { table } = parseTable(bytes);
  const names = table.columns.map((c) => c.name);
  const customerColumn = pickColumn(names, columns.customer, /customer|client|^id$/i, 0, 'customer');
  const outcomeColumn = pickColumn(
    names.filter((n) => n !== customerColumn),
    columns.outcome,
    /retain|outcome|stay|active|churn/i,
    0,
    'retained (yes/no or 1/0)',
  );
  // A column about churn says yes for customers lost: its values are inverted.
  const inverted = /churn/i.test(outcomeColumn) && !/retain/i.test(outcomeColumn);
  const idCol = getColumn(table, customerColumn);
  const outCol = getColumn(table, outcomeColumn);
  const group = new Map(h.customers.map((c, k) => [c.trim(), h.control[k]]));
  const seen = new Set<string>();
  let notInHoldout = 0;
  let unreadable = 0;
  const n = [0, 0];
  const retained = [0, 0];
  for (let r = 0; r < table.rows; r++) {
    const id = cellText(idCol, r).trim();
    const g = group.get(id);
    if (g === undefined) {
      notInHoldout++;
      continue;
    }
    let v = outcomeValue(cellText(outCol, r));
    if (v < 0) {
      unreadable++;
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    if (inverted) v = 1 - v;
    n[g]++;
    retained[g] += v;
  }
  return {
    ...upliftInterval(retained[0], n[0], retained[1], n[1]),
    customerColumn,
    outcomeColumn: inverted ? `${outcomeColumn} (inverted: churned = not retained)` : outcomeColumn,
    rows: table.rows,
    matched: seen.size,
    notInHoldout,
    unreadable,
    missing: h.customers.length - seen.size,
  };
}

async function datasetInfo(id: string | undefined) {
  if (!id) return [];
  const meta = await getDataset(id);
  const roles = Object.entries(meta.roles ?? {})
    .map(([role, col]) => `${role}: ${col}`)
    .join(', ');
  return [{ name: meta.name, rows: meta.rows, columns: meta.columns.length, roles }];
}

async function actionsReport(options: { includeCustomers: boolean; title?: string }): Promise<string> {
  const result = lastList();
  const { request } = last!;
  const { list } = result;
  const s = summarize();
  const bySegment = new Map<string, { customers: number; valueAtRisk: number }>();
  list.segment.forEach((seg, i) => {
    const e = bySegment.get(seg) ?? { customers: 0, valueAtRisk: 0 };
    e.customers++;
    if (!Number.isNaN(list.valueAtRisk[i])) e.valueAtRisk += list.valueAtRisk[i];
    bySegment.set(seg, e);
  });
  const data: ReportData = {
    ...result.report,
    title: options.title?.trim() || 'Retention report',
    createdAt: new Date().toISOString(),
    datasets: [...(await datasetInfo(request.customers?.datasetId)), ...(await datasetInfo(request.transactions?.datasetId)), ...(await datasetInfo(request.products?.datasetId))],
    sources: result.sources,
    actions: {
      customers: list.customers.length,
      counts: s.actions,
      bySegment: [...bySegment.entries()].map(([segment, v]) => ({ segment, ...v })).sort((a, b) => b.valueAtRisk - a.valueAtRisk),
      byBand: s.bands,
      disagreements: s.disagreements,
      rules: request.rules,
    },
    notes: result.notes,
    table: options.includeCustomers ? Array.from(queryRows(list, { sort: 'valueAtRisk', descending: true }), (i) => rowView(list, i)) : null,
  };
  return buildReport(data);
}

export const actionsApi: ActionsApi = {
  actionsAvailable,
  actionsBuild,
  actionsSetRules,
  actionsPage,
  actionsCsv,
  actionsHoldout,
  actionsHoldoutCsv,
  actionsOutcomes,
  actionsReport,
};
