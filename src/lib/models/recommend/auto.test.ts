import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareModels, validationFoldsFor, validationSplits, defaultWithinNoise, evaluationProblem, keptDefaultNotes, MIN_EVALUATED_USERS, pairedErrors, tuningNote } from './auto';
import { NOISE_SE, STABLE_FIRST } from './choose';
import { pairedDifference } from './metrics';
import { splitEvents } from './split';
import { eventsFromTable, type Events } from './interactions';
import { mulberry32 } from '../../random';

// 60 users in two taste groups over 20 items, with times so leave-last-out applies.
function groupedEvents(): Events {
  const rand = mulberry32(9);
  const user: number[] = [];
  const item: number[] = [];
  const time: number[] = [];
  for (let u = 0; u < 60; u++) {
    const base = u % 2 === 0 ? 0 : 10;
    for (let t = 0; t < 6; t++) {
      user.push(u);
      item.push(base + Math.floor(rand() * 10));
      time.push(t * 1000);
    }
  }
  return {
    userIds: Array.from({ length: 60 }, (_, u) => String(u)),
    itemIds: Array.from({ length: 20 }, (_, i) => String(i)),
    user: Int32Array.from(user),
    item: Int32Array.from(item),
    time: Float64Array.from(time),
    value: null,
  };
}

