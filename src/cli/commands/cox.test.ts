import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../lib/random';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './cox';
import { expectFlagChecks } from '../testing';

// statsmodels 0.13.5 PHReg (ties='efron') on telco, rows with tenure > 0: reference README section 6
// (coefficients within 0.001, SEs to their printed digits, LL -14249.268, concordance 0.8227 within 0.002).
const REF: Record<string, [number, number]> = {
  SeniorCitizen: [0.00527, 0.05598],
  'Partner=Yes': [-0.57719, 0.05441],
  'Dependents=Yes': [-0.14589, 0.06795],
  MonthlyCharges: [-0.00017, 0.00096],
  'Contract=One year': [-2.09766, 0.08448],
  'Contract=Two year': [-4.05244, 0.15868],
  'PaperlessBilling=Yes': [0.23488, 0.05623],
};

describe('cox command', () => {
  it('prints coefficients by `name=level`, hazard ratios, concordance and PH p-values on telco', async () => {
    const covariates = 'SeniorCitizen,Partner,Dependents,MonthlyCharges,Contract,PaperlessBilling';
    const out = await run([datasetPath('telco/Telco-Customer-Churn.csv'), '--time', 'tenure', '--event', 'Churn', '--event-value', 'Yes', '--covariates', covariates]);
    expect(out.rows).toBe(7032);
    expect(out.events).toBe(1869);
    expect(out.dropped).toEqual({ missing: 0, nonPositiveTime: 11 });
    expect(Object.keys(out.coef)).toEqual(Object.keys(REF));
    for (const [name, [coef, se]] of Object.entries(REF)) {
      expect(out.coef[name], name).toBeCloseTo(coef, 3);
      expect(Math.abs(out.se[name] - se), name).toBeLessThan(5e-5 + 1e-3 * se);
      expect(out.hazardRatio[name]).toBeCloseTo(Math.exp(out.coef[name]), 12);
    }
    expect(Math.abs(out.concordance - 0.8227)).toBeLessThan(0.002);
    expect(Object.keys(out.ph)).toEqual(Object.keys(out.coef));
    expect(out.references).toEqual({ Partner: 'No', Dependents: 'No', Contract: 'Month-to-month', PaperlessBilling: 'No' });
    expect(out.loglik).toBeCloseTo(-14249.268, 2);
    // Per standard deviation of MonthlyCharges over the 7,032 rows (Python statistics.stdev: 30.085974).
    expect(out.hazardRatioPerSd.MonthlyCharges).toBeCloseTo(Math.exp(out.coef.MonthlyCharges * 30.085974), 9);
    // Past the longest tenure (72) the remaining lifetimes assume the mean hazard of months 57.6-72.
    expect(out.remainingTail).toMatchObject({ from: 57.6, to: 72 });
  });

  it('--covariates auto picks the attributes as the app does and says why', async () => {
    // 600 customers: a plan that drives churn, a running total that restates tenure, an id column.
    const rng = mulberry32(3);
    const lines = ['id,plan,spend_so_far,tenure,churned'];
    for (let i = 0; i < 600; i++) {
      const plan = ['basic', 'plus', 'pro'][i % 3];
      const t = -Math.log(1 - rng()) / (0.03 * Math.exp({ basic: 1, plus: 0, pro: -1 }[plan]!));
      const c = 1 + rng() * 48;
      const tenure = Math.ceil(Math.min(t, c));
      lines.push(`C${i},${plan},${(tenure * (30 + rng() * 40)).toFixed(2)},${tenure},${t <= c ? 'Yes' : 'No'}`);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'cox-auto-')), 'customers.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const out = await run([file, '--time', 'tenure', '--event', 'churned', '--covariates', 'auto', '--id', 'id']);
    expect(out.suggestion!.chosen).toEqual(['plan']);
    expect(Object.keys(out.coef)).toEqual(['plan=plus', 'plan=pro']);
    expect(out.suggestion!.skipped.map((k) => k.column)).toEqual(['spend_so_far']);
  });

  it('names bad arguments', async () => {
    const file = datasetPath('telco/Telco-Customer-Churn.csv');
    await expect(run([file, '--event', 'Churn', '--covariates', 'Partner'])).rejects.toThrow('--time is required');
    await expect(run([file, '--time', 'tenure', '--event', 'Churn'])).rejects.toThrow('--covariates is required');
    await expect(run([file, '--time', 'tenure', '--event', 'Churn', '--covariates', 'Partner', '--ph-transform', 'log'])).rejects.toThrow('km or rank');
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
