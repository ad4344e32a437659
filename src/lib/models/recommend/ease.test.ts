import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csrFromTriples } from './csr';
import { easePruning, fitEase } from './ease';
import { evaluateScorer } from './evaluate';
import { eventsFromTable, interactionMatrix } from './interactions';
import { splitEvents } from './split';
import { topN } from './topn';
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

  it('refuses a bad lambda', async () => {
    await expect(fitEase(train, { lambda: 0 })).rejects.toThrow(/lambda.*0/);
  });

  it('above the item cap keeps the items with the most customers, says so, and never recommends the others', async () => {
    // Item supports: 0 -> 1, 1 -> 4, 2 -> 2, 3 -> 3, 4 -> 1; cap 3 keeps 1, 3, 2.
    const x = csrFromTriples(4, 5, [0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3], [0, 1, 3, 1, 2, 3, 1, 3, 1, 4, 2]);
    const model = await fitEase(x, { lambda: 1, maxItems: 3 });
    expect(Array.from(model.kept!)).toEqual([1, 2, 3]);
    expect(model.nItems).toBe(5);
    const kept = csrFromTriples(4, 3, [0, 0, 1, 1, 1, 2, 2, 3, 3], [0, 2, 0, 1, 2, 0, 2, 0, 1]);
    const small = await fitEase(kept, { lambda: 1 });
    const out = new Float32Array(2 * 5);
    await model.score(Int32Array.from([0, 1]), out);
    const ref = new Float32Array(2 * 3);
    await small.score(Int32Array.from([0, 1]), ref);
    for (const b of [0, 1]) {
      expect(out[b * 5]).toBe(-Infinity);
      expect(out[b * 5 + 4]).toBe(-Infinity);
      [1, 2, 3].forEach((j, k) => expect(out[b * 5 + j]).toBeCloseTo(ref[b * 3 + k], 6));
    }
    expect(easePruning(5, 3)).toMatch(/kept the 3 items with the most customers .* out of 5; the other 2 get no EASE score/);
    expect(easePruning(3, 3)).toBeNull();
  });

  it('gives the same weights and top-10 lists on the wasm kernel as in plain TS', async () => {
    const events = eventsFromTable(movielensTable(), { user: 'user', item: 'item', time: 'time' });
    const split = splitEvents(events, 'leave-last-out');
    const ml = interactionMatrix(events, { scheme: 'binary' }, split.train);
    const sub = { ...ml, rows: 200, indptr: ml.indptr.subarray(0, 201) };
    // The 400 most popular items (pruned alike on both paths) keep it fast.
    const a = await fitEase(sub, { lambda: 50, solver: 'wasm', maxItems: 400 });
    const b = await fitEase(sub, { lambda: 50, solver: 'ts', maxItems: 400 });
    let worst = 0;
    for (let p = 0; p < a.weights.length; p++) worst = Math.max(worst, Math.abs(a.weights[p] - b.weights[p]));
    expect(worst).toBeLessThan(1e-6);
    const users = Int32Array.from({ length: 50 }, (_, u) => u * 4);
    const [ta, tb] = [await topN(a, sub, users, 10), await topN(b, sub, users, 10)];
    expect(Array.from(ta.items)).toEqual(Array.from(tb.items));
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
