import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run } from './recommend';

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

  it('names a bad model', async () => {
    await expect(run([datasetPath('movielens-100k/u.data'), '--user', 'a', '--item', 'b', '--model', 'svd'])).rejects.toThrow(/svd/);
  });
});
