// The Actions page's calls as pure functions over loaded tables and saved artefacts: build a list from
// a request, re-apply rules, summarise, page and export it. The compute worker loads and stores; the
// Node tests call these directly (tests/capabilities/actions.ts).
import type { Table } from '../data/table';
import { toCsv } from '../export/csv';
import type { ProgressFn } from '../progress';
import { recommendFor, servedSource, type Served } from '../recommend/serve';
import { buildActionList, ids, profitNotes, type BuildInputs, type ItemRecommender } from './build';
import { applyProfit, checkProfit, curvePoints, DEFAULT_PROFIT, planContacts, pointAt, PROFIT_FORMULA, type ProfitSettings, type UpliftInput } from './profit';
import { csvHeader, csvRow, queryRows, rowView } from './query';
import { actionCounts, applyRules, checkRules } from './rules';
import { RISK_BANDS, VALUE_TIERS, type ActionQuery, type ActionRule } from './types';
import type { ActionsPageRequest, ActionsPageView, ActionsRequest, ActionsRun, ActionsSummary, ProfitSummary, SavedChurnScores, SavedSegments } from './views';

/** What a request needs loaded: each dataset's columns (undefined = every column), in request order. */
export function datasetsOf(request: ActionsRequest): { role: 'customers' | 'transactions' | 'products'; datasetId: string; columns?: string[] }[] {
  const { customers: c, transactions: t, products: p } = request;
  const present = (...names: (string | undefined)[]) => names.filter((n): n is string => Boolean(n));
  return [
    ...(c ? [{ role: 'customers' as const, datasetId: c.datasetId }] : []),
    ...(t ? [{ role: 'transactions' as const, datasetId: t.datasetId, columns: present(t.customer, t.date, t.amount, t.item) }] : []),
    ...(p ? [{ role: 'products' as const, datasetId: p.datasetId, columns: [p.key, p.name] }] : []),
  ];
}

export interface ActionSources {
  customers: Table | null;
  transactions: Table | null;
  products: Table | null;
  /** The Churn page's last scores, and whether a dataset they came from changed since. */
  churn: { scores: SavedChurnScores; stale: boolean } | null;
  segmentation: SavedSegments | null;
  /** The customer ids of the segmentation's source dataset when it is not one of the list's (see buildActionList's `inSource`). */
  segmentationSource?: { table: Table; id: string } | null;
  /** The Recommendations page's served model for these transactions; item-kNN is fitted here without one. */
  recommender?: ItemRecommender | null;
  /** Why there is none (see recommenderProblem), said in the summary's `sources.items`. */
  noRecommender?: string;
  /** The Uplift page's per-customer scores (for the profit's uplift basis), with where they came from. */
  uplift?: (UpliftInput & { source: string }) | null;
  /** The Cox regression's expected remaining lifetime per customer (Survival tab), when stored with a customer id. */
  remaining?: BuildInputs['remaining'];
  /** The Lifetime value page's chosen purchase model, when it ran on the list's transactions. */
  purchaseModel?: BuildInputs['purchaseModel'];
}

/**
 * Why the Recommendations page's stored run cannot give this list's items (null when it can): it must
 * have run on the same transactions dataset, with the same customer and item columns.
 */
export function recommenderProblem(stored: { request: { datasetId: string; customer: string; item: string } } | null | undefined, request: ActionsRequest): string | null {
  const t = request.transactions;
  if (!t?.item || request.items <= 0) return null;
  if (!stored) return 'the Recommendations page has not run';
  const r = stored.request;
  if (r.datasetId !== t.datasetId) return 'the Recommendations page ran on another dataset';
  if (r.customer !== t.customer || r.item !== t.item) return `the Recommendations page ran on "${r.customer}" and "${r.item}"`;
  return null;
}

/** The served model of the Recommendations page as the action list's recommender. */
export function servedItems(served: Served): ItemRecommender {
  return {
    source: servedSource(served),
    async recommend(customers, n) {
      const lists = await recommendFor(served, customers, n);
      return customers.map((c) => lists[c].map(({ item, name }) => ({ item, name })));
    },
  };
}

