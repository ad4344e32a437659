// Stratified k-fold assignment: every fold keeps the class mix of the whole data.
import { createRng, shuffleInPlace } from '../random';

/**
 * Fold index (0..k-1) per row. Rows of each class are shuffled (seeded) and dealt round-robin,
 * continuing the count across classes, so per-class and total fold sizes differ by at most one.
 * Labels may be any numbers (each distinct value is a stratum); NaN is rejected.
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed = 0): Int32Array {
  const n = y.length;
  if (!Number.isInteger(k) || k < 2) throw new Error(`stratifiedKFold: k must be an integer >= 2, got ${k}`);
  if (k > n) throw new Error(`stratifiedKFold: k = ${k} is more than the ${n} rows`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (Number.isNaN(v)) throw new Error(`stratifiedKFold: y[${i}] is NaN`);
    let list = byClass.get(v);
    if (!list) byClass.set(v, (list = []));
    list.push(i);
  }
  const rng = createRng(seed);
  const fold = new Int32Array(n);
  let dealt = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label)!;
    shuffleInPlace(rows, rng);
    for (const r of rows) fold[r] = dealt++ % k;
  }
  return fold;
}

/** How many folds an assignment has: its largest index + 1 (0 for none). A loop, not Math.max(...fold): spreading
 *  a fold array of more than about 100,000 rows into a call overflows the call stack (churn at 200,000 customers). */
export function foldCount(fold: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] + 1 > k) k = fold[i] + 1;
  return k;
}
