// Dependence plot data for one column (tested in Node): x = the customer's value, y = its contribution. A
// category column becomes a strip per level (x = level index plus a fixed jitter, ticks named by level).
import type { ShapSample } from './beeswarm';

export interface DependenceData {
  column: string;
  x: Float64Array;
  y: Float64Array;
  categorical: boolean;
  /** Tick labels for a category column: a level's name at its index, nothing between. */
  xFormat: ((v: number) => string) | undefined;
  xDomain: [number, number] | undefined;
  /** Customers without a value (not drawn). */
  missing: number;
}

/** Jitter in [-0.3, 0.3), the same for a customer on every render (golden-ratio sequence, no randomness). */
export function stripJitter(i: number): number {
  return (((i * 0.6180339887498949) % 1) - 0.5) * 0.6;
}

export function dependenceData(s: ShapSample, column: number): DependenceData {
  const n = s.customers.length;
  const c = s.columns.length;
  if (column < 0 || column >= c) throw new Error(`No column ${column}: the sample has ${c}`);
  const levels = s.levels[column];
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const f = s.feature[i * c + column];
    y[i] = s.values[i * c + column];
    if (!Number.isFinite(f)) {
      x[i] = NaN;
      missing++;
    } else x[i] = levels ? f + stripJitter(i) : f;
  }
  const name = (v: number) => (Number.isInteger(v) && levels?.[v] !== undefined ? levels[v] : '');
  return {
    column: s.columns[column],
    x,
    y,
    categorical: !!levels,
    xFormat: levels ? name : undefined,
    xDomain: levels ? [-0.5, Math.max(0.5, levels.length - 0.5)] : undefined,
    missing,
  };
}
