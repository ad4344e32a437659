import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import {
  conditionalExpectedAverageProfit,
  fitGammaGamma,
  frequencySpendCorrelation,
  gammaGammaObjective,
} from './gamma-gamma';
import { numericGradient } from './optimiser';
import { readNumericCsv } from './testing';

function cdnowSpend() {
  const t = readNumericCsv(datasetPath('cdnow/cdnow_customers_summary_with_transactions.csv'));
  const col = (name: string) => (t.columns.find((c) => c.name === name) as { values: Float64Array }).values;
  return { x: col('x'), zbar: col('zbar') };
}

describe('Gamma-Gamma', () => {
  const { x, zbar } = cdnowSpend();
  const fit = fitGammaGamma(x, zbar);

  it('matches the lifetimes CDNOW parameters on the 946 repeat customers', () => {
    expect(fit.customers).toBe(946);
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(0.02);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(0.02);
    expect(Math.abs(fit.params.v - 15.44)).toBeLessThan(0.02);
    expect(fit.converged).toBe(true);
  });

  it('gives the lifetimes expected average profit for the first 10 customers', () => {
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    expected.forEach((e, i) => {
      expect(Math.abs(conditionalExpectedAverageProfit(fit.params, x[i], zbar[i]) - e)).toBeLessThan(0.1);
    });
  });

  it('reports the frequency-spend correlation and warns only above the threshold', () => {
    // CDNOW: weakly correlated (lifetimes docs show ~0.11).
    expect(Math.abs(fit.correlation)).toBeLessThan(0.3);
    expect(fit.warning).toBeNull();
    const f = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const s = Float64Array.from([10, 21, 29, 41, 50, 62]);
    expect(frequencySpendCorrelation(f, s)).toBeGreaterThan(0.99);
    const correlated = fitGammaGamma(f, s);
    expect(correlated.warning).toContain('r = 1.00');
  });

  it('leaves out customers with non-positive spend and has a correct gradient', () => {
    const f = Float64Array.from([0, 2, 3, 1, 4, 2]);
    const s = Float64Array.from([0, 20, -5, 12, 30, 18]);
    const g = fitGammaGamma(f, s);
    expect(g.customers).toBe(4);
    expect(g.excludedNonPositiveSpend).toBe(1);
    const obj = gammaGammaObjective(x, zbar, 0.05);
    const at = Float64Array.from([Math.log(3), Math.log(2), Math.log(10)]);
    const grad = new Float64Array(3);
    obj.valueAndGradient(at, grad);
    const num = numericGradient((p) => obj.valueAndGradient(p, new Float64Array(3)), at);
    for (let j = 0; j < 3; j++) expect(grad[j]).toBeCloseTo(num[j], 7);
  });

  it('rejects bad input, naming the value', () => {
    expect(() => fitGammaGamma(Float64Array.of(1), Float64Array.of(5))).toThrow('got 1');
    expect(() => fitGammaGamma(x, zbar, { penalizer: -0.5 })).toThrow('got -0.5');
    expect(() => conditionalExpectedAverageProfit({ p: 1, q: 0.8, v: 1 }, 1, 1)).toThrow('got 0.8');
  });
});
