// Leakage warnings: a feature that alone almost perfectly separates churners is usually recorded
// after the fact (a cancellation date, a "churn reason") rather than predictive, and would make
// the model look far better than it will be on new customers.
import { rocAuc } from '../../metrics';
import type { FeatureMatrix } from './pipeline';

export interface LeakageWarning {
  column: string;
  feature: string;
  /** ROC AUC of the feature alone as a score. */
  auc: number;
  message: string;
}

export interface LeakageOptions {
  /** Warn when a single feature's AUC is above this (or below 1 - this). */
  maxAuc: number;
  /** Warn when a feature agrees with the label on at least this share of rows (a near copy). */
  maxAgreement: number;
}

export const defaultLeakageOptions: LeakageOptions = { maxAuc: 0.98, maxAgreement: 0.99 };

/** One warning per source column at most (its most suspicious feature). y is 0/1 per row of fm. */
export function leakageWarnings(fm: FeatureMatrix, y: ArrayLike<number>, options: Partial<LeakageOptions> = {}): LeakageWarning[] {
  const o = { ...defaultLeakageOptions, ...options };
  if (y.length !== fm.rows) throw new Error(`y has ${y.length} labels for ${fm.rows} rows`);
  const { X, rows, features: d } = fm;
  const col = new Float64Array(rows);
  const worst = new Map<number, LeakageWarning & { score: number }>();
  for (let j = 0; j < d; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      col[i] = X[i * d + j];
      if (col[i] < lo) lo = col[i];
      if (col[i] > hi) hi = col[i];
    }
    if (lo === hi) continue;
    const auc = rocAuc(y, col);
    // Agreement of the feature split at its midpoint with the label, in either direction.
    let agree = 0;
    const mid = (lo + hi) / 2;
    for (let i = 0; i < rows; i++) if ((col[i] > mid ? 1 : 0) === y[i]) agree++;
    const agreement = Math.max(agree, rows - agree) / rows;
    const strength = Math.max(auc, 1 - auc);
    let message = '';
    if (agreement >= o.maxAgreement) message = `"${fm.labels[j]}" is a near copy of the label (matches it on ${(agreement * 100).toFixed(1)}% of rows); it may be recorded after churn`;
    else if (strength > o.maxAuc) message = `"${fm.labels[j]}" alone predicts the label almost perfectly (AUC ${auc.toFixed(3)}); check it is known before churn happens`;
    if (!message) continue;
    const g = fm.groups[j];
    const prev = worst.get(g);
    if (!prev || strength > prev.score) worst.set(g, { column: fm.groupNames[g], feature: fm.names[j], auc, message, score: strength });
  }
  return [...worst.values()].sort((a, b) => b.score - a.score).map(({ score: _s, ...w }) => w);
}
