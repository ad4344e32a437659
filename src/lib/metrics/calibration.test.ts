import { describe, expect, it } from 'vitest';
import { calibrationCurve } from './calibration';

describe('calibrationCurve', () => {
  it('bins uniformly and leaves out empty bins', () => {
    const y = [0, 0, 1, 1, 1, 0];
    const p = [0.05, 0.15, 0.15, 0.85, 0.95, 0.95];
    const c = calibrationCurve(y, p, 5);
    // bins (0,0.2]: 0.05 0.15 0.15 -> mean 0.35/3, frac 1/3; (0.8,1]: 0.85 0.95 0.95 -> mean 2.75/3, frac 2/3
    expect(c.length).toBe(2);
    expect(c[0].count).toBe(3);
    expect(c[0].meanPredicted).toBeCloseTo(0.35 / 3, 12);
    expect(c[0].fractionPositive).toBeCloseTo(1 / 3, 12);
    expect(c[1].meanPredicted).toBeCloseTo(2.75 / 3, 12);
    expect(c[1].fractionPositive).toBeCloseTo(2 / 3, 12);
    expect(c[1].lower).toBeCloseTo(0.8, 12);
    expect(c[1].upper).toBe(1);
  });
  it('puts a score on an edge into the lower bin, as sklearn does', () => {
    const c = calibrationCurve([0, 1], [0.5, 0.50001], 2);
    expect(c.map((b) => b.count)).toEqual([1, 1]);
    expect(calibrationCurve([1], [0], 4)[0].upper).toBe(0.25);
  });
  it('makes equal-count bins with the quantile strategy', () => {
    const p = [0.01, 0.02, 0.03, 0.04, 0.5, 0.6, 0.7, 0.8];
    const y = [0, 0, 0, 1, 0, 1, 1, 1];
    const c = calibrationCurve(y, p, 2, 'quantile');
    expect(c.map((b) => b.count)).toEqual([4, 4]);
    expect(c[0].fractionPositive).toBe(0.25);
    expect(c[1].fractionPositive).toBe(0.75);
    expect(c[1].meanPredicted).toBeCloseTo(0.65, 12);
  });
  it('names bad options', () => {
    expect(() => calibrationCurve([0], [0.5], 0)).toThrow('bins must be an integer >= 1, got 0');
    // @ts-expect-error testing a bad runtime value
    expect(() => calibrationCurve([0], [0.5], 10, 'equal')).toThrow("got 'equal'");
    expect(() => calibrationCurve([0], [1.5])).toThrow('p[0] = 1.5');
  });
});
