// The boosting loop: binary log-loss, base score = log-odds of the weighted prior, one tree per round
// on gradients/hessians, seeded row/feature subsampling, early stopping on held-out log-loss.
import { NO_THREADS, type KernelThreads } from '../../engine/threads';
import type { ProgressFn } from '../../progress';
import { createRng, shuffleInPlace } from '../../random';
import { findBins } from './binning';
import type { GbdtModel, GbdtTree } from './model';
import { resolveGbdtOptions, type GbdtOptions, type ResolvedGbdtOptions } from './options';
import { classWeights, logLossGradients, meanLogLoss, roundGradients } from './loss';
import { packBins, type PackedBins } from './packed';
import { addTreeBinned } from './predict';
import { createHistKernel, kernelHistogramsShared, kernelLevelShared, PARALLEL_ROWS, shareHistogram, type HistKernel } from './hist-wasm';
import { createWorkspace, growTreeSteps, type TreeParams } from './tree';

/** Row-major rows x features values (NaN = missing), 0/1 labels and optional row weights. */
export interface Dataset {
  X: Float32Array;
  rows: number;
  features: number;
  y: Float32Array;
  weight?: Float32Array;
}

/**
 * Trains on this thread. `kernel` false runs the TypeScript histogram and partition loops instead of the
 * WebAssembly kernel (hist-wasm.ts): the same model bit for bit, only slower (tests compare the two).
 */
export function trainGbdt(
  data: Dataset,
  opts: Partial<GbdtOptions> = {},
  onProgress?: ProgressFn,
  valid?: Dataset,
  kernel = true,
): GbdtModel {
  const r = trainSteps(data, opts, onProgress, valid, { kernel, threads: NO_THREADS, key: '', attached: false }).next();
  if (!r.done) throw new Error('gbdt: training without helper threads asked for them');
  return r.value;
}

let runs = 0;
let hostThreads: () => KernelThreads = () => NO_THREADS;

/**
 * The host's helper threads for trainings not given any (the churn models): the compute worker sets its
 * kernel workers, the CLI its Node worker_threads. A provider, so no thread starts until a large training.
 */
export function setGbdtThreads(provider: () => KernelThreads): void {
  hostThreads = provider;
}

/**
 * Trains with each level's partitions and histograms shared out by rows to helper threads as well (the app's
 * kernel workers, the CLI's worker_threads; hist-wasm.ts), handed over on shared memory where the host can block
 * (KernelThreads.serve); the same model as trainGbdt, bit for bit (the gradients are rounded so that every sum is
 * exact: loss.ts roundGradients).
 */
export async function trainGbdtThreaded(
  data: Dataset,
  opts: Partial<GbdtOptions> = {},
  threads?: KernelThreads,
  onProgress?: ProgressFn,
  valid?: Dataset,
  report?: SharingReport,
): Promise<GbdtModel> {
  // below a node size worth sharing (PARALLEL_ROWS), no memory is shared and no helper started
  const env: StepEnv = { kernel: true, threads: data.rows >= PARALLEL_ROWS ? (threads ?? hostThreads()) : NO_THREADS, key: `gbdt-${++runs}`, attached: false, report };
  const steps = trainSteps(data, opts, onProgress, valid, env);
  try {
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) return r.value;
      await r.value();
    }
  } finally {
    if (env.attached) await env.threads.detach(env.key);
  }
}

interface StepEnv {
  kernel: boolean;
  threads: KernelThreads;
  /** The kernel memory's attachment on the helpers, and whether it was made. */
  key: string;
  attached: boolean;
  report?: SharingReport;
}

/**
 * Whether helper threads paid in a training (trainGbdtThreaded fills it): with helpers, trees 1-6 alternate
 * between sharing out levels and growing on this thread alone (tree 0, with helpers, warms both up), and the
 * rest of the training keeps the faster way by the median tree time. Both ways grow the same trees, bit for
 * bit, so only the time depends on the choice; a helper's hand-overs can cost more than they save (before the
 * rows were shared out and handed over on shared memory, docs/BENCHMARKS.md measured 17 ms per tree with one
 * helper against 12 ms alone on 100,000 x 30; a busy machine can still do that).
 */
export interface SharingReport {
  /** Milliseconds per trial tree grown with the helpers, and alone. */
  sharedMs: number[];
  aloneMs: number[];
  /** The way kept after the trial (true: helpers), or null when there was no trial (no helpers, or under 8 trees). */
  shared: boolean | null;
  /** Whether the helpers took their work from shared memory (KernelThreads.serve), not by message. */
  sharedMemory?: boolean;
}

