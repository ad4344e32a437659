// The profit-optimal contact list: each customer's expected incremental profit of a retention contact,
// the profit curve by number contacted (customers sorted by expected profit), its maximum, and the best
// list under a budget.
//
// Per contacted customer i, with churn probability p_i (the list's, calibrated where the churn model
// calibrates), lifetime value v_i, contact cost c, offer cost d, save rate s (share of contacted would-be
// churners who stay) and a, the share of contacted non-churners who take the offer anyway:
//   profit_i = p_i * s * (v_i - d) - c - (1 - p_i) * a * d
// the per-customer form of the campaign profit of Neslin et al. (2006) and Verbeke et al. (2012): a saved
// churner brings its value less the offer it took, every contact costs c, a churner who is not saved
// costs only the contact, and a customer who would have stayed anyway and takes the offer costs d for
// nothing. a defaults to 1 (their assumption: every contacted non-churner accepts the incentive), the
// cautious choice for a discount anyone can redeem; set it lower for an offer few loyal customers take up.
// With an uplift model, u_i (retention with the contact minus without, per customer) replaces p_i * s:
//   profit_i = u_i * (v_i - d) - c - (1 - p_i) * a * d
// Customers without a CLV are never in the list: their saving cannot be valued (no default CLV is made
// up). Without a churn probability (save-rate basis) or an uplift score (uplift basis) likewise.
import type { ActionList } from './types';

export interface ProfitSettings {
  /** Cost of one contact (a call, an email and its handling). */
  contactCost: number;
  /** Cost of the retention offer to the business when a customer takes it. */
  offerCost: number;
  /** 'save-rate': p_i x saveRate; 'uplift': the uplift model's per-customer score. */
  basis: 'save-rate' | 'uplift';
  /** Share of contacted would-be churners who stay thanks to the contact (0-1). */
  saveRate: number;
  /** Share of contacted customers who would have stayed anyway and take the offer (0-1). */
  acceptShare: number;
  /** Most to spend on contacts and offers; null: no limit. Each contacted customer reserves contact + offer. */
  budget: number | null;
}

// Illustrative starting costs (a cheap contact, an offer worth a month or two of a small plan, a save rate
// within the 20-40% retention campaigns commonly report): the page asks for the user's own.
export const DEFAULT_PROFIT: ProfitSettings = { contactCost: 2, offerCost: 10, basis: 'save-rate', saveRate: 0.3, acceptShare: 1, budget: null };

export const PROFIT_FORMULA = {
  'save-rate': 'expected profit = P(churn) × save rate × (CLV − offer) − contact − (1 − P(churn)) × share of stayers taking the offer × offer',
  uplift: 'expected profit = uplift × (CLV − offer) − contact − (1 − P(churn)) × share of stayers taking the offer × offer',
} as const;

/** Per-customer uplift scores (retention with the contact minus without) from an uplift model. */
export interface UpliftInput {
  customers: string[];
  uplift: ArrayLike<number>;
  /** The model in words, e.g. 'X-learner'. */
  model: string;
}

/** Throws naming the first bad setting. */
export function checkProfit(s: ProfitSettings): void {
  const money = (v: number, what: string) => {
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`${what} must be a number at or above 0, got ${v}`);
  };
  money(s.contactCost, 'The contact cost');
  money(s.offerCost, 'The offer cost');
  if (s.basis !== 'save-rate' && s.basis !== 'uplift') throw new Error(`Unknown basis "${String(s.basis)}" (save-rate or uplift)`);
  for (const [v, what] of [
    [s.saveRate, 'The save rate'],
    [s.acceptShare, 'The share of stayers taking the offer'],
  ] as const) {
    if (!(v >= 0 && v <= 1)) throw new Error(`${what} must be between 0 and 1, got ${v}`);
  }
  if (s.budget !== null && s.budget !== undefined) money(s.budget, 'The budget');
}

