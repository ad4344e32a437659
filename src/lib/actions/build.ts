// The action list pipeline from tables, shared by the compute worker and the CLI: churn scores
// (a saved set, or a model trained here on the customers' label), BG/NBD + Gamma-Gamma CLV and
// P(alive) from transactions, segments (a saved segmentation, or RFM named segments), item-kNN
// recommendations, then the join and the rules. Also gathers what the report shows.
import { cellText, getColumn, isNumericColumn, type Table } from '../data/table';
import { computeRfm } from '../features/rfm/rfm';
import { reasonTexts, trainChurn, type ChurnResult, type ModelKind } from '../models/churn';
import { MODEL_NAMES } from '../models/churn/kinds';
import { analyseClv, TooFewRepeatsError, type ClvAnalysis } from '../models/clv/analyse';
import { PURCHASE_MODEL_LABELS, type PurchaseModelName } from '../models/clv/purchase-models';
import { summarizeTransactions, type CustomerSummary, type TimeUnit } from '../models/clv/summary';
import { cohortsFromTable } from '../models/cohorts/cohorts';
import { lifecycleReportFromTable } from '../lifecycle/report';
import { eventsFromTable, interactionMatrix } from '../models/recommend/interactions';
import { fitItemKnn } from '../models/recommend/itemknn';
import { topN } from '../models/recommend/topn';
import type { ProgressFn } from '../progress';
import { assembleActionList, joinById, type Keyed } from './join';
import { queryRows } from './query';
import type { ReportParts } from './report-types';
import { alignUplift, applyProfit, DEFAULT_PROFIT, type ProfitInfo, type ProfitSettings, type UpliftInput } from './profit';
import { applyRules, DEFAULT_RULES } from './rules';
import { joinShap, type ScoresShap } from './shap-columns';
import { DEFAULT_CUTOFFS, type ActionList, type ActionRule, type Cutoffs } from './types';

export interface BuildInputs {
  customers?: { table: Table; id: string; target?: string; positive?: string; exclude?: string[]; spend?: string } | null;
  transactions?: { table: Table; customer: string; date: string; amount?: string; item?: string } | null;
  products?: { table: Table; key: string; name: string } | null;
  /** Scores from the Churn page; used instead of training when given. */
  savedChurn?: { customers: string[]; probability: ArrayLike<number>; reasons: string[][]; source: string; card?: ReportParts['churn']; shap?: ScoresShap } | null;
  /** A saved segmentation; used instead of RFM segments when given. */
  /** `inSource`: the ids of the segmentation's source dataset ('all' when it is the list's own), to tell customers in none of its segments from ids not found. */
  savedSegments?: { customers: string[]; segment: string[]; source: string; name?: string; inSource?: 'all' | ReadonlySet<string> } | null;
  /** The recommender the Recommendations page chose; without one item-kNN is fitted on the transactions here. */
  recommender?: ItemRecommender | null;
  /** Why there is no recommender (said in `sources.items` after the fitted item-kNN). */
  noRecommender?: string;
  /** Per-customer uplift scores of an uplift model (the profit's uplift basis), with where they came from. */
  uplift?: (UpliftInput & { source: string }) | null;
  /** Expected remaining lifetime per customer from the stored Cox regression (a rule can act on it). */
  remaining?: { customers: readonly string[]; remaining: ArrayLike<number>; source: string } | null;
  /** The purchase model the Lifetime value page chose on these transactions (with its holdout); else the best of the three by BIC here. */
  purchaseModel?: { model: PurchaseModelName; source: string } | null;
}

/** Recommended items from a model served elsewhere (the Recommendations page's). */
export interface ItemRecommender {
  /** Where the items come from, in words (the summary's `sources.items`). */
  source: string;
  /** Up to `n` items per customer (id, and its name when the recommender knows it), in the order of `customers`; [] for a customer it does not know. */
  recommend(customers: string[], n: number): Promise<{ item: string; name?: string }[][]>;
}

export interface BuildOptions {
  model: 'auto' | ModelKind;
  folds: number;
  seed: number;
  unit: TimeUnit;
  months: number;
  monthlyDiscountRate: number;
  /** Recommended items per customer (0 = none). */
  items: number;
  /** Recommend for at most this many customers, highest value at risk first. */
  itemCustomers: number;
  cutoffs: Cutoffs;
  rules: ActionRule[];
  /** Costs and save rate (or uplift) of the profit-optimal contact list. */
  profit: ProfitSettings;
}

