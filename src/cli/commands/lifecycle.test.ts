import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './lifecycle';
import { run as cohorts } from './cohorts';
import { expectFlagChecks } from '../testing';

describe('lifecycle command', () => {
  it('prints CDNOW lifecycle, retention and revenue retention by month, agreeing with the cohort matrix', async () => {
    const file = datasetPath('cdnow/CDNOW_master.txt');
    const flags = ['--customer', 'customer_id', '--date', 'date', '--amount', 'dollar_value'];
    const [out, m] = await Promise.all([run([file, ...flags]), cohorts([file, ...flags])]);
    expect(out.periods.map((p) => p.period)).toEqual(Array.from({ length: 18 }, (_, i) => `${1997 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`));
    // CDNOW's customers all made their first purchase in the first quarter of 1997 (the cohorts command's matrix).
    expect(out.periods.map((p) => p.new)).toEqual([...m.cohorts.map((c) => c.size), ...new Array(15).fill(0)]);
    expect(out.customers).toBe(23_570);
    // Bounded retention is the cohort matrix's "active" count; every customer active in a period is new, returning or resurrecting.
    expect(out.retention.cohorts.map((c) => c.bounded)).toEqual(m.active);
    for (let p = 0; p < 18; p++) {
      const active = m.active.reduce((s, row, f) => s + (row[p - f] ?? 0), 0);
      expect(out.periods[p].new + out.periods[p].returning + out.periods[p].resurrecting).toBe(active);
      // Dormant in p = active in p-1 minus those of them active again in p (returning).
      if (p > 0) expect(out.periods[p].dormant).toBe(out.periods[p - 1].active - out.periods[p].returning);
    }
    expect(out.retention.cohorts.map((c) => c.size)).toEqual(m.cohorts.map((c) => c.size));
    // Same sums in another order: equal to rounding.
    out.revenue!.cohorts.forEach((c, f) => c.revenue.forEach((v, k) => expect(v).toBeCloseTo(m.revenue![f][k], 6)));
    expect(out.nrr[0]).toBe(1);
    expect(out.grr[0]).toBe(1);
    for (let k = 1; k < 18; k++) expect(out.grr[k]).toBeLessThanOrEqual(Math.min(1, out.nrr[k]) + 1e-12);
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('names bad arguments', async () => {
    await expect(run([datasetPath('cdnow/CDNOW_master.txt'), '--customer', 'customer_id', '--date', 'date', '--period', 'day'])).rejects.toThrow('"day"');
    await expect(run([datasetPath('cdnow/CDNOW_master.txt'), '--date', 'date'])).rejects.toThrow('--customer is required');
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
