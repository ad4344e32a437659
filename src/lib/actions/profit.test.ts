import { describe, expect, it } from 'vitest';
import { assembleActionList } from './join';
import { applyRules, DEFAULT_RULES } from './rules';
import { profitCsv, summariseRun, withRules } from './run';
import { DEFAULT_CUTOFFS } from './types';
import type { ActionsRun } from './views';
import { alignUplift, applyProfit, checkProfit, DEFAULT_PROFIT, expectedProfit, listMembers, planContacts, pointAt, type ProfitSettings } from './profit';

/** Seeded uniform numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const settings = (s: Partial<ProfitSettings> = {}): ProfitSettings => ({ ...DEFAULT_PROFIT, ...s });

/**
 * The expected gain of contacting one customer by enumerating what can happen, against not contacting:
 * a churner saved (keeps v, pays the offer and the contact), a churner lost anyway (the contact), a stayer
 * taking the offer (contact + offer for nothing), a stayer not taking it (the contact).
 */
function eventTree(p: number, v: number, s: ProfitSettings, gain = p * s.saveRate): number {
  const c = s.contactCost;
  const d = s.offerCost;
  const stayers = 1 - p;
  const saved = gain;
  const lost = p - gain;
  return saved * (v - d - c) + lost * -c + stayers * s.acceptShare * (-c - d) + stayers * (1 - s.acceptShare) * -c;
}

/** The best subset by trying all 2^n (n <= 12), with an optional cap on its size; its members and profit. */
function bruteForce(profit: Float64Array, maxSize = Infinity): { members: number[]; total: number } {
  const valued = [...profit.keys()].filter((i) => !Number.isNaN(profit[i]));
  let best = { members: [] as number[], total: 0 };
  for (let mask = 1; mask < 1 << valued.length; mask++) {
    const members = valued.filter((_, b) => mask & (1 << b));
    if (members.length > maxSize) continue;
    const total = members.reduce((t, i) => t + profit[i], 0);
    if (total > best.total + 1e-12) best = { members, total };
  }
  return best;
}

function randomList(r: () => number, n: number) {
  const probability = Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : r()));
  const clv = Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : r() * 200));
  const valueAtRisk = probability.map((p, i) => p * clv[i]);
  return { customers: Array.from({ length: n }, (_, i) => `c${i}`), probability, clv, valueAtRisk };
}

describe('expected incremental profit', () => {
  it('equals the enumeration of outcomes (save-rate and uplift bases); customers without a CLV or score are left out and counted', () => {
    const r = rng(1);
    for (let trial = 0; trial < 50; trial++) {
      const s = settings({ contactCost: r() * 5, offerCost: r() * 30, saveRate: r(), acceptShare: trial % 3 === 0 ? 1 : r() });
      const list = randomList(r, 10);
      const { profit, noClv, noScore } = expectedProfit(list, s);
      let clvMissing = 0;
      let scoreMissing = 0;
      for (let i = 0; i < 10; i++) {
        const p = list.probability[i];
        if (Number.isNaN(list.clv[i])) clvMissing++;
        else if (Number.isNaN(p)) scoreMissing++;
        if (Number.isNaN(list.clv[i]) || Number.isNaN(p)) expect(profit[i]).toBeNaN();
        else expect(profit[i]).toBeCloseTo(eventTree(p, list.clv[i], s), 10);
      }
      expect([noClv, noScore]).toEqual([clvMissing, scoreMissing]);

      // Uplift basis: the uplift replaces P(churn) x save rate (a customer without P(churn) is charged as a sure stayer).
      const uplift = Float64Array.from({ length: 10 }, (_, i) => (i === 3 ? NaN : r() * 0.4 - 0.1));
      const u = expectedProfit(list, { ...s, basis: 'uplift' }, uplift).profit;
      for (let i = 0; i < 10; i++) {
        if (Number.isNaN(list.clv[i]) || i === 3) expect(u[i]).toBeNaN();
        else {
          const p = Number.isNaN(list.probability[i]) ? 0 : list.probability[i];
          expect(u[i]).toBeCloseTo(eventTree(p, list.clv[i], s, uplift[i]), 10);
        }
      }
    }
  });

  it('says what is wrong with bad costs and a missing uplift model', () => {
    expect(() => checkProfit(settings({ contactCost: -1 }))).toThrow('The contact cost must be a number at or above 0, got -1');
    expect(() => checkProfit(settings({ offerCost: NaN }))).toThrow('The offer cost');
    expect(() => checkProfit(settings({ saveRate: 1.5 }))).toThrow('The save rate must be between 0 and 1, got 1.5');
    expect(() => checkProfit(settings({ acceptShare: -0.1 }))).toThrow('share of stayers taking the offer');
    expect(() => checkProfit(settings({ budget: -5 }))).toThrow('The budget must be');
    expect(() => expectedProfit(randomList(rng(2), 3), settings({ basis: 'uplift' }))).toThrow(/Uplift page/);
  });

  it('aligns uplift scores by customer id', () => {
    const { uplift, matched } = alignUplift(['a', 'b ', 'c'], { customers: ['c', 'a', 'z'], uplift: [0.3, 0.1, 0.9], model: 'T-learner' });
    expect(Array.from(uplift)).toEqual([0.1, NaN, 0.3]);
    expect(matched).toBe(2);
  });
});

