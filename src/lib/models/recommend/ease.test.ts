import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csrFromTriples } from './csr';
import { EASE_MAX_ITEMS, fitEase } from './ease';
import { evaluateScorer } from './evaluate';
import { eventsFromTable, interactionMatrix } from './interactions';
import { splitEvents } from './split';
import { movielensTable } from './testdata';

const train = csrFromTriples(4, 3, [0, 0, 1, 1, 2, 3, 3], [0, 1, 0, 1, 1, 1, 2]);

describe('fitEase', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches the closed form on a tiny matrix, zero diagonal', async () => {
    // G = X'X + I: [[3,2,0],[2,5,1],[0,1,2]]; B = I - P diag(1/diag P).
    const model = await fitEase(train, { lambda: 1 });
    const g = [3, 2, 0, 2, 5, 1, 0, 1, 2];
    const det = g[0] * (g[4] * g[8] - g[5] * g[7]) - g[1] * (g[3] * g[8] - g[5] * g[6]);
    const p01 = -(g[1] * g[8] - g[2] * g[7]) / det;
    const p11 = (g[0] * g[8] - g[2] * g[6]) / det;
    expect(model.weights[0 * 3 + 1]).toBeCloseTo(-p01 / p11, 6);
    expect(model.weights[4]).toBe(0);
    const out = new Float32Array(3);
    await model.score(Int32Array.from([2]), out);
    expect(out[0]).toBeCloseTo(model.weights[1 * 3 + 0], 6);
  });

  it('gives the same weights with the tfjs solver and frees its tensors', async () => {
    const start = tf.memory().numTensors;
    const a = await fitEase(train, { lambda: 2, solver: 'ts' });
    const b = await fitEase(train, { lambda: 2, solver: 'tf' });
    expect(tf.memory().numTensors).toBe(start);
    for (let p = 0; p < 9; p++) expect(b.weights[p]).toBeCloseTo(a.weights[p], 5);
  });

  it('refuses more items than it can hold, and a bad lambda', async () => {
    const wide = csrFromTriples(1, EASE_MAX_ITEMS + 1, [0], [0]);
    await expect(fitEase(wide)).rejects.toThrow(/at most 10000 items.*10001/);
    await expect(fitEase(train, { lambda: 0 })).rejects.toThrow(/lambda.*0/);
  });

  it('reproduces the MovieLens 100K reference at lambda 100 (HR@10 0.0912, NDCG@10 0.0417)', async () => {
    const events = eventsFromTable(movielensTable(), { user: 'user', item: 'item', time: 'time' });
    const split = splitEvents(events, 'leave-last-out');
    const ml = interactionMatrix(events, { scheme: 'binary' }, split.train);
    const start = performance.now();
    const model = await fitEase(ml, { lambda: 100 });
    console.log(`EASE fit on MovieLens 100K: ${((performance.now() - start) / 1000).toFixed(2)} s`);
    const m = await evaluateScorer(model, ml, split.test, 10);
    expect(Math.abs(m.hrAtK - 0.0912)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(m.ndcgAtK - 0.0417)).toBeLessThanOrEqual(0.001);
  });
});