/** Trees of the sharing trial: 1, 3, 5 shared; 2, 4, 6 alone. */
const TRIAL_TREES = 6;

/** Whether tree t shares out its levels, given the trial's times so far (pushed into `r` after each tree). */
function shareTree(t: number, nTrees: number, r: SharingReport): boolean {
  if (nTrees < TRIAL_TREES + 2 || t === 0) return true;
  if (t <= TRIAL_TREES) return t % 2 === 1;
  if (r.shared === null) r.shared = median(r.sharedMs) <= median(r.aloneMs);
  return r.shared;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s.length === 0 ? Infinity : s[(s.length - 1) >> 1];
}

/** The training loop; yields the work that waits on helper threads (never when env.threads has none). */
function* trainSteps(
  data: Dataset,
  opts: Partial<GbdtOptions>,
  onProgress: ProgressFn | undefined,
  valid: Dataset | undefined,
  env: StepEnv,
): Generator<() => Promise<unknown>, GbdtModel, void> {
  const o = resolveGbdtOptions(opts);
  checkDataset(data, 'data');
  if (valid) {
    checkDataset(valid, 'valid');
    if (valid.features !== data.features) {
      throw new Error(`gbdt: valid has ${valid.features} features but data has ${data.features}`);
    }
  }
  const rng = createRng(o.seed);
  let train = data;
  let holdout = valid;
  if (!holdout && o.earlyStoppingRounds > 0 && o.validationFraction > 0) {
    const split = holdOut(data, o.validationFraction, rng);
    if (split) [train, holdout] = split;
  }
  const { rows, features } = train;
  const w = rowWeights(train, o);
  const wValid = holdout ? rowWeights(holdout, o) : null;
  const cw = classWeights(train.y, w);
  const cwValid = holdout && wValid ? classWeights(holdout.y, wValid) : null;
  let wPos = 0;
  let wAll = 0;
  for (let i = 0; i < rows; i++) {
    wAll += w[i];
    if (train.y[i] === 1) wPos += w[i];
  }
  if (wPos <= 0 || wPos >= wAll) throw new Error('gbdt: the training rows need positive weight in both classes (y = 0 and y = 1)');
  const baseScore = Math.log(wPos / (wAll - wPos));

  onProgress?.({ stage: 'Gradient boosting: binning features', done: 0, total: o.nEstimators });
  const binning = findBins(train.X, rows, features, o.maxBins, o.seed);
  const bins = packBins(train.X, rows, features, binning);
  const validBins = holdout ? packBins(holdout.X, holdout.rows, features, binning) : null;
  const usable = usableFeatures(bins, binning.valueBins);
  const parts = env.threads.count + 1;
  // histograms alive at once: depth-wise, about one per level of the path grown, or with helpers (grown level by
  // level, tree.ts) two per node of the widest level split; leaf-wise, one per leaf
  const pool = o.growth === 'leafwise' ? o.numLeaves + 2 : parts > 1 ? Math.min(2 ** (o.maxDepth - 1), 1024) + 2 : o.maxDepth + 3;
  let kernel: HistKernel | null = null;
  // whether the tree being grown shares its work out (see SharingReport)
  let sharing = true;
  const ws = createWorkspace(
    bins,
    binning,
    env.kernel ? (layout) => (kernel = createHistKernel(bins, layout, parts, pool) ?? (parts > 1 ? createHistKernel(bins, layout, 1, pool) : null)) : null,
    (n) => sharing && shareHistogram(kernel, env.threads, n),
  );
  // every round's gradients are rounded (roundGradients below): histogram sums are exact
  ws.exactSums = true;
  // alone, a tree grows depth first as without helpers (level by level only pays when levels are shared out)
  const levelwise = ws.levelwise;
  ws.levelwise = (maxDepth) => sharing && levelwise(maxDepth);
  const trial = ws.kernel && ws.kernel.parts > 1 ? (env.report ?? { sharedMs: [], aloneMs: [], shared: null }) : null;
  if (trial) Object.assign(trial, { sharedMs: [], aloneMs: [], shared: null });
  if (ws.kernel && ws.kernel.parts > 1) {
    const k = ws.kernel;
    yield () =>
      env.threads.attach(env.key, k.module, k.memory).then(() => {
        env.attached = true;
        // hand-overs on shared memory: several per tree, each a message round trip otherwise
        const served = env.threads.serve?.(env.key, ['hist8Jobs', 'levelJobs']) ?? false;
        if (trial) trial.sharedMemory = served;
      });
  }
  const params: TreeParams = {
    growth: o.growth,
    maxDepth: o.maxDepth,
    numLeaves: o.numLeaves,
    learningRate: o.learningRate,
    l2: o.l2,
    minSamplesLeaf: o.minSamplesLeaf,
    minChildHessian: o.minChildHessian,
    minGainToSplit: o.minGainToSplit,
  };

  const F = new Float64Array(rows).fill(baseScore);
  // exp(-F), kept in step with F by the trees (see logLossGradients)
  const E = new Float64Array(rows).fill(Math.exp(-baseScore));
  const Fv = holdout ? new Float64Array(holdout.rows).fill(baseScore) : null;
  const trees: GbdtTree[] = [];
  const trainLoss: number[] = [];
  const validLoss: number[] = [];
  const sampleSize = Math.max(1, Math.round(o.subsample * rows));
  // on every row, the gradients go straight where the kernel reads each tree's root from (tree.ts: no copy)
  const gh = ws.kernel?.initial && sampleSize >= rows ? ws.kernel.initial.gradView : new Float64Array(2 * rows);
  const nFeats = Math.max(1, Math.round(o.colsample * usable.length));
  let best = Infinity;
  let bestIteration = 0;
  let stoppedEarly = false;
  const absSums = new Float64Array(2);

  for (let t = 0; t < o.nEstimators; t++) {
    const loss = logLossGradients(F, train.y, w, cw, gh, E, absSums);
    // every sum of them exact: the same trees whichever thread adds which rows (helpers, the trial's two ways)
    const totals = roundGradients(gh, rows, absSums);
    if (t > 0) trainLoss.push(loss);
    const m = sampleSize >= rows ? rows : sampleRows(ws.idx, rows, sampleSize, rng);
    const feats = sampleFeatures(usable, nFeats, rng);
    if (trial) sharing = shareTree(t, o.nEstimators, trial);
    const started = performance.now();
    // on every row, the tree adds its values to F as it grows; on a sample, the rows left out need a pass of their own
    const steps = growTreeSteps(ws, m === rows ? null : ws.idx, m, gh, feats, params, m === rows ? F : undefined, m === rows ? E : undefined, totals);
    let r = steps.next();
    for (; !r.done; r = steps.next()) {
      const q = r.value;
      yield () =>
        q.level ? kernelLevelShared(ws.kernel!, env.threads, env.key, q.level, q.groups) : kernelHistogramsShared(ws.kernel!, env.threads, env.key, q.jobs, q.groups);
    }
    const { tree } = r.value;
    trees.push(tree);
    if (trial && t > 0 && t <= TRIAL_TREES && o.nEstimators >= TRIAL_TREES + 2) (sharing ? trial.sharedMs : trial.aloneMs).push(performance.now() - started);
    if (m !== rows) {
      addTreeBinned(tree, bins, binning.valueBins, F);
      for (let i = 0; i < rows; i++) E[i] = Math.exp(-F[i]);
    }
    let reported = loss;
    if (holdout && Fv && validBins && wValid) {
      addTreeBinned(tree, validBins, binning.valueBins, Fv);
      const vl = meanLogLoss(Fv, holdout.y, wValid, cwValid);
      validLoss.push(vl);
      reported = vl;
      if (vl < best - 1e-9) {
        best = vl;
        bestIteration = t + 1;
      }
    }
    onProgress?.({ stage: 'Gradient boosting', done: t + 1, total: o.nEstimators, loss: reported });
    if (o.earlyStoppingRounds > 0 && holdout && t + 1 - bestIteration >= o.earlyStoppingRounds) {
      stoppedEarly = true;
      break;
    }
  }
  trainLoss.push(meanLogLoss(F, train.y, w, cw));
  const kept = o.earlyStoppingRounds > 0 && holdout ? Math.max(1, bestIteration) : trees.length;
  return {
    kind: 'gbdt',
    version: 1,
    features,
    baseScore,
    trees: trees.slice(0, kept),
    trainLoss,
    validLoss,
    bestIteration: kept,
    stoppedEarly,
    options: o,
  };
}