describe('the contact list', () => {
  it("the curve's maximum and the list within a budget equal a search of every subset", () => {
    const r = rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const n = 4 + Math.floor(r() * 9); // up to 12 customers: 4,096 subsets
      const s = settings({ contactCost: 0.5 + r() * 3, offerCost: r() * 20, saveRate: 0.1 + r() * 0.5, acceptShare: r() });
      const list = randomList(r, n);
      const { profit } = expectedProfit(list, s);
      const plan = planContacts(profit, s);
      const all = bruteForce(profit);
      expect(plan.cumulative[plan.best]).toBeCloseTo(all.total, 10);
      expect(Math.max(...plan.cumulative)).toBeCloseTo(all.total, 10);
      expect([...plan.order.subarray(0, plan.best)].sort((a, b) => a - b)).toEqual(all.members);
      // The budget: every contacted customer reserves contact + offer; the best affordable subset.
      const budget = r() * n * (s.contactCost + s.offerCost);
      const capped = planContacts(profit, { ...s, budget });
      const affordable = bruteForce(profit, Math.floor(budget / (s.contactCost + s.offerCost)));
      expect(capped.chosen * (s.contactCost + s.offerCost)).toBeLessThanOrEqual(budget + 1e-9);
      expect(capped.cumulative[capped.chosen]).toBeCloseTo(affordable.total, 10);
      const members = listMembers(capped, n);
      expect([...members.keys()].filter((i) => members[i])).toEqual(affordable.members);
    }
  });

  it('a budget of exactly k contacts allows k; no budget or no cost means no limit; the point adds up spend and value at risk', () => {
    const list = { customers: ['a', 'b', 'c'], probability: Float64Array.from([0.9, 0.8, 0.5]), clv: Float64Array.from([100, 300, 50]), valueAtRisk: Float64Array.from([90, 240, 25]) };
    const s = settings({ contactCost: 1, offerCost: 9, saveRate: 0.5, acceptShare: 0.5 });
    const { profit } = expectedProfit(list, s);
    // b: 0.4 x 291 - 1 - 0.2 x 0.5 x 9 = 114.5; a: 0.45 x 91 - 1 - 0.05 x 9 = 39.5; c: 0.25 x 41 - 1 - 0.25 x 9 = 7
    expect(Array.from(profit)).toEqual([39.5, 114.5, 7].map((v) => expect.closeTo(v, 10)));
    expect(planContacts(profit, { ...s, budget: 20 }).chosen).toBe(2);
    expect(planContacts(profit, { ...s, budget: 19.99 }).chosen).toBe(1);
    expect(planContacts(profit, { ...s, budget: null }).budgetCap).toBe(Infinity);
    expect(planContacts(profit, { ...s, contactCost: 0, offerCost: 0, budget: 0 }).chosen).toBe(3);
    const plan = planContacts(profit, { ...s, budget: 20 });
    const point = pointAt(plan, plan.chosen, list, s);
    // Expected spend: contacts + offers taken by saved churners (p s) and stayers (1 - p) a.
    expect(point).toEqual({ customers: 2, profit: 154, committed: 20, expectedSpend: expect.closeTo(2 + 9 * (0.4 + 0.1 + 0.45 + 0.05), 10), valueAtRisk: 330 });
  });

  it('marks the chosen customers on the list', () => {
    const list = { customers: ['a', 'b'], probability: Float64Array.from([0.9, 0.01]), clv: Float64Array.from([500, 500]), valueAtRisk: Float64Array.from([450, 5]) };
    const info = applyProfit(list as never, settings());
    expect(Array.from((list as { inList?: Uint8Array }).inList!)).toEqual([1, 0]);
    expect(info).toMatchObject({ noClv: 0, noScore: 0, uplift: null });
  });
});