export const DEFAULT_BUILD_OPTIONS: BuildOptions = {
  model: 'logistic',
  folds: 5,
  seed: 42,
  unit: 'week',
  months: 12,
  monthlyDiscountRate: 0.01,
  items: 3,
  itemCustomers: 20_000,
  cutoffs: DEFAULT_CUTOFFS,
  rules: DEFAULT_RULES,
  profit: DEFAULT_PROFIT,
};

export interface BuildResult {
  list: ActionList;
  report: ReportParts;
  notes: string[];
  sources: { churn: string; clv: string; segment: string; items: string };
  /** What the expected profit and the contact list were computed with (absent in lists stored before). */
  profit?: ProfitInfo;
}

/** Each row's customer id; with no key column (''), the row number, labelled as such ("row 1"). */
export function ids(table: Table, column: string): string[] {
  if (!column) return Array.from({ length: table.rows }, (_, i) => `row ${i + 1}`);
  const c = getColumn(table, column);
  return Array.from({ length: table.rows }, (_, i) => cellText(c, i).trim());
}

export async function buildActionList(inputs: BuildInputs, options: Partial<BuildOptions> = {}, onProgress?: ProgressFn): Promise<BuildResult> {
  const o: BuildOptions = { ...DEFAULT_BUILD_OPTIONS, ...options, cutoffs: { ...DEFAULT_CUTOFFS, ...options.cutoffs }, profit: { ...DEFAULT_PROFIT, ...options.profit } };
  const { customers: cust, transactions: tx, products } = inputs;
  if (!cust && !tx) throw new Error('The action list needs a customers dataset (with a churn label) or a transactions dataset');
  if (cust && !cust.id && tx) throw new Error('The customers dataset has no customer key column, so its rows cannot be matched with transactions: choose its key column, or go on without transactions');
  const notes: string[] = [];
  const report: ReportParts = { segments: null, churn: null, clv: null, cohorts: null };
  const step = (stage: string, done: number) => onProgress?.({ stage, done, total: 5 });

  // Lifetime value and P(alive) from transactions.
  step('Lifetime value (purchase model + Gamma-Gamma)', 0);
  let clvPart: Keyed<{ pAlive: number; clv: number }> | null = null;
  let summary: CustomerSummary | null = null;
  let analysis: ClvAnalysis | null = null;
  let clvSource = 'none';
  if (tx) {
    summary = summarizeTransactions(tx.table, { customer: tx.customer, date: tx.date, amount: tx.amount, unit: o.unit });
    try {
      // The Lifetime value page's choice when it ran on these transactions (it had a holdout to judge by); else all
      // three are fitted and the lowest BIC serves (no holdout here), so the list never sticks to BG/NBD by default.
      analysis = analyseClv(summary, { months: o.months, monthlyDiscountRate: o.monthlyDiscountRate, model: inputs.purchaseModel?.model ?? 'auto' });
    } catch (e) {
      // The list still has segments and churn without a purchase model; it says why there is no CLV.
      if (!(e instanceof TooFewRepeatsError)) throw e;
      notes.push(`No lifetime value or P(alive): ${e.message}`);
    }
  }
  if (tx && summary && analysis) {
    notes.push(...analysis.warnings);
    const a = analysis;
    const value = a.perCustomer.clv;
    clvPart = { customers: summary.customers, value: (i) => ({ pAlive: a.perCustomer.pAlive[i], clv: value ? value[i] : NaN }) };
    const chosen = PURCHASE_MODEL_LABELS[a.purchaseModel.model];
    const why = inputs.purchaseModel ? inputs.purchaseModel.source : a.modelChoice ? `best of three by ${a.modelChoice.rule === 'holdoutMae' ? 'holdout error' : 'BIC'}` : '';
    clvSource = value ? `${chosen} + Gamma-Gamma, ${o.months} months${why ? ` (${why})` : ''}` : `none (P(alive) only from ${chosen}: no amount column or too few repeat buyers)`;
    if (!value) notes.push('CLV could not be estimated (no amount column, or Gamma-Gamma could not fit); value at risk is empty.');
    report.clv = {
      unit: summary.unit,
      months: o.months,
      customers: summary.customers.length,
      bgnbd: { ...a.bgnbd.params },
      model: chosen,
      params: { ...a.purchaseModel.params },
      gammaGamma: a.gammaGamma ? { ...a.gammaGamma.params } : null,
      totalClv: a.totals.clv,
      meanClv: a.totals.meanClv,
      expectedPurchases: a.totals.expectedPurchases,
      histogram: a.charts.clvHistogram ? { edges: a.charts.clvHistogram.edges, counts: a.charts.clvHistogram.counts, above: a.charts.clvHistogram.above } : null,
    };
  }
  if (tx) {
    const cohorts = cohortsFromTable(tx.table, { customer: tx.customer, date: tx.date, amount: tx.amount, period: 'month' });
    report.cohorts = { labels: cohorts.cohorts.map((c) => c.label), sizes: cohorts.cohorts.map((c) => c.size), percent: cohorts.percent };
    report.lifecycle = lifecycleReportFromTable(tx.table, { customer: tx.customer, date: tx.date, amount: tx.amount });
  } else if (cust?.spend) {
    const spend = getColumn(cust.table, cust.spend);
    if (!isNumericColumn(spend)) throw new Error(`The spend column "${cust.spend}" is not numeric`);
    clvPart = { customers: ids(cust.table, cust.id), value: (i) => ({ pAlive: NaN, clv: spend.values[i] }) };
    clvSource = `total spend ("${cust.spend}"); no transactions for BG/NBD`;
  }

  // Churn probability and reasons.
  step('Churn scores', 1);
  let churnPart: Keyed<{ probability: number; reasons: string[] }> | null = null;
  let churnSource = 'none';
  if (inputs.savedChurn) {
    const s = inputs.savedChurn;
    churnPart = { customers: s.customers, value: (i) => ({ probability: s.probability[i], reasons: s.reasons[i] ?? [] }) };
    churnSource = s.source;
    report.churn = s.card
      ? { ...s.card, source: s.source }
      : { source: s.source, model: 'saved on the Churn page', target: '', rows: s.customers.length, baseRate: NaN, features: [], metrics: null, calibration: [], importance: [], limits: ['Metrics of this model are on the Churn page.'] };
  } else if (cust?.target) {
    const result: ChurnResult = await trainChurn(
      cust.table,
      {
        target: cust.target,
        positive: cust.positive,
        model: o.model,
        folds: o.folds,
        seed: o.seed,
        pipeline: { exclude: [cust.id, ...(cust.exclude ?? [])].filter((n) => n && n !== cust.target) },
        reasons: 3,
      },
      (p) => onProgress?.({ stage: `Churn model: ${p.stage}`, done: p.done, total: p.total }),
    );
    const reasons: string[][] = Array.from({ length: cust.table.rows }, () => []);
    result.reasons.rows.forEach((row, k) => (reasons[row] = reasonTexts(result.reasons.reasons[k])));
    const p = result.scores.probability;
    churnPart = { customers: ids(cust.table, cust.id), value: (i) => ({ probability: p[i], reasons: reasons[i] }) };
    // The churn pipeline's own quantile bands are not the list's: its bands are by probability (cutoffs).
    notes.push(...result.notes.filter((n) => !/^Risk bands/i.test(n)));
    report.churn = churnCard(result, cust.table.rows, churnSource);
    churnSource = `${report.churn.model} trained here on "${cust.target}" (cross-validated AUC ${report.churn.metrics!.auc.toFixed(3)})`;
    report.churn.source = churnSource;
  } else if (clvPart && analysis) {
    const a = analysis;
    churnPart = { customers: summary!.customers, value: (i) => ({ probability: 1 - a.perCustomer.pAlive[i], reasons: [] }) };
    churnSource = '1 - P(alive) from BG/NBD (no churn label)';
    notes.push('No churn label: churn probability is 1 - P(alive) from BG/NBD, and there are no reasons.');
  }

  // Segments.
  step('Segments', 2);
  let segPart: Keyed<string> | null = null;
  let segSource = 'none';
  if (inputs.savedSegments) {
    const s = inputs.savedSegments;
    segPart = { customers: s.customers, value: (i) => s.segment[i] };
    segSource = s.source;
  }
  if (tx) {
    const rfm = computeRfm(tx.table, { customer: tx.customer, date: tx.date, amount: tx.amount });
    report.segments = rfm.segments.map((s) => ({ name: s.name, customers: s.customers, share: s.share, revenue: s.revenue }));
    if (!segPart) {
      const names = rfm.segments.map((s) => s.name);
      segPart = { customers: rfm.customerIds, value: (i) => names[rfm.segment[i]] };
      segSource = `RFM named segments as of ${rfm.asOf}`;
    }
  }

  // The join: customers of the customers dataset, else those of the transactions.
  const base = cust ? ids(cust.table, cust.id) : summary!.customers.map((c) => c.trim());
  const list = assembleActionList({ customers: base, churn: churnPart, clv: clvPart, segment: segPart, cutoffs: o.cutoffs });

  // Recommended items for the customers with the highest value at risk (those without one last).
  step('Recommended items', 3);
  let itemSource = 'none';
  if (tx?.item && o.items > 0) {
    const byValue = list.valueAtRisk.some((v) => !Number.isNaN(v));
    const order = queryRows(list, { sort: byValue ? 'valueAtRisk' : 'probability', descending: true });
    const names = productNames(products);
    const label = (id: string, known?: string) => {
      const name = names?.get(id.trim()) ?? known;
      return name ? `${name} (${id})` : id;
    };
    if (inputs.recommender) {
      const chosen = Array.from(order.subarray(0, o.itemCustomers));
      const items = await inputs.recommender.recommend(chosen.map((i) => list.customers[i]), o.items);
      chosen.forEach((row, k) => (list.items[row] = (items[k] ?? []).slice(0, o.items).map((p) => label(p.item, p.name))));
      itemSource = `${inputs.recommender.source}${names ? ', names from the products dataset' : ''}`;
    } else {
      const events = eventsFromTable(tx.table, { user: tx.customer, item: tx.item });
      const matrix = interactionMatrix(events, { scheme: 'binary' });
      const model = fitItemKnn(matrix);
      const userAt = new Map(events.userIds.map((u, i) => [u.trim(), i]));
      const chosen = Array.from(order.subarray(0, o.itemCustomers)).filter((i) => userAt.has(list.customers[i]));
      const users = Int32Array.from(chosen, (i) => userAt.get(list.customers[i])!);
      const top = await topN(model, matrix, users, o.items);
      chosen.forEach((row, k) => {
        const picked: string[] = [];
        for (let j = 0; j < o.items; j++) {
          const item = top.items[k * o.items + j];
          if (item >= 0) picked.push(label(events.itemIds[item]));
        }
        list.items[row] = picked;
      });
      model.dispose();
      itemSource = `item-kNN (cosine) on "${tx.item}"${names ? ', names from the products dataset' : ''}${inputs.noRecommender ? ` (${inputs.noRecommender})` : ''}`;
    }
    if (list.customers.length > o.itemCustomers) notes.push(`Items are recommended for the ${o.itemCustomers} customers with the highest value at risk.`);
  }

  step('Rules', 4);
  // The expected profit and the contact list first: the default rules act on them.
  let uplift: Parameters<typeof applyProfit>[2] = null;
  if (o.profit.basis === 'uplift' && inputs.uplift) {
    const aligned = alignUplift(list.customers, inputs.uplift);
    if (aligned.matched === 0) throw new Error(`None of the list's customers has an uplift score from ${inputs.uplift.source}: the uplift model was fitted on other customer ids`);
    uplift = { scores: aligned.uplift, model: inputs.uplift.model, source: inputs.uplift.source, matched: aligned.matched };
  }
  const profit = applyProfit(list, o.profit, uplift);
  if (inputs.remaining) {
    // The Cox run's customers matched by id; NaN for the list's customers it does not have (or whose event happened).
    const r = inputs.remaining.remaining;
    const remaining = Float64Array.from(joinById(list.customers, { customers: inputs.remaining.customers, value: (k) => Number(r[k]) }, NaN));
    const matched = remaining.reduce((n, v) => n + (Number.isNaN(v) ? 0 : 1), 0);
    if (matched > 0) list.remaining = remaining;
    notes.push(`Expected remaining lifetime (Cox regression on ${inputs.remaining.source}) for ${int(matched)} of ${int(list.customers.length)} customers.`);
  }
  if (inputs.savedChurn?.shap) list.shap = joinShap(list.customers, inputs.savedChurn.customers, inputs.savedChurn.shap) ?? undefined; // the CSV's shap_<column>
  notes.push(...profitNotes(profit, list.customers.length));
  if (churnPart) notes.push(`Risk bands by P(churn): high >= ${o.cutoffs.risk.high}, medium >= ${o.cutoffs.risk.medium}, else low. Value tiers by CLV: top ${Math.round(o.cutoffs.value.high * 100)}% high, next ${Math.round(o.cutoffs.value.medium * 100)}% medium.`);
  applyRules(list, o.rules);
  const matchedNote = (what: string, part: { customers: readonly string[] } | null) => {
    if (!part) return;
    const have = new Set(part.customers.map((c) => c.trim()));
    const missing = base.reduce((n, id) => n + (have.has(id) ? 0 : 1), 0);
    const note = missingNote(what, missing, base.length);
    if (note) notes.push(note);
  };
  matchedNote('churn score', churnPart);
  matchedNote('CLV', clvPart);
  // A saved segmentation may leave customers of its source out on purpose (Newly high risk, tree rules).
  const seg = inputs.savedSegments;
  const inSource = seg && segPart?.customers === seg.customers ? seg.inSource : undefined;
  if (seg && inSource) {
    const have = new Set(seg.customers.map((c) => c.trim()));
    const missing = base.filter((id) => !have.has(id));
    const known = inSource === 'all' ? missing.length : missing.reduce((n, id) => n + (inSource.has(id) ? 1 : 0), 0);
    for (const note of [missingNote('segment', known, base.length, seg.name ?? seg.source), missingNote('segment', missing.length - known, base.length)]) if (note) notes.push(note);
  } else matchedNote('segment', segPart);
  return { list, report, notes, sources: { churn: churnSource, clv: clvSource, segment: segSource, items: itemSource }, profit };
}

