import { describe, expect, it } from 'vitest';
import { numericGradient } from '../clv/optimiser';
import { checkAlive, dataFromAlive, derl, expectedRemainingLifetime, fitSbg, logLikelihood, medianRemainingLifetime, survivalCurve } from './sbg';

// Fader & Hardie (2007), "How to project customer retention", 1,000 customers alive at years 0..7.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe('sBG fit', () => {
  it('reproduces the published alpha and beta (within 0.002) and the log-likelihood', () => {
    const regular = fitSbg(dataFromAlive(REGULAR));
    expect(Math.abs(regular.alpha - 0.704)).toBeLessThan(0.002);
    expect(Math.abs(regular.beta - 1.182)).toBeLessThan(0.002);
    // The paper reports LL -1680.3; scipy (betaln + Nelder-Mead, run once) gives -1680.26519.
    expect(regular.loglik).toBeCloseTo(-1680.26519, 4);
    const high = fitSbg(dataFromAlive(HIGH_END));
    expect(Math.abs(high.alpha - 0.668)).toBeLessThan(0.002);
    expect(Math.abs(high.beta - 3.806)).toBeLessThan(0.002);
    expect(high.loglik).toBeCloseTo(-1611.158, 2);
  });

  it('has the analytic gradient of the log-likelihood', () => {
    const data = dataFromAlive(REGULAR);
    const x = [Math.log(0.9), Math.log(2.5)];
    const g = new Float64Array(2);
    logLikelihood(data, { alpha: Math.exp(x[0]), beta: Math.exp(x[1]) }, g);
    const num = numericGradient((v) => logLikelihood(data, { alpha: Math.exp(v[0]), beta: Math.exp(v[1]) }), x);
    expect(g[0]).toBeCloseTo(num[0], 4);
    expect(g[1]).toBeCloseTo(num[1], 4);
  });

  it('says why counts cannot be fitted', () => {
    expect(() => checkAlive([1000, 600])).toThrow(/at least 3 periods/);
    expect(() => checkAlive([1000, 600, 700])).toThrow(/must not increase: period 2/);
    expect(() => checkAlive([1000, 1000, 1000])).toThrow(/No customer churned/);
    expect(() => checkAlive([0, 0, 0])).toThrow(/first count/);
    expect(() => fitSbg({ churned: new Float64Array(4), censored: Float64Array.of(0, 5, 3, 2) })).toThrow(/No customer churned/);
    expect(() => fitSbg({ churned: Float64Array.of(0, 4), censored: Float64Array.of(0, 9) })).toThrow(/at least 3 periods/);
  });
});

describe('sBG projections', () => {
  const p = { alpha: 0.7040773, beta: 1.1820430 };

  it('survival S(t) equals B(alpha, beta + t) / B(alpha, beta) summed from P(T = t)', () => {
    const s = survivalCurve(p, 12);
    // Brute force: S(t) = 1 - sum_{u<=t} P(T = u), P(1) = a/(a+b), P(u) = P(u-1) (b+u-2)/(a+b+u-1).
    let pt = p.alpha / (p.alpha + p.beta);
    let cum = 0;
    for (let t = 1; t <= 12; t++) {
      if (t > 1) pt *= (p.beta + t - 2) / (p.alpha + p.beta + t - 1);
      cum += pt;
      expect(s[t]).toBeCloseTo(1 - cum, 12);
    }
  });

  it('DERL matches 2F1 by mpmath and the discounted sum of survival', () => {
    // mpmath.hyp2f1 (run once) at the fitted regular-segment parameters, d = 10% per year.
    expect(derl(p, 0, 0.1)).toBeCloseTo(2.964399, 5);
    expect(derl(p, 3, 0.1)).toBeCloseTo(5.442058, 5);
    expect(derl(p, 7, 0.1)).toBeCloseTo(6.842315, 5);
    // Brute force for tenure 5: sum_k S(5 + k) / S(5) / 1.1^(k - 1).
    const s = survivalCurve(p, 20_005);
    let sum = 0;
    for (let k = 1; k <= 20_000; k++) sum += s[5 + k] / s[5] / 1.1 ** (k - 1);
    expect(derl(p, 5, 0.1)).toBeCloseTo(sum, 8);
    expect(() => derl(p, 0, 0)).toThrow(/discount rate/);
  });

  it('expected remaining lifetime is infinite for alpha <= 1, (beta + t) / (alpha - 1) otherwise; the median walks S', () => {
    expect(expectedRemainingLifetime(p, 3)).toBe(Infinity);
    const q = { alpha: 3, beta: 5 };
    const s = survivalCurve(q, 200_004);
    let sum = 0;
    for (let k = 1; k <= 200_000; k++) sum += s[4 + k] / s[4];
    expect(expectedRemainingLifetime(q, 4)).toBeCloseTo(sum, 3);
    // Regular segment, new customer: S(1) = 0.627 > 1/2, S(2) = 0.474.
    expect(medianRemainingLifetime(p, 0)).toBe(2);
  });
});