describe('the contact list of a built list', () => {
  // A list by hand (no model): three customers, uplift scores from a model of other ids.
  function run(): ActionsRun {
    const list = assembleActionList({
      customers: ['a', 'b', 'c'],
      churn: { customers: ['a', 'b', 'c'], value: (i) => ({ probability: [0.8, 0.5, 0.1][i], reasons: [] }) },
      clv: { customers: ['a', 'b', 'c'], value: (i) => ({ pAlive: 0.5, clv: [100, 400, 300][i] }) },
      cutoffs: DEFAULT_CUTOFFS,
    });
    const aligned = alignUplift(list.customers, { customers: ['c', 'b', 'x'], uplift: [0.2, 0.05, 0.9], model: 'X-learner' });
    const settings: ProfitSettings = { ...DEFAULT_PROFIT, basis: 'uplift', contactCost: 1, offerCost: 10, acceptShare: 0 };
    const profit = applyProfit(list, settings, { scores: aligned.uplift, model: 'X-learner', source: 'the Uplift page', matched: aligned.matched });
    applyRules(list, DEFAULT_RULES);
    const sources = { churn: 'test', clv: 'test', segment: 'none', items: 'none' };
    return { request: { rules: DEFAULT_RULES, profit: settings } as ActionsRun['request'], result: { list, report: { segments: null, churn: null, clv: null, cohorts: null }, notes: [], sources, profit }, seconds: 0 };
  }

  it('ranks by uplift x (CLV - offer) on the uplift basis; switching the basis re-plans on the same list and back', () => {
    const r = run();
    // c: 0.2 x 290 - 1 = 57, b: 0.05 x 390 - 1 = 18.5; a has no uplift score.
    const s = summariseRun(r).profit!;
    expect(s.basis).toBe('uplift model X-learner (the Uplift page; 2 customers scored)');
    expect([s.valued, s.noScore, s.chosen.customers]).toEqual([2, 1, 2]);
    expect(s.chosen.profit).toBeCloseTo(75.5, 10);
    expect(profitCsv(r).trim().split('\r\n').slice(1)).toEqual(['1,c,57,57,1', '2,b,18.5,75.5,1']);
    const byRate = withRules(r, DEFAULT_RULES, { ...r.request.profit!, basis: 'save-rate', saveRate: 0.1 });
    // a: 0.08 x 90 - 1 = 6.2; b: 0.05 x 390 - 1 = 18.5; c: 0.01 x 290 - 1 = 1.9
    expect(Array.from(byRate.result.list.profit!)).toEqual([6.2, 18.5, 1.9].map((v) => expect.closeTo(v, 10)));
    expect(byRate.result.notes).toEqual([]);
    const back = summariseRun(withRules(byRate, DEFAULT_RULES, r.request.profit!)).profit!;
    expect(back.basis).toMatch(/^uplift model X-learner/);
    expect(back.chosen.profit).toBeCloseTo(75.5, 10);
  });
});
