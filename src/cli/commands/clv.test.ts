import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { parseDay, run, spec } from './clv';
import { expectFlagChecks } from '../testing';

const REF = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

describe('clv command', () => {
  it('gives the reference BG/NBD and Gamma-Gamma parameters from the raw CDNOW sample', async () => {
    const out = await run([
      datasetPath('cdnow/CDNOW_sample.txt'),
      '--no-header',
      '--columns', 'customer,sample,date,cds,dollars',
      '--customer', 'customer',
      '--date', 'date',
      '--amount', 'dollars',
      '--calibration-end', '1997-09-30',
      '--unit', 'week',
    ]);
    expect(Object.keys(out)).toEqual(['customers', 'model', 'bgnbd', 'gammaGamma', 'sample', 'summary']);
    expect(out.model).toBe('bgnbd');
    expect(out.customers).toBe(2357);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(out.bgnbd[k] - REF[k])).toBeLessThan(0.005);
    expect(out.bgnbd.loglik).toBeCloseTo(-9582.4, 0);
    expect(out.gammaGamma).toMatchObject({ customers: 946 });
    expect(Math.abs(out.gammaGamma!.p - 6.25)).toBeLessThan(0.02);
    expect(out.sample.length).toBe(10);
    expect(Object.keys(out.sample[0])).toEqual(['customer', 'pAlive', 'expectedPurchases', 'clv']);
    expect(out.sample[0].customer).toBe('00004');
    expect(out.summary.calibrationVsHoldout!.length).toBe(8);
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('--model names the purchase model; auto compares all three (by BIC without a holdout)', async () => {
    const summary = ['--summary', datasetPath('cdnow/cdnow_customers_summary.csv'), '--frequency', 'frequency', '--recency', 'recency', '--age', 'T'];
    const out = (await run([...summary, '--model', 'auto'])) as Record<string, unknown> & Awaited<ReturnType<typeof run>>;
    // Reference README section 2 (SciPy maximum likelihood on this file).
    const pareto = out.paretonbd as Record<string, number>;
    const mbg = out.mbgnbd as Record<string, number>;
    for (const [k, v] of Object.entries({ r: 0.5533, alpha: 10.578, s: 0.6062, beta: 11.668 })) expect(Math.abs(pareto[k] - v)).toBeLessThan(0.005);
    for (const [k, v] of Object.entries({ r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 })) expect(Math.abs(mbg[k] - v)).toBeLessThan(0.005);
    expect(Math.abs(pareto.loglik - -9594.97)).toBeLessThan(0.05);
    expect(Math.abs(mbg.loglik - -9582.13)).toBeLessThan(0.05);
    const choice = out.choice as { model: string; rule: string; byModel: Record<string, { loglik: number; bic: number; holdoutMae: number | null }> };
    expect(Object.keys(choice.byModel)).toEqual(['bgnbd', 'paretonbd', 'mbgnbd']);
    expect(choice.rule).toBe('bic');
    // MBG/NBD has the highest log-likelihood here, and all three have four parameters.
    expect(choice.model).toBe('mbgnbd');
    expect(out.model).toBe('mbgnbd');
    expect(choice.byModel.paretonbd.bic).toBeCloseTo(4 * Math.log(2357) - 2 * pareto.loglik, 8);
    expect(choice.byModel.bgnbd.holdoutMae).toBeNull();
    await expect(run([...summary, '--model', 'nbd'])).rejects.toThrow('purchase model must be auto, bgnbd, paretonbd or mbgnbd, got "nbd"');
  });

  it('reads an already summarised file', async () => {
    const out = await run([
      '--summary', datasetPath('cdnow/cdnow_customers_summary.csv'),
      '--frequency', 'frequency', '--recency', 'recency', '--age', 'T', '--customer', 'ID',
    ]);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(out.bgnbd[k] - REF[k])).toBeLessThan(0.005);
    expect(out.gammaGamma).toBeNull();
    expect(out.sample[0]).toMatchObject({ customer: '1', clv: null });
  });

  it('refuses transactions all on one day (no repeat purchases) with a message, not a fit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rl-clv-')), 'one-day.csv');
    writeFileSync(file, 'customer,date,amount\nA,2024-03-01,10\nB,2024-03-01,20\nC,2024-03-01,5\nA,2024-03-01,3\n');
    await expect(run([file, '--customer', 'customer', '--date', 'date', '--amount', 'amount'])).rejects.toThrow(
      /^Too few repeat purchases to fit a purchase model: 0 of 3 customers bought again .*at least 5 are needed/,
    );
  });

  it('names bad arguments', async () => {
    expect(() => parseDay('1997-02-30', 'calibration-end')).toThrow('"1997-02-30"');
    await expect(run(['--summary', datasetPath('cdnow/cdnow_customers_summary.csv'), '--frequency', 'frequency', '--recency', 'recency'])).rejects.toThrow('--age is required');
    await expect(run([datasetPath('cdnow/CDNOW_sample.txt'), '--customer', 'x', '--date', 'd', '--unit', 'fortnight'])).rejects.toThrow('"fortnight"');
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
