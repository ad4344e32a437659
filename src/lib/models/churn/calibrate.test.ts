import { describe, expect, it } from 'vitest';
import { brierScore, createRng } from '../../metrics';
import { applyCalibrator, calibrationSummary, expectedCalibrationError, fitIsotonic, fitPlatt, TIE_BREAK } from './calibrate';

/** Brute-force isotonic fit (the min-max formula): f(i) = max over j <= i of min over k >= i of mean(y[j..k]), on unique sorted x. */
function bruteIsotonic(x: number[], y: number[]): Map<number, number> {
  const xs = [...new Set(x)].sort((a, b) => a - b);
  const sum = xs.map((v) => y.filter((_, i) => x[i] === v).reduce((s, t) => s + t, 0));
  const cnt = xs.map((v) => x.filter((u) => u === v).length);
  const out = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) {
    let best = -Infinity;
    for (let j = 0; j <= i; j++) {
      let m = Infinity;
      for (let k = i; k < xs.length; k++) {
        let s = 0;
        let n = 0;
        for (let t = j; t <= k; t++) {
          s += sum[t];
          n += cnt[t];
        }
        m = Math.min(m, s / n);
      }
      best = Math.max(best, m);
    }
    out.set(xs[i], best);
  }
  return out;
}

describe('fitIsotonic (pool adjacent violators)', () => {
  it('equals the brute-force isotonic fit at every training point, ties in x pooled', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(rng() * 40);
      // Scores on a coarse grid so that ties occur; outcomes noisy and mostly increasing.
      const x = Array.from({ length: n }, () => Math.round(rng() * 12) / 12);
      const y = x.map((v) => (rng() < 0.2 + 0.6 * v ? 1 : 0));
      const fit = fitIsotonic(x, y);
      const brute = bruteIsotonic(x, y);
      const at = applyCalibrator({ method: 'isotonic', ...fit }, x);
      // Within TIE_BREAK (1e-6) of the brute-force fit: applied maps keep the model's order inside a block.
      x.forEach((v, i) => expect(Math.abs(at[i] - brute.get(v)!)).toBeLessThanOrEqual(TIE_BREAK));
      for (let i = 1; i < fit.y.length; i++) expect(fit.y[i]).toBeGreaterThanOrEqual(fit.y[i - 1]);
    }
  });

  it('interpolates between blocks and stays flat outside the training range', () => {
    const fit = fitIsotonic([0.1, 0.2, 0.6, 0.7], [0, 0, 1, 1]);
    const at = applyCalibrator({ method: 'isotonic', ...fit }, [0, 0.4, 0.65, 1]);
    [0, 0.5, 1, 1].forEach((v, i) => expect(at[i]).toBeCloseTo(v, 5));
    // Flat blocks still keep the model's ranking (the riskiest customers do not tie).
    expect(at[3]).toBeGreaterThan(at[2]);
    expect(at[3]).toBeLessThanOrEqual(1);
  });
});

describe('fitPlatt', () => {
  // Reference: scikit-learn 1.2.1, sklearn.calibration._SigmoidCalibration().fit(f, y) (the sigmoid map
  // CalibratedClassifierCV(method='sigmoid') fits; the same predictions came from CalibratedClassifierCV with
  // cv='prefit' on an estimator whose decision_function returns f), run once with /usr/bin/python3.
  const f = [-2.1, -1.5, -1.2, -0.8, -0.5, -0.3, -0.1, 0.0, 0.2, 0.4, 0.5, 0.7, 0.9, 1.1, 1.4, 1.8, 2.2, 2.5, -0.6, 0.3];
  const y = [0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0];

  it('matches sklearn’s sigmoid calibration on a fixed array', () => {
    const { a, b } = fitPlatt(f, y);
    expect(a).toBeCloseTo(-0.9575051600660552, 4);
    expect(b).toBeCloseTo(0.4753978074849096, 4);
    const p = [-2, 0, 1, 3].map((v) => 1 / (1 + Math.exp(a * v + b)));
    [0.08390705516234036, 0.38333945327817065, 0.6182453717628217, 0.916607247411318].forEach((q, i) => expect(p[i]).toBeCloseTo(q, 4));
  });

  it('stays finite on perfectly separated scores (the smoothed targets)', () => {
    const { a, b } = fitPlatt([-3, -2, -1, 1, 2, 3], [0, 0, 0, 1, 1, 1]);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(a).toBeLessThan(0);
    expect(() => fitPlatt([1, 2], [1, 1])).toThrow('needs both classes');
  });
});

