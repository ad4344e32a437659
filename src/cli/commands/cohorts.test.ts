import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './cohorts';
import { expectFlagChecks } from '../testing';

describe('cohorts command', () => {
  it('prints the CDNOW retention matrix by month', async () => {
    const out = await run([datasetPath('cdnow/CDNOW_master.txt'), '--customer', 'customer_id', '--date', 'date', '--amount', 'dollar_value']);
    expect(out.period).toBe('month');
    expect(out.cohorts.map((c) => c.label)).toEqual(['1997-01', '1997-02', '1997-03']);
    expect(out.cohorts.reduce((s, c) => s + c.size, 0)).toBe(23_570);
    expect(out.active[0][0]).toBe(out.cohorts[0].size);
    expect(out.percent[0][0]).toBe(100);
    expect(out.revenue![0].length).toBe(18);
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

describe('cohorts command with survival', () => {
  it('adds median lifetimes per group and a log-rank test', async () => {
    const out = await run([datasetPath('online-retail/online_retail_sample.csv'), '--customer', 'CustomerID', '--date', 'InvoiceDate', '--amount', 'Quantity', '--churn-after', '3', '--group', 'Country']);
    const s = (out as { survival: { overall: { subjects: number }; groups: { subjects: number }[]; logRank: { degreesOfFreedom: number } | null } }).survival;
    expect(s.overall.subjects).toBe(out.customers);
    expect(s.groups.reduce((a, g) => a + g.subjects, 0)).toBe(out.customers);
    expect(s.logRank!.degreesOfFreedom).toBe(s.groups.length - 1);
  });
});