describe('compareModels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('tunes on validation only, refits on training data and picks by validation NDCG', async () => {
    const stages: string[] = [];
    const r = await compareModels(groupedEvents(), {
      k: 5,
      protocol: 'leave-last-out',
      models: ['itemknn', 'ease', 'als'],
      tune: true,
      // Two ALS starts per fold: the blend must pair each with its own fold's EASE.
      validationSeeds: 2,
      grids: {
        ease: [1, 10].map((lambda) => ({ model: 'ease' as const, params: { lambda } })),
        als: [{ model: 'als', params: { factors: 4, iterations: 3 } }],
      },
      onProgress: (p) => stages.push(p.stage),
    });
    expect(Object.keys(r.models)).toEqual(['popularity', 'itemknn', 'ease', 'als', 'blend']);
    expect(stages.some((s) => s.startsWith('Tuning ease'))).toBe(true);
    // 60 customers ask for 5 folds, but with 3-6 distinct items each, peeling stops where a fold would evaluate under 30.
    const splits = Number(stages.find((s) => s.startsWith('Tuning ease'))!.match(/on (\d) validation splits/)![1]);
    expect(splits).toBeGreaterThanOrEqual(2);
    expect(splits).toBeLessThan(5);
    expect(stages.some((s) => s.startsWith('Tuning the EASE + ALS blend'))).toBe(true);
    // The leader on validation NDCG serves unless a model earlier in STABLE_FIRST is within a paired standard error.
    const tuned = ['itemknn', 'ease', 'als', 'blend'] as const;
    const leader = tuned.reduce((a, m) => (r.models[m]!.validation!.ndcgAtK > r.models[a]!.validation!.ndcgAtK ? m : a));
    for (const m of tuned) for (const o of tuned) if (m !== o) expect(r.models[m]!.pairedSe![o]!.ndcgAtK).toBe(r.models[o]!.pairedSe![m]!.ndcgAtK);
    const lead = r.models[leader]!.validation!.ndcgAtK;
    const within = tuned.filter((m) => m === leader || lead - r.models[m]!.validation!.ndcgAtK <= NOISE_SE * r.models[leader]!.pairedSe![m]!.ndcgAtK! + 1e-12);
    expect(r.chosen).toBe(STABLE_FIRST.find((m) => (within as readonly string[]).includes(m)));
    // Group structure makes every learned model beat popularity.
    for (const m of ['itemknn', 'ease', 'als'] as const) expect(r.models[m]!.hrAtK).toBeGreaterThan(r.models.popularity!.hrAtK);
    expect(r.models.popularity!.validation).toBeUndefined();
  });

  it('stops tuning when the budget ends and refits the best found so far, with an estimate in the progress', async () => {
    // A fake clock: every reading is one second later, so the cut does not depend on this machine's speed.
    let now = 0;
    const clock = () => ++now;
    const progress: { remaining?: number; elapsed?: number }[] = [];
    const grids = {
      ease: [1, 10, 100].map((lambda) => ({ model: 'ease' as const, params: { lambda } })),
      als: [{ model: 'als' as const, params: { factors: 4, iterations: 3 } }, { model: 'als' as const, params: { factors: 8, iterations: 3 } }],
    };
    const options = { k: 5, protocol: 'leave-last-out' as const, models: ['itemknn', 'ease', 'als'] as ('itemknn' | 'ease' | 'als')[], tune: true, grids };
    const cut = await compareModels(groupedEvents(), {
      ...options,
      budgetSeconds: 14,
      clock,
      onProgress: (p) => progress.push({ remaining: p.remainingSeconds, elapsed: p.elapsedSeconds }),
    });
    const t = cut.tuning!;
    // 3 EASE + 3 recency decays (RECENCY_TAUS) + 4 item-kNN + 2 ALS settings + 2 x 3 blend weights.
    expect(t.total).toBe(18);
    expect(t.stoppedAtBudget).toBe(true);
    expect(t.done).toBeGreaterThanOrEqual(3);
    expect(t.done).toBeLessThan(t.total);
    // Round-robin order: each family's first setting ran, so each is refitted with test metrics.
    for (const m of ['itemknn', 'ease', 'als'] as const) {
      expect(cut.models[m]!.validation).toBeDefined();
      expect(cut.models[m]!.users).toBeGreaterThan(0);
    }
    const best = Math.max(...Object.values(cut.models).map((r) => r!.validation?.ndcgAtK ?? -1));
    expect(cut.models[cut.chosen]!.validation!.ndcgAtK).toBe(best);
    expect(progress[0].remaining).toBeGreaterThan(0);
    expect(progress.every((p) => p.elapsed !== undefined && p.remaining !== undefined)).toBe(true);
    expect(tuningNote(t)).toBe(`Stopped tuning at the 14-second budget after ${t.done} of 18 settings; the best found so far was refitted on all training events.`);
    // Without a budget every setting runs and nothing is noted.
    const full = await compareModels(groupedEvents(), options);
    expect(full.tuning).toMatchObject({ done: 18, total: 18, stoppedAtBudget: false });
    expect(tuningNote(full.tuning)).toBeNull();
    expect(tuningNote({ done: 2, total: 9, stoppedAtBudget: true, budgetSeconds: 120, untried: ['als'] })).toBe(
      'Stopped tuning at the 2-minute budget after 2 of 9 settings; the best found so far was refitted on all training events. Not tried within the budget: ALS.',
    );
  });

  it('refuses a single customer, a single item, too few customers to hold out and too few items to rank', async () => {
    const events = (rows: [number, number][], users: number, items: number): Events => ({
      userIds: Array.from({ length: users }, (_, u) => `U${u}`),
      itemIds: Array.from({ length: items }, (_, i) => `P${i}`),
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      time: Float64Array.from(rows, (_, t) => t),
      value: null,
    });
    const opts = { k: 10, protocol: 'leave-last-out' as const, models: ['itemknn', 'ease', 'als'] as ('itemknn' | 'ease' | 'als')[], tune: true };
    // One customer with 5 items: the hidden item was the only one left to rank (HR@10 = NDCG = 1 for every model).
    await expect(compareModels(events([0, 1, 2, 3, 4].map((i) => [0, i]), 1, 5), opts)).rejects.toThrow(/^Only one customer: .*at least 2 customers/);
    await expect(compareModels(events([0, 1, 2].map((u) => [u, 0]), 3, 1), opts)).rejects.toThrow(/^Only one item: .*at least 2 different items/);
    // 30 items, but only 3 customers bought 2 or more.
    const few: [number, number][] = [];
    for (let u = 0; u < 20; u++) few.push([u, u % 30]);
    for (let u = 0; u < 3; u++) few.push([u, 20 + u]);
    await expect(compareModels(events(few, 20, 30), opts)).rejects.toThrow(`Too few customers to hold out: 3 of 20 bought 2 or more different items (a customer with one item has nothing left to learn from once it is hidden); at least ${MIN_EVALUATED_USERS} are needed`);
    // 8 items and k = 10: the hidden item is always in the top 10.
    const small: [number, number][] = [];
    for (let u = 0; u < 12; u++) for (let t = 0; t < 3; t++) small.push([u, (u + t) % 8]);
    await expect(compareModels(events(small, 12, 8), opts)).rejects.toThrow(/^Too few items to rank: .*HR@10 = 1/);
    expect(evaluationProblem(events(small, 12, 8), splitEvents(events(small, 12, 8), 'leave-last-out'), 5)).toBeNull();
  });

  it('fits defaults without tuning and names an unknown model', async () => {
    const r = await compareModels(groupedEvents(), { k: 3, protocol: 'random', models: ['itemknn'], tune: false });
    expect(r.chosen).toBe('itemknn');
    expect(r.models.itemknn!.validation).toBeUndefined();
    await expect(
      compareModels(groupedEvents(), { k: 3, protocol: 'random', models: ['svd' as 'als'], tune: false }),
    ).rejects.toThrow(/svd/);
    await expect(
      compareModels(groupedEvents(), { k: 3, protocol: 'random', models: ['als'], tune: true, validationSeeds: 1.5 }),
    ).rejects.toThrow(/validationSeeds.*1\.5/);
  });

  it('without tuning picks the best on the test split by the chosen metric, not the first requested', async () => {
    for (const metric of ['ndcgAtK', 'hrAtK'] as const) {
      const r = await compareModels(groupedEvents(), { k: 5, protocol: 'leave-last-out', models: ['itemknn', 'ease', 'als'], tune: false, metric });
      const scores = Object.values(r.models).map((x) => x![metric]);
      expect(r.models[r.chosen]![metric]).toBe(Math.max(...scores));
    }
  });

  it('pairs each customer of each fold across families, averaging ALS starts on the same fold first', () => {
    // Two folds of 3 customers (customer 2 of fold 0 not evaluated); ranks 1..k, 0 = missed, -1 = not evaluated.
    const r = (...x: number[]) => Int32Array.from(x);
    const ease = [{ f: 0, ranks: r(1, 0, -1) }, { f: 1, ranks: r(2, 3, 0) }];
    const als = [{ f: 0, ranks: r(1, 1, -1) }, { f: 0, ranks: r(0, 0, -1) }, { f: 1, ranks: r(2, 0, 0) }, { f: 1, ranks: r(2, 0, 1) }];
    const se = pairedErrors(new Map([['ease', ease], ['als', als]]), [3, 3], 5);
    // Hit rate per unit: EASE 1, 0, 1, 1, 0; ALS (mean of its two starts) 0.5, 0.5, 1, 0, 0.5.
    const expected = pairedDifference(Float64Array.from([1, 0, 1, 1, 0]), Float64Array.from([0.5, 0.5, 1, 0, 0.5])).se;
    expect(se.get('ease')!.als!.hrAtK).toBeCloseTo(expected, 12);
    expect(se.get('als')!.ease!.hrAtK).toBeCloseTo(expected, 12);
    // NDCG: EASE 1, 0, 1/log2(3), 1/log2(4), 0; ALS 0.5, 0.5, 1/log2(3), 0, 0.5.
    const ndcg = pairedDifference(Float64Array.from([1, 0, 1 / Math.log2(3), 0.5, 0]), Float64Array.from([0.5, 0.5, 1 / Math.log2(3), 0, 0.5])).se;
    expect(se.get('ease')!.als!.ndcgAtK).toBeCloseTo(ndcg, 12);
  });

  it("keeps a family's default setting unless another beats it by more than a paired standard error", () => {
    const r = (...x: number[]) => Int32Array.from(x);
    // 8 customers in one fold. The default hits 4; the other setting hits the same 4 and one more at rank 2.
    const byDefault = [{ f: 0, ranks: r(1, 1, 1, 1, 0, 0, 0, 0) }];
    const oneMore = [{ f: 0, ranks: r(1, 1, 1, 1, 2, 0, 0, 0) }];
    // Differences 0 x 7 and 1: mean 1/8, sample variance (1 - 8/64) / 7 = 1/8, se sqrt(1/64) = 1/8: exactly one se, noise.
    expect(defaultWithinNoise(oneMore, byDefault, 'hrAtK', 10, [8])).toEqual({ gap: 0.125, se: 0.125 });
    // Four more hits at once: the gap 0.5 is beyond its standard error (sqrt(2/7) / sqrt(8) = 0.189).
    const better = [{ f: 0, ranks: r(1, 1, 1, 1, 1, 1, 1, 1) }];
    expect(defaultWithinNoise(better, byDefault, 'hrAtK', 10, [8])).toBeNull();
    // Worse than the default (a tie broken the other way) is always within noise.
    expect(defaultWithinNoise(byDefault, better, 'hrAtK', 10, [8])).not.toBeNull();
    const note = keptDefaultNotes(
      { done: 7, total: 7, stoppedAtBudget: false, untried: [], keptDefault: [{ model: 'ease', kept: { model: 'ease', params: { lambda: 250 } }, instead: { model: 'ease', params: { lambda: 150 } }, gap: 0.0012, se: 0.0021 }] },
      'ndcgAtK', 10, (s) => (s.model === 'ease' ? `lambda ${s.params?.lambda}` : s.model),
    );
    expect(note).toEqual(['EASE: kept the default setting (lambda 250); lambda 150 scored 0.0012 higher on validation NDCG@10, within one standard error (0.0021).']);
  });

  it('carves more validation folds for fewer customers: 5 for the 610 of the 9,724-item file, 4 for MovieLens, 2 from 1,500', () => {
    expect([60, 610, 943, 1000, 1499, 1500, 100_000].map(validationFoldsFor)).toEqual([5, 5, 4, 3, 3, 2, 2]);
  });

  it("validation folds hold out each customer's latest training items, walking back in time (ties: highest item id)", () => {
    // 8 customers with 7-9 distinct items over few distinct times (ties) and some repeats of a pair.
    const rand = mulberry32(5);
    const user: number[] = [];
    const item: number[] = [];
    const time: number[] = [];
    for (let u = 0; u < 8; u++) {
      const n = 7 + (u % 3);
      const items = Array.from({ length: 30 }, (_, i) => i).sort(() => rand() - 0.5).slice(0, n);
      for (const i of items) {
        for (let r = 0; r < 1 + (rand() < 0.2 ? 1 : 0); r++) {
          user.push(u);
          item.push(i);
          time.push(Math.floor(rand() * 6) * 1000);
        }
      }
    }
    const events: Events = {
      userIds: Array.from({ length: 8 }, (_, u) => String(u)),
      itemIds: Array.from({ length: 30 }, (_, i) => String(i)),
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      time: Float64Array.from(time),
      value: null,
    };
    // Brute force: each customer's distinct items, latest (their last event) first, ties to the highest id.
    const order = Array.from({ length: 8 }, (_, u) => {
      const last = new Map<number, number>();
      for (let e = 0; e < user.length; e++) if (user[e] === u) last.set(item[e], Math.max(last.get(item[e]) ?? -1, time[e]));
      return [...last].sort((a, b) => b[1] - a[1] || b[0] - a[0]).map(([i]) => i);
    });
    const split = splitEvents(events, 'leave-last-out');
    for (let u = 0; u < 8; u++) expect(split.test[u]).toBe(order[u][0]);
    const folds = validationSplits(events, split, 'leave-last-out', 4, 42);
    expect(folds).toHaveLength(4);
    for (const [f, fold] of folds.entries()) {
      for (let u = 0; u < 8; u++) expect(fold.test[u]).toBe(order[u][f + 1]);
      // Training keeps exactly the events of items older than the held-out one: the test item and later folds' never.
      for (let e = 0; e < user.length; e++) expect(fold.train[e]).toBe(order[user[e]].indexOf(item[e]) > f + 1 ? 1 : 0);
    }
    // Peeling stops where a fold would evaluate under half the test's customers (at least MIN_EVALUATED_USERS = 5):
    // customers with 7, 8, 9 items (3, 3, 2 of them) are evaluated up to fold 5, 6, 7; fold 6 has the 5 with 8 or 9
    // items, fold 7 only the 2 with 9: it is left out.
    const deep = validationSplits(events, split, 'leave-last-out', 7, 42);
    expect(deep.map((s) => s.test.filter((t) => t >= 0).length)).toEqual([8, 8, 8, 8, 8, 5]);
  });

  it('works from a table through eventsFromTable', () => {
    expect(() => eventsFromTable({ rows: 0, columns: [] }, { user: 'a', item: 'b' })).toThrow(/"a"/);
  });
});
