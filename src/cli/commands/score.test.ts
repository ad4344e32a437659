// `churn --save-model` then `score --model [--previous] [--out]` on the demo customers and their
// generated next month (seeds/next-month.ts: contracts shifted): the headless monitor.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../../seeds/generate';
import { NEXT_MONTH_SHIFT, nextMonthCustomers } from '../../../seeds/next-month';
import { SAVED_FORMAT } from '../../lib/models/churn';
import { run as churn } from './churn';
import { run, spec } from './score';
import { expectFlagChecks } from '../testing';

let dir = '';
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'score-'));
  await writeFile(file('customers.csv'), generateDemo({ customers: 1500 }).customers);
  await writeFile(file('next.csv'), nextMonthCustomers({ customers: 1500 }));
});

describe('score command', () => {
  it('scores with a model from churn --save-model; compares with --previous written by --out', { timeout: 120_000 }, async () => {
    await churn([file('customers.csv'), '--target', 'churned', '--model', 'logistic', '--folds', '2', '--save-model', file('model.json')]);
    const saved = JSON.parse(await readFile(file('model.json'), 'utf8'));
    expect(saved).toMatchObject({ format: SAVED_FORMAT, version: 1, model: { kind: 'logistic' } });

    const first = await run([file('customers.csv'), '--model', file('model.json'), '--out', file('scores.csv')]);
    expect(Object.keys(first)).toEqual(['rows', 'scored', 'bands']);
    expect(first.rows).toBe(1500);
    expect(first.bands.high + first.bands.medium + first.bands.low).toBe(1500);
    expect(first.bands.high).toBeGreaterThan(0);
    const header = (await readFile(file('scores.csv'), 'utf8')).split('\r\n')[0].split(',');
    expect(header.slice(0, 3)).toEqual(['customer', 'probability', 'band']);
    expect(header).toEqual(expect.arrayContaining(['contract', 'tenure_months', 'monthly_fee']));
    expect(header).not.toContain('churned');

    const same = await run([file('customers.csv'), '--model', file('model.json'), '--previous', file('scores.csv')]);
    expect(Object.keys(same)).toEqual(['rows', 'scored', 'bands', 'crossedIntoHigh', 'leftHigh', 'psi', 'drift']);
    expect(same).toMatchObject({ crossedIntoHigh: 0, leftHigh: 0, psi: 0, bands: first.bands });
    expect(same.drift!.every((d) => d.psi === 0)).toBe(true);

    const next = await run([file('next.csv'), '--model', file('model.json'), '--previous', file('scores.csv')]);
    expect(next.drift![0].feature).toBe(NEXT_MONTH_SHIFT.column);
    expect(next.drift![0].psi).toBeGreaterThan(0.25);
    expect(next.crossedIntoHigh).toBeGreaterThan(0);
    expect(next.bands.high).toBeGreaterThan(first.bands.high);
  });

  it('says what is wrong with the model or the previous file', async () => {
    await writeFile(file('bad.json'), JSON.stringify({ format: 'something else' }));
    await expect(run([file('customers.csv'), '--model', file('bad.json')])).rejects.toThrow(/Not a saved churn model/);
    await expect(run([file('customers.csv')])).rejects.toThrow(/--model/);
  });

  it('checks its flags', async () => {
    await expectFlagChecks(run, spec);
  });
});
