// Shapes of the retention action list: one row per customer joining churn risk, lifetime value,
// segment, reasons, recommended items and the suggested action. Plain data (typed arrays and
// strings) so a worker returns it as is.
import type { ListShap } from './shap-columns';

export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export type RiskBandName = (typeof RISK_BANDS)[number];
export const VALUE_TIERS = ['low', 'medium', 'high'] as const;
export type ValueTierName = (typeof VALUE_TIERS)[number];

/**
 * Risk bands by churn probability: high when p >= high, medium when p >= medium, else low.
 * Value tiers by CLV quantiles: the top `high` share of customers with a CLV is the high tier,
 * the next `medium` share the medium tier, the rest low (ties go to the higher tier).
 */
export interface Cutoffs {
  risk: { medium: number; high: number };
  value: { high: number; medium: number };
  /** Where P(churn) and BG/NBD P(alive) disagree strongly (see `disagreement`). */
  disagree: { churnHigh: number; aliveHigh: number; churnLow: number; aliveLow: number };
}

export const DEFAULT_CUTOFFS: Cutoffs = {
  risk: { medium: 0.3, high: 0.6 },
  value: { high: 0.2, medium: 0.3 },
  disagree: { churnHigh: 0.6, aliveHigh: 0.8, churnLow: 0.2, aliveLow: 0.3 },
};

/** 0 agree (or unknown); 1 the model says churn but BG/NBD says alive; 2 the model says stay but BG/NBD says gone. */
export type Disagreement = 0 | 1 | 2;
export const DISAGREEMENT_TEXT = ['', 'Model: likely to churn; purchases: still active', 'Model: likely to stay; purchases: lapsed'] as const;

/** The joined list, column by column (index i is one customer). NaN / -1 / '' where a source is absent. */
export interface ActionList {
  customers: string[];
  probability: Float64Array;
  /** Index into RISK_BANDS, -1 without a probability. */
  band: Int8Array;
  pAlive: Float64Array;
  clv: Float64Array;
  /** probability x clv. */
  valueAtRisk: Float64Array;
  /** Index into VALUE_TIERS, -1 without a CLV. */
  tier: Int8Array;
  segment: string[];
  reasons: string[][];
  items: string[][];
  disagree: Uint8Array;
  /** Index into `actions`, set by applyRules. */
  action: Int32Array;
  actions: string[];
  /** Expected incremental profit of a contact (profit.ts), NaN where not valued; absent in lists stored before it existed. */
  profit?: Float64Array;
  /** 1 for the customers of the profit-optimal contact list (within the budget). */
  inList?: Uint8Array;
  /** Per-customer uplift scores used for the profit (uplift basis), NaN where missing. */
  uplift?: Float64Array;
  /** Expected remaining lifetime from the stored Cox regression (Survival tab), NaN where the customer has none. */
  remaining?: Float64Array;
  /** SHAP of the Churn page's scores per source column (customers x columns), NaN where a customer was not explained. */
  shap?: ListShap;
}

/** A condition left out (undefined or empty) matches every customer. */
export interface ActionRule {
  bands?: RiskBandName[];
  tiers?: ValueTierName[];
  /** Matches when the customer's segment equals one of these (case-insensitive). */
  segments?: string[];
  /** Matches when one of the customer's reasons contains this text (case-insensitive). */
  reason?: string;
  /** Matches when P(alive) is below this (customers without a P(alive) never match). */
  pAliveBelow?: number;
  /** Matches when P(alive) is at or above this. */
  pAliveAtLeast?: number;
  /** true: only customers in the profit-optimal contact list; false: only those not in it. */
  inList?: boolean;
  /** Matches when the expected incremental profit of a contact is above this (customers without one never match). */
  profitAbove?: number;
  /** Matches when the expected remaining lifetime (Cox regression) is below this (customers without one never match). */
  remainingBelow?: number;
  action: string;
}

export interface ActionRowView {
  customer: string;
  probability: number | null;
  band: RiskBandName | null;
  pAlive: number | null;
  clv: number | null;
  valueAtRisk: number | null;
  tier: ValueTierName | null;
  segment: string;
  reasons: string[];
  items: string[];
  /** Plain-words disagreement between the churn model and BG/NBD, '' when none. */
  disagreement: string;
  action: string;
  /** Expected incremental profit of a contact, null where not valued. */
  profit: number | null;
  /** In the profit-optimal contact list. */
  inList: boolean;
  /** Expected remaining lifetime (Cox regression), null where none. */
  remaining?: number | null;
}

export type ActionSortKey = 'profit' | 'valueAtRisk' | 'probability' | 'clv' | 'pAlive' | 'remaining' | 'customer' | 'segment' | 'action';

export interface ActionFilter {
  action?: string;
  segment?: string;
  band?: RiskBandName;
  /** Customers whose id, segment, reasons, items or action contain this text (case-insensitive). */
  text?: string;
  /** Only customers where the churn model and P(alive) disagree. */
  disagreeOnly?: boolean;
  /** Only customers in the profit-optimal contact list. */
  inListOnly?: boolean;
}

export interface ActionQuery extends ActionFilter {
  sort: ActionSortKey;
  descending: boolean;
}
