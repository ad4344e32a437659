import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { categorical, numeric, table } from '../features/churn/testdata';
import { fitCox } from '../models/survival/cox';
import { prepareCox } from './cox';
import { suggestCovariates } from './suggest';

// 1,200 customers: a plan with a strong effect, a flag with a weaker one, pure noise, a running total (spend so
// far = months x price: it restates the time), and a 'service' column whose 'none' level is exactly the plan's 'none'.
function customers() {
  const rng = mulberry32(9);
  const n = 1200;
  const plan: string[] = [], service: string[] = [], tenure: number[] = [], churn: number[] = [], flag: number[] = [], noise: number[] = [], total: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = ['none', 'monthly', 'yearly'][Math.floor(rng() * 3)];
    const f = rng() < 0.5 ? 1 : 0;
    const hazard = 0.02 * Math.exp({ none: 0, monthly: 1.2, yearly: -1 }[p]! + 0.4 * f);
    const t = -Math.log(1 - rng()) / hazard;
    const c = 1 + rng() * 60;
    plan.push(p);
    service.push(p === 'none' ? 'none' : rng() < 0.5 ? 'basic' : 'plus');
    tenure.push(Math.ceil(Math.min(t, c)));
    churn.push(t <= c ? 1 : 0);
    flag.push(f);
    noise.push(rng());
    total.push(tenure[i] * (20 + rng() * 60));
  }
  return table(
    categorical('plan', plan), categorical('service', service), numeric('tenure', tenure, 'integer'), numeric('churn', churn, 'boolean'),
    numeric('flag', flag, 'boolean'), numeric('noise', noise), numeric('spend_so_far', total), numeric('row', plan.map((_, i) => 1000 + i), 'integer'),
  );
}

describe('suggestCovariates (the Cox panel default attributes)', () => {
  it('chooses by univariate association, leaves out a running total and a duplicate level, and says why', () => {
    const t = customers();
    const s = suggestCovariates(t, { time: 'tenure', event: 'churn', candidates: ['noise', 'spend_so_far', 'service', 'flag', 'plan', 'row'] });
    expect(s.chosen).toEqual(['plan', 'flag']);
    expect(s.ranked[0].column).toBe('plan');
    // Each LR statistic is that of a Cox model with the column alone.
    const alone = fitCox(prepareCox(t, { time: 'tenure', event: 'churn', covariates: ['flag'] }).data);
    expect(s.ranked.find((r) => r.column === 'flag')!.chiSquare).toBeCloseTo(alone.lrChiSquare, 9);
    expect(s.ranked.find((r) => r.column === 'noise')!.p).toBeGreaterThan(0.05);
    expect(s.skipped.find((r) => r.column === 'spend_so_far')!.reason).toMatch(/^moves with tenure \(r = 0\.\d\d\): it restates the time/);
    expect(s.skipped.find((r) => r.column === 'service')!.reason).toBe('service=none repeats plan (collinear: the fit cannot take both)');
    expect(s.skipped.find((r) => r.column === 'row')!.reason).toBe('1,200 different whole numbers in 1,200 rows: an id or row number, not an attribute');
    expect(s.rule).toMatch(/^The 2 attributes most associated with churn one at a time/);
    // What it chose fits together.
    expect(() => fitCox(prepareCox(t, { time: 'tenure', event: 'churn', covariates: s.chosen }).data)).not.toThrow();
    // Nothing associated: the strongest few anyway, said so.
    const none = suggestCovariates(t, { time: 'tenure', event: 'churn', candidates: ['noise'] });
    expect(none.chosen).toEqual(['noise']);
    expect(none.rule).toMatch(/^No attribute is clearly associated with churn on its own/);
    // A wrong event value: nothing fitted, and the reason why.
    const wrong = suggestCovariates(t, { time: 'tenure', event: 'plan', eventValue: 'weekly', candidates: ['flag'] });
    expect(wrong.chosen).toEqual([]);
    expect(wrong.rule).toMatch(/^No attribute could be fitted against plan: The event column "plan" has no value "weekly"/);
  });
});
