import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './recommend';
import { expectFlagChecks } from '../testing';

// Only the fast models run here; `--model auto` tunes every model (about a minute of CPU on MovieLens).
describe('recommend command', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('prints the agreed shape for MovieLens 100K with item-kNN', async () => {
    const out = await run([
      datasetPath('movielens-100k/u.data'),
      '--no-header', '--columns', 'user,item,rating,time',
      '--user', 'user', '--item', 'item', '--time', 'time',
      '--model', 'itemknn', '--k', '10',
    ]);
    expect(Object.keys(out)).toEqual(['users', 'items', 'interactions', 'k', 'model', 'models', 'backend']);
    expect(out).toMatchObject({ users: 943, items: 1682, interactions: 100_000, k: 10, model: 'itemknn', backend: 'cpu' });
    expect(Object.keys(out.models)).toEqual(['popularity', 'itemknn']);
    expect(Object.keys(out.models.itemknn)).toEqual(['hrAtK', 'ndcgAtK', 'precisionAtK', 'recallAtK', 'mapAtK', 'coverage', 'trainSeconds']);
    expect(Math.abs(out.models.popularity.hrAtK - 0.0498)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(out.models.itemknn.hrAtK - 0.0594)).toBeLessThanOrEqual(0.001);
  });

  it('serves the best of --models by the chosen metric (the app\'s rule), or the pinned one', async () => {
    // 80 customers in two taste groups over 12 products, dated.
    const lines = ['customer,product,day'];
    for (let c = 0; c < 80; c++) {
      for (let t = 0; t < 5; t++) lines.push(`C${c},P${(c % 2) * 6 + ((c * 7 + t * 5) % 6)},2024-01-0${t + 1}`);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'rl-rec-')), 'shop.csv');
    writeFileSync(file, lines.join('\n'));
    const base = [file, '--user', 'customer', '--item', 'product', '--time', 'day', '--k', '3'];
    for (const [metric, key] of [['ndcg', 'ndcgAtK'], ['hr', 'hrAtK']] as const) {
      const out = await run([...base, '--models', 'itemknn,ease', '--metric', metric]);
      expect(Object.keys(out)).toEqual(['users', 'items', 'interactions', 'k', 'model', 'models', 'backend']);
      expect(Object.keys(out.models)).toEqual(['popularity', 'itemknn', 'ease']);
      const best = Math.max(...Object.values(out.models).map((m) => m[key]));
      expect(out.models[out.model][key]).toBe(best);
    }
    const pinned = await run([...base, '--models', 'itemknn,ease', '--pin', 'popularity']);
    expect(pinned.model).toBe('popularity');
    await expect(run([...base, '--models', 'itemknn', '--pin', 'als'])).rejects.toThrow(/--pin als: not among/);
    await expect(run([...base, '--metric', 'auc'])).rejects.toThrow(/auc/);
  });

  it('refuses one customer with a message instead of HR@10 = NDCG = 1 for every model', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rl-rec-')), 'one.csv');
    writeFileSync(file, ['customer,product,day', ...Array.from({ length: 6 }, (_, t) => `C1,P${t},2024-01-0${t + 1}`)].join('\n'));
    for (const model of ['auto', 'popularity', 'itemknn']) {
      await expect(run([file, '--user', 'customer', '--item', 'product', '--time', 'day', '--model', model])).rejects.toThrow(/^Only one customer.*at least 2 customers/);
    }
  });

  it('names a bad model', async () => {
    await expect(run([datasetPath('movielens-100k/u.data'), '--user', 'a', '--item', 'b', '--model', 'svd'])).rejects.toThrow(/svd/);
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
