// Feature importance by source column. Permutation importance is measured on held-out folds with
// each fold's own model (so it shows what generalises, not what was memorised), shuffling all
// one-hot columns of one source column together; GBDT split gain is summed per source column.
// Each fold's mean drop is kept, so a column's importance can be judged against its own
// fold-to-fold noise: only columns clearly above it are cited in per-customer reasons.
import { isNumericColumn, type Table } from '../../data/table';
import { permutationImportance } from '../../metrics';
import { transformTable, type FittedPipeline } from '../../features/churn/pipeline';
import { splitGainImportance, type GbdtModel } from '../gbdt';
import { predictModel, type ModelKind } from './registry';
import type { CvResult } from './cross-validate';
import { isRealImportance, type ColumnImportance } from './noise';

export { REAL_IMPORTANCE, isRealImportance, noiseReason, type ColumnImportance } from './noise';

export interface ImportanceOptions {
  repeats: number;
  seed: number;
}

export function permutationImportanceCv(table: Table, cv: CvResult, kind: ModelKind, opts: ImportanceOptions): ColumnImportance[] {
  const m = cv.models[kind];
  if (!m) throw new Error(`Model "${kind}" was not cross-validated`);
  const sum = new Map<string, { s: number; ss: number; n: number; folds: number[] }>();
  cv.pipelines.forEach((pipeline, f) => {
    const pos: number[] = [];
    for (let i = 0; i < cv.fold.length; i++) if (cv.fold[i] === f) pos.push(i);
    const test = transformTable(pipeline, table, Int32Array.from(pos, (i) => cv.rows[i]));
    const y = Float32Array.from(pos, (i) => cv.y[i]);
    const model = m.foldModels[f];
    const res = permutationImportance((X, rows) => predictModel(model, X, rows), test.X, test.rows, test.features, y, {
      repeats: opts.repeats,
      seed: opts.seed + f,
      groups: test.groups,
    });
    test.groupNames.forEach((name, g) => {
      const acc = sum.get(name) ?? { s: 0, ss: 0, n: 0, folds: [] };
      // Combine per-fold mean/std back into sums so the overall spread is over every shuffle.
      acc.s += res.mean[g] * opts.repeats;
      acc.ss += (res.std[g] ** 2 + res.mean[g] ** 2) * opts.repeats;
      acc.n += opts.repeats;
      acc.folds.push(res.mean[g]);
      sum.set(name, acc);
    });
  });
  const list = [...sum].map(([feature, { s, ss, n, folds }]): ColumnImportance => {
    const mean = s / n;
    const se = standardError(folds);
    return { feature, value: mean, std: Math.sqrt(Math.max(0, ss / n - mean * mean)), folds, se, real: isRealImportance(mean, se) };
  });
  judgeTwins(table, cv, kind, opts, list);
  return sortImportance(list);
}

/** |Pearson r| at or above which two numeric columns carry the same information (minutes and their charge). */
export const TWIN_CORRELATION = 0.9;

/**
 * Two columns that move together split their permutation importance: the model leans on one or the other
 * from fold to fold, so each looks like noise alone (day minutes and day charge). Such twins are shuffled
 * together; when the pair's importance is real, each member counts as real, with `sharedWith` naming the others.
 */
