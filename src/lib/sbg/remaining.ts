// How the Subscriptions tab shows remaining lifetimes. Under the sBG a customer active after t periods has a
// churn probability drawn from Beta(α, β + t); the mean further lifetime (β + t) / (α − 1) exists only for
// α > 1. For α ≤ 1 (telco: α = 0.14) it is infinite on every row, which says nothing: the column is replaced
// by the finite measures, the median and the discounted expected residual lifetime (DERL), and the reason given.
import { expectedRemainingLifetime, medianRemainingLifetime } from '../models/sbg/sbg';

/** medianRemainingLifetime's search limit (null beyond it). */
export const MEDIAN_CAP = 10_000;

export interface RemainingDisplay {
  /** Whether the mean remaining lifetime is finite (a column worth showing). */
  showMean: boolean;
  /** Why it is not shown, in words (null when it is). */
  note: string | null;
}

export function remainingDisplay(alpha: number, beta: number): RemainingDisplay {
  if (Number.isFinite(expectedRemainingLifetime({ alpha, beta }, 0))) return { showMean: true, note: null };
  const median = medianRemainingLifetime({ alpha, beta }, 0, MEDIAN_CAP);
  return {
    showMean: false,
    note:
      `Expected (mean) remaining lifetime is not shown: with α = ${alpha < 1000 ? alpha.toFixed(3) : alpha.toPrecision(4)} ≤ 1 the fitted sBG gives some customers a ` +
      `churn probability so close to 0 that the mean is infinite for every customer. Finite measures instead: the median remaining lifetime ` +
      `(${median === null ? `over ${MEDIAN_CAP.toLocaleString('en')}` : median.toLocaleString('en')} periods for a new customer) and DERL, the discounted expected number of further periods.`,
  };
}

/** A remaining lifetime in periods as text: null (past the median search) as "> 10,000", infinity as ∞. */
export function periodsText(v: number | null, format: (x: number) => string): string {
  if (v === null) return `> ${MEDIAN_CAP.toLocaleString('en')}`;
  return v === Infinity ? '∞' : format(v);
}
