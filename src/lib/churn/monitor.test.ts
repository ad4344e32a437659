// The churn monitor's pure logic: PSI on known values, binning, crossings matched by id, drift ranking
// and the warning (seeds/next-month.test.ts: the demo's documented next-month shift, found by a real model).
import { describe, expect, it } from 'vitest';
import { parseTable } from '../data/parse-table';
import type { Table } from '../data/table';
import type { SavedChurnModel } from '../models/churn/saved';
import {
  categoricalDistribution,
  compareScorings,
  decileEdges,
  distributionPsi,
  driftWarning,
  numericDistribution,
  psi,
  psiReading,
  summarizeScoring,
  PSI_EPSILON,
} from './monitor';
import { crossedCsv, crossedPage } from './monitor-csv';

const text = (s: string): Table => parseTable(new TextEncoder().encode(s)).table;

describe('PSI', () => {
  it('is sum (a - e) ln(a / e) on shares, 0 for equal distributions', () => {
    expect(psi([50, 50], [25, 75])).toBeCloseTo(0.25 * Math.log(2) + 0.25 * Math.log(1.5), 12);
    // Counts, not shares: the scale does not matter.
    expect(psi([1, 2, 7], [10, 20, 70])).toBe(0);
    // The classic example: 10 equal bins, one bin doubles its share at the expense of another.
    const e = new Array(10).fill(10);
    const a = [20, 0.0001, 10, 10, 10, 10, 10, 10, 10, 10];
    expect(psi(e, a)).toBeGreaterThan(0.25);
  });

  it('gives an empty bin the epsilon share instead of an infinite term', () => {
    const v = psi([100, 0], [90, 10]);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo((0.9 - 1) * Math.log(0.9) + (0.1 - PSI_EPSILON) * Math.log(0.1 / PSI_EPSILON), 12);
  });

  it('reads < 0.1 stable, 0.1-0.25 moderate, > 0.25 major', () => {
    expect([0, 0.099, 0.1, 0.25, 0.2501].map(psiReading)).toEqual(['stable', 'stable', 'moderate', 'moderate', 'major']);
  });

  it('bins numbers at the previous deciles, missing as its own bin', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(decileEdges(values)).toEqual([11, 21, 31, 41, 51, 61, 71, 81, 91]);
    const d = numericDistribution(Float64Array.from([...values, NaN, NaN]));
    expect(d).toMatchObject({ kind: 'numeric', missing: 2 });
    expect(d.counts).toEqual([11, 10, 10, 10, 10, 10, 10, 10, 10, 9]);
    // Few distinct values: the cuts collapse, never an empty duplicate bin.
    expect(decileEdges(Float64Array.from([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]))).toEqual([0]);
    // The same values again: PSI 0; all shifted up by one decile: a major shift; more missing: moves too.
    expect(distributionPsi(d, { kind: 'numeric', values: Float64Array.from([...values, NaN, NaN]) })).toBe(0);
    expect(distributionPsi(d, { kind: 'numeric', values: values.map((x) => x + 30) })).toBeGreaterThan(0.25);
    const moreMissing = Float64Array.from(values, (x, i) => (i % 4 === 0 ? NaN : x));
    expect(distributionPsi(d, { kind: 'numeric', values: moreMissing })).toBeGreaterThan(0.1);
  });

  it('counts levels, unseen levels falling into one bin', () => {
    const d = categoricalDistribution(['a', 'a', 'b', '', 'b', 'a']);
    expect(d).toEqual({ kind: 'categorical', levels: ['a', 'b'], counts: [3, 2], missing: 1 });
    expect(distributionPsi(d, { kind: 'categorical', texts: ['a', 'a', 'b', '', 'b', 'a'] })).toBe(0);
    // 'c' and 'd' were never seen: together one bin with the previous share epsilon.
    const shifted = distributionPsi(d, { kind: 'categorical', texts: ['a', 'c', 'd', '', 'b', 'a'] });
    const e = [3 / 6, 2 / 6, PSI_EPSILON, 1 / 6];
    const a = [2 / 6, 1 / 6, 2 / 6, 1 / 6];
    expect(shifted).toBeCloseTo(a.reduce((s, x, k) => s + (x - e[k]) * Math.log(x / e[k]), 0), 12);
  });
});

