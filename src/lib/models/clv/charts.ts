// Chart-ready data for the CLV views (plain arrays; the UI draws them with d3).
import { bgnbdConditionalExpected, bgnbdProbabilityAlive, type BgnbdParams } from './bgnbd';

/** A heat map over repeat frequency (rows) x recency (columns) for customers of one age. */
export interface FrequencyRecencyGrid {
  frequency: number[];
  recency: number[];
  /** Age T the grid is evaluated at (the oldest customer's, as lifetimes' matrix plots). */
  age: number;
  /** values[i][j] for frequency[i], recency[j]; null where impossible (x > 0 needs recency > 0, x = 0 has recency 0). */
  values: (number | null)[][];
}

export interface GridOptions {
  /** Largest repeat frequency on the grid (default: the data's maximum, at most 100 rows). */
  maxFrequency: number;
  age: number;
  /** Most recency columns (default 50). */
  recencySteps?: number;
  maxRows?: number;
}

function axes(o: GridOptions): { frequency: number[]; recency: number[] } {
  const maxRows = o.maxRows ?? 100;
  const steps = o.recencySteps ?? 50;
  if (!(o.maxFrequency >= 0)) throw new Error(`grid maxFrequency must be >= 0, got ${o.maxFrequency}`);
  if (!(o.age > 0)) throw new Error(`grid age must be > 0, got ${o.age}`);
  if (!(steps >= 1 && Number.isInteger(steps))) throw new Error(`grid recencySteps must be a whole number >= 1, got ${steps}`);
  const fStep = Math.max(1, Math.ceil((Math.floor(o.maxFrequency) + 1) / maxRows));
  const frequency: number[] = [];
  for (let f = 0; f <= o.maxFrequency; f += fStep) frequency.push(f);
  const recency = Array.from({ length: steps + 1 }, (_, j) => (o.age * j) / steps);
  return { frequency, recency };
}

function grid(o: GridOptions, cell: (x: number, tx: number) => number): FrequencyRecencyGrid {
  const { frequency, recency } = axes(o);
  const values = frequency.map((x) => recency.map((tx) => ((x === 0) !== (tx === 0) ? null : cell(x, tx))));
  return { frequency, recency, age: o.age, values };
}

/** Any purchase model's P(alive) and conditional expectation (purchase-models.ts), or BG/NBD parameters. */
interface ModelFunctions {
  pAlive(x: number, tx: number, T: number): number;
  conditionalExpected(t: number, x: number, tx: number, T: number): number;
}

function functionsOf(p: BgnbdParams | ModelFunctions): ModelFunctions {
  if ('pAlive' in p) return p;
  return { pAlive: (x, tx, T) => bgnbdProbabilityAlive(p, x, tx, T), conditionalExpected: (t, x, tx, T) => bgnbdConditionalExpected(p, t, x, tx, T) };
}

/** P(alive) over frequency x recency (lifetimes' plot_probability_alive_matrix). */
export function probabilityAliveGrid(p: BgnbdParams | ModelFunctions, o: GridOptions): FrequencyRecencyGrid {
  const f = functionsOf(p);
  return grid(o, (x, tx) => f.pAlive(x, tx, o.age));
}

/** Expected purchases in the next `t` periods over frequency x recency (lifetimes' plot_frequency_recency_matrix). */
export function expectedPurchasesGrid(p: BgnbdParams | ModelFunctions, t: number, o: GridOptions): FrequencyRecencyGrid {
  if (!(t > 0)) throw new Error(`grid horizon t must be > 0, got ${t}`);
  const f = functionsOf(p);
  return grid(o, (x, tx) => f.conditionalExpected(t, x, tx, o.age));
}

export interface Histogram {
  /** Bin edges, length bins + 1. */
  edges: number[];
  counts: number[];
  /** Values above the last edge (the top 1% by default, so one whale does not flatten the chart). */
  above: number;
  min: number;
  max: number;
}

export function histogram(values: Float64Array, bins = 30, clipQuantile = 0.99): Histogram {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`histogram bins must be a whole number >= 1, got ${bins}`);
  if (!(clipQuantile > 0 && clipQuantile <= 1)) throw new Error(`histogram clipQuantile must be in (0, 1], got ${clipQuantile}`);
  const finite = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (finite.length === 0) return { edges: [], counts: [], above: 0, min: NaN, max: NaN };
  const min = finite[0];
  const max = finite[finite.length - 1];
  let top = finite[Math.min(finite.length - 1, Math.floor(clipQuantile * (finite.length - 1)))];
  if (top <= min) top = max > min ? max : min + 1;
  const width = (top - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => min + k * width);
  const counts = new Array<number>(bins).fill(0);
  let above = 0;
  for (const v of finite) {
    if (v > top) above++;
    else counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  }
  return { edges, counts, above, min, max };
}

export interface CalibrationHoldoutGroup {
  /** "0".."6" or "7+": repeat purchase days in the calibration period. */
  frequency: string;
  customers: number;
  /** Mean purchase days per customer in the holdout period. */
  actual: number;
  /** Mean conditional expectation of the chosen purchase model over the holdout duration. */
  predicted: number;
}

/**
 * Mean predicted vs actual holdout purchases grouped by calibration frequency 0..6 and 7+
 * (lifetimes' plot_calibration_purchases_vs_holdout_purchases, which shows 0..n-1 with n = 7).
 */
export function calibrationVsHoldout(
  p: BgnbdParams | ModelFunctions,
  data: { frequency: Float64Array; recency: Float64Array; age: Float64Array },
  holdout: { purchases: Float64Array; duration: number },
  groups = 7,
): CalibrationHoldoutGroup[] {
  if (!(holdout.duration > 0)) throw new Error(`holdout duration must be > 0, got ${holdout.duration}`);
  const count = new Array<number>(groups + 1).fill(0);
  const actual = new Array<number>(groups + 1).fill(0);
  const predicted = new Array<number>(groups + 1).fill(0);
  const cache = new Map<string, number>();
  const f = functionsOf(p);
  for (let i = 0; i < data.frequency.length; i++) {
    const g = Math.min(groups, data.frequency[i]);
    const key = `${data.frequency[i]},${data.recency[i]},${data.age[i]}`;
    let e = cache.get(key);
    if (e === undefined) {
      e = f.conditionalExpected(holdout.duration, data.frequency[i], data.recency[i], data.age[i]);
      cache.set(key, e);
    }
    count[g]++;
    actual[g] += holdout.purchases[i];
    predicted[g] += e;
  }
  return count.map((c, g) => ({
    frequency: g < groups ? String(g) : `${groups}+`,
    customers: c,
    actual: c > 0 ? actual[g] / c : NaN,
    predicted: c > 0 ? predicted[g] / c : NaN,
  }));
}
