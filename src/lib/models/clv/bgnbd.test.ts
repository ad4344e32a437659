import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import {
  bgnbdConditionalExpected,
  bgnbdCustomerLogLikelihood,
  bgnbdExpectedUpTo,
  bgnbdObjective,
  bgnbdProbabilityAlive,
  bgnbdProbabilityOfPurchases,
  fitBgnbd,
  type RfmData,
} from './bgnbd';
import { numericGradient } from './optimiser';
import { summarizeTransactions } from './summary';
import { readCdnowTransactions, readNumericCsv, simulateBgnbd } from './testing';

// Reference: Fader, Hardie & Lee (2005) and lifetimes tests/test_estimation.py (see /work/shared/reference).
const REF = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const FIXED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function cdnowSummary(): RfmData {
  const t = readNumericCsv(datasetPath('cdnow/cdnow_customers_summary.csv'));
  const col = (name: string) => (t.columns.find((c) => c.name === name) as { values: Float64Array }).values;
  return { frequency: col('frequency'), recency: col('recency'), age: col('T') };
}

function expectReferenceParams(p: { r: number; alpha: number; a: number; b: number }): void {
  expect(Math.abs(p.r - REF.r)).toBeLessThan(0.005);
  expect(Math.abs(p.alpha - REF.alpha)).toBeLessThan(0.005);
  expect(Math.abs(p.a - REF.a)).toBeLessThan(0.005);
  expect(Math.abs(p.b - REF.b)).toBeLessThan(0.005);
}

describe('BG/NBD fit', () => {
  const cdnow = cdnowSummary();
  const fit = fitBgnbd(cdnow);

  it('matches the published CDNOW parameters from cdnow_customers_summary.csv', () => {
    expectReferenceParams(fit.params);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
    // FHL (2005) report LL = -9582.4.
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(fit.distinctRows).toBeLessThan(2357);
  });

  it('matches the published parameters from the raw CDNOW sample transactions', () => {
    const s = summarizeTransactions(readCdnowTransactions(datasetPath('cdnow/CDNOW_sample.txt')), {
      customer: 'customer',
      date: 'date',
      unit: 'week',
      calibrationEnd: Date.UTC(1997, 8, 30),
    });
    const raw = fitBgnbd({ frequency: s.frequency, recency: s.recency, age: s.age });
    expectReferenceParams(raw.params);
  });

  it('reproduces the lifetimes predictions for the fitted CDNOW model', () => {
    expect(Math.abs(bgnbdConditionalExpected(fit.params, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
    const ts = [0.1429, 1, 3, 31.8571, 32, 78];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    ts.forEach((t, i) => expect(bgnbdExpectedUpTo(fit.params, t)).toBeCloseTo(expected[i], 3));
  });

  it('gives the published purchase-count probabilities at the 3-decimal parameters', () => {
    const tiny = bgnbdProbabilityOfPurchases(FIXED, 2, 10);
    expect(Math.abs(tiny - 1.07869e-7) / 1.07869e-7).toBeLessThan(1e-5);
    expect(Math.abs(bgnbdProbabilityOfPurchases(FIXED, 39, 0) - 0.5737864)).toBeLessThan(1e-5);
    // The probabilities over n sum to 1.
    let total = 0;
    for (let n = 0; n < 400; n++) total += bgnbdProbabilityOfPurchases(FIXED, 39, n);
    expect(total).toBeCloseTo(1, 8);
    expect(() => bgnbdProbabilityOfPurchases(FIXED, 1, 1.5)).toThrow('got 1.5');
  });

  it('has an analytic gradient equal to the finite-difference one, and a likelihood equal to the per-customer sum', () => {
    const obj = bgnbdObjective(cdnow, 0.01);
    const at = Float64Array.from([Math.log(0.4), Math.log(3), Math.log(1.2), Math.log(2)]);
    const g = new Float64Array(4);
    obj.valueAndGradient(at, g);
    const num = numericGradient((x) => obj.valueAndGradient(x, new Float64Array(4)), at);
    for (let j = 0; j < 4; j++) expect(g[j]).toBeCloseTo(num[j], 7);
    const p = { r: 0.4, alpha: 3, a: 1.2, b: 2 };
    let sum = 0;
    for (let i = 0; i < cdnow.frequency.length; i++) {
      sum += bgnbdCustomerLogLikelihood(p, cdnow.frequency[i], cdnow.recency[i], cdnow.age[i]);
    }
    expect(obj.logLikelihood(p)).toBeCloseTo(sum, 6);
  });

  it('shrinks parameters with a penalizer and rejects bad options', () => {
    const penalised = fitBgnbd(cdnow, { penalizer: 0.1 });
    const p = penalised.params;
    expect(p.r ** 2 + p.alpha ** 2 + p.a ** 2 + p.b ** 2).toBeLessThan(REF.r ** 2 + REF.alpha ** 2 + REF.a ** 2 + REF.b ** 2);
    expect(() => fitBgnbd(cdnow, { penalizer: -1 })).toThrow('got -1');
    const bad = { frequency: Float64Array.of(1), recency: Float64Array.of(5), age: Float64Array.of(3) };
    expect(() => fitBgnbd(bad)).toThrow('t_x=5, T=3');
  });
});

describe('BG/NBD predictions', () => {
  it('P(alive) is 1 with no repeat purchases and falls as the last purchase recedes', () => {
    expect(bgnbdProbabilityAlive(FIXED, 0, 0, 30)).toBe(1);
    const recent = bgnbdProbabilityAlive(FIXED, 3, 29, 30);
    const old = bgnbdProbabilityAlive(FIXED, 3, 5, 30);
    expect(recent).toBeGreaterThan(old);
    expect(old).toBeGreaterThan(0);
    expect(recent).toBeLessThan(1);
    // Heavy buyers with an old last purchase: the ratio overflows naively; stays in (0, 1).
    expect(bgnbdProbabilityAlive(FIXED, 500, 1, 300)).toBeGreaterThanOrEqual(0);
    expect(bgnbdConditionalExpected(FIXED, 10, 500, 299, 300)).toBeGreaterThan(10);
  });

  it('conditional expectation for a new-looking customer tends to the unconditional curve shape', () => {
    // x = 0, T = 0 is a brand-new customer: both formulas describe the same process.
    for (const t of [1, 10, 52]) {
      expect(bgnbdConditionalExpected(FIXED, t, 0, 0, 0)).toBeCloseTo(bgnbdExpectedUpTo(FIXED, t), 10);
    }
  });
});

describe('BG/NBD recovery', () => {
  it('recovers the generating parameters of 100,000 synthetic customers (days)', () => {
    const truth = { r: 0.5, alpha: 20, a: 0.8, b: 2.5 };
    const data = simulateBgnbd(100_000, truth, 365, 7);
    const fit = fitBgnbd(data);
    expect(fit.params.r).toBeGreaterThan(0.4);
    expect(fit.params.r).toBeLessThan(0.6);
    expect(fit.params.alpha / truth.alpha).toBeGreaterThan(0.8);
    expect(fit.params.alpha / truth.alpha).toBeLessThan(1.25);
    expect(fit.params.a / fit.params.b).toBeCloseTo(truth.a / truth.b, 1);
  });
});
