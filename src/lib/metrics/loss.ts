// Probability scores: log-loss and Brier score.
import { checkScores, countPositives } from './validate';

function checkProbabilities(p: ArrayLike<number>, what: string): void {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new Error(`${what}: p must be a probability in [0, 1], got p[${i}] = ${p[i]}`);
  }
}

/** Mean binary cross-entropy; p is clipped to [eps, 1 - eps] so a confident miss costs ~34.5, not Infinity. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, eps = 1e-15): number {
  checkScores(y, p, 'logLoss');
  countPositives(y, 'logLoss');
  checkProbabilities(p, 'logLoss');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], eps), 1 - eps);
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / y.length;
}

/** Mean squared difference between the predicted probability and the 0/1 outcome. */
export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  checkScores(y, p, 'brierScore');
  countPositives(y, 'brierScore');
  checkProbabilities(p, 'brierScore');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const d = p[i] - y[i];
    sum += d * d;
  }
  return sum / y.length;
}
