import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, spec } from './sbg';
import { expectFlagChecks } from '../testing';

describe('cli sbg', () => {
  it('fits typed counts and prints the projected customers alive', async () => {
    const out = (await run(['--alive', '1000,869,743,653,593,551,517,491', '--horizon', '3'])) as { alpha: number; beta: number; loglik: number; projected: number[] };
    expect(out.alpha).toBeCloseTo(0.668, 2);
    expect(out.beta).toBeCloseTo(3.806, 2);
    expect(out.projected).toHaveLength(11);
    expect(out.projected[0]).toBe(1000);
    // n0 S(1) = 1000 beta / (alpha + beta)
    expect(out.projected[1]).toBeCloseTo((1000 * out.beta) / (out.alpha + out.beta), 8);
  });

  it('reads subscriptions with start and end dates (empty end = active), monthly periods', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sbg-cli-')), 'subs.csv');
    // Lifetimes in months: left in 1, 2, 2, 3; active after 4 (as of 2024-05-20, the latest date) and 1.
    writeFileSync(file, 'id,start,end,fee\na,2024-01-01,2024-01-20,10\nb,2024-01-01,2024-02-15,10\nc,2024-02-01,2024-03-01,10\nd,2024-01-05,2024-03-20,10\ne,2024-01-10,,20\nf,2024-04-01,2024-05-20,10\ng,2024-04-15,,30\n');
    const out = (await run([file, '--start', 'start', '--end', 'end', '--customer', 'id', '--value', 'fee', '--horizon', '0'])) as { alpha: number; beta: number; loglik: number; summary: { customers: number; churned: number; active: number; lastPeriod: number } };
    expect(out.summary).toMatchObject({ customers: 7, churned: 5, active: 2, lastPeriod: 4 });
    expect(Number.isFinite(out.loglik) && out.alpha > 0 && out.beta > 0).toBe(true);
  });

  it('says what is missing', async () => {
    await expectFlagChecks(run, spec);
    await expect(run(['x.csv', '--tenure', 'tenure'])).rejects.toThrow(/--tenure needs --event/);
    await expect(run(['x.csv'])).rejects.toThrow(/--tenure COL --event COL, or --start COL --end COL/);
    await expect(run(['--alive', '1000,1200,900'])).rejects.toThrow(/must not increase/);
  });
});
