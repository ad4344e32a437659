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

  it('says what is missing', async () => {
    await expectFlagChecks(run, spec);
    await expect(run(['x.csv', '--tenure', 'tenure'])).rejects.toThrow(/--tenure needs --event/);
    await expect(run(['x.csv'])).rejects.toThrow(/--tenure COL --event COL, or --start COL --end COL/);
    await expect(run(['--alive', '1000,1200,900'])).rejects.toThrow(/must not increase/);
  });
});
