// Plain words beside the Cox remaining lifetimes (page, CSV, report): the units they are in (the time column's
// own), how much of the average is the assumed tail past the last observed time, and, where the proportional-
// hazards check fails, that per-customer rankings across those attributes' groups rest on a broken assumption.
import type { CoxEncoding } from './cox';

/** The attribute columns with a covariate whose PH test fails (p < alpha), in fit order, each once. */
export function phFailingColumns(covariates: readonly { name: string; phP: number }[], encodings: readonly CoxEncoding[], alpha = 0.05): string[] {
  const columnOf = new Map(encodings.flatMap((e) => e.names.map((n) => [n, e.column] as const)));
  const out: string[] = [];
  for (const c of covariates) {
    if (!(c.phP < alpha)) continue;
    const col = columnOf.get(c.name) ?? c.name;
    if (!out.includes(col)) out.push(col);
  }
  return out;
}

const list = (xs: readonly string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** The caveat on per-customer remaining lifetimes when PH fails for some columns (null when it holds). */
export function phRemainingCaveat(columns: readonly string[]): string | null {
  if (!columns.length) return null;
  return `These per-customer figures rest on proportional hazards, which fails for ${list(columns)}: ${columns.length > 1 ? 'their' : 'its'} effect changes with time, so rankings between customers of different ${list(columns)} groups are unreliable.`;
}

/** "in units of tenure": the remaining lifetimes are in the time column's own units. */
export const timeUnits = (timeName: string | undefined) => `in units of ${timeName || 'the time column'}`;

/** How much of a mean remaining lifetime lies past the last observed time (the assumed exponential tail). */
export function extrapolatedPart(mean: number | null, restricted: number | null | undefined): { amount: number; share: number } | null {
  if (mean === null || restricted == null || !(mean > 0)) return null;
  const amount = Math.max(0, mean - restricted);
  return { amount, share: amount / mean };
}

/** One line for the CSV's note column: units, the extrapolated tail and, where PH fails, the caveat. */
export function coxCsvNote(o: { timeName?: string; horizon: number; tail: boolean; phColumns: readonly string[] }): string {
  const parts = [`Times and lifetimes ${timeUnits(o.timeName)}.`];
  if (o.tail) parts.push(`expected_remaining_lifetime past ${+o.horizon.toFixed(1)} (the longest time observed) is extrapolated at a constant hazard; remaining_up_to_last_observed_time is not.`);
  const caveat = phRemainingCaveat(o.phColumns);
  if (caveat) parts.push(caveat);
  return parts.join(' ');
}