/**
 * Each customer's expected incremental profit (NaN: not valued, see the head comment), in list order.
 * `uplift`: aligned with the list (NaN where a customer has no score); needed for the uplift basis.
 */
export function expectedProfit(
  list: Pick<ActionList, 'probability' | 'clv'>,
  s: ProfitSettings,
  uplift?: Float64Array | null,
): { profit: Float64Array; noClv: number; noScore: number } {
  checkProfit(s);
  if (s.basis === 'uplift' && !uplift) throw new Error('The uplift basis needs uplift scores: fit an uplift model on the Uplift page first, or use a save rate');
  const n = list.clv.length;
  const profit = new Float64Array(n).fill(NaN);
  let noClv = 0;
  let noScore = 0;
  const { contactCost: c, offerCost: d, saveRate, acceptShare: a } = s;
  for (let i = 0; i < n; i++) {
    const v = list.clv[i];
    const p = list.probability[i];
    if (Number.isNaN(v)) {
      noClv++;
      continue;
    }
    // Uplift basis: a customer without P(churn) is charged as if sure to stay (the most offers to stayers).
    const stay = Number.isNaN(p) ? 1 : 1 - p;
    const gain = s.basis === 'uplift' ? uplift![i] : p * saveRate;
    if (Number.isNaN(gain)) {
      noScore++;
      continue;
    }
    profit[i] = gain * (v - d) - c - stay * a * d;
  }
  return { profit, noClv, noScore };
}

/** Uplift scores of other customer ids, aligned with the list's customers (NaN where missing), and how many matched. */
export function alignUplift(customers: readonly string[], scores: UpliftInput): { uplift: Float64Array; matched: number } {
  const at = new Map<string, number>();
  scores.customers.forEach((c, k) => at.set(c.trim(), k));
  const uplift = new Float64Array(customers.length).fill(NaN);
  let matched = 0;
  customers.forEach((c, i) => {
    const k = at.get(c.trim());
    if (k === undefined) return;
    const u = Number(scores.uplift[k]);
    if (Number.isFinite(u)) {
      uplift[i] = u;
      matched++;
    }
  });
  return { uplift, matched };
}

export interface ProfitPlan {
  /** Customers with an expected profit, highest first (ties by list order). */
  order: Int32Array;
  /** cumulative[k]: expected profit of contacting the first k of `order` (cumulative[0] = 0). */
  cumulative: Float64Array;
  /** The curve's maximum: the number contacted (the smallest such number) and its profit. */
  best: number;
  /** Most customers the budget allows (Infinity without a budget or with zero costs). */
  budgetCap: number;
  /** The list actually chosen: min(best, budgetCap) first customers of `order`. */
  chosen: number;
}

/**
 * The profit curve and the best list. Profits add up (one customer's contact does not change another's),
 * so the curve over customers sorted by profit is concave and peaks after the last positive profit, and
 * that prefix is the best of all subsets. The budget is a count: every contacted customer reserves contact
 * + offer (the offer they may take), so the best list within budget B is the top min(best, floor(B / (c +
 * d))): exact, not a greedy approximation of a knapsack (tested against every subset).
 */
export function planContacts(profit: Float64Array, s: ProfitSettings): ProfitPlan {
  const idx: number[] = [];
  for (let i = 0; i < profit.length; i++) if (!Number.isNaN(profit[i])) idx.push(i);
  const order = Int32Array.from(idx).sort((x, y) => profit[y] - profit[x] || x - y);
  const cumulative = new Float64Array(order.length + 1);
  let best = 0;
  for (let k = 0; k < order.length; k++) {
    cumulative[k + 1] = cumulative[k] + profit[order[k]];
    if (profit[order[k]] > 0) best = k + 1;
  }
  const each = s.contactCost + s.offerCost;
  // A tiny tolerance so that a budget of exactly k x (c + d) allows k despite rounding.
  const budgetCap = s.budget === null || s.budget === undefined || each <= 0 ? Infinity : Math.floor(s.budget / each + 1e-9);
  return { order, cumulative, best, budgetCap, chosen: Math.min(best, budgetCap) };
}

