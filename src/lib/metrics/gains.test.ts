import { describe, expect, it } from 'vitest';
import { gainsCurve, liftCurve } from './gains';

// 10 rows, scores 1.0 .. 0.1, positives at ranks 1, 2, 4, 9
const y = [1, 1, 0, 1, 0, 0, 0, 0, 1, 0];
const p = [1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];

describe('gainsCurve', () => {
  it('accumulates the share of positives reached, best scores first', () => {
    const c = gainsCurve(y, p);
    expect(c.population[0]).toBe(0);
    expect(c.gain[0]).toBe(0);
    expect(Array.from(c.gain.slice(1))).toEqual([0.25, 0.5, 0.5, 0.75, 0.75, 0.75, 0.75, 0.75, 1, 1]);
    expect(c.population[10]).toBe(1);
  });
  it('tabulates deciles with lift against the 40% base rate', () => {
    const d = gainsCurve(y, p).deciles;
    expect(d.length).toBe(10);
    expect(d[0]).toMatchObject({ group: 1, count: 1, positives: 1, rate: 1, lift: 2.5, cumulativeGain: 0.25, maxScore: 1, minScore: 1 });
    expect(d[2]).toMatchObject({ positives: 0, lift: 0, cumulativeGain: 0.5 });
    expect(d[3].cumulativeLift).toBeCloseTo(0.75 / 0.4, 12);
    expect(d[9].cumulativeGain).toBe(1);
  });
  it('shares tied scores pro rata instead of by row order', () => {
    const d = gainsCurve([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5], 2).deciles;
    expect(d.map((r) => r.positives)).toEqual([1, 1]);
    expect(d.map((r) => r.lift)).toEqual([1, 1]);
  });
  it('rounds group borders to whole rows', () => {
    const d = gainsCurve([1, 0, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.5], 2).deciles;
    // border at round(2.5) = 3 rows
    expect(d.map((r) => r.count)).toEqual([3, 2]);
    expect(d.map((r) => r.positives)).toEqual([1, 1]);
    expect(d[0].minScore).toBe(0.7);
    expect(d[1].maxScore).toBe(0.6);
  });
  it('names a bad group count', () => {
    expect(() => gainsCurve(y, p, 0)).toThrow('groups must be an integer from 1 to the number of rows (10), got 0');
  });
});

describe('liftCurve', () => {
  it('is the gain over the share targeted', () => {
    const c = liftCurve(y, p);
    expect(c.lift[0]).toBe(2.5);
    expect(c.lift[3]).toBeCloseTo(0.75 / 0.4 / 1, 12);
    expect(c.lift[9]).toBe(1);
    expect(c.population[9]).toBe(1);
    expect(c.deciles[1].lift).toBe(2.5);
  });
});