function checkDataset(d: Dataset, name: string): void {
  if (!Number.isInteger(d.rows) || d.rows < 1) throw new Error(`gbdt: ${name}.rows must be an integer >= 1, got ${d.rows}`);
  if (!Number.isInteger(d.features) || d.features < 1) {
    throw new Error(`gbdt: ${name}.features must be an integer >= 1, got ${d.features}`);
  }
  if (d.X.length !== d.rows * d.features) {
    throw new Error(`gbdt: ${name}.X has ${d.X.length} values, expected rows * features = ${d.rows * d.features}`);
  }
  if (d.y.length !== d.rows) throw new Error(`gbdt: ${name}.y has ${d.y.length} values but there are ${d.rows} rows`);
  for (let i = 0; i < d.rows; i++) {
    if (d.y[i] !== 0 && d.y[i] !== 1) throw new Error(`gbdt: ${name}.y must be 0 or 1, got y[${i}] = ${d.y[i]}`);
  }
  if (d.weight) {
    if (d.weight.length !== d.rows) {
      throw new Error(`gbdt: ${name}.weight has ${d.weight.length} values but there are ${d.rows} rows`);
    }
    for (let i = 0; i < d.rows; i++) {
      const v = d.weight[i];
      if (!(v >= 0 && v < Infinity)) throw new Error(`gbdt: ${name}.weight must be finite and >= 0, got weight[${i}] = ${v}`);
    }
  }
}

