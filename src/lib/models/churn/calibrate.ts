// Probability calibration of a churn model, fitted on OUT-OF-FOLD predictions only (a model's scores on
// its own training rows are over-confident, so a calibrator fitted on them would learn the wrong map).
// Platt: a logistic on the model's log-odds with Platt's smoothed targets. Isotonic: pool adjacent
// violators. Which one (or none) is chosen by cross-fitting on the out-of-fold scores: each fold is
// calibrated by a map fitted on the other folds, so the Brier score and ECE "after" are out of sample.
import { brierScore, foldCount, stratifiedKFold } from '../../metrics';
import { fitPlatt as fitPlattSigmoid } from '../svm/platt';

export type CalibrationMethod = 'none' | 'platt' | 'isotonic';

/** A fitted calibrator as plain JSON-able data (it is saved with the model). */
export type Calibrator =
  | { method: 'none' }
  /** p' = 1 / (1 + exp(a * logit(p) + b)) (Platt's sign convention, as sklearn's _SigmoidCalibration). */
  | { method: 'platt'; a: number; b: number }
  /**
   * Piecewise-linear through (x[i], y[i]), x ascending, flat outside [x[0], x[last]]; blended with
   * TIE_BREAK of the model's own probability so that customers in one flat block keep the model's order.
   */
  | { method: 'isotonic'; x: number[]; y: number[] };

export interface CalibrationCandidate {
  method: CalibrationMethod;
  /** Cross-fitted (out-of-sample) Brier score and expected calibration error of this method. */
  brier: number;
  ece: number;
}

/** The plain (cloneable) part of a calibration summary: what the run, the card and the CLI show. */
export interface CalibrationReport {
  method: CalibrationMethod;
  /** Brier score and ECE of the out-of-fold probabilities as they came. */
  brierBefore: number;
  eceBefore: number;
  /** The same after the chosen calibration, cross-fitted (each fold calibrated by a map fitted on the others). */
  brierAfter: number;
  eceAfter: number;
  candidates: CalibrationCandidate[];
  /** Why this method, in words. */
  note: string;
  /** Fitted on all out-of-fold predictions; apply it to the refitted model's scores. */
  calibrator: Calibrator;
}

export interface CalibrationSummary extends CalibrationReport {
  /** Cross-fitted calibrated out-of-fold probabilities (for the "after" reliability diagram). */
  crossFitted: Float64Array;
  /** The chosen calibrator applied to new probabilities. */
  apply(p: ArrayLike<number>): Float64Array;
}

export interface CalibrationOptions {
  /** Fold per entry of y (the cross-validation's), or a number of stratified folds to draw (default 5). */
  folds?: Int32Array | number;
  seed?: number;
  /** Bins of the expected calibration error (uniform on [0, 1]). */
  bins?: number;
}

/** Fewer labelled rows than this, or fewer of either class, and no calibration is fitted. */
export const MIN_CALIBRATION_ROWS = 50;
const MIN_CLASS_ROWS = 5;
const EPS = 1e-7;
/**
 * Isotonic maps are flat within each block: the riskiest customers would tie and a list sorted by
 * probability would order them by row. (1 - w) * iso(p) + w * p keeps the model's ranking (strictly
 * increasing in p) and stays in [0, 1], moving no probability by more than w.
 */
export const TIE_BREAK = 1e-6;

const logit = (p: number): number => {
  const q = Math.min(Math.max(p, EPS), 1 - EPS);
  return Math.log(q / (1 - q));
};

/**
 * Expected calibration error: sum over uniform bins [k/B, (k+1)/B) (the last one closed) of
 * (rows in bin / rows) * |mean outcome - mean probability| in that bin.
 */
export function expectedCalibrationError(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): number {
  if (y.length !== p.length) throw new Error(`ECE: ${y.length} labels for ${p.length} probabilities`);
  if (y.length === 0) throw new Error('ECE: no rows');
  if (!(Number.isInteger(bins) && bins >= 1)) throw new Error(`ECE: bins must be a whole number >= 1, got ${bins}`);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) throw new Error(`ECE: p must be in [0, 1], got p[${i}] = ${p[i]}`);
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    sumP[b] += p[i];
    sumY[b] += y[i];
    count[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]) ece += Math.abs(sumY[b] - sumP[b]) / y.length;
  return ece;
}