/** Builds the list of a request: trains what is needed, joins, applies the rules, and says where each part came from. */
export async function runActions(request: ActionsRequest, sources: ActionSources, onProgress?: ProgressFn): Promise<ActionsRun> {
  const started = performance.now();
  checkRules(request.rules);
  // Bad costs say so before anything is trained.
  checkProfit(request.profit ?? DEFAULT_PROFIT);
  const { customers: c, transactions: t, products: p } = request;
  const table = (what: string, x: Table | null) => {
    if (!x) throw new Error(`The ${what} dataset was not loaded`);
    return x;
  };
  const customers = c ? { table: table('customers', sources.customers), id: c.id, target: c.target || undefined, positive: c.positive || undefined, spend: c.spend || undefined } : null;
  const transactions = t ? { table: table('transactions', sources.transactions), customer: t.customer, date: t.date, amount: t.amount || undefined, item: t.item || undefined } : null;
  const products = p ? { table: table('products', sources.products), key: p.key, name: p.name } : null;
  let savedChurn: SavedChurnScores & { source: string } | null = null;
  let staleScores = false;
  const s = sources.churn;
  // Scores from before a change of a column's type or role are out of date: train here instead, and say so.
  if (request.useSavedChurn && c && s && s.scores.datasetId === c.datasetId) {
    if (s.stale) staleScores = true;
    else {
      const { datasetId, createdAt, customers, probability, reasons, card, shap } = s.scores;
      savedChurn = { datasetId, createdAt, customers, probability, reasons, card, shap, source: `the Churn page's scores of ${createdAt.slice(0, 10)}` };
    }
  }
  const seg = request.useSavedSegments ? sources.segmentation : null;
  // Of the same dataset as the list's customers (or its transactions without them): every id is in its source.
  const src = sources.segmentationSource;
  const inSource = seg && seg.datasetId === (c?.datasetId ?? t?.datasetId) ? ('all' as const) : src ? new Set(ids(src.table, src.id)) : undefined;
  const savedSegments = seg ? { customers: seg.customers, segment: seg.segment, source: `saved segmentation "${seg.name}"`, name: seg.name, inSource } : null;
  const result = await buildActionList(
    { customers, transactions, products, savedChurn, savedSegments, recommender: sources.recommender ?? null, noRecommender: sources.noRecommender, uplift: upliftFor(request, sources), remaining: sources.remaining, purchaseModel: sources.purchaseModel },
    { model: request.model, seed: request.seed, months: request.months, items: request.items, cutoffs: request.cutoffs, rules: request.rules, profit: request.profit ?? DEFAULT_PROFIT },
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
  return { request, result, seconds: (performance.now() - started) / 1000 };
}

/** The uplift scores the request's uplift basis needs (an error saying what to do when there are none). */
function upliftFor(request: ActionsRequest, sources: ActionSources): (UpliftInput & { source: string }) | null {
  if (request.profit?.basis !== 'uplift') return null;
  if (!sources.uplift) throw new Error('No uplift scores: fit an uplift model on the Uplift page first, or rank by a save rate');
  return sources.uplift;
}

/**
 * Re-applies rules to a built list (nothing is retrained), and with `profit` new costs first: the expected
 * profit and the contact list are re-planned on the same scores. The run's request keeps both.
 */
export function withRules(run: ActionsRun, rules: ActionRule[], profit?: ProfitSettings): ActionsRun {
  checkRules(rules);
  const { list } = run.result;
  let result = run.result;
  if (profit) {
    if (profit.basis === 'uplift' && !list.uplift) throw new Error('This list was built without uplift scores: build it again with the uplift basis');
    const info = applyProfit(list, profit);
    // The scores stay on the list (a later switch back to the uplift basis uses them), so does where they came from.
    info.uplift = run.result.profit?.uplift ?? null;
    // The notes about who the profit cannot value follow the new basis.
    const old = run.result.profit ? profitNotes(run.result.profit, list.customers.length) : [];
    result = { ...run.result, profit: info, notes: [...run.result.notes.filter((n) => !old.includes(n)), ...profitNotes(info, list.customers.length)] };
  }
  applyRules(list, rules);
  return { ...run, result, request: { ...run.request, rules, ...(profit ? { profit } : {}) } };
}

/** The contact list of a built list: the curve, its maximum and the list within the budget. */
export function profitSummary(run: ActionsRun): ProfitSummary | null {
  const { list, profit: info } = run.result;
  if (!info || !list.profit) return null;
  const s = info.settings;
  const plan = planContacts(list.profit, s);
  const uplift = s.basis === 'uplift' ? (list.uplift ?? null) : null;
  let positive = 0;
  for (let k = 0; k < plan.order.length; k++) if (list.profit[plan.order[k]] > 0) positive++;
  const u = info.uplift;
  return {
    settings: s,
    formula: PROFIT_FORMULA[s.basis],
    basis: s.basis === 'uplift' && u ? `uplift model ${u.model} (${u.source}; ${u.matched.toLocaleString('en-US')} customers scored)` : `save rate ${Math.round(s.saveRate * 1000) / 10}% of contacted would-be churners`,
    valued: plan.order.length,
    positive,
    noClv: info.noClv,
    noScore: info.noScore,
    best: pointAt(plan, plan.best, list, s, uplift),
    chosen: pointAt(plan, plan.chosen, list, s, uplift),
    budgetCap: Number.isFinite(plan.budgetCap) ? plan.budgetCap : null,
    curve: curvePoints(plan),
  };
}

/** The whole profit curve as CSV: one row per valued customer in contact order, with the running total. */
export function profitCsv(run: ActionsRun): string {
  const { list, profit: info } = run.result;
  if (!info || !list.profit) throw new Error('This list has no expected profit: build it again');
  const plan = planContacts(list.profit, info.settings);
  const rows = Array.from(plan.order, (i, k) => [k + 1, list.customers[i], list.profit![i], plan.cumulative[k + 1], k < plan.chosen ? 1 : 0]);
  return toCsv(['contacted', 'customer', 'expected_profit', 'cumulative_expected_profit', 'in_contact_list'], rows);
}

export function summariseRun(run: ActionsRun): ActionsSummary {
  const { result, seconds } = run;
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
    segments: naturalOrder([...new Set(list.segment)].filter(Boolean)),
    bands,
    tiers,
    disagreements,
    totalValueAtRisk: total,
    sources: result.sources,
    profit: profitSummary(run),
    notes: result.notes,
    seconds,
  };
}

