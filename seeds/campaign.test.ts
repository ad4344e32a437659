import { describe, expect, it } from 'vitest';
import { CAMPAIGN_HEADER, campaignLines, retention } from './campaign';
import { customerLines } from './customers';
import { buildWorld } from './world';
import { parseTable } from '../src/lib/data/parse-table';
import { prepareUplift, runUplift, summariseUplift, upliftPageRows } from '../src/lib/uplift';

const tableOf = (csv: string) => parseTable(new TextEncoder().encode(csv)).table;


describe('campaign.csv', () => {
  const world = buildWorld({ customers: 3000, seed: 5 });
  const lines = Array.from(campaignLines(world)).join('').trimEnd().split('\n');
  const rows = lines.slice(1).map((l) => l.split(','));
  const col = (name: string) => CAMPAIGN_HEADER.split(',').indexOf(name);

  it('has one row per demo customer, with the same ids, half of them treated', () => {
    expect(lines[0]).toBe(CAMPAIGN_HEADER);
    expect(rows.length).toBe(3000);
    const ids = Array.from(customerLines(world)).join('').trimEnd().split('\n').slice(1).map((l) => l.split(',', 1)[0]);
    expect(rows.map((r) => r[0])).toEqual(ids);
    const treated = rows.filter((r) => r[col('treatment')] === '1').length;
    expect(Math.abs(treated / 3000 - 0.5)).toBeLessThan(0.04);
    expect(new Set(rows.map((r) => r[col('outcome')]))).toEqual(new Set(['retained', 'churned']));
  });

  it("observed treated-minus-control retention matches the mean true uplift (the truth is the campaign's)", () => {
    const rate = (t: string) => {
      const g = rows.filter((r) => r[col('treatment')] === t);
      return g.filter((r) => r[col('outcome')] === 'retained').length / g.length;
    };
    const meanTruth = rows.reduce((s, r) => s + Number(r[col('true_uplift')]), 0) / rows.length;
    // standard error of the difference ~0.017 with 1,500 per arm
    expect(Math.abs(rate('1') - rate('0') - meanTruth)).toBeLessThan(0.06);
    expect(meanTruth).toBeGreaterThan(0.05);
  });

  it('gives month-to-month customers with tickets the largest uplift', () => {
    const base = { tenureMonths: 12, newsletter: false, dissatisfaction: 0 };
    const up = (contract: number, tickets: number) => {
      const r = retention({ ...base, contract, tickets });
      return r.p1 - r.p0;
    };
    expect(up(0, 3)).toBeGreaterThan(up(0, 0));
    expect(up(0, 0)).toBeGreaterThan(up(1, 0));
    expect(up(2, 0)).toBeLessThan(0);
  });
});

describe('runUplift on the generated demo campaign (known uplift)', () => {
  it("the best learner's Qini is at least 80% of the oracle's, with an interval above zero", () => {
    const table = tableOf(Array.from(campaignLines(buildWorld({}))).join(''));
    const run = runUplift(table, { treatment: 'treatment', outcome: 'outcome', truth: 'true_uplift', bootstrap: 60 });
    const r = run.result;
    expect(r.rows).toBe(2000);
    expect(r.treatment).toEqual({ column: 'treatment', treated: 'true', control: 'false' });
    expect(r.outcome.positive).toBe('retained');
    expect(r.key).toBe('customer_id');
    // true_uplift is never a feature, whether or not it is named as the truth
    expect(r.features).not.toContain('true_uplift');
    expect(prepareUplift(table, { treatment: 'treatment', outcome: 'outcome' }).features).not.toContain('true_uplift');
    const best = r.models.find((m) => m.learner === r.best)!;
    expect(best.qini.value).toBe(Math.max(...r.models.map((m) => m.qini.value)));
    expect(best.qini.value).toBeGreaterThanOrEqual(0.8 * r.oracle!.qini.value);
    expect(best.qini.lo).toBeGreaterThan(0);
    // the campaign was randomised: no feature flagged
    expect(r.balance.warning).toBeNull();
    const s = summariseUplift(r);
    expect(Object.keys(s.models).sort()).toEqual(['s', 't', 'x']);
    expect(s.qiniCi[0]).toBeLessThanOrEqual(s.models[s.best].qini);
    // the paged table: sorted by the best learner's uplift, highest first
    const table2 = { customers: run.prepared.customers, treated: run.prepared.treated, outcome: run.prepared.outcome, ...run.scores, truth: run.prepared.truth };
    const page = upliftPageRows(table2, { offset: 0, limit: 5 }, r.best);
    expect(page.total).toBe(2000);
    expect(page.rows[0][r.best]).toBe(Math.max(...run.scores[r.best]));
  });
});