/**
 * Platt scaling in sklearn's sign convention, P(y=1|f) = 1 / (1 + exp(a f + b)): the SVM's Platt fit
 * (Newton with backtracking, Lin, Lin and Weng 2007, on Platt's smoothed targets) with the signs turned
 * and a tighter gradient tolerance. `f` is any score (here the model's log-odds).
 */
export function fitPlatt(f: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  const n = f.length;
  if (y.length !== n) throw new Error(`Platt: ${y.length} labels for ${n} scores`);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] === 1 ? 1 : 0;
  if (pos === 0 || pos === n) throw new Error('Platt: needs both classes');
  const s = fitPlattSigmoid(f, y, 100, 1e-7);
  return { a: -s.a, b: -s.b };
}

/**
 * Isotonic regression by pool adjacent violators: the non-decreasing step function of x closest to y
 * in squared error. Equal x values are pooled first (one block, their mean). Returns the blocks as
 * interpolation points: each block contributes (its lowest x, value) and (its highest x, value).
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; y: number[] } {
  const n = x.length;
  if (y.length !== n) throw new Error(`isotonic: ${y.length} labels for ${n} scores`);
  if (n === 0) throw new Error('isotonic: no rows');
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i] - x[j]);
  // Equal x values are pooled before PAV: pooling one of them at a time could merge a block on an early
  // low value that the later ones at the same x would have kept apart.
  const gx: number[] = [];
  const gw: number[] = [];
  const gs: number[] = [];
  for (const i of order) {
    const g = gx.length - 1;
    if (g >= 0 && gx[g] === x[i]) {
      gw[g]++;
      gs[g] += y[i];
    } else {
      gx.push(x[i]);
      gw.push(1);
      gs.push(y[i]);
    }
  }
  // Blocks as a stack: lowest x, highest x, weight, sum of y.
  const lo: number[] = [];
  const hiX: number[] = [];
  const w: number[] = [];
  const s: number[] = [];
  for (let g = 0; g < gx.length; g++) {
    lo.push(gx[g]);
    hiX.push(gx[g]);
    w.push(gw[g]);
    s.push(gs[g]);
    // Pool while the last block's mean is below the one before it.
    while (lo.length > 1) {
      const m = lo.length - 1;
      if (s[m - 1] / w[m - 1] <= s[m] / w[m]) break;
      hiX[m - 1] = hiX[m];
      w[m - 1] += w[m];
      s[m - 1] += s[m];
      lo.pop();
      hiX.pop();
      w.pop();
      s.pop();
    }
  }
  const px: number[] = [];
  const py: number[] = [];
  for (let b = 0; b < lo.length; b++) {
    const v = s[b] / w[b];
    px.push(lo[b]);
    py.push(v);
    if (hiX[b] !== lo[b]) {
      px.push(hiX[b]);
      py.push(v);
    }
  }
  return { x: px, y: py };
}

function interpolate(xs: number[], ys: number[], v: number): number {
  if (v <= xs[0]) return ys[0];
  const last = xs.length - 1;
  if (v >= xs[last]) return ys[last];
  let l = 0;
  let h = last;
  while (h - l > 1) {
    const m = (l + h) >> 1;
    if (xs[m] <= v) l = m;
    else h = m;
  }
  return xs[h] === xs[l] ? ys[h] : ys[l] + ((ys[h] - ys[l]) * (v - xs[l])) / (xs[h] - xs[l]);
}

/** A calibrator applied to probabilities. */
export function applyCalibrator(c: Calibrator, p: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(p);
  if (c.method === 'platt') {
    for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(c.a * logit(out[i]) + c.b));
  } else if (c.method === 'isotonic') {
    for (let i = 0; i < out.length; i++) out[i] = (1 - TIE_BREAK) * interpolate(c.x, c.y, out[i]) + TIE_BREAK * out[i];
  }
  return out;
}

/** Fits one method on probabilities `p` with labels `y`. */
export function fitCalibrator(method: CalibrationMethod, y: ArrayLike<number>, p: ArrayLike<number>): Calibrator {
  if (method === 'platt') return { method, ...fitPlatt(Float64Array.from(p, logit), y) };
  if (method === 'isotonic') return { method, ...fitIsotonic(p, y) };
  return { method: 'none' };
}

const METHODS: CalibrationMethod[] = ['none', 'platt', 'isotonic'];
const pick = <T extends ArrayLike<number>>(a: T, idx: number[]): Float64Array => Float64Array.from(idx, (i) => a[i]);