/**
 * A list's rows for a query (queryRows), remembered for the last query of the last run: the worker turned a page of
 * a million-customer list by filtering and sorting it all again (1-4 s a page on two cores). Another run (a rebuild,
 * new rules or profit settings: withRules returns a new run), filter, search or sort reads them anew; offset and
 * limit do not count. The array is shared: callers must not change it.
 */
export class QueryRows {
  #last: { run: ActionsRun; key: string; index: Int32Array } | null = null;

  of(run: ActionsRun, query: ActionQuery): Int32Array {
    // every field but the page's own, so a filter added to ActionQuery later counts without a change here
    const key = JSON.stringify(Object.entries(query).filter(([k, v]) => k !== 'offset' && k !== 'limit' && v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (this.#last?.run !== run || this.#last.key !== key) this.#last = { run, key, index: queryRows(run.result.list, query) };
    return this.#last.index;
  }
}

/** One page of the list, filtered and sorted (at most 500 rows); `index`: the query's rows, if at hand (QueryRows). */
export function pageOf(run: ActionsRun, request: ActionsPageRequest, index = queryRows(run.result.list, request)): ActionsPageView {
  const { list } = run.result;
  const limit = Math.max(1, Math.min(500, Math.floor(request.limit)));
  const offset = Math.max(0, Math.min(Math.floor(request.offset), Math.max(0, index.length - 1)));
  return { total: index.length, offset, rows: Array.from(index.subarray(offset, offset + limit), (i) => rowView(list, i)) };
}

/** The filtered, sorted list as a formula-safe CSV; `index` as for pageOf. */
export function listCsv(run: ActionsRun, query: ActionQuery, index = queryRows(run.result.list, query)): string {
  const { list } = run.result;
  return toCsv(csvHeader(list), Array.from(index, (i) => csvRow(list, i)));
}

/** Names in natural order: "Tree rule 2" before "Tree rule 10" (numbers compared as numbers). */
export function naturalOrder(names: string[]): string[] {
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
