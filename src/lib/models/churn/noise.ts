// When a column's permutation importance is real rather than fold-to-fold noise, in a module with
// no imports so the UI can mark noise columns without loading the models (and tfjs).

/** Importance of one source column (permutation: drop in ROC AUC; split gain: share). */
export interface ColumnImportance {
  /** Source column name. */
  feature: string;
  /** Mean drop in ROC AUC when the column is shuffled (averaged over folds and repeats). */
  value: number;
  /** Spread of that drop over folds x repeats. */
  std: number;
  /** Permutation importance only: the mean drop of each fold (over its repeats). */
  folds?: number[];
  /** Permutation importance only: standard error of `value` from the fold-to-fold spread (corrected for overlapping folds). */
  se?: number;
  /**
   * Permutation importance only: whether the effect is real, i.e. clearly above its noise
   * (see isRealImportance). Only such columns are cited in per-customer reasons.
   */
  real?: boolean;
  /**
   * Columns this one moves with (|r| >= 0.9): judged together when each alone looked like noise
   * (the model leans on one or the other from fold to fold). Set only when the pair is real.
   */
  sharedWith?: string[];
}

/** When a column's permutation importance counts as real rather than fold-to-fold noise. */
export const REAL_IMPORTANCE = {
  /** The mean drop must exceed this many standard errors of the fold means... */
  standardErrors: 2,
  /** ...and this absolute drop in ROC AUC (a salary column at 0.001 is noise whatever its spread). */
  floor: 0.002,
} as const;

/** Mean drop clearly above the fold-to-fold noise and above a small absolute floor. */
export function isRealImportance(value: number, se: number, rule: { standardErrors: number; floor: number } = REAL_IMPORTANCE): boolean {
  return value > rule.floor && value > rule.standardErrors * se;
}

/** Why a column is not cited in reasons, in words (null when it is real). */
export function noiseReason(c: ColumnImportance): string | null {
  if (c.real !== false) return null;
  const spread = c.se !== undefined ? ` ± ${c.se.toFixed(4)} (standard error over ${c.folds?.length ?? 0} folds)` : '';
  const noisy = !(c.value > REAL_IMPORTANCE.standardErrors * (c.se ?? Infinity));
  const why = noisy
    ? `within its fold-to-fold noise (not above ${REAL_IMPORTANCE.standardErrors} standard errors)`
    : `too small to cite (below ${REAL_IMPORTANCE.floor})`;
  return `importance ${c.value.toFixed(4)}${spread}: ${why}`;
}
