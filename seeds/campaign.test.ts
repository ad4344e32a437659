import { describe, expect, it } from 'vitest';
import { CAMPAIGN_HEADER, campaignLines, retention } from './campaign';
import { customerLines } from './customers';
import { buildWorld } from './world';

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
