import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignLines } from '../../../seeds/campaign';
import { buildWorld } from '../../../seeds/world';
import { expectFlagChecks } from '../testing';
import { run, spec } from './uplift';

const dir = mkdtempSync(join(tmpdir(), 'uplift-cli-'));
const file = join(dir, 'campaign.csv');
writeFileSync(file, Array.from(campaignLines(buildWorld({ customers: 800, seed: 3 }))).join(''));

describe('uplift command', () => {
  it("prints rows, arms, each learner's Qini / AUUC / uplift at 10%, the best by Qini and its interval, the balance table", async () => {
    const out = await run([file, '--treatment', 'treatment', '--outcome', 'outcome', '--positive', 'retained', '--seed', '2', '--folds', '2', '--bootstrap', '40']);
    expect(out.rows).toBe(800);
    expect(out.treated + out.control).toBe(800);
    expect(Object.keys(out.models).sort()).toEqual(['s', 't', 'x']);
    const bestQini = out.models[out.best].qini;
    expect(bestQini).toBe(Math.max(out.models.s.qini, out.models.t.qini, out.models.x.qini));
    expect(out.qiniCi[0]).toBeLessThanOrEqual(bestQini);
    expect(out.qiniCi[1]).toBeGreaterThanOrEqual(bestQini);
    // true_uplift is ignored unless asked for
    expect(out.oracle).toBeNull();
    expect(out.balance.rows.map((r) => r.feature)).not.toContain('true_uplift');
    expect(out.balance.rows.some((r) => r.feature === 'contract' && r.level === 'Month-to-month')).toBe(true);
    expect(out).toHaveProperty('warning');
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('names bad arguments', async () => {
    await expect(run([file, '--outcome', 'outcome'])).rejects.toThrow('--treatment is required');
    await expect(run([file, '--treatment', 'treatment', '--outcome', 'contract'])).rejects.toThrow(/Outcome column "contract" has 3 distinct values/);
    await expect(run([file, '--treatment', 'treatment', '--outcome', 'outcome', '--positive', 'maybe'])).rejects.toThrow(/Positive value "maybe"/);
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
