// Feature importance by source column. Permutation importance is measured on held-out folds with
// each fold's own model (so it shows what generalises, not what was memorised), shuffling all
// one-hot columns of one source column together; GBDT split gain is summed per source column.
import type { Table } from '../../data/table';
import { permutationImportance } from '../../metrics';
import { transformTable, type FittedPipeline } from '../../features/churn/pipeline';
import { splitGainImportance, type GbdtModel } from '../gbdt';
import { predictModel, type ModelKind } from './registry';
import type { CvResult } from './crossValidate';

export interface ColumnImportance {
  /** Source column name. */
  feature: string;
  /** Mean drop in ROC AUC when the column is shuffled (averaged over folds and repeats). */
  value: number;
  /** Spread of that drop over folds x repeats. */
  std: number;
}

export interface ImportanceOptions {
  repeats: number;
  seed: number;
}

export function permutationImportanceCv(table: Table, cv: CvResult, kind: ModelKind, opts: ImportanceOptions): ColumnImportance[] {
  const m = cv.models[kind];
  if (!m) throw new Error(`Model "${kind}" was not cross-validated`);
  const sum = new Map<string, { s: number; ss: number; n: number }>();
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
      const acc = sum.get(name) ?? { s: 0, ss: 0, n: 0 };
      // Combine per-fold mean/std back into sums so the overall spread is over every shuffle.
      acc.s += res.mean[g] * opts.repeats;
      acc.ss += (res.std[g] ** 2 + res.mean[g] ** 2) * opts.repeats;
      acc.n += opts.repeats;
      sum.set(name, acc);
    });
  });
  return sortImportance(
    [...sum].map(([feature, { s, ss, n }]) => {
      const mean = s / n;
      return { feature, value: mean, std: Math.sqrt(Math.max(0, ss / n - mean * mean)) };
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

function sortImportance(list: ColumnImportance[]): ColumnImportance[] {
  return list.sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : 1));
}
