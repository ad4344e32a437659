// Derives a churn label and features from raw transactions, for data with no churn column.
// Time is split at a cut-off: features come only from purchases on or before it, the label only
// from the horizon after it, so nothing the model sees comes from the period it predicts.
// The snapshot itself (features, label, checks) is snapshot.ts; this names its window by its end.
import type { Table } from '../../data/table';
import { DAY_MS, indexTransactions, isoDay, snapshotAt, snapshotNotes, type CustomerAttributes } from './snapshot';

export interface DeriveLabelOptions {
  customer: string;
  date: string;
  /** Spend per transaction; without it monetary features are left out. */
  amount?: string;
  /** End of the label window (epoch ms). */
  asOf: number;
  /** Label = no purchase in the `horizonDays` days before `asOf`, i.e. in (cutoff, asOf]. */
  horizonDays: number;
  /** Only purchases in the `windowDays` days up to the cut-off feed the features (default: all history). */
  windowDays?: number;
  /** A product category per row: category mix shares. */
  category?: string;
  /** Customer attributes joined by key (static columns only). */
  customers?: CustomerAttributes;
}

export interface DerivedLabel {
  /** One row per customer active in the feature window: customer, features and `churned`. */
  table: Table;
  cutoff: number;
  asOf: number;
  customers: number;
  churned: number;
  /** How the label and features were built, in words for the user. */
  notes: string[];
}

/** The snapshot whose label window ends at `asOf`: features up to asOf - horizon, label from the horizon after. */
export function deriveChurnLabel(tx: Table, opts: DeriveLabelOptions): DerivedLabel {
  const { horizonDays, asOf, windowDays } = opts;
  if (!(horizonDays > 0 && Number.isFinite(horizonDays))) throw new Error(`horizonDays must be > 0, got ${horizonDays}`);
  if (!Number.isFinite(asOf)) throw new Error(`asOf must be a date (epoch ms), got ${asOf}`);
  if (windowDays !== undefined && !(windowDays > 0)) throw new Error(`windowDays must be > 0, got ${windowDays}`);
  const ix = indexTransactions(tx, { customer: opts.customer, date: opts.date, amount: opts.amount, category: opts.category });
  const asOfDay = Math.floor(asOf / DAY_MS) * DAY_MS;
  if (asOfDay > ix.lastDay) throw new Error(`asOf ${isoDay(asOf)} is after the last transaction (${isoDay(ix.lastDay)}): the label window would be incomplete`);
  const s = snapshotAt(ix, { cutoff: asOfDay - horizonDays * DAY_MS, horizonDays, windowDays, customers: opts.customers });
  const notes = snapshotNotes(s, horizonDays, opts.amount, windowDays);
  if (ix.skipped) notes.push(`${ix.skipped} transactions without a date or customer were ignored.`);
  return { table: s.table, cutoff: s.cutoff, asOf: s.labelEnd, customers: s.customers, churned: s.churned, notes };
}
