import { describe, expect, it } from 'vitest';
import { rocAuc, rocCurve } from './roc';

describe('rocAuc', () => {
  it('matches a hand count of correctly ordered pairs', () => {
    // positives 0.9, 0.4; negatives 0.5, 0.1: pairs (0.9>0.5, 0.9>0.1, 0.4<0.5, 0.4>0.1) = 3 of 4
    expect(rocAuc([1, 0, 1, 0], [0.9, 0.5, 0.4, 0.1])).toBe(0.75);
  });
  it('counts ties as half (Mann-Whitney), like sklearn', () => {
    // sklearn.metrics.roc_auc_score([1,0,1,0,1],[0.9,0.8,0.8,0.3,0.1]) = 0.5833333
    // pairs: 0.9 beats both (2); 0.8+ ties 0.8- (0.5) beats 0.3 (1); 0.1 beats none -> 3.5 / 6
    expect(rocAuc([1, 0, 1, 0, 1], [0.9, 0.8, 0.8, 0.3, 0.1])).toBeCloseTo(3.5 / 6, 12);
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('is 1 for perfect and 0 for reversed ranking', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.3, 0.4])).toBe(0);
  });
  it('accepts plain arrays and typed arrays alike', () => {
    expect(rocAuc(new Float32Array([1, 0, 1, 0]), new Float64Array([0.9, 0.5, 0.4, 0.1]))).toBe(0.75);
  });
  it('explains bad input', () => {
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow('rocAuc: y needs both classes');
    expect(() => rocAuc([1, 0], [0.1])).toThrow('rocAuc: y has 2 values but p has 1');
  });
  it('handles a million rows quickly', () => {
    const n = 1_000_000;
    const y = new Uint8Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 3 === 0 ? 1 : 0;
      p[i] = ((i * 7919) % 1000) / 1000 + y[i] * 0.2;
    }
    const t0 = performance.now();
    const auc = rocAuc(y, p);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(auc).toBeGreaterThan(0.6);
    expect(auc).toBeLessThan(0.8);
  });
});

describe('rocCurve', () => {
  it('gives sklearn points for a small example', () => {
    // sklearn roc_curve([1,0,1,0],[0.9,0.5,0.4,0.1]): fpr [0,0,0.5,0.5,1], tpr [0,0.5,0.5,1,1]
    const c = rocCurve([1, 0, 1, 0], [0.9, 0.5, 0.4, 0.1]);
    expect(Array.from(c.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.9, 0.5, 0.4, 0.1]);
  });
  it('drops collinear points unless asked not to', () => {
    // all negatives below all positives: straight vertical then horizontal line
    const y = [1, 1, 1, 0, 0, 0];
    const p = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1];
    const c = rocCurve(y, p);
    expect(Array.from(c.fpr)).toEqual([0, 0, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 1, 1]);
    expect(rocCurve(y, p, { dropIntermediate: false }).fpr.length).toBe(7);
  });
});