function judgeTwins(table: Table, cv: CvResult, kind: ModelKind, opts: ImportanceOptions, list: ColumnImportance[]): void {
  const pipeline = cv.pipelines[0];
  if (!pipeline) return;
  const numeric = pipeline.steps.filter((s) => s.kind === 'numeric').map((s) => s.column);
  const byName = new Map(list.map((c) => [c.feature, c]));
  const groups = twinGroups(table, cv.rows, numeric, (name) => byName.get(name)?.real === false);
  if (groups.length === 0) return;
  const m = cv.models[kind]!;
  const folds: number[][] = groups.map(() => []);
  cv.pipelines.forEach((pipeline, f) => {
    const pos: number[] = [];
    for (let i = 0; i < cv.fold.length; i++) if (cv.fold[i] === f) pos.push(i);
    const test = transformTable(pipeline, table, Int32Array.from(pos, (i) => cv.rows[i]));
    const y = Float32Array.from(pos, (i) => cv.y[i]);
    // Group k = twins k; every other feature in one last group (shuffled once, result unused).
    const of = new Map<number, number>();
    groups.forEach((g, k) => g.forEach((name) => of.set(test.groupNames.indexOf(name), k)));
    const merged = Int32Array.from(test.groups, (src) => of.get(src) ?? groups.length);
    const model = m.foldModels[f];
    const res = permutationImportance((X, rows) => predictModel(model, X, rows), test.X, test.rows, test.features, y, { repeats: opts.repeats, seed: opts.seed + f, groups: merged });
    groups.forEach((_, k) => folds[k].push(res.mean[k]));
  });
  groups.forEach((g, k) => {
    const mean = folds[k].reduce((s, v) => s + v, 0) / folds[k].length;
    if (!isRealImportance(mean, standardError(folds[k]))) return;
    for (const name of g) {
      const c = byName.get(name)!;
      c.real = true;
      c.sharedWith = g.filter((o) => o !== name);
    }
  });
}

/** Connected groups of numeric columns with |r| >= TWIN_CORRELATION that hold at least one noise-judged column. */
export function twinGroups(table: Table, rows: ArrayLike<number>, columns: string[], isNoise: (name: string) => boolean): string[][] {
  const values = columns.map((name) => {
    const c = table.columns.find((x) => x.name === name);
    return c && isNumericColumn(c) ? Float64Array.from(rows as ArrayLike<number>, (r) => c.values[r]) : null;
  });
  const parent = columns.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  let any = false;
  for (let i = 0; i < columns.length; i++) {
    if (!values[i] || !isNoise(columns[i])) continue;
    for (let j = 0; j < columns.length; j++) {
      if (j === i || !values[j] || Math.abs(pearson(values[i]!, values[j]!)) < TWIN_CORRELATION) continue;
      parent[find(i)] = find(j);
      any = true;
    }
  }
  if (!any) return [];
  const byRoot = new Map<number, string[]>();
  columns.forEach((name, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), name]));
  return [...byRoot.values()].filter((g) => g.length > 1);
}

/** Pearson correlation over rows where both are present; 0 when either is constant. */
function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0, sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++; sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
  }
  if (n < 3) return 0;
  const va = saa - (sa * sa) / n, vb = sbb - (sb * sb) / n;
  return va > 0 && vb > 0 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0;
}

/** GBDT split gain summed over the one-hot columns of each source column, as a share of the total. */
export function splitGainByColumn(model: GbdtModel, pipeline: FittedPipeline): ColumnImportance[] {
  const gain = splitGainImportance(model);
  const byGroup = new Float64Array(pipeline.steps.length);
  let total = 0;
  gain.forEach((g, j) => {
    byGroup[pipeline.groups[j]] += g;
    total += g;
  });
  return sortImportance(pipeline.steps.map((s, g) => ({ feature: s.column, value: total > 0 ? byGroup[g] / total : 0, std: 0 })));
}

/**
 * Standard error of the mean of k per-fold values, with Nadeau & Bengio's correction for
 * cross-validation: the folds' models share most of their training rows, so their results are
 * correlated and the plain sd / sqrt(k) is too small (a pure-noise column then passed 2 standard
 * errors about twice as often as it should). Variance factor 1/k + n_test/n_train = 1/k + 1/(k-1).
 * Infinity for one value.
 */
function standardError(a: number[]): number {
  const k = a.length;
  if (k < 2) return Infinity;
  const m = a.reduce((s, v) => s + v, 0) / k;
  const variance = a.reduce((s, v) => s + (v - m) ** 2, 0) / (k - 1);
  return Math.sqrt(variance * (1 / k + 1 / (k - 1)));
}

function sortImportance(list: ColumnImportance[]): ColumnImportance[] {
  return list.sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1));
}
