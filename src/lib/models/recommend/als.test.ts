import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitAls } from './als';
import { csrFromTriples } from './csr';
import { evaluateScorer } from './evaluate';
import { eventsFromTable, interactionMatrix } from './interactions';
import { splitEvents } from './split';
import { movielensTable } from './testdata';
import { syntheticInteractions } from './synthetic';

// Two taste groups: users 0-3 buy items 0-2, users 4-7 buy items 3-5; each user misses one.
function groups() {
  const r: number[] = [];
  const c: number[] = [];
  for (let u = 0; u < 8; u++) {
    const base = u < 4 ? 0 : 3;
    for (let i = 0; i < 3; i++) {
      if (i === u % 3) continue;
      r.push(u);
      c.push(base + i);
    }
  }
  return csrFromTriples(8, 6, r, c);
}

describe('fitAls', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('recommends the missing item of the user\'s own taste group', async () => {
    const train = groups();
    const model = await fitAls(train, { factors: 4, iterations: 10, regularization: 0.1, alpha: 10 });
    const out = new Float32Array(6);
    await model.score(Int32Array.from([0]), out);
    // User 0 lacks item 0; it must outscore every item of the other group.
    expect(out[0]).toBeGreaterThan(Math.max(out[3], out[4], out[5]));
  });

  it('is repeatable for a seed, and the tfjs engine matches the TS one without leaking tensors', async () => {
    const train = syntheticInteractions({ users: 300, items: 80, interactions: 3000, clusters: 5, seed: 3 });
    const opts = { factors: 8, iterations: 3, seed: 5 };
    const a = await fitAls(train, { ...opts, engine: 'ts' });
    const again = await fitAls(train, { ...opts, engine: 'ts' });
    expect(again.userFactors).toEqual(a.userFactors);
    const start = tf.memory().numTensors;
    const b = await fitAls(train, { ...opts, engine: 'tf' });
    expect(tf.memory().numTensors).toBe(start);
    let worst = 0;
    for (let p = 0; p < a.itemFactors.length; p++) worst = Math.max(worst, Math.abs(a.itemFactors[p] - b.itemFactors[p]));
    expect(worst).toBeLessThan(1e-3);
  });

  it('rejects bad options by value', async () => {
    await expect(fitAls(groups(), { factors: 0 })).rejects.toThrow(/factors.*0/);
    await expect(fitAls(groups(), { alpha: -2 })).rejects.toThrow(/alpha.*-2/);
    await expect(fitAls(groups(), { engine: 'gpu' as 'tf' })).rejects.toThrow(/gpu/);
  });

  it('meets the MovieLens 100K target: HR@10 >= 0.093 and NDCG@10 >= 0.047 (32 factors, reg 0.1, alpha 20)', async () => {
    const events = eventsFromTable(movielensTable(), { user: 'user', item: 'item', time: 'time' });
    const split = splitEvents(events, 'leave-last-out');
    const ml = interactionMatrix(events, { scheme: 'binary' }, split.train);
    const start = performance.now();
    const model = await fitAls(ml, { factors: 32, regularization: 0.1, alpha: 20, iterations: 15 });
    console.log(`ALS 32 factors x 15 iterations on MovieLens 100K: ${((performance.now() - start) / 1000).toFixed(2)} s`);
    const m = await evaluateScorer(model, ml, split.test, 10);
    expect(m.hrAtK).toBeGreaterThanOrEqual(0.093);
    expect(m.ndcgAtK).toBeGreaterThanOrEqual(0.047);
  });
});
