import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../random';
import { concordanceIndex, fitCox, profileSurvival, remainingLifetime, tailHazard, type CoxData } from './cox';
import { REMAINING_GRID, thinBaseline } from '../../survival/cox';

// Efron partial log-likelihood written straight from its definition (no sorting, no standardising).
function efronLoglik(d: CoxData, beta: number[]): number {
  const n = d.time.length, p = beta.length;
  const eta = Array.from({ length: n }, (_, i) => beta.reduce((s, b, j) => s + b * d.x[i * p + j], 0));
  let ll = 0;
  for (const t of new Set(Array.from(d.time))) {
    const dead = [...Array(n).keys()].filter((i) => d.time[i] === t && d.event[i]);
    if (!dead.length) continue;
    const risk = [...Array(n).keys()].filter((i) => d.time[i] >= t).reduce((s, i) => s + Math.exp(eta[i]), 0);
    const tied = dead.reduce((s, i) => s + Math.exp(eta[i]), 0);
    for (const i of dead) ll += eta[i];
    for (let l = 0; l < dead.length; l++) ll -= Math.log(risk - (l / dead.length) * tied);
  }
  return ll;
}

/** Exponential times with hazard exp(x.beta) (optionally a second-half effect change), integer-rounded (ties), censored uniformly. */
function simulate(n: number, beta: number[], seed: number, lateBeta?: number[], round = true): CoxData {
  const rng = mulberry32(seed);
  const p = beta.length;
  const x = new Float64Array(n * p), time = new Float64Array(n), event = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[i * p + j] = j === 0 ? (rng() < 0.4 ? 1 : 0) : rng() * 4 - 2;
    const rate = (b: number[]) => Math.exp(b.reduce((s, bj, j) => s + bj * x[i * p + j], 0));
    let t = -Math.log(1 - rng()) / rate(beta);
    // A hazard ratio that changes at t = 1: the proportional-hazards assumption fails.
    if (lateBeta && t > 1) t = 1 + (-Math.log(1 - rng()) / rate(lateBeta));
    const c = rng() * 6;
    time[i] = round ? Math.ceil(Math.min(t, c) * 4) / 4 : Math.min(t, c);
    event[i] = t <= c ? 1 : 0;
  }
  return { time, event, x, names: Array.from({ length: p }, (_, j) => `x${j}`) };
}

