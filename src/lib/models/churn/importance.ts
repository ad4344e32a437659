// Feature importance by source column. Permutation importance is measured on held-out folds with
// each fold's own model (so it shows what generalises, not what was memorised), shuffling all
// one-hot columns of one source column together; GBDT split gain is summed per source column.
// Each fold's mean drop is kept, so a column's importance can be judged against its own
// fold-to-fold noise: only columns clearly above it are cited in per-customer reasons.
import type { Table } from '../../data/table';
import { permutationImportance } from '../../metrics';
import { transformTable, type FittedPipeline } from '../../features/churn/pipeline';
import { splitGainImportance, type GbdtModel } from '../gbdt';
import { predictModel, type ModelKind } from './registry';
import type { CvResult } from './crossValidate';
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
  return sortImportance(
    [...sum].map(([feature, { s, ss, n, folds }]) => {
      const mean = s / n;
      const se = standardError(folds);
      return { feature, value: mean, std: Math.sqrt(Math.max(0, ss / n - mean * mean)), folds, se, real: isRealImportance(mean, se) };
    }),
  );
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
