import { describe, expect, it } from 'vitest';
import { createRng } from '../../random';
import { mulberry32 } from '../../random';
import { rocAuc } from '../../metrics';
import { predictModel, modelLogits } from '../churn/registry';
import { fitPlatt, predictSvm, svmDecision, svmLogits, trainSvm } from '.';
import { objectives, solveDual, type DualProblem } from './solve';

const normal = (rng: () => number): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());

/** n rows, d standard-normal features, labels from a logistic model with the given weights. */
function simulate(n: number, w: number[], b: number, seed = 3) {
  const rng = createRng(seed);
  const d = w.length;
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) {
      X[i * d + j] = normal(rng);
      z += w[j] * X[i * d + j];
    }
    y[i] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y, rows: n, features: d };
}

/** The dual problem of a data set with the bias column appended, as trainSvm builds it. */
function problem(data: ReturnType<typeof simulate>, loss: DualProblem['loss'], C: number, posWeight = 1): DualProblem {
  const { rows: n, features: d } = data;
  const p = d + 1;
  const A = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) A[i * p + j] = data.X[i * d + j];
    A[i * p + d] = 1;
  }
  return {
    A,
    p,
    rows: Int32Array.from({ length: n }, (_, i) => i),
    label: Float64Array.from(data.y, (v) => (v ? 1 : -1)),
    penalty: Float64Array.from(data.y, (v) => (v ? C * posWeight : C)),
    loss,
  };
}

describe('linear SVM dual coordinate descent', () => {
  it('separates a separable problem with margin', () => {
    const rng = createRng(5);
    const n = 200;
    const X = new Float32Array(n * 2);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const side = i % 2;
      // Two clouds either side of x0 + x1 = 0, at least 0.5 apart along the normal.
      const t = (side ? 1 : -1) * (0.5 + rng() * 2);
      const s = (rng() - 0.5) * 4;
      X[2 * i] = t / Math.SQRT2 + s / Math.SQRT2;
      X[2 * i + 1] = t / Math.SQRT2 - s / Math.SQRT2;
      y[i] = side;
    }
    for (const loss of ['hinge', 'squared-hinge'] as const) {
      const m = trainSvm({ X, rows: n, features: 2, y }, { loss, C: 10, classWeight: 'none', tolerance: 1e-4 });
      const f = svmDecision(m, X, n);
      for (let i = 0; i < n; i++) expect(Math.sign(f[i])).toBe(y[i] ? 1 : -1);
      // The normal points along (1, 1).
      expect(m.weights[0]).toBeGreaterThan(0);
      expect(Math.abs(m.weights[0] - m.weights[1]) / m.weights[0]).toBeLessThan(0.2);
      expect(m.converged).toBe(true);
    }
  });

  it('ends at the optimum: duality gap and KKT conditions near 0 (hinge and squared hinge, with class weights)', () => {
    const data = simulate(800, [1.5, -1, 0.5, 0], -1);
    for (const loss of ['hinge', 'squared-hinge'] as const) {
      const prob = problem(data, loss, 0.5, 3);
      const sol = solveDual(prob, 1e-6, 5000, mulberry32(1));
      expect(sol.converged).toBe(true);
      const { primal, dual } = objectives(prob, sol);
      expect(primal - dual).toBeGreaterThanOrEqual(-1e-9);
      expect((primal - dual) / primal).toBeLessThan(1e-5);
      let worst = 0;
      for (let k = 0; k < data.rows; k++) {
        let dot = 0;
        for (let j = 0; j < prob.p; j++) dot += sol.w[j] * prob.A[k * prob.p + j];
        const margin = prob.label[k] * dot;
        const a = sol.alpha[k];
        const C = prob.penalty[k];
        if (loss === 'hinge') {
          // a = 0 => margin >= 1; 0 < a < C => margin = 1; a = C => margin <= 1.
          if (a === 0) worst = Math.max(worst, 1 - margin);
          else if (a === C) worst = Math.max(worst, margin - 1);
          else worst = Math.max(worst, Math.abs(margin - 1));
        } else {
          // Stationarity of the squared hinge: a = 2 C max(0, 1 - margin).
          worst = Math.max(worst, Math.abs(a / (2 * C) - Math.max(0, 1 - margin)));
        }
      }
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('balanced class weights move the boundary toward the rare class', () => {
    const data = simulate(2000, [1, 1], -3);
    let pos = 0;
    for (const v of data.y) pos += v;
    expect(pos / data.rows).toBeLessThan(0.15);
    const flagged = (cw: 'none' | 'balanced'): number => {
      const m = trainSvm(data, { loss: 'squared-hinge', C: 1, classWeight: cw });
      return svmDecision(m, data.X, data.rows).filter((f) => f > 0).length;
    };
    const plain = flagged('none');
    const balanced = flagged('balanced');
    expect(plain).toBeLessThan(pos);
    expect(balanced).toBeGreaterThan(2 * pos);
  });

  it('is deterministic for a seed and round-trips through JSON', () => {
    const data = simulate(600, [1, -0.5, 0.25], 0);
    const a = trainSvm(data, { seed: 7 });
    const b = trainSvm(data, { seed: 7 });
    expect(b).toEqual(a);
    const back = JSON.parse(JSON.stringify(a));
    expect(back).toEqual(a);
    expect(predictModel(back, data.X, data.rows)).toEqual(predictSvm(a, data.X, data.rows));
    expect(modelLogits(back, data.X, data.rows)).toEqual(svmLogits(a, data.X, data.rows));
    expect(a.kind).toBe('svm');
    expect(a.innerAuc).toBeGreaterThan(0.7);
  });
});

describe('Platt calibration', () => {
  it('recovers a known sigmoid of the decision value', () => {
    const rng = createRng(11);
    const n = 20_000;
    const f = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      f[i] = normal(rng);
      y[i] = rng() < 1 / (1 + Math.exp(-(2 * f[i] - 0.5))) ? 1 : 0;
    }
    const s = fitPlatt(f, y);
    expect(s.a).toBeCloseTo(2, 1);
    expect(s.b).toBeCloseTo(-0.5, 1);
  });

  it('gives probabilities monotone in the decision value and calibrated on held-out rows', () => {
    const train = simulate(3000, [1.2, -0.8, 0.4], -0.7, 21);
    const test = simulate(20_000, [1.2, -0.8, 0.4], -0.7, 22);
    const m = trainSvm(train);
    expect(m.plattA).toBeGreaterThan(0);
    const f = svmDecision(m, test.X, test.rows);
    const p = predictSvm(m, test.X, test.rows);
    const order = Array.from(f.keys()).sort((i, j) => f[i] - f[j]);
    for (let k = 1; k < order.length; k++) expect(p[order[k]]).toBeGreaterThanOrEqual(p[order[k - 1]]);
    // Deciles of predicted risk: observed churn rate within 0.04 of the mean prediction.
    for (let q = 0; q < 10; q++) {
      const idx = order.slice((q * order.length) / 10, ((q + 1) * order.length) / 10);
      const mp = idx.reduce((s, i) => s + p[i], 0) / idx.length;
      const obs = idx.reduce((s, i) => s + test.y[i], 0) / idx.length;
      expect(Math.abs(mp - obs)).toBeLessThan(0.04);
    }
    expect(rocAuc(test.y, p)).toBeGreaterThan(0.75);
  });
});
