// Plain words for the Subscriptions fit: a warning when the remaining lifetime it reports lies far past the
// periods observed (it then extrapolates the fitted curve, not the data), and the residual value written as
// money already computed (not a figure still to multiply by the value column).
import type { SbgByTenure, SbgSummary } from './types';

/** How far past the longest observed period a lifetime may reach before the warning: twice the data. */
export const EXTRAPOLATION_FACTOR = 2;

const periods = (n: number) => `${Math.round(n).toLocaleString('en')} period${Math.round(n) === 1 ? '' : 's'}`;

/**
 * The warning (null when none): a new customer's median or (finite) mean remaining lifetime more than
 * EXTRAPOLATION_FACTOR x the longest observed period. A median beyond the 10,000-period cap (null) counts too.
 */
export function extrapolationNote(byTenure: readonly Pick<SbgByTenure, 'expectedRemaining' | 'medianRemaining'>[], lastPeriod: number): string | null {
  const first = byTenure[0];
  if (!first || lastPeriod < 1) return null;
  const limit = EXTRAPOLATION_FACTOR * lastPeriod;
  const figures: string[] = [];
  if (first.medianRemaining === null) figures.push('median remaining lifetime (over 10,000 periods)');
  else if (first.medianRemaining > limit) figures.push(`median remaining lifetime (${periods(first.medianRemaining)})`);
  if (Number.isFinite(first.expectedRemaining) && first.expectedRemaining > limit) figures.push(`expected lifetime (${periods(first.expectedRemaining)})`);
  if (!figures.length) return null;
  return `A new customer's ${figures.join(' and ')} lies far beyond the data (observed ${periods(lastPeriod)}): it extrapolates the fitted curve far past anything seen, so read it as the model's assumption, not a measurement. DERL discounts the far future and rests less on it.`;
}

/** What the residual value is: already money (or periods × amount), not a figure still to multiply. */
export function residualValueMeaning(value: SbgSummary['value']): string {
  return 'column' in value
    ? `in ${value.column} units, already computed: the sum of DERL × each active customer's own ${value.column}`
    : `already computed: the sum of DERL × ${value.amount.toLocaleString('en')} per period over the active customers`;
}

/** "27,460,988 in MonthlyCharges units, already computed: ..." (null without a residual value). */
export function residualValueText(total: number | null, value: SbgSummary['value']): string | null {
  if (total === null) return null;
  const sum = Math.round(total).toLocaleString('en');
  return 'column' in value ? `${sum} ${residualValueMeaning(value)}` : `${sum}, ${residualValueMeaning(value)}`;
}
