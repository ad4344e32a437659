import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareModels, RECENCY_TAUS } from './auto';
import { csrFromTriples } from './csr';
import { easePath } from './ease-path';
import { easeWithInput, fitEase } from './ease';
import { interactionMatrix, type Events } from './interactions';
import type { ModelParams } from './models';
import { recencyInput, recencyRanks, withRecency } from './recency';
import { mulberry32 } from '../../random';
import type { RecommendRequest } from '../../../contract/recommend';
import { disposeServed, fitServed, recommendFor, servedSource } from '../../recommend/serve';

function events(user: number[], item: number[], time: number[], nUsers: number, nItems: number): Events {
  return {
    userIds: Array.from({ length: nUsers }, (_, u) => String(u)),
    itemIds: Array.from({ length: nItems }, (_, i) => String(i)),
    user: Int32Array.from(user),
    item: Int32Array.from(item),
    time: Float64Array.from(time),
    value: null,
  };
}

describe('recency weighting', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('ranks items by their latest event, ties to the higher item (the leave-last-out order)', () => {
    // Customer 0: item 2 at t=1 and again at t=9, item 0 at t=5, items 1 and 3 both at t=7.
    const ev = events([0, 0, 0, 0, 0], [2, 0, 1, 3, 2], [1, 5, 7, 7, 9], 1, 4);
    const x = interactionMatrix(ev);
    // Entries in item order 0, 1, 2, 3: ranks 3, 2, 0, 1.
    expect(Array.from(recencyRanks(ev, x))).toEqual([3, 2, 0, 1]);
    expect(Array.from(recencyInput(withRecency(x, ev), 2).data)).toEqual([3, 2, 0, 1].map((r) => Math.fround(Math.exp(-r / 2))));
    expect(() => recencyInput(x, 2)).toThrow(/time column/);
  });

  it("ranks the items of a customer's recent item first on a toy case", async () => {
    // Items 0-1 go together (4 customers), items 2-3 go together (3 customers); the target customer had
    // item 0 long ago and item 2 just now. Without decay item 1 (the stronger pair) leads; with decay, item 3.
    const user: number[] = [];
    const item: number[] = [];
    const time: number[] = [];
    const add = (u: number, i: number, t: number) => {
      user.push(u);
      item.push(i);
      time.push(t);
    };
    for (let u = 1; u <= 4; u++) {
      add(u, 0, 1);
      add(u, 1, 2);
    }
    for (let u = 5; u <= 7; u++) {
      add(u, 2, 1);
      add(u, 3, 2);
    }
    add(0, 0, 1);
    add(0, 2, 100);
    const ev = events(user, item, time, 8, 4);
    const x = withRecency(interactionMatrix(ev), ev);
    const plain = await fitEase(x, { lambda: 1 });
    const decayed = await fitEase(x, { lambda: 1, recencyTau: 0.5 });
    const a = new Float32Array(4);
    const b = new Float32Array(4);
    await plain.score(Int32Array.of(0), a);
    await decayed.score(Int32Array.of(0), b);
    expect(a[1]).toBeGreaterThan(a[3]);
    expect(b[3]).toBeGreaterThan(b[1]);
    // Same weights: the decay is applied when scoring, not fitted.
    expect(decayed.weights).toEqual(plain.weights);
    // The served refit orders the customer's items by time itself and says what serves.
    const request: RecommendRequest = { datasetId: 'd', customer: 'c', item: 'i', date: 't', weighting: 'binary', k: 1, models: ['ease'], auto: true, seed: 1 };
    const served = await fitServed(request, { model: 'ease', params: { lambda: 1, recencyTau: 0.5 } }, ev, []);
    expect((await recommendFor(served, ['0'], 1))['0'].map((p) => p.item)).toEqual(['3']);
    expect(servedSource(served)).toBe('EASE (lambda 1, recency decay tau 0.5) on "i" from the Recommendations page');
    disposeServed(served);
  });

  it('the eigen paths score recency-weighted rows exactly as the direct weights do', async () => {
    const rand = mulberry32(3);
    const r: number[] = [];
    const c: number[] = [];
    // 12 x 30 (dual form) and 40 x 10 (primal form).
    for (const [rows, cols] of [[12, 30], [40, 10]]) {
      r.length = 0;
      c.length = 0;
      for (let u = 0; u < rows; u++) {
        for (let j = 0; j < cols; j++) {
          if (rand() >= 0.3) continue;
          r.push(u);
          c.push(j);
        }
      }
      const x = csrFromTriples(rows, cols, r, c);
      x.data.fill(1);
      const input = { ...x, data: Float32Array.from(x.data, () => 0.1 + rand()) };
      const path = easePath(x, { matmul: 'ts' })!;
      expect(path.kind).toBe(rows < cols ? 'dual' : 'primal');
      const want = new Float32Array(rows * cols);
      const got = new Float32Array(rows * cols);
      const users = Int32Array.from({ length: rows }, (_, u) => u);
      await easeWithInput(await fitEase(x, { lambda: 5, solver: 'ts' }), input).score(users, want);
      await path.scorer(5, input).score(users, got);
      for (let p = 0; p < want.length; p++) expect(got[p]).toBeCloseTo(want[p], 4);
      path.dispose();
    }
  });

  it('auto picks the recency decay on validation when the next item follows the latest one', async () => {
    // 80 customers each walk a chain of 20 items (next = previous + 1) from a random start: the latest
    // item predicts the next one, the older ones point elsewhere.
    const rand = mulberry32(11);
    const user: number[] = [];
    const item: number[] = [];
    const time: number[] = [];
    for (let u = 0; u < 80; u++) {
      let i = Math.floor(rand() * 20);
      for (let t = 0; t < 8; t++) {
        user.push(u);
        item.push(i);
        time.push(t);
        i = (i + 1 + (rand() < 0.2 ? 1 : 0)) % 20;
      }
    }
    const ev = events(user, item, time, 80, 20);
    const tried: { spec: ModelParams; ndcg: number }[] = [];
    const opts = { k: 5, protocol: 'leave-last-out' as const, models: ['ease' as const], tune: true, grids: { ease: [{ model: 'ease' as const, params: { lambda: 10 } }] } };
    const r = await compareModels(ev, { ...opts, onSetting: (spec, v) => tried.push({ spec, ndcg: v.ndcgAtK }) });
    const served = r.models.ease!.spec as Extract<ModelParams, { model: 'ease' }>;
    // Every default tau was tried on the one lambda; the served one is the best on validation, not test.
    expect(tried.map((t) => (t.spec as Extract<ModelParams, { model: 'ease' }>).params?.recencyTau)).toEqual([undefined, ...RECENCY_TAUS]);
    const top = tried.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
    expect(served).toEqual(top.spec);
    expect(served.params?.recencyTau).toBeDefined();
    expect(r.models.ease!.ndcgAtK).toBeGreaterThan(0.5);
    // Without the decay option EASE alone falls far behind on the same test items.
    const off = await compareModels(ev, { ...opts, recencyTaus: [] });
    expect(off.models.ease!.spec).toEqual({ model: 'ease', params: { lambda: 10 } });
    expect(r.models.ease!.ndcgAtK).toBeGreaterThan(off.models.ease!.ndcgAtK + 0.1);
  });
});