/** 1 for the customers of the chosen list, in list order. */
export function listMembers(plan: ProfitPlan, n: number): Uint8Array {
  const inList = new Uint8Array(n);
  for (let k = 0; k < plan.chosen; k++) inList[plan.order[k]] = 1;
  return inList;
}

export interface ProfitPoint {
  customers: number;
  profit: number;
  /** What the budget counts: customers x (contact + offer). */
  committed: number;
  /** Contacts plus the offers expected to be taken (saved churners and stayers taking it). */
  expectedSpend: number;
  valueAtRisk: number;
}

/** The first k customers of the plan as a point of the curve. */
export function pointAt(plan: ProfitPlan, k: number, list: Pick<ActionList, 'probability' | 'valueAtRisk'>, s: ProfitSettings, uplift?: Float64Array | null): ProfitPoint {
  let expectedSpend = 0;
  let valueAtRisk = 0;
  for (let j = 0; j < k; j++) {
    const i = plan.order[j];
    const p = list.probability[i];
    const stay = Number.isNaN(p) ? 1 : 1 - p;
    const taken = (s.basis === 'uplift' && uplift ? uplift[i] : p * s.saveRate) + stay * s.acceptShare;
    expectedSpend += s.contactCost + s.offerCost * taken;
    if (!Number.isNaN(list.valueAtRisk[i])) valueAtRisk += list.valueAtRisk[i];
  }
  return { customers: k, profit: plan.cumulative[k], committed: k * (s.contactCost + s.offerCost), expectedSpend, valueAtRisk };
}

/** At most about `points` points of the curve for a chart, always with 0, the maximum, the chosen list and the end. */
export function curvePoints(plan: ProfitPlan, points = 300): { contacted: number[]; profit: number[] } {
  const n = plan.order.length;
  const step = Math.max(1, Math.ceil(n / points));
  const ks = new Set<number>([0, n, plan.best, plan.chosen]);
  for (let k = 0; k <= n; k += step) ks.add(k);
  const contacted = [...ks].sort((a, b) => a - b);
  return { contacted, profit: contacted.map((k) => plan.cumulative[k]) };
}

/** What a list's profit was computed with (kept with the built list, so new costs re-plan it without retraining). */
export interface ProfitInfo {
  settings: ProfitSettings;
  /** Customers without a CLV, and without the score the basis needs (P(churn) or uplift). */
  noClv: number;
  noScore: number;
  /** The uplift model and where its scores came from, on the uplift basis. */
  uplift: { model: string; source: string; matched: number } | null;
}

/**
 * Sets the list's `profit` and `inList` (and keeps `uplift` for a later re-plan). `uplift`: scores aligned
 * with the list, or null to keep the ones the list has.
 */
export function applyProfit(list: ActionList, s: ProfitSettings, uplift?: { scores: Float64Array; model: string; source: string; matched: number } | null): ProfitInfo {
  const scores = uplift?.scores ?? list.uplift ?? null;
  const { profit, noClv, noScore } = expectedProfit(list, s, scores);
  const plan = planContacts(profit, s);
  list.profit = profit;
  list.inList = listMembers(plan, list.customers.length);
  if (uplift) list.uplift = uplift.scores;
  return { settings: { ...s }, noClv, noScore, uplift: uplift ? { model: uplift.model, source: uplift.source, matched: uplift.matched } : null };
}

/** The Uplift page's stored scores as the profit's uplift basis reads them ('x' is named 'X-learner'). */
export function upliftInputOf(s: { customers: string[]; uplift: ArrayLike<number>; model: string; createdAt: number }): UpliftInput & { source: string } {
  return { customers: s.customers, uplift: s.uplift, model: learnerName(s.model), source: `the Uplift page's scores of ${new Date(s.createdAt).toISOString().slice(0, 10)}` };
}

export function learnerName(model: string): string {
  return model.length === 1 ? `${model.toUpperCase()}-learner` : model;
}