function rowWeights(d: Dataset, o: ResolvedGbdtOptions): Float64Array {
  let pos = 1;
  let neg = 1;
  if (o.classWeight === 'balanced') {
    // sklearn's rule: n / (2 * class count), counted on the full data so train and validation agree
    let np = 0;
    for (let i = 0; i < d.rows; i++) np += d.y[i];
    pos = np > 0 ? d.rows / (2 * np) : 1;
    neg = np < d.rows ? d.rows / (2 * (d.rows - np)) : 1;
  } else if (o.classWeight) {
    pos = o.classWeight.pos;
    neg = o.classWeight.neg;
  }
  const w = new Float64Array(d.rows);
  for (let i = 0; i < d.rows; i++) w[i] = (d.weight ? d.weight[i] : 1) * (d.y[i] === 1 ? pos : neg);
  return w;
}

/** Stratified, seeded hold-out of `fraction` of each class; null when it would leave a class without rows. */
function holdOut(d: Dataset, fraction: number, rng: () => number): [Dataset, Dataset] | null {
  const byClass: number[][] = [[], []];
  for (let i = 0; i < d.rows; i++) byClass[d.y[i]].push(i);
  const trainRows: number[] = [];
  const validRows: number[] = [];
  for (const rowsOfClass of byClass) {
    shuffleInPlace(rowsOfClass, rng);
    const nv = Math.min(Math.round(fraction * rowsOfClass.length), rowsOfClass.length - 1);
    for (let k = 0; k < rowsOfClass.length; k++) (k < nv ? validRows : trainRows).push(rowsOfClass[k]);
  }
  if (validRows.length === 0 || trainRows.length === 0) return null;
  trainRows.sort((a, b) => a - b);
  validRows.sort((a, b) => a - b);
  return [gather(d, trainRows), gather(d, validRows)];
}

function gather(d: Dataset, rows: number[]): Dataset {
  const f = d.features;
  const X = new Float32Array(rows.length * f);
  const y = new Float32Array(rows.length);
  const weight = d.weight ? new Float32Array(rows.length) : undefined;
  rows.forEach((r, k) => {
    X.set(d.X.subarray(r * f, r * f + f), k * f);
    y[k] = d.y[r];
    if (weight && d.weight) weight[k] = d.weight[r];
  });
  return { X, rows: rows.length, features: f, y, weight };
}

/** Features worth scanning: more than one value bin, or some missing values. */
function usableFeatures(bins: PackedBins, valueBins: Int32Array): Int32Array {
  const { features, perWord, rows, words, bits, groups } = bins;
  const mask = bits === 8 ? 0xff : 0xffff;
  const out: number[] = [];
  for (let f = 0; f < features; f++) {
    let usable = valueBins[f] > 1;
    const g = Math.floor(f / perWord);
    const shift = (f % perWord) * bits;
    for (let i = 0; i < rows && !usable; i++) usable = ((words[i * groups + g] >>> shift) & mask) === valueBins[f];
    if (usable) out.push(f);
  }
  return Int32Array.from(out);
}

/** Fills idx with the rows of this round (all, or a seeded sample in row order); returns how many. */
function sampleRows(idx: Uint32Array, rows: number, size: number, rng: () => number): number {
  if (size >= rows) {
    for (let i = 0; i < rows; i++) idx[i] = i;
    return rows;
  }
  let taken = 0;
  for (let i = 0; i < rows && taken < size; i++) {
    if (rng() * (rows - i) < size - taken) idx[taken++] = i;
  }
  return taken;
}

function sampleFeatures(usable: Int32Array, n: number, rng: () => number): Int32Array {
  if (n >= usable.length) return usable;
  const a = Array.from(usable);
  for (let k = 0; k < n; k++) {
    const j = k + Math.floor(rng() * (a.length - k));
    [a[k], a[j]] = [a[j], a[k]];
  }
  return Int32Array.from(a.slice(0, n)).sort();
}
