// Permutation importance: how much the score drops when one feature (or a group of one-hot
// columns of one original column) is shuffled, breaking its link to the label.
import { rocAuc } from './roc';
import { averagePrecision } from './pr';
import { logLoss } from './loss';
import { createRng, permutation } from '../random';

export type PermutationMetric =
  | 'auc'
  | 'averagePrecision'
  | 'logLoss'
  /** A custom score where higher is better. */
  | ((y: ArrayLike<number>, p: ArrayLike<number>) => number);

export interface PermutationOptions {
  /** Shuffles per feature (default 5). */
  repeats?: number;
  seed?: number;
  /** Default 'auc'. */
  metric?: PermutationMetric;
  /** Feature -> group id (0..g-1); features of one group are shuffled together. Default: each feature alone. */
  groups?: ArrayLike<number>;
}

export interface PermutationImportance {
  /** Score of the unshuffled data. */
  baseline: number;
  /** Per feature or group: mean loss of score when shuffled (positive = the model relies on it). */
  mean: Float64Array;
  std: Float64Array;
}

export function permutationImportance(
  predict: (X: Float32Array, rows: number) => ArrayLike<number>,
  X: Float32Array,
  rows: number,
  features: number,
  y: ArrayLike<number>,
  opts: PermutationOptions = {},
): PermutationImportance {
  const { repeats = 5, seed = 0, metric = 'auc' } = opts;
  if (X.length !== rows * features) {
    throw new Error(`permutationImportance: X has ${X.length} values, expected rows * features = ${rows * features}`);
  }
  if (y.length !== rows) throw new Error(`permutationImportance: y has ${y.length} values but X has ${rows} rows`);
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new Error(`permutationImportance: repeats must be an integer >= 1, got ${repeats}`);
  }
  const members = groupMembers(opts.groups, features);
  const score = scorer(metric);
  const baseline = score(y, predict(X, rows));
  const work = X.slice();
  const rng = createRng(seed);
  const mean = new Float64Array(members.length);
  const std = new Float64Array(members.length);
  const drops = new Float64Array(repeats);
  for (let g = 0; g < members.length; g++) {
    const cols = members[g];
    if (cols.length === 0) continue;
    for (let r = 0; r < repeats; r++) {
      const perm = permutation(rows, rng);
      for (const f of cols) for (let i = 0; i < rows; i++) work[i * features + f] = X[perm[i] * features + f];
      drops[r] = baseline - score(y, predict(work, rows));
    }
    for (const f of cols) for (let i = 0; i < rows; i++) work[i * features + f] = X[i * features + f];
    let m = 0;
    for (let r = 0; r < repeats; r++) m += drops[r];
    m /= repeats;
    let v = 0;
    for (let r = 0; r < repeats; r++) v += (drops[r] - m) ** 2;
    mean[g] = m;
    std[g] = Math.sqrt(v / repeats);
  }
  return { baseline, mean, std };
}

// Scores are turned into "higher is better" so that a drop is always positive.
function scorer(metric: PermutationMetric): (y: ArrayLike<number>, p: ArrayLike<number>) => number {
  if (typeof metric === 'function') return metric;
  if (metric === 'auc') return rocAuc;
  if (metric === 'averagePrecision') return averagePrecision;
  if (metric === 'logLoss') return (y, p) => -logLoss(y, p);
  throw new Error(`permutationImportance: unknown metric '${String(metric)}'`);
}

function groupMembers(groups: ArrayLike<number> | undefined, features: number): number[][] {
  if (!groups) return Array.from({ length: features }, (_, f) => [f]);
  if (groups.length !== features) {
    throw new Error(`permutationImportance: groups has ${groups.length} entries but there are ${features} features`);
  }
  const out: number[][] = [];
  for (let f = 0; f < features; f++) {
    const g = groups[f];
    if (!Number.isInteger(g) || g < 0) throw new Error(`permutationImportance: groups[${f}] must be an integer >= 0, got ${g}`);
    while (out.length <= g) out.push([]);
    out[g].push(f);
  }
  return out;
}
