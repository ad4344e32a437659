// Shared input checks, so every metric fails with the same clear message instead of returning NaN.

/** Throws unless y and p have the same non-zero length and p holds no NaN. */
export function checkScores(y: ArrayLike<number>, p: ArrayLike<number>, what = 'metric'): void {
  if (y.length !== p.length) {
    throw new Error(`${what}: y has ${y.length} values but p has ${p.length}`);
  }
  if (y.length === 0) throw new Error(`${what}: no rows`);
  for (let i = 0; i < p.length; i++) {
    if (Number.isNaN(p[i])) throw new Error(`${what}: p[${i}] is NaN`);
  }
}

/** Throws unless y is all 0/1; returns the number of positives. */
export function countPositives(y: ArrayLike<number>, what = 'metric'): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v === 1) pos++;
    else if (v !== 0) throw new Error(`${what}: y must be 0 or 1, got y[${i}] = ${v}`);
  }
  return pos;
}

/** Binary labels with both classes present (AUC, curves and lift are undefined otherwise). */
export function checkBinary(y: ArrayLike<number>, p: ArrayLike<number>, what = 'metric'): number {
  checkScores(y, p, what);
  const pos = countPositives(y, what);
  if (pos === 0 || pos === y.length) {
    throw new Error(`${what}: y needs both classes, but all ${y.length} rows are ${pos === 0 ? 0 : 1}`);
  }
  return pos;
}