/** How customers the profit cannot value are treated, in words. */
export function profitNotes(p: ProfitInfo, total: number): string[] {
  const out: string[] = [];
  if (p.noClv === total) out.push('No customer has a lifetime value, so no contact can be valued and the contact list is empty: use the hand rules (by risk band and value tier) instead.');
  else if (p.noClv) out.push(`${int(p.noClv)} of ${int(total)} customers have no lifetime value: they are not in the contact list (the saving cannot be valued).`);
  if (p.noScore) out.push(`${int(p.noScore)} of ${int(total)} customers have no ${p.settings.basis === 'uplift' ? 'uplift score' : 'churn probability'}: they are not in the contact list.`);
  return out;
}

function productNames(products: BuildInputs['products']): Map<string, string> | null {
  if (!products) return null;
  const key = getColumn(products.table, products.key);
  const name = getColumn(products.table, products.name);
  const out = new Map<string, string>();
  for (let r = 0; r < products.table.rows; r++) out.set(cellText(key, r).trim(), cellText(name, r));
  return out;
}

/** The report's model card for a trained churn result (also kept with the Churn page's saved scores). */
/** `time`: a derived label's cut-off and horizon, and a backtest over time of the same data (the Churn page's). */
export function churnCard(result: ChurnResult, rows: number, source: string, time: Pick<NonNullable<ReportParts['churn']>, 'snapshot' | 'backtest'> = {}): NonNullable<ReportParts['churn']> {
  const best = result.leaderboard.find((r) => r.kind === result.model) ?? result.leaderboard[0];
  return {
    ...time,
    source,
    model: MODEL_NAMES[result.model],
    target: `${result.target.column} = ${result.target.positive}`,
    rows,
    baseRate: result.baseRate,
    features: result.features.used,
    metrics: { auc: best.aucMean, aucStd: best.aucStd, prAuc: best.prAucMean, logloss: best.loglossMean, folds: result.folds },
    calibration: result.evaluation.calibration.map((b) => ({ predicted: b.meanPredicted, observed: b.fractionPositive, count: b.count })),
    ...(result.calibration.method !== 'none' ? { calibrationAfter: result.evaluation.calibrationAfter.map((b) => ({ predicted: b.meanPredicted, observed: b.fractionPositive, count: b.count })) } : {}),
    calibrationFit: (({ method, brierBefore, brierAfter, eceBefore, eceAfter, note }) => ({ method, brierBefore, brierAfter, eceBefore, eceAfter, note }))(result.calibration),
    leakage: result.leakage.map((l) => ({ column: l.column, reason: l.reason })),
    importance: result.importance.slice(0, 8).map((c) => ({ feature: c.feature, value: c.value })),
    limits: [
      'Probabilities come from past behaviour in this data; a change of offer, price or season changes them.',
      'Reasons are associations the model learnt, not proven causes.',
      ...(result.reasonColumns.excluded.length
        ? [`Reasons cite only columns whose importance is clearly above its fold-to-fold noise; never cited: ${result.reasonColumns.excluded.map((e) => e.name).join(', ')}.`]
        : []),
      ...result.features.excluded.slice(0, 6).map((e) => `Not used: ${e.name} (${e.reason}).`),
    ],
  };
}

const int = (n: number) => n.toLocaleString('en-US');

/**
 * The note for customers of the list that a source has no value for, or null when none. `segmentation`:
 * the name of a saved segmentation of the same dataset, whose ids are known, so those customers are in
 * none of its segments rather than "not found".
 */
export function missingNote(what: string, missing: number, total: number, segmentation?: string): string | null {
  if (!missing) return null;
  if (segmentation) return `${int(missing)} of ${int(total)} customers are in none of the segments of “${segmentation}”.`;
  return `${int(missing)} of ${int(total)} customers have no ${what} (ids not found in its source).`;
}
