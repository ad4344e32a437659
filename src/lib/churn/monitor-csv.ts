// The monitor's files and pages: a scoring written as CSV (what a later `score --previous` reads back
// as the previous scoring) and the customers who crossed into the high band, paged and as CSV.
import { cellText, getColumn, isNumericColumn, type Table } from '../data/table';
import { toCsv } from '../export/csv';
import { BAND_NAMES } from '../models/churn/bands';
import type { SavedChurnModel } from '../models/churn/saved';
import { summarizeScoring, type CrossedList, type ScoredCustomers, type ScoringSnapshot } from './monitor';

/** The first three columns of a scoring file; the model's input columns follow, as raw values. */
export const SCORING_COLUMNS = ['customer', 'probability', 'band'] as const;

/** A scoring as CSV: customer id, probability (full precision), band name, then each model input column. */
export function scoringCsv(saved: SavedChurnModel, table: Table, scored: ScoredCustomers): string {
  const cols = saved.pipeline.steps.map((s) => getColumn(table, s.column));
  const rows: unknown[][] = [];
  for (let i = 0; i < scored.customers.length; i++) {
    const row: unknown[] = [scored.customers[i], scored.probability[i], BAND_NAMES[scored.band[i]]];
    // Numbers as numbers (NaN writes as empty), dates as full UTC ISO times, the rest as text: read back as the same values.
    for (const c of cols) row.push(!isNumericColumn(c) ? cellText(c, i) : c.type !== 'date' ? c.values[i] : Number.isNaN(c.values[i]) ? '' : new Date(c.values[i]).toISOString());
    rows.push(row);
  }
  return toCsv([...SCORING_COLUMNS, ...cols.map((c) => c.name)], rows);
}

/** Reads a scoring file (from `scoringCsv`) back as the previous scoring's snapshot. */
export function scoringFromTable(saved: SavedChurnModel, table: Table): ScoringSnapshot {
  const missing = [...SCORING_COLUMNS, ...saved.pipeline.steps.map((s) => s.column)].filter((n) => !table.columns.some((c) => c.name === n));
  if (missing.length) throw new Error(`Not a scoring file of this model: no column ${missing.map((n) => `"${n}"`).join(', ')} (write one with score --out)`);
  const customer = getColumn(table, 'customer');
  const probability = getColumn(table, 'probability');
  const band = getColumn(table, 'band');
  if (!isNumericColumn(probability)) throw new Error('The "probability" column of the scoring file is not numeric');
  const bands = Uint8Array.from({ length: table.rows }, (_, i) => {
    const b = BAND_NAMES.indexOf(cellText(band, i) as (typeof BAND_NAMES)[number]);
    if (b < 0) throw new Error(`Row ${i + 1} of the scoring file has band "${cellText(band, i)}" (expected ${BAND_NAMES.join(', ')})`);
    return b;
  });
  const customers = Array.from({ length: table.rows }, (_, i) => cellText(customer, i));
  return summarizeScoring(saved, table, { customers, probability: Float64Array.from(probability.values), band: bands });
}

export interface CrossedRow {
  customer: string;
  before: number;
  after: number;
}

export function crossedPage(crossed: CrossedList, offset: number, limit: number): { total: number; rows: CrossedRow[] } {
  const rows: CrossedRow[] = [];
  const end = Math.min(crossed.customers.length, Math.max(0, offset) + limit);
  for (let i = Math.max(0, offset); i < end; i++) rows.push({ customer: crossed.customers[i], before: crossed.before[i], after: crossed.after[i] });
  return { total: crossed.customers.length, rows };
}

/** The newly high-risk customers as a formula-safe CSV, riskiest first. */
export function crossedCsv(crossed: CrossedList): string {
  const rows = crossed.customers.map((c, i) => [c, Number(crossed.before[i].toFixed(6)), Number(crossed.after[i].toFixed(6))]);
  return toCsv(['customer', 'probability_before', 'probability_after'], rows);
}
