import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import { bgnbdConditionalExpected, bgnbdProbabilityAlive, fitBgnbd } from './bgnbd';
import { calibrationVsHoldout, expectedPurchasesGrid, histogram, probabilityAliveGrid } from './charts';
import { summarizeTransactions } from './summary';
import { readCdnowTransactions } from './testing';

const P = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('frequency x recency grids', () => {
  it('evaluates P(alive) and expected purchases on the grid, null where the cell is impossible', () => {
    const g = probabilityAliveGrid(P, { maxFrequency: 5, age: 40, recencySteps: 4 });
    expect(g.frequency).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.recency).toEqual([0, 10, 20, 30, 40]);
    expect(g.values[0]).toEqual([1, null, null, null, null]);
    expect(g.values[3][0]).toBeNull();
    expect(g.values[3][2]).toBeCloseTo(bgnbdProbabilityAlive(P, 3, 20, 40), 14);
    // More recent purchases: more likely alive.
    expect(g.values[3][4]!).toBeGreaterThan(g.values[3][1]!);
    const e = expectedPurchasesGrid(P, 1, { maxFrequency: 300, age: 40 });
    expect(e.frequency.length).toBeLessThanOrEqual(101);
    expect(e.frequency[1]).toBe(4);
    expect(e.values[1][50]).toBeCloseTo(bgnbdConditionalExpected(P, 1, 4, 40, 40), 14);
    expect(() => expectedPurchasesGrid(P, 0, { maxFrequency: 3, age: 4 })).toThrow('got 0');
    expect(() => probabilityAliveGrid(P, { maxFrequency: 3, age: -1 })).toThrow('got -1');
  });
});

describe('histogram', () => {
  it('bins values up to the clip quantile and counts the rest above', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i);
    v[99] = 1e6;
    const h = histogram(v, 10, 0.98);
    expect(h.edges.length).toBe(11);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[10]).toBeCloseTo(97, 12);
    expect(h.counts.reduce((a, b) => a + b, 0) + h.above).toBe(100);
    expect(h.above).toBe(2);
    expect(h.max).toBe(1e6);
    expect(histogram(Float64Array.of(5, 5, 5), 3).counts).toEqual([3, 0, 0]);
    expect(() => histogram(v, 0)).toThrow('got 0');
  });
});

describe('calibrationVsHoldout', () => {
  it('reproduces the CDNOW holdout means by calibration frequency (FHL 2005, Figure 3)', () => {
    const s = summarizeTransactions(readCdnowTransactions(datasetPath('cdnow/CDNOW_sample.txt')), {
      customer: 'customer',
      date: 'date',
      unit: 'week',
      calibrationEnd: Date.UTC(1997, 8, 30),
    });
    const fit = fitBgnbd(s);
    const groups = calibrationVsHoldout(fit.params, s, s.holdout!);
    expect(groups.map((g) => g.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(groups.map((g) => g.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    const actual = [0.237, 0.697, 1.393, 1.56, 2.532, 2.947, 3.862, 6.359];
    const predicted = [0.225, 0.523, 1.044, 1.52, 2.164, 2.654, 3.504, 6.157];
    groups.forEach((g, i) => {
      expect(g.actual).toBeCloseTo(actual[i], 3);
      expect(Math.abs(g.predicted - predicted[i])).toBeLessThan(0.002);
    });
  });
});
