// Editable rules that suggest an action per customer: the first rule whose every condition holds
// wins; a customer no rule matches gets "No action". Applying rules is a loop over the joined list
// (no model is retrained), so editing them is instant.
import { RISK_BANDS, VALUE_TIERS, type ActionList, type ActionRule } from './types';

export const NO_ACTION = 'No action';

// Derived from the profit-optimal contact list (profit.ts): every customer whose contact is expected to pay
// (within the budget) gets one, so value at risk is not left with "No action" where acting pays; the
// high-value tier gets a call (a personal call's better chance of a save is worth most there), the rest an
// email. Customers outside the list get no action: contacting them is expected to lose money at these costs.
export const DEFAULT_RULES: ActionRule[] = [
  { inList: true, tiers: ['high'], reason: 'Month-to-month', action: 'Call: offer an annual plan' },
  { inList: true, tiers: ['high'], action: 'Call: personal retention offer' },
  { inList: true, pAliveBelow: 0.3, action: 'Email win-back with recommended items' },
  { inList: true, action: 'Email: retention offer' },
];

/** The hand rules used before the profit list (kept for lists without lifetime values, where no profit can be valued). */
export const HAND_RULES: ActionRule[] = [
  { bands: ['high'], tiers: ['high'], reason: 'Month-to-month', action: 'Call: offer an annual plan' },
  { bands: ['high'], tiers: ['high'], action: 'Call: personal retention offer' },
  { tiers: ['low'], pAliveBelow: 0.3, action: 'Email win-back with recommended items' },
  { bands: ['medium'], action: 'Email: loyalty reminder' },
];

/** Throws naming the first bad rule and field. */
export function checkRules(rules: ActionRule[]): void {
  if (!Array.isArray(rules)) throw new Error('rules must be a list');
  rules.forEach((r, i) => {
    const at = `rule ${i + 1}`;
    if (typeof r.action !== 'string' || r.action.trim() === '') throw new Error(`${at}: the action text is empty`);
    for (const b of r.bands ?? []) if (!RISK_BANDS.includes(b)) throw new Error(`${at}: unknown risk band "${String(b)}" (bands: ${RISK_BANDS.join(', ')})`);
    for (const t of r.tiers ?? []) if (!VALUE_TIERS.includes(t)) throw new Error(`${at}: unknown value tier "${String(t)}" (tiers: ${VALUE_TIERS.join(', ')})`);
    for (const k of ['pAliveBelow', 'pAliveAtLeast'] as const) {
      const v = r[k];
      if (v !== undefined && v !== null && !(v >= 0 && v <= 1)) throw new Error(`${at}: ${k} must be between 0 and 1, got ${v}`);
    }
    if (r.inList !== undefined && r.inList !== null && typeof r.inList !== 'boolean') throw new Error(`${at}: inList must be true or false, got ${String(r.inList)}`);
    const x = r.profitAbove;
    if (x !== undefined && x !== null && !Number.isFinite(x)) throw new Error(`${at}: profitAbove must be a number, got ${x}`);
    const rb = r.remainingBelow;
    if (rb !== undefined && rb !== null && !(rb >= 0 && Number.isFinite(rb))) throw new Error(`${at}: remainingBelow must be a number >= 0, got ${rb}`);
  });
}

/** Index of the first rule matching customer i of the list, or -1. */
export function firstMatch(list: ActionList, i: number, rules: ActionRule[]): number {
  for (let r = 0; r < rules.length; r++) if (matches(list, i, rules[r])) return r;
  return -1;
}

function matches(list: ActionList, i: number, rule: ActionRule): boolean {
  if (rule.bands?.length && !rule.bands.some((b) => RISK_BANDS.indexOf(b) === list.band[i])) return false;
  if (rule.tiers?.length && !rule.tiers.some((t) => VALUE_TIERS.indexOf(t) === list.tier[i])) return false;
  if (rule.segments?.length) {
    const s = list.segment[i].toLowerCase();
    if (!rule.segments.some((x) => x.trim().toLowerCase() === s)) return false;
  }
  const reason = rule.reason?.trim().toLowerCase();
  if (reason && !list.reasons[i].some((t) => t.toLowerCase().includes(reason))) return false;
  const alive = list.pAlive[i];
  if (rule.pAliveBelow !== undefined && rule.pAliveBelow !== null && !(alive < rule.pAliveBelow)) return false;
  if (rule.pAliveAtLeast !== undefined && rule.pAliveAtLeast !== null && !(alive >= rule.pAliveAtLeast)) return false;
  // A list stored before the profit existed has no contact list: nobody is in it.
  if (rule.inList !== undefined && rule.inList !== null && (list.inList?.[i] === 1) !== rule.inList) return false;
  if (rule.profitAbove !== undefined && rule.profitAbove !== null && !((list.profit?.[i] ?? NaN) > rule.profitAbove)) return false;
  if (rule.remainingBelow !== undefined && rule.remainingBelow !== null && !((list.remaining?.[i] ?? NaN) < rule.remainingBelow)) return false;
  return true;
}

/** Sets `action` and `actions` of the list in place (actions[0] is always "No action"). */
export function applyRules(list: ActionList, rules: ActionRule[]): ActionList {
  checkRules(rules);
  const names = [NO_ACTION];
  const code = rules.map((r) => {
    const name = r.action.trim();
    let k = names.indexOf(name);
    if (k < 0) k = names.push(name) - 1;
    return k;
  });
  for (let i = 0; i < list.customers.length; i++) {
    const r = firstMatch(list, i, rules);
    list.action[i] = r < 0 ? 0 : code[r];
  }
  list.actions = names;
  return list;
}

/** Customers per action, most frequent first. */
export function actionCounts(list: ActionList): { action: string; customers: number; valueAtRisk: number }[] {
  const counts = list.actions.map((action) => ({ action, customers: 0, valueAtRisk: 0 }));
  list.action.forEach((a, i) => {
    counts[a].customers++;
    const v = list.valueAtRisk[i];
    if (!Number.isNaN(v)) counts[a].valueAtRisk += v;
  });
  return counts.filter((c) => c.customers > 0).sort((a, b) => b.customers - a.customers);
}
