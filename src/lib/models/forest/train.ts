// Random forest training: binned features (the GBDT's findBins), one bootstrap sample per tree, a
// fresh feature draw at each split (grow.ts), and out-of-bag predictions for an honest AUC from the
// training rows alone.
import type { ProgressFn } from '../../progress';
import { mulberry32, seedOf } from '../../random';
import { rocAuc } from '../../metrics';
import { binIndex, binOfIndexed, findBins } from '../gbdt/binning';
import { checkTrainingData, type TrainingData } from '../logistic/options';
import { PACK, TreeGrower, leafValueBinned, type BinnedColumns, type GrownTree } from './grow';
import type { ForestModel, ForestTree } from './model';
import { resolveForestOptions, type ForestOptions } from './options';

export interface ForestFit {
  model: ForestModel;
  /** Out-of-bag churn probability per training row (NaN where every tree saw the row). */
  oob: Float64Array;
}

/** Bins X column-major with the GBDT's cuts and bin search (every feature in <= 256 bins, missing included). */
export function binColumns(X: Float32Array, rows: number, features: number, maxBins: number, seed: number): { data: BinnedColumns; cuts: Float64Array[] } {
  const { cuts, valueBins } = findBins(X, rows, features, maxBins, seed);
  const bins = new Uint8Array(rows * features);
  for (let f = 0; f < features; f++) {
    const c = cuts[f];
    const index = binIndex(c);
    const off = f * rows;
    // binOfIndexed puts NaN in the missing bin, valueBins[f]
    for (let i = 0, j = f; i < rows; i++, j += features) bins[off + i] = binOfIndexed(c, index, X[j]);
  }
  return { data: { rows, features, bins, valueBins }, cuts };
}

function toTree(t: GrownTree): ForestTree {
  return {
    feature: Array.from(t.feature),
    bin: Array.from(t.bin),
    missingLeft: Array.from(t.missingLeft),
    right: Array.from(t.right),
    value: Array.from(t.value),
    cover: Array.from(t.cover),
  };
}

export function fitForest(d: TrainingData, options: Partial<ForestOptions> = {}, onProgress?: ProgressFn): ForestFit {
  checkTrainingData(d);
  const o = resolveForestOptions(options);
  const { rows, features } = d;
  if (rows >= PACK) throw new Error(`The random forest takes at most ${PACK - 1} rows, got ${rows}`);
  const { data, cuts } = binColumns(d.X, rows, features, o.maxBins, o.seed);
  const mtry = Math.min(features, o.mtry > 0 ? o.mtry : Math.max(1, Math.floor(Math.sqrt(features))));
  const grower = new TreeGrower(data, { mtry, minLeaf: o.minSamplesLeaf, maxDepth: o.maxDepth });
  const y = d.y;
  const w = new Float64Array(rows);
  const wy = new Float64Array(rows);
  const oobSum = new Float64Array(rows);
  const oobCount = new Int32Array(rows);
  const trees: ForestTree[] = [];
  for (let t = 0; t < o.nEstimators; t++) {
    // each tree its own stream: tree t is the same whatever the tree count
    const rng = mulberry32(seedOf(o.seed, t, 0x0f0e));
    if (o.bootstrap) {
      w.fill(0);
      for (let k = 0; k < rows; k++) w[Math.floor(rng() * rows)]++;
    } else w.fill(1);
    for (let i = 0; i < rows; i++) wy[i] = y[i] > 0.5 ? w[i] : 0;
    const tree = grower.grow(w, wy, rng);
    if (o.bootstrap) {
      for (let i = 0; i < rows; i++) {
        if (w[i] === 0) {
          oobSum[i] += leafValueBinned(tree, data, i);
          oobCount[i]++;
        }
      }
    }
    trees.push(toTree(tree));
    if (onProgress && (t % 10 === 9 || t === o.nEstimators - 1)) onProgress({ stage: 'Growing trees', done: t + 1, total: o.nEstimators });
  }
  const oob = new Float64Array(rows).fill(NaN);
  const oy: number[] = [];
  const op: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (oobCount[i] > 0) {
      oob[i] = oobSum[i] / oobCount[i];
      oy.push(y[i] > 0.5 ? 1 : 0);
      op.push(oob[i]);
    }
  }
  const model: ForestModel = { kind: 'forest', version: 1, features, cuts: cuts.map((c) => Array.from(c)), trees, options: o };
  // AUC needs both classes among the rows that had out-of-bag trees
  if (o.bootstrap && op.length > 0 && oy.includes(0) && oy.includes(1)) model.oobAuc = rocAuc(oy, op);
  return { model, oob };
}

export function trainForest(d: TrainingData, options: Partial<ForestOptions> = {}, onProgress?: ProgressFn): ForestModel {
  return fitForest(d, options, onProgress).model;
}