/**
 * Chooses none, Platt or isotonic for out-of-fold probabilities `oofP` (labels `y`, 0/1) by the lowest
 * cross-fitted Brier score, reports Brier and ECE before and after (out of sample), and fits the chosen
 * map on all of them. With too few rows or too few of a class it keeps the probabilities as they are.
 */
export function calibrationSummary(y: ArrayLike<number>, oofP: ArrayLike<number>, opts: CalibrationOptions = {}): CalibrationSummary {
  const n = y.length;
  if (oofP.length !== n) throw new Error(`calibration: ${n} labels for ${oofP.length} probabilities`);
  const bins = opts.bins ?? 10;
  const brierBefore = brierScore(y, oofP);
  const eceBefore = expectedCalibrationError(y, oofP, bins);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] === 1 ? 1 : 0;
  const none = (note: string): CalibrationSummary => ({
    method: 'none',
    brierBefore,
    eceBefore,
    brierAfter: brierBefore,
    eceAfter: eceBefore,
    candidates: [{ method: 'none', brier: brierBefore, ece: eceBefore }],
    note,
    calibrator: { method: 'none' },
    crossFitted: Float64Array.from(oofP),
    apply: (p) => Float64Array.from(p),
  });
  if (n < MIN_CALIBRATION_ROWS || pos < MIN_CLASS_ROWS || n - pos < MIN_CLASS_ROWS) {
    return none(`Not calibrated: ${n} labelled customers (${pos} churned); calibration needs at least ${MIN_CALIBRATION_ROWS}, with ${MIN_CLASS_ROWS} of each class.`);
  }
  const fold = typeof opts.folds === 'object' ? opts.folds : stratifiedKFold(y, opts.folds ?? 5, opts.seed ?? 0);
  if (fold.length !== n) throw new Error(`calibration: ${fold.length} folds for ${n} rows`);
  const k = foldCount(fold);
  const crossFitted: Record<CalibrationMethod, Float64Array> = { none: Float64Array.from(oofP), platt: new Float64Array(n), isotonic: new Float64Array(n) };
  for (let f = 0; f < k; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
    if (testIdx.length === 0) continue;
    const yTrain = pick(y, trainIdx);
    const pTrain = pick(oofP, trainIdx);
    const trainPos = yTrain.reduce((s, v) => s + v, 0);
    if (trainPos === 0 || trainPos === yTrain.length) return none('Not calibrated: a cross-fitting fold had only one class.');
    const pTest = pick(oofP, testIdx);
    for (const method of ['platt', 'isotonic'] as const) {
      const q = applyCalibrator(fitCalibrator(method, yTrain, pTrain), pTest);
      testIdx.forEach((i, j) => (crossFitted[method][i] = q[j]));
    }
  }
  const candidates = METHODS.map((method) => ({ method, brier: brierScore(y, crossFitted[method]), ece: expectedCalibrationError(y, crossFitted[method], bins) }));
  // Lowest out-of-sample Brier wins; on a tie the simpler map (none, then Platt) stays.
  const best = candidates.reduce((a, c) => (c.brier < a.brier ? c : a));
  const calibrator = fitCalibrator(best.method, y, oofP);
  const words = { none: 'no calibration', platt: 'Platt scaling', isotonic: 'isotonic regression' };
  const others = candidates.filter((c) => c !== best).map((c) => `${words[c.method]} ${c.brier.toFixed(4)}`).join(', ');
  const note =
    best.method === 'none'
      ? `Probabilities kept as the model gives them: neither calibration lowered the out-of-fold Brier score (${brierBefore.toFixed(4)}; ${others}).`
      : `Calibrated by ${words[best.method]} fitted on out-of-fold predictions: Brier ${brierBefore.toFixed(4)} -> ${best.brier.toFixed(4)}, ECE ${eceBefore.toFixed(4)} -> ${best.ece.toFixed(4)} (cross-fitted over ${k} folds; ${others}).`;
  return {
    method: best.method,
    brierBefore,
    eceBefore,
    brierAfter: best.brier,
    eceAfter: best.ece,
    candidates,
    note,
    calibrator,
    crossFitted: crossFitted[best.method],
    apply: (p) => applyCalibrator(calibrator, p),
  };
}

/** The cloneable part of a summary (no functions, no per-row arrays). */
export function calibrationReport(s: CalibrationSummary): CalibrationReport {
  const { crossFitted: _c, apply: _a, ...report } = s;
  return report;
}
