// `churn --explain` (issue #18): SHAP of the first 100 rows per source column, and local accuracy over every
// row (expected + contributions = the model's log-odds) for a tree, a linear and a sampled explainer.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../tests/datasets';
import { run } from './commands/churn';

const TELCO = datasetPath('telco/Telco-Customer-Churn.csv');
let dir = '';
let sample = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(os.tmpdir(), 'churn-explain-'));
  // The header and every 10th customer of telco (705 rows): the MLP and logistic runs stay fast.
  const lines = (await readFile(TELCO, 'utf8')).split(/\r?\n/).filter((l) => l.length);
  sample = path.join(dir, 'telco-sample.csv');
  await writeFile(sample, [lines[0], ...lines.slice(1).filter((_, i) => i % 10 === 0)].join('\n'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('churn --explain', () => {
  it('gbdt on all of telco: TreeSHAP of the first 100 rows, local accuracy 1e-6 over all 7,043', { timeout: 120_000 }, async () => {
    const out = await run([TELCO, '--target', 'Churn', '--model', 'gbdt', '--folds', '2', '--explain']);
    expect(out.shapCheck).toEqual({ maxAbsError: expect.any(Number), rows: 7043 });
    expect(out.shapCheck!.maxAbsError).toBeLessThan(1e-6);
    const shap = out.shap!;
    expect(shap.method).toBe('tree');
    expect(shap.rows).toHaveLength(100);
    expect(shap.rows[0].row).toBe(1);
    expect(Object.keys(shap.rows[0].contributions)).toEqual(out.features.used);
    // Row 1 (7590-VHVEG): one month of tenure on a month-to-month contract, both raising the risk.
    expect(shap.rows[0].contributions.tenure).toBeGreaterThan(0.2);
    expect(shap.rows[0].contributions.Contract).toBeGreaterThan(0.2);
    expect(shap.expected).toBeLessThan(0); // most customers stay
  });

  it('logistic (exact) and MLP (sampled, with its sample count and standard error) on a telco sample', { timeout: 120_000 }, async () => {
    const lin = await run([sample, '--target', 'Churn', '--model', 'logistic', '--folds', '2', '--explain']);
    expect(lin.shap!.method).toBe('linear');
    expect(lin.shapCheck).toMatchObject({ rows: 705 });
    expect(lin.shapCheck!.maxAbsError).toBeLessThan(1e-6);
    expect(lin.shap).not.toHaveProperty('samples');
    const mlp = await run([sample, '--target', 'Churn', '--model', 'mlp', '--folds', '2', '--explain']);
    expect(mlp.shap).toMatchObject({ method: 'permutation', samples: 64 });
    expect(mlp.shap!.stdErr).toBeGreaterThan(0);
    expect(mlp.shap!.stdErr).toBeLessThan(0.5);
    expect(mlp.shapCheck!.maxAbsError).toBeLessThan(1e-6);
    expect(mlp.shap!.rows).toHaveLength(100);
  });
});