describe('comparing two scorings', () => {
  // A stand-in model: only its input columns matter to the comparison.
  const saved = {
    pipeline: {
      steps: [
        { kind: 'numeric', column: 'x', median: 0, mean: 0, std: 1, indicator: false },
        { kind: 'categorical', column: 'plan', levels: ['basic', 'pro'], other: false, mode: 'basic' },
      ],
    },
  } as unknown as SavedChurnModel;
  const n = 200;
  const before = text('id,x,plan\n' + Array.from({ length: n }, (_, i) => `c${i},${i % 50},${i % 2 ? 'pro' : 'basic'}`).join('\n'));
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  const prob = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const band = (p: Float64Array) => Uint8Array.from(p, (x) => (x >= 0.8 ? 2 : x >= 0.5 ? 1 : 0));

  it('scoring the same table twice: PSI 0 and nobody crossed', () => {
    const prev = summarizeScoring(saved, before, { customers: ids, probability: prob, band: band(prob) });
    const c = compareScorings(prev, saved, before, { customers: ids, probability: prob, band: band(prob) });
    expect(c).toMatchObject({ matched: n, crossedIntoHigh: 0, leftHigh: 0, psi: 0, reading: 'stable', warning: null });
    expect(c.drift.map((d) => d.psi)).toEqual([0, 0]);
  });

  it('matches customers by id: who crossed into high, who left it; drift ranked, warning in words', () => {
    const prev = summarizeScoring(saved, before, { customers: ids, probability: prob, band: band(prob) });
    // x is unchanged; the plan mix moves (most basic customers became pro).
    // c10..c14 rise into high, c190..c199 fall out of it; rows are in another order and c0 is gone.
    const p2 = Float64Array.from(prob);
    for (let i = 10; i < 15; i++) p2[i] = 0.9 + i / 1000;
    for (let i = 190; i < 200; i++) p2[i] = 0.3;
    const order = Array.from({ length: n - 1 }, (_, k) => n - 1 - k);
    const table = text('id,x,plan\n' + order.map((i) => `c${i},${i % 50},${i % 2 || i % 10 ? 'pro' : 'basic'}`).join('\n'));
    const cur = { customers: order.map((i) => ids[i]), probability: Float64Array.from(order, (i) => p2[i]), band: band(Float64Array.from(order, (i) => p2[i])) };
    const c = compareScorings(prev, saved, table, cur);
    expect(c.matched).toBe(n - 1);
    expect(c.crossedIntoHigh).toBe(5);
    expect(c.leftHigh).toBe(10);
    expect(c.crossed.customers).toEqual(['c14', 'c13', 'c12', 'c11', 'c10']);
    expect(c.crossed.before[0]).toBeCloseTo(14.5 / n, 12);
    expect(c.crossed.after[0]).toBeCloseTo(0.914, 12);
    expect(c.drift.map((d) => d.feature)).toEqual(['plan', 'x']);
    expect(c.drift[0].reading).toBe('major');
    expect(c.drift[1].psi).toBeLessThan(0.01);
    expect(c.warning).toBe(`plan shifted (PSI ${c.drift[0].psi.toFixed(2)}): the model was trained on a different mix; retrain`);
    expect(crossedPage(c.crossed, 3, 10)).toEqual({ total: 5, rows: [{ customer: 'c11', before: 11.5 / n, after: 0.911 }, { customer: 'c10', before: 10.5 / n, after: 0.91 }] });
    expect(crossedCsv(c.crossed).split('\r\n').slice(0, 2)).toEqual(['customer,probability_before,probability_after', 'c14,0.0725,0.914']);
  });

  it('warns about the scores alone when no column moved much', () => {
    expect(driftWarning(0.3, [{ feature: 'x', psi: 0.05, reading: 'stable' }])).toMatch(/^The risk scores shifted \(PSI 0\.30\)/);
    expect(driftWarning(0.2, [{ feature: 'x', psi: 0.2, reading: 'moderate' }])).toBeNull();
  });
});
