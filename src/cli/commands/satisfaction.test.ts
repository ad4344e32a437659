import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFiles } from '../../../tests/capabilities/satisfaction';
import { expectFlagChecks } from '../testing';
import { run, spec } from './satisfaction';

const dir = mkdtempSync(join(tmpdir(), 'satisfaction-cli-'));
const files = demoFiles();
const surveys = join(dir, 'surveys.csv');
const customers = join(dir, 'customers.csv');
writeFileSync(surveys, files.surveys);
writeFileSync(customers, files.customers);

describe('satisfaction command', () => {
  it('prints NPS by month and by a customers column, and churn by group with the odds ratio (latest answer per customer)', async () => {
    const out = await run([surveys, '--score', 'nps', '--date', 'responded_at', '--customer', 'customer_id', '--customers', customers, '--by', 'contract', '--label', 'churned']);
    expect(out.scale).toBe('nps');
    expect(out.byMonth!.length).toBeGreaterThan(12);
    expect(out.bySegment!.map((s) => s.segment).sort()).toEqual(['Month-to-month', 'One year', 'Two year']);
    expect(out.churn!.customers).toBe(out.respondents);
    expect(out.churn!.byGroup[0].rate.value).toBeGreaterThan(out.churn!.byGroup[2].rate.value);
    expect(out.churn!.effect!.oddsRatio.value).toBeLessThan(1);
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('names bad arguments', async () => {
    await expect(run([surveys, '--date', 'responded_at'])).rejects.toThrow('--score is required');
    await expect(run([surveys, '--score', 'customer_id'])).rejects.toThrow('not a survey score');
    await expect(run([surveys, '--score', 'nps', '--customers', customers])).rejects.toThrow('--customers needs --customer');
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
