// Counts and rates at one decision threshold: what "flag customers with p >= t" means in practice.
import { checkScores, countPositives } from './validate';

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / flagged; 0 when nothing is flagged (sklearn's zero_division=0). */
  precision: number;
  /** tp / positives; 0 when there are no positives. */
  recall: number;
  f1: number;
  accuracy: number;
  /** Rows with p >= threshold (tp + fp). */
  flagged: number;
}

export function confusionAt(y: ArrayLike<number>, p: ArrayLike<number>, threshold: number): Confusion {
  checkScores(y, p, 'confusionAt');
  countPositives(y, 'confusionAt');
  if (Number.isNaN(threshold)) throw new Error('confusionAt: threshold is NaN');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const flagged = p[i] >= threshold;
    if (y[i] === 1) {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, tn, fn, precision, recall, f1, accuracy: (tp + tn) / y.length, flagged: tp + fp };
}
