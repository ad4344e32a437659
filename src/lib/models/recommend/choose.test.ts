import { describe, expect, it } from 'vitest';
import { chooseServedModel, parseRankingMetric, selectionRuleText, type Candidate } from './choose';
import type { RankingMetrics } from './metrics';

const m = (ndcgAtK: number, hrAtK: number, mapAtK = ndcgAtK / 2): RankingMetrics => ({
  users: 100,
  hrAtK,
  precisionAtK: hrAtK / 10,
  recallAtK: hrAtK,
  ndcgAtK,
  mapAtK,
  coverage: 0.5,
});

// The issue's case: without tuning, item-kNN was served (first ticked) though EASE scored 48% better.
const untuned: Candidate[] = [
  { model: 'popularity', metrics: m(0.03, 0.06) },
  { model: 'itemknn', metrics: m(0.0614, 0.12) },
  { model: 'ease', metrics: m(0.0911, 0.15) },
  { model: 'als', metrics: m(0.08, 0.16, 0.06) },
];

describe('chooseServedModel', () => {
  it('serves the best model on the test split without tuning, and says which and why', () => {
    const c = chooseServedModel(untuned, { metric: 'ndcgAtK', k: 10, tuned: false });
    expect(c).toMatchObject({ model: 'ease', best: 'ease', by: 'test', pinned: false });
    expect(c.reason).toBe('EASE served: best NDCG@10 0.091 vs ALS 0.080 on the test split.');
  });

  it('follows the chosen metric', () => {
    expect(chooseServedModel(untuned, { metric: 'hrAtK', k: 10, tuned: false }).model).toBe('als');
    expect(chooseServedModel(untuned, { metric: 'mapAtK', k: 10, tuned: false }).model).toBe('als');
    const hr = chooseServedModel(untuned, { metric: 'hrAtK', k: 5, tuned: false });
    expect(hr.reason).toMatch(/^ALS served: best HR@5 0\.160 vs EASE 0\.150/);
  });

  it('serves popularity when it beats every learned model', () => {
    const weak: Candidate[] = [{ model: 'popularity', metrics: m(0.05, 0.1) }, { model: 'itemknn', metrics: m(0.04, 0.09) }];
    expect(chooseServedModel(weak, { metric: 'ndcgAtK', k: 10, tuned: false }).model).toBe('popularity');
  });

  it('breaks ties by NDCG, HR, then the earlier model', () => {
    const tie: Candidate[] = [{ model: 'itemknn', metrics: m(0.05, 0.1) }, { model: 'ease', metrics: m(0.05, 0.1) }];
    expect(chooseServedModel(tie, { metric: 'ndcgAtK', k: 10, tuned: false }).model).toBe('itemknn');
    const hrTie: Candidate[] = [{ model: 'itemknn', metrics: m(0.05, 0.1) }, { model: 'ease', metrics: m(0.05, 0.11) }];
    expect(chooseServedModel(hrTie, { metric: 'ndcgAtK', k: 10, tuned: false }).model).toBe('ease');
  });

  it('chooses on validation among tuned models when tuned, ignoring the test split', () => {
    const tuned: Candidate[] = [
      { model: 'popularity', metrics: m(0.2, 0.3) },
      { model: 'ease', metrics: m(0.09, 0.15), validation: m(0.07, 0.12) },
      { model: 'blend', metrics: m(0.08, 0.14), validation: m(0.075, 0.13) },
    ];
    const c = chooseServedModel(tuned, { metric: 'ndcgAtK', k: 10, tuned: true });
    expect(c).toMatchObject({ model: 'blend', by: 'validation' });
    // Chosen on validation, yet the baseline is ahead on the test split: the reason says so.
    expect(c.reason).toBe(
      "EASE + ALS blend served: best NDCG@10 0.075 vs EASE 0.070 on validation (training data only). On the test split it scores 0.080, below Popularity's 0.200: on this data it does not beat recommending the best sellers.",
    );
    // Tuned but only the baseline ran: falls back to the test split.
    expect(chooseServedModel(tuned.slice(0, 1), { metric: 'ndcgAtK', k: 10, tuned: true })).toMatchObject({ model: 'popularity', by: 'test' });
  });

  it('serves a pinned model and still names the best; an unknown pin is ignored', () => {
    const c = chooseServedModel(untuned, { metric: 'ndcgAtK', k: 10, tuned: false, pinned: 'itemknn' });
    expect(c).toMatchObject({ model: 'itemknn', best: 'ease', pinned: true });
    expect(c.reason).toBe('item-kNN served: pinned by you (NDCG@10 0.061); the best on the test split is EASE (0.091).');
    const same = chooseServedModel(untuned, { metric: 'ndcgAtK', k: 10, tuned: false, pinned: 'ease' });
    expect(same.reason).toMatch(/^EASE served: pinned by you; it is also the best/);
    expect(chooseServedModel(untuned, { metric: 'ndcgAtK', k: 10, tuned: false, pinned: 'blend' })).toMatchObject({ model: 'ease', pinned: false });
  });

  it('names the only model and refuses none', () => {
    expect(chooseServedModel(untuned.slice(0, 1), { metric: 'ndcgAtK', k: 10, tuned: false }).reason).toBe(
      'Popularity served: the only model evaluated (NDCG@10 0.030 on the test split).',
    );
    expect(() => chooseServedModel([], { metric: 'ndcgAtK', k: 10, tuned: false })).toThrow(/No model/);
  });

  it('on validation, serves the simpler, more stable model when the leader is ahead by less than one paired standard error', () => {
    // The rec-auto-9724 case: item-kNN led validation NDCG by 0.002 with a paired standard error of 0.003.
    const se = (x: number) => ({ ndcgAtK: x, hrAtK: 2 * x });
    const noisy: Candidate[] = [
      { model: 'popularity', metrics: m(0.03, 0.06) },
      { model: 'itemknn', metrics: m(0.09, 0.15), validation: m(0.071, 0.13), pairedSe: { ease: se(0.003), als: se(0.004) } },
      { model: 'ease', metrics: m(0.1, 0.16), validation: m(0.069, 0.125), pairedSe: { itemknn: se(0.003), als: se(0.004) } },
      { model: 'als', metrics: m(0.08, 0.14), validation: m(0.06, 0.11), pairedSe: { itemknn: se(0.004), ease: se(0.004) } },
    ];
    const c = chooseServedModel(noisy, { metric: 'ndcgAtK', k: 10, tuned: true });
    expect(c).toMatchObject({ model: 'ease', best: 'ease', by: 'validation' });
    expect(c.reason).toBe(
      "EASE served: NDCG@10 0.069 on validation (training data only), within noise of item-kNN's 0.071 (gap 0.0020, standard error 0.0030); the simpler, more stable model serves then.",
    );
    // The same gap with a tighter standard error (more customers, more folds) is real: the leader serves.
    const tight = noisy.map((x) => ({ ...x, pairedSe: Object.fromEntries(Object.keys(x.pairedSe ?? {}).map((o) => [o, se(0.001)])) }));
    const t = chooseServedModel(tight, { metric: 'ndcgAtK', k: 10, tuned: true });
    expect(t.model).toBe('itemknn');
    expect(t.reason).toBe('item-kNN served: best NDCG@10 0.071 vs EASE 0.069 on validation (training data only) (2.0 standard errors ahead).');
    // By hit rate the gap is 0.005 and its standard error 0.006: within noise again.
    expect(chooseServedModel(noisy, { metric: 'hrAtK', k: 10, tuned: true }).model).toBe('ease');
    // A stored run without paired errors (before the rule) keeps the plain leader; a pin still wins.
    const old = noisy.map(({ pairedSe: _, ...x }) => x);
    expect(chooseServedModel(old, { metric: 'ndcgAtK', k: 10, tuned: true }).model).toBe('itemknn');
    expect(chooseServedModel(noisy, { metric: 'ndcgAtK', k: 10, tuned: true, pinned: 'itemknn' })).toMatchObject({ model: 'itemknn', best: 'ease', pinned: true });
  });

  it('among several models within noise of the leader, serves the first of EASE, item-kNN, ALS, blend; one beyond noise is not eligible', () => {
    const blendLeads: Candidate[] = [
      { model: 'ease', metrics: m(0.04, 0.09), validation: m(0.07, 0.12), pairedSe: { blend: { ndcgAtK: 0.002 } } },
      { model: 'als', metrics: m(0.05, 0.1), validation: m(0.073, 0.12), pairedSe: { blend: { ndcgAtK: 0.002 } } },
      { model: 'blend', metrics: m(0.045, 0.1), validation: m(0.074, 0.12), pairedSe: { ease: { ndcgAtK: 0.002 }, als: { ndcgAtK: 0.002 } } },
    ];
    // EASE is 0.004 behind (2 standard errors): out; ALS 0.001 behind: in, and simpler than the blend.
    expect(chooseServedModel(blendLeads, { metric: 'ndcgAtK', k: 10, tuned: true }).model).toBe('als');
    // Exactly one standard error behind counts as within noise.
    const edge = blendLeads.map((x) => (x.model === 'ease' ? { ...x, validation: m(0.072, 0.12) } : x));
    expect(chooseServedModel(edge, { metric: 'ndcgAtK', k: 10, tuned: true }).model).toBe('ease');
    expect(selectionRuleText('hrAtK', 10, { folds: 5, validated: 3050 })).toMatch(/^How auto picks: each model's best setting is found on 5 validation splits carved from the training data \(3050 held-out items in all; never the test split\); the model with the best validation HR@10 serves/);
    expect(selectionRuleText('ndcgAtK', 10)).toMatch(/best validation NDCG@10 serves, unless a simpler, more stable one \(EASE, item-kNN, ALS, EASE \+ ALS blend, in that order\) is within one standard error/);
  });

  it('parses metric names', () => {
    expect(parseRankingMetric('ndcg')).toBe('ndcgAtK');
    expect(parseRankingMetric('HR')).toBe('hrAtK');
    expect(parseRankingMetric('mapAtK')).toBe('mapAtK');
    expect(() => parseRankingMetric('auc')).toThrow(/auc/);
  });
});