describe('expectedCalibrationError', () => {
  it('is the row-weighted mean gap between outcome rate and mean probability over uniform bins', () => {
    // Bin [0, 0.1): p 0.05, 0.05, y 0, 1 -> |0.5 - 0.05| x 2/5; bin [0.9, 1]: p 0.95, 1, 0.9 (0.9 lands in the last bin), y 1, 1, 0 -> |2/3 - 0.95| x 3/5.
    const ece = expectedCalibrationError([0, 1, 1, 1, 0], [0.05, 0.05, 0.95, 1, 0.9]);
    expect(ece).toBeCloseTo((2 / 5) * 0.45 + (3 / 5) * Math.abs(2 / 3 - 0.95), 12);
    expect(expectedCalibrationError([0, 1], [0, 1])).toBe(0);
    expect(() => expectedCalibrationError([0, 1], [0.5, 1.5])).toThrow('p must be in [0, 1]');
  });
});

describe('calibrationSummary', () => {
  // Over-confident scores: the true probability is q, the model says q^3 / (q^3 + (1-q)^3).
  const rng = createRng(3);
  const n = 3000;
  const q = Float64Array.from({ length: n }, () => rng());
  const y = Float64Array.from(q, (v) => (rng() < v ? 1 : 0));
  const p = Float64Array.from(q, (v) => v ** 3 / (v ** 3 + (1 - v) ** 3));

  it('picks a calibration by cross-fitted Brier, reports it out of sample, and fits the map on all rows', () => {
    const s = calibrationSummary(y, p, { folds: 5, seed: 1 });
    expect(s.method).not.toBe('none');
    expect(s.brierBefore).toBeCloseTo(brierScore(y, p), 12);
    expect(s.brierAfter).toBeCloseTo(brierScore(y, s.crossFitted), 12);
    expect(s.brierAfter).toBeLessThan(s.brierBefore - 0.005);
    expect(s.eceAfter).toBeLessThan(s.eceBefore / 2);
    expect(s.brierAfter).toBe(Math.min(...s.candidates.map((c) => c.brier)));
    // The applied map is the chosen one, fitted on every row, and keeps the ranking.
    const a = s.apply(p);
    expect(Array.from(a)).toEqual(Array.from(applyCalibrator(s.calibrator, p)));
    for (let i = 1; i < n; i++) if (p[i] > p[0]) expect(a[i]).toBeGreaterThanOrEqual(a[0]);
    expect(s.note).toMatch(/fitted on out-of-fold predictions: Brier/);
  });

  it('calibrates 300,000 customers (the fold count no longer spreads the folds into Math.max: a stack overflow there)', () => {
    const big = 300_000;
    const r = createRng(5);
    const qq = Float64Array.from({ length: big }, () => r());
    const yy = Float64Array.from(qq, (v) => (r() < v ? 1 : 0));
    const s = calibrationSummary(yy, qq, { folds: 3, seed: 1 });
    expect(s.crossFitted.length).toBe(big);
    expect(s.candidates.length).toBeGreaterThan(1);
  });

  it('keeps well-calibrated probabilities when no map beats them, and refuses too few rows', () => {
    const s = calibrationSummary(y, q, { folds: 5, seed: 1 });
    expect(s.brierAfter).toBeLessThanOrEqual(s.brierBefore);
    expect(s.brierAfter).toBeGreaterThan(s.brierBefore - 0.002);
    const few = calibrationSummary([0, 1, 0, 1], [0.2, 0.7, 0.4, 0.9]);
    expect(few.method).toBe('none');
    expect(few.note).toMatch(/Not calibrated: 4 labelled customers \(2 churned\)/);
    expect(Array.from(few.apply([0.3]))).toEqual([0.3]);
    // One class only (a backtest cutoff where nobody churned): nothing to calibrate, said in words.
    const oneClass = calibrationSummary(new Float64Array(200), p.subarray(0, 200));
    expect(oneClass.method).toBe('none');
    expect(oneClass.note).toMatch(/200 labelled customers \(0 churned\)/);
  });
});
