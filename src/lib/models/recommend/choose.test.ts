import { describe, expect, it } from 'vitest';
import { chooseServedModel, parseRankingMetric, type Candidate } from './choose';
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

// The case: without tuning, item-kNN was served (first ticked) though EASE scored 48% better.
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

  it('parses metric names', () => {
    expect(parseRankingMetric('ndcg')).toBe('ndcgAtK');
    expect(parseRankingMetric('HR')).toBe('hrAtK');
    expect(parseRankingMetric('mapAtK')).toBe('mapAtK');
    expect(() => parseRankingMetric('auc')).toThrow(/auc/);
  });
});
