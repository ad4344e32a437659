// Joins per-customer results from different sources (churn scores, CLV, segments, recommendations)
// onto one list of customer ids, then derives risk bands, value tiers, value at risk and where the
// churn model and BG/NBD P(alive) disagree.
import { DEFAULT_CUTOFFS, type ActionList, type Cutoffs } from './types';

/** A per-customer source keyed by its own customer ids (any order, any subset). */
export interface Keyed<T> {
  customers: readonly string[];
  value: (i: number) => T;
}

/** Values of `source` in the order of `ids` (missing where the source lacks the id); ids are compared trimmed. */
export function joinById<T>(ids: readonly string[], source: Keyed<T> | null | undefined, missing: T): T[] {
  if (!source) return ids.map(() => missing);
  const at = new Map<string, number>();
  source.customers.forEach((c, i) => {
    const k = c.trim();
    if (k !== '' && !at.has(k)) at.set(k, i);
  });
  return ids.map((id) => {
    const i = at.get(id.trim());
    return i === undefined ? missing : source.value(i);
  });
}

/** How many of `ids` the source has. */
export function matchedCount(ids: readonly string[], source: { customers: readonly string[] } | null | undefined): number {
  if (!source) return 0;
  const have = new Set(source.customers.map((c) => c.trim()));
  return ids.reduce((n, id) => n + (have.has(id.trim()) ? 1 : 0), 0);
}

export function riskBand(p: number, cut: Cutoffs['risk']): number {
  if (Number.isNaN(p)) return -1;
  return p >= cut.high ? 2 : p >= cut.medium ? 1 : 0;
}

/** Value tier per customer by CLV quantiles: top `high` share -> 2, next `medium` share -> 1, rest 0; NaN -> -1. */
export function valueTiers(clv: Float64Array, cut: Cutoffs['value']): Int8Array {
  if (!(cut.high >= 0 && cut.medium >= 0 && cut.high + cut.medium <= 1)) throw new Error(`value tier shares must be >= 0 and sum to at most 1, got high ${cut.high}, medium ${cut.medium}`);
  const tiers = new Int8Array(clv.length).fill(-1);
  const present = Array.from(clv).filter((v) => !Number.isNaN(v)).sort((a, b) => b - a);
  const n = present.length;
  if (n === 0) return tiers;
  const nHigh = Math.round(cut.high * n);
  const nMed = Math.round((cut.high + cut.medium) * n);
  const highMin = nHigh > 0 ? present[nHigh - 1] : Infinity;
  const medMin = nMed > 0 ? present[nMed - 1] : Infinity;
  for (let i = 0; i < clv.length; i++) {
    const v = clv[i];
    if (Number.isNaN(v)) continue;
    tiers[i] = v >= highMin ? 2 : v >= medMin ? 1 : 0;
  }
  return tiers;
}

/** 1: P(churn) >= churnHigh while P(alive) >= aliveHigh; 2: P(churn) <= churnLow while P(alive) <= aliveLow; else 0. */
export function disagreement(p: number, alive: number, cut: Cutoffs['disagree']): 0 | 1 | 2 {
  if (Number.isNaN(p) || Number.isNaN(alive)) return 0;
  if (p >= cut.churnHigh && alive >= cut.aliveHigh) return 1;
  if (p <= cut.churnLow && alive <= cut.aliveLow) return 2;
  return 0;
}

export interface ListParts {
  customers: string[];
  churn?: Keyed<{ probability: number; reasons: string[] }> | null;
  /** BG/NBD per customer: P(alive) and CLV (NaN when not estimated). */
  clv?: Keyed<{ pAlive: number; clv: number }> | null;
  segment?: Keyed<string> | null;
  items?: Keyed<string[]> | null;
  cutoffs?: Cutoffs;
}

/** The joined list, before rules (every action "No action"). */
export function assembleActionList(parts: ListParts): ActionList {
  const cut = parts.cutoffs ?? DEFAULT_CUTOFFS;
  const ids = parts.customers;
  const n = ids.length;
  const churn = joinById(ids, parts.churn, null);
  const clv = joinById(ids, parts.clv, null);
  const probability = Float64Array.from(churn, (c) => (c ? c.probability : NaN));
  const pAlive = Float64Array.from(clv, (c) => (c ? c.pAlive : NaN));
  const value = Float64Array.from(clv, (c) => (c ? c.clv : NaN));
  const valueAtRisk = Float64Array.from({ length: n }, (_, i) => probability[i] * value[i]);
  return {
    customers: ids,
    probability,
    band: Int8Array.from(probability, (p) => riskBand(p, cut.risk)),
    pAlive,
    clv: value,
    valueAtRisk,
    tier: valueTiers(value, cut.value),
    segment: joinById(ids, parts.segment, ''),
    reasons: churn.map((c) => (c ? c.reasons : [])),
    items: joinById(ids, parts.items, []),
    disagree: Uint8Array.from({ length: n }, (_, i) => disagreement(probability[i], pAlive[i], cut.disagree)),
    action: new Int32Array(n),
    actions: ['No action'],
  };
}
