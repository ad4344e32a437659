import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import type { RfmData } from './bgnbd';
import { fitMbgNbd, mbgNbdConditionalExpected, mbgNbdCustomerLogLikelihood, mbgNbdExpectedUpTo, mbgNbdProbabilityAlive } from './mbgnbd';
import {
  fitParetoNbd,
  paretoNbdConditionalExpected,
  paretoNbdCustomerLogLikelihood,
  paretoNbdExpectedUpTo,
  paretoNbdProbabilityAlive,
} from './paretonbd';
import { readNumericCsv } from './testing';

function cdnowSummary(): RfmData {
  const t = readNumericCsv(datasetPath('cdnow/cdnow_customers_summary.csv'));
  const col = (name: string) => (t.columns.find((c) => c.name === name) as { values: Float64Array }).values;
  return { frequency: col('frequency'), recency: col('recency'), age: col('T') };
}

const cdnow = cdnowSummary();

function expectClose(actual: Record<string, number>, expected: Record<string, number>, tolerance: number): void {
  for (const [k, v] of Object.entries(expected)) expect(Math.abs(actual[k] - v), k).toBeLessThan(tolerance);
}

// Customers (x, t_x, T, t) checked against brute force: the individual-level likelihood integrated over the
// priors with scipy.integrate.dblquad (scipy 1.17.1, epsrel 1e-10), run once for these parameters.
const CUSTOMERS = [
  [2, 30.43, 38.86, 39],
  [0, 0, 38.86, 39],
  [10, 35, 38, 10],
] as const;
// Decimal places each case is checked to: the peaked integrand of x = 10 integrates only to about 1e-5, so
// that case is also checked to 1e-10 against the closed forms evaluated with scipy.special.hyp2f1.
const DIGITS = [8, 8, 4];

describe('Pareto/NBD', () => {
  it('fits CDNOW to the reference maximum likelihood (shared/reference README section 2)', () => {
    const fit = fitParetoNbd(cdnow);
    expectClose(fit.params, { r: 0.5533, alpha: 10.578, s: 0.6062, beta: 11.668 }, 0.005);
    expect(Math.abs(fit.logLikelihood - -9594.97)).toBeLessThan(0.05);
    expect(fit.converged).toBe(true);
  });

  const p = { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 };
  // [P(alive), E[purchases in t], log-likelihood] by integration over lambda ~ Gamma(r, alpha), mu ~ Gamma(s, beta).
  const brute = [
    [0.8691210957041895, 1.45513706400208, -9.554294202034129],
    [0.29509925952573435, 0.10706574815610552, -0.5212277429208758],
    [0.9478547376039376, 1.9455204655949452, -26.910445180303608],
  ];
  it('P(alive), conditional expected purchases and the likelihood match brute-force integration', () => {
    CUSTOMERS.forEach(([x, tx, T, t], i) => {
      expect(paretoNbdProbabilityAlive(p, x, tx, T)).toBeCloseTo(brute[i][0], DIGITS[i]);
      expect(paretoNbdConditionalExpected(p, t, x, tx, T)).toBeCloseTo(brute[i][1], DIGITS[i]);
      expect(paretoNbdCustomerLogLikelihood(p, x, tx, T)).toBeCloseTo(brute[i][2], DIGITS[i]);
    });
    expect(paretoNbdProbabilityAlive(p, 10, 35, 38)).toBeCloseTo(0.9478556732300785, 10);
    expect(paretoNbdConditionalExpected(p, 10, 10, 35, 38)).toBeCloseTo(1.9455110305117511, 10);
  });

  it('takes the other 2F1 branch when alpha < beta, and both agree where alpha = beta', () => {
    const swapped = { r: 0.5533, alpha: 11.6679, s: 0.6062, beta: 10.5776 };
    const ll = paretoNbdCustomerLogLikelihood(swapped, 2, 30.43, 38.86);
    expect(Number.isFinite(ll)).toBe(true);
    const below = paretoNbdCustomerLogLikelihood({ ...p, alpha: 11 - 1e-9, beta: 11 }, 3, 20, 38);
    const above = paretoNbdCustomerLogLikelihood({ ...p, alpha: 11 + 1e-9, beta: 11 }, 3, 20, 38);
    expect(below).toBeCloseTo(above, 7);
  });

  it('expected purchases of a new customer: the closed form at s = 1 is its limit', () => {
    expect(paretoNbdExpectedUpTo({ r: 1, alpha: 2, s: 1 + 1e-9, beta: 3 }, 5)).toBeCloseTo(paretoNbdExpectedUpTo({ r: 1, alpha: 2, s: 1, beta: 3 }, 5), 6);
    expect(paretoNbdExpectedUpTo({ r: 1, alpha: 2, s: 1, beta: 3 }, 5)).toBeCloseTo(0.5 * 3 * Math.log(8 / 3), 12);
    expect(paretoNbdExpectedUpTo(p, 0)).toBe(0);
  });
});

describe('MBG/NBD', () => {
  it('fits CDNOW to the reference maximum likelihood (lifetimes ModifiedBetaGeoFitter likelihood)', () => {
    const fit = fitMbgNbd(cdnow);
    expectClose(fit.params, { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 }, 0.005);
    expect(Math.abs(fit.logLikelihood - -9582.13)).toBeLessThan(0.05);
    expect(fit.converged).toBe(true);
  });

  const p = { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 };
  // Integration over lambda ~ Gamma(r, alpha), p ~ Beta(a, b); a customer may die after any purchase, the first included.
  const brute = [
    [0.7061177324453508, 1.2626285628348821, -9.485909195654852],
    [0.3897227916541638, 0.15394477343136012, -0.5395684357681196],
    [0.8614184968004858, 1.8944138904215737, -27.150141514696983],
  ];
  it('P(alive), conditional expected purchases and the likelihood match brute-force integration', () => {
    CUSTOMERS.forEach(([x, tx, T, t], i) => {
      expect(mbgNbdProbabilityAlive(p, x, tx, T)).toBeCloseTo(brute[i][0], DIGITS[i]);
      expect(mbgNbdConditionalExpected(p, t, x, tx, T)).toBeCloseTo(brute[i][1], DIGITS[i]);
      expect(mbgNbdCustomerLogLikelihood(p, x, tx, T)).toBeCloseTo(brute[i][2], DIGITS[i]);
    });
    expect(mbgNbdProbabilityAlive(p, 10, 35, 38)).toBeCloseTo(0.8614190804198104, 10);
    expect(mbgNbdExpectedUpTo(p, 39)).toBeCloseTo(1.1821661637310263, 7);
    expect(mbgNbdExpectedUpTo(p, 1)).toBeCloseTo(0.05305577395531937, 8);
  });
});