describe('fitCox', () => {
  it('maximises the Efron partial likelihood (brute force: same LL, zero gradient) with many ties', () => {
    const d = simulate(300, [0.8, -0.5], 1);
    const fit = fitCox(d);
    const beta = fit.covariates.map((c) => c.coef);
    expect(fit.loglik).toBeCloseTo(efronLoglik(d, beta), 8);
    const h = 1e-5;
    for (let j = 0; j < 2; j++) {
      const up = beta.slice(), down = beta.slice();
      up[j] += h;
      down[j] -= h;
      expect(Math.abs((efronLoglik(d, up) - efronLoglik(d, down)) / (2 * h))).toBeLessThan(1e-4);
    }
    // Standard errors: the inverse of the numerical second derivative matrix (2 x 2).
    const hh = 1e-4;
    const f = (b0: number, b1: number) => efronLoglik(d, [b0, b1]);
    const [a, b] = beta;
    const h00 = (f(a + hh, b) - 2 * f(a, b) + f(a - hh, b)) / hh ** 2;
    const h11 = (f(a, b + hh) - 2 * f(a, b) + f(a, b - hh)) / hh ** 2;
    const h01 = (f(a + hh, b + hh) - f(a + hh, b - hh) - f(a - hh, b + hh) + f(a - hh, b - hh)) / (4 * hh ** 2);
    const det = h00 * h11 - h01 * h01;
    expect(fit.covariates[0].se).toBeCloseTo(Math.sqrt(-h11 / det), 4);
    expect(fit.covariates[1].se).toBeCloseTo(Math.sqrt(-h00 / det), 4);
    expect(fit.covariates[0].coef).toBeGreaterThan(0.4);
    expect(fit.covariates[1].coef).toBeLessThan(-0.2);
  });

  it('concordance matches the O(n^2) count (strictly earlier event; tied scores one half)', () => {
    const rng = mulberry32(7);
    const n = 400;
    const time = Array.from({ length: n }, () => Math.floor(rng() * 20));
    const event = Array.from({ length: n }, () => (rng() < 0.6 ? 1 : 0));
    const risk = Array.from({ length: n }, () => Math.floor(rng() * 15));
    let num = 0, pairs = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (!event[i] || !(time[i] < time[j])) continue;
      pairs++;
      num += risk[i] > risk[j] ? 1 : risk[i] === risk[j] ? 0.5 : 0;
    }
    expect(concordanceIndex(time, event, risk)).toBeCloseTo(num / pairs, 12);
  });

  it('passes the proportional-hazards test on PH data and fails it when an effect changes over time', () => {
    const ok = fitCox(simulate(1500, [0.7, 0.4], 3));
    expect(Math.min(...ok.covariates.map((c) => c.phP))).toBeGreaterThan(0.05);
    const data = simulate(1500, [1, 0.4], 3, [-1, 0.4]);
    const bad = fitCox(data);
    expect(bad.covariates[0].phP).toBeLessThan(1e-4);
    expect(bad.covariates[1].phP).toBeGreaterThan(0.01);
    expect(bad.phGlobal.p).toBeLessThan(1e-4);
    expect(fitCox(data, { phTransform: 'rank' }).covariates[0].phP).toBeLessThan(1e-4);
    // With one covariate the global test is that covariate's test.
    const one = fitCox({ ...data, x: Float64Array.from({ length: 1500 }, (_, i) => data.x[2 * i]), names: ['x0'] });
    expect(one.phGlobal.chiSquare).toBeCloseTo(one.covariates[0].phChiSquare, 8);
  });

  it('remaining lifetime is the restricted mean of the conditional survival (numerical integral)', () => {
    const fit = fitCox(simulate(300, [0.8, -0.5], 1));
    const x = [1, 0.5];
    const curve = profileSurvival(fit, x);
    const eta = (x[0] - fit.means[0]) * fit.covariates[0].coef + (x[1] - fit.means[1]) * fit.covariates[1].coef;
    const S = (u: number) => {
      let k = 0;
      while (k + 1 < curve.time.length && curve.time[k + 1] <= u) k++;
      return curve.survival[k];
    };
    for (const tenure of [0, 0.6, 2.25, 4]) {
      let area = 0;
      const du = 1e-4;
      for (let u = tenure + du / 2; u < fit.maxTime; u += du) area += S(u) * du;
      expect(remainingLifetime(fit, eta, tenure)).toBeCloseTo(area / S(tenure), 2);
    }
    expect(remainingLifetime(fit, eta, fit.maxTime)).toBe(0);
    // Continuous times (every event time distinct): on the grid of REMAINING_GRID of them, within 2% of exact.
    const many = fitCox(simulate(3000, [0.8, -0.5], 5, undefined, false));
    const coarse = thinBaseline(many, REMAINING_GRID);
    expect(many.baseline.time.length).toBeGreaterThan(1500);
    expect(coarse.time.length).toBe(REMAINING_GRID);
    for (const tenure of [0, 0.37, 1, 3]) {
      const exact = remainingLifetime(many, 0.3, tenure);
      expect(Math.abs(remainingLifetime(many, 0.3, tenure, coarse) - exact)).toBeLessThan(0.02 * exact);
    }
  });

  it('extrapolates past the last observed time with an exponential tail at the late baseline hazard', () => {
    const fit = fitCox(simulate(300, [0.8, -0.5], 1));
    const tail = tailHazard(fit)!;
    const H = (t: number) => fit.baseline.cumulativeHazard.filter((_, k) => fit.baseline.time[k] <= t).at(-1) ?? 0;
    expect(tail.from).toBeCloseTo(0.8 * fit.maxTime, 12);
    expect(tail.hazard).toBeCloseTo((H(fit.maxTime) - H(tail.from)) / (fit.maxTime - tail.from), 12);
    const eta = 0.4, r = Math.exp(eta);
    const S = (u: number) => Math.exp(-H(u) * r);
    for (const tenure of [0, 2.25, fit.maxTime, fit.maxTime + 3]) {
      // The restricted part by a numerical integral, then the tail's mean S(tau) / (hazard r), both given survival to tenure.
      let area = 0;
      const du = 1e-4;
      for (let u = tenure + du / 2; u < fit.maxTime; u += du) area += S(u) * du;
      const expected = (area + S(fit.maxTime) / (tail.hazard * r)) / S(Math.min(tenure, fit.maxTime));
      expect(remainingLifetime(fit, eta, tenure, fit.baseline, tail.hazard)).toBeCloseTo(expected, 2);
    }
    // Exponential lifetimes (baseline hazard 0.1 per unit; half censored at random, half at 10): the truth is
    // 1 / (0.1 exp(x.beta)) at any tenure; the late stretch's hazard is an estimate (seeds 11-14: within 10%).
    const rng = mulberry32(11);
    const n = 8000;
    const x = new Float64Array(n), time = new Float64Array(n), event = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = rng() < 0.5 ? 1 : 0;
      const t = -Math.log(1 - rng()) / (0.1 * Math.exp(0.7 * x[i]));
      const c = rng() < 0.5 ? 10 : rng() * 10;
      [time[i], event[i]] = [Math.min(t, c), t <= c ? 1 : 0];
    }
    const expo = fitCox({ time, event, x, names: ['x'] });
    const h = tailHazard(expo)!.hazard;
    for (const xi of [0, 1]) {
      const truth = 1 / (0.1 * Math.exp(0.7 * xi));
      const e = (xi - expo.means[0]) * expo.covariates[0].coef;
      expect(Math.abs(remainingLifetime(expo, e, expo.maxTime, expo.baseline, h) / truth - 1)).toBeLessThan(0.15);
      expect(Math.abs(remainingLifetime(expo, e, 2, expo.baseline, h) / truth - 1)).toBeLessThan(0.1);
    }
  });

  it('says what is wrong: no events, a constant covariate, collinear covariates, perfect separation', () => {
    const d = simulate(100, [0.5, 0.5], 2);
    expect(() => fitCox({ ...d, event: new Float64Array(100) })).toThrow(/No events/);
    const constant = Float64Array.from(d.x);
    for (let i = 0; i < 100; i++) constant[i * 2 + 1] = 3;
    expect(() => fitCox({ ...d, x: constant })).toThrow(/"x1" has the same value in every row/);
    const twice = Float64Array.from(d.x);
    for (let i = 0; i < 100; i++) twice[i * 2 + 1] = 2 * twice[i * 2] + 1;
    expect(() => fitCox({ ...twice.length ? d : d, x: twice })).toThrow(/"x1" is a combination of the others/);
    // Every event in the x0 = 1 group, none in x0 = 0.
    const sep = Float64Array.from(d.event, (_, i) => d.x[i * 2]);
    expect(() => fitCox({ ...d, event: sep })).toThrow(/"x0" separates the events/);
  });
});
