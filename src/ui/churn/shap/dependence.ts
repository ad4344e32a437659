// Dependence plot data for one column (tested in Node): x = the customer's value, y = its contribution. A
// category column becomes a strip per level, the levels ordered by their mean contribution (lowest left, so the
// strips read as a trend; the stored level order is arbitrary), x = the level's rank plus a fixed jitter.
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
  /** Category column: its levels left to right (by mean contribution, levels no customer has last); else null. */
  order: string[] | null;
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
  // Category: each level's rank by mean contribution (ties and empty levels keep the stored order).
  const rank = levels ? levelRanks(s, column, levels.length) : null;
  let missing = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const f = s.feature[i * c + column];
    y[i] = s.values[i * c + column];
    if (!Number.isFinite(f) || (rank && rank[f] === undefined)) {
      x[i] = NaN;
      missing++;
    } else if (rank) x[i] = rank[f] + stripJitter(i);
    else {
      x[i] = f;
      if (f < lo) lo = f;
      if (f > hi) hi = f;
    }
  }
  const order = levels && rank ? Array.from(rank.keys()).sort((a, b) => rank[a] - rank[b]).map((k) => levels[k]) : null;
  const name = (v: number) => (Number.isInteger(v) && order?.[v] !== undefined ? order[v] : '');
  // Numbers: the axis spans the data (a padded, rounded axis started TotalCharges at -2,000).
  const span: [number, number] | undefined = lo > hi ? undefined : lo === hi ? [lo - (Math.abs(lo) * 0.1 || 1), hi + (Math.abs(hi) * 0.1 || 1)] : [lo, hi];
  return {
    column: s.columns[column],
    x,
    y,
    categorical: !!levels,
    xFormat: levels ? name : undefined,
    xDomain: levels ? [-0.5, Math.max(0.5, levels.length - 0.5)] : span,
    missing,
    order,
  };
}

function levelRanks(s: ShapSample, column: number, count: number): number[] {
  const n = s.customers.length;
  const c = s.columns.length;
  const sum = new Float64Array(count);
  const seen = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    const f = s.feature[i * c + column];
    const v = s.values[i * c + column];
    if (Number.isInteger(f) && f >= 0 && f < count && Number.isFinite(v)) {
      sum[f] += v;
      seen[f]++;
    }
  }
  const keys = Array.from({ length: count }, (_, k) => k);
  keys.sort((a, b) => (seen[a] && seen[b] ? sum[a] / seen[a] - sum[b] / seen[b] : seen[a] ? -1 : seen[b] ? 1 : 0) || a - b);
  const rank = new Array<number>(count);
  keys.forEach((k, r) => (rank[k] = r));
  return rank;
}
