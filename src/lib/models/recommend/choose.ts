// Which evaluated model serves the recommendations, and the sentence that says why. One rule for the
// worker (page, action list) and the CLI: the best by the chosen metric, on validation when the models
// were tuned (the test split was never seen then), else on the test split the table shows; a model
// the user pinned serves instead, and the sentence still names the best.
import type { RankingMetrics } from './metrics';

/** The metrics a user may choose the served model by (all "higher is better"). */
export type RankingMetricKey = 'ndcgAtK' | 'hrAtK' | 'mapAtK' | 'recallAtK' | 'precisionAtK';

export const RANKING_METRICS: readonly RankingMetricKey[] = ['ndcgAtK', 'hrAtK', 'mapAtK', 'recallAtK', 'precisionAtK'];

const METRIC_LABELS: Record<RankingMetricKey, string> = {
  ndcgAtK: 'NDCG',
  hrAtK: 'HR',
  mapAtK: 'MAP',
  recallAtK: 'recall',
  precisionAtK: 'precision',
};

/** Short names for sentences ("EASE served: ..."); the model table has its own, longer labels. */
export const SHORT_MODEL_NAMES: Record<string, string> = {
  popularity: 'Popularity',
  itemknn: 'item-kNN',
  ease: 'EASE',
  als: 'ALS',
  blend: 'EASE + ALS blend',
};

export function metricLabel(metric: RankingMetricKey, k: number): string {
  return `${METRIC_LABELS[metric]}@${k}`;
}

export function parseRankingMetric(name: string): RankingMetricKey {
  const key = RANKING_METRICS.find((m) => m === name || METRIC_LABELS[m].toLowerCase() === name.toLowerCase());
  if (!key) throw new Error(`Unknown metric "${name}" (expected ${RANKING_METRICS.map((m) => METRIC_LABELS[m].toLowerCase()).join(', ')})`);
  return key;
}

export interface Candidate {
  model: string;
  /** Test-split metrics (the model table). */
  metrics: RankingMetrics;
  /** Validation metrics of the tuned setting (absent when not tuned, and for popularity). */
  validation?: RankingMetrics;
  /** Standard error of the paired per-customer difference to each other tuned model on validation, per metric. */
  pairedSe?: PairedErrors;
}

/** Other model -> metric -> standard error of the mean per-customer difference (same customers, same held-out items). */
export type PairedErrors = Record<string, Partial<Record<RankingMetricKey, number>>>;

/**
 * The selection rule on validation: a model whose validation score is within NOISE_SE standard errors of the
 * paired difference below the best one's is as good as far as validation can tell, and among those the first
 * in STABLE_FIRST serves. The order puts fewer tuned settings and no random start first: EASE (one
 * regularisation, closed form), item-kNN (neighbours and shrinkage), ALS (three settings and a random start),
 * the EASE + ALS blend (both, plus a weight). A gap of 1-2% of NDCG on a few hundred customers is noise: on
 * the 610 x 9,724 file, item-kNN led validation by less than one standard error and served below EASE on test.
 */
export const STABLE_FIRST: readonly string[] = ['ease', 'itemknn', 'als', 'blend'];
export const NOISE_SE = 1;

/** The rule in one sentence (the run's notes). */
export function selectionRuleText(metric: RankingMetricKey, k: number, folds?: { folds: number; validated: number }): string {
  const splits = folds ? `${folds.folds} validation splits carved from the training data (${folds.validated} held-out items in all; never the test split)` : 'validation splits carved from the training data (never the test split)';
  return `How auto picks: each model's best setting is found on ${splits}; the model with the best validation ${metricLabel(metric, k)} serves, unless a simpler, more stable one (${STABLE_FIRST.map((m) => SHORT_MODEL_NAMES[m] ?? m).join(', ')}, in that order) is within ${NOISE_SE === 1 ? 'one standard error' : `${NOISE_SE} standard errors`} of it in a paired per-customer comparison: then that gap is noise and the simpler model serves.`;
}

export interface ChoiceOptions {
  metric: RankingMetricKey;
  k: number;
  /** The models were tuned on validation splits: choose there, among the tuned ones. */
  tuned: boolean;
  /** A model the user chose to serve; ignored when it was not evaluated. */
  pinned?: string | null;
}

export interface ServedChoice {
  /** The model that serves. */
  model: string;
  /** The best model by the metric (the same as `model` unless pinned): on validation, by the noise rule (STABLE_FIRST). */
  best: string;
  metric: RankingMetricKey;
  /** Where the metric was read: validation splits of the training data, or the test split. */
  by: 'validation' | 'test';
  pinned: boolean;
  /** E.g. "EASE served: best NDCG@10 0.091 vs item-kNN 0.061 on the test split." */
  reason: string;
}

/** Best first: the metric, then NDCG and HR as tie-breaks, then the earlier (simpler) model. */
export function rankCandidates(candidates: readonly Candidate[], metric: RankingMetricKey, by: 'validation' | 'test'): Candidate[] {
  const value = (c: Candidate) => (by === 'validation' ? c.validation! : c.metrics);
  return candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => by === 'test' || c.validation !== undefined)
    .sort((a, b) => {
      const x = value(a.c);
      const y = value(b.c);
      return y[metric] - x[metric] || y.ndcgAtK - x.ndcgAtK || y.hrAtK - x.hrAtK || a.i - b.i;
    })
    .map(({ c }) => c);
}

/**
 * On validation: the leader by the metric, and the model the noise rule serves (the first in STABLE_FIRST
 * among the leader and those within NOISE_SE paired standard errors of it; the leader without paired errors).
 */
export function withinNoise(ranked: readonly Candidate[], metric: RankingMetricKey): { pick: Candidate; leader: Candidate; gap: number; se: number } {
  const leader = ranked[0];
  const score = (c: Candidate) => c.validation![metric];
  const tied = ranked.filter((c) => {
    if (c === leader) return true;
    const se = leader.pairedSe?.[c.model]?.[metric];
    // 1e-12: a gap of exactly one standard error stays within noise despite rounding.
    return se !== undefined && score(leader) - score(c) <= NOISE_SE * se + 1e-12;
  });
  const order = (c: Candidate) => {
    const i = STABLE_FIRST.indexOf(c.model);
    return i < 0 ? STABLE_FIRST.length : i;
  };
  const pick = tied.reduce((a, c) => (order(c) < order(a) ? c : a), leader);
  return { pick, leader, gap: score(leader) - score(pick), se: pick === leader ? 0 : leader.pairedSe![pick.model]![metric]! };
}

export function chooseServedModel(candidates: readonly Candidate[], options: ChoiceOptions): ServedChoice {
  if (candidates.length === 0) throw new Error('No model was evaluated');
  const { metric, k } = options;
  const by = options.tuned && candidates.some((c) => c.validation) ? 'validation' : 'test';
  const ranked = rankCandidates(candidates, metric, by);
  const noise = by === 'validation' ? withinNoise(ranked, metric) : null;
  const best = noise ? noise.pick : ranked[0];
  const pinned = options.pinned ? candidates.find((c) => c.model === options.pinned) : undefined;
  const name = (m: string) => SHORT_MODEL_NAMES[m] ?? m;
  const score = (c: Candidate) => {
    const m = by === 'validation' ? c.validation : c.metrics;
    return m ? m[metric].toFixed(3) : '–';
  };
  const label = metricLabel(metric, k);
  const where = by === 'validation' ? 'on validation (training data only)' : 'on the test split';
  let reason: string;
  if (pinned) {
    reason =
      pinned === best
        ? `${name(pinned.model)} served: pinned by you; it is also the best by ${label} ${where} (${score(best)}).`
        : `${name(pinned.model)} served: pinned by you (${label} ${score(pinned)}); the best ${where} is ${name(best.model)} (${score(best)}).`;
  } else if (ranked.length === 1) {
    reason = `${name(best.model)} served: the only model ${by === 'validation' ? 'tuned' : 'evaluated'} (${label} ${score(best)} ${where}).`;
  } else if (noise && noise.pick !== noise.leader) {
    const { leader, gap, se } = noise;
    reason = `${name(best.model)} served: ${label} ${score(best)} ${where}, within noise of ${name(leader.model)}'s ${score(leader)} (gap ${gap.toFixed(4)}, standard error ${se.toFixed(4)}); the simpler, more stable model serves then.`;
  } else {
    const next = ranked.find((c) => c !== best)!;
    const se = best.pairedSe?.[next.model]?.[metric];
    const margin = se !== undefined && se > 0 ? ` (${((best.validation![metric] - next.validation![metric]) / se).toFixed(1)} standard errors ahead)` : '';
    reason = `${name(best.model)} served: best ${label} ${score(best)} vs ${name(next.model)} ${score(next)} ${where}${margin}.`;
  }
  // Chosen on validation, or pinned: say so when the test split has the baseline ahead (a user saw -1% only).
  const served = pinned ?? best;
  const baseline = candidates.find((c) => c.model === 'popularity');
  if (baseline && served !== baseline && served.metrics[metric] < baseline.metrics[metric]) {
    reason += ` On the test split it scores ${served.metrics[metric].toFixed(3)}, below ${name(baseline.model)}'s ${baseline.metrics[metric].toFixed(3)}: on this data it does not beat recommending the best sellers.`;
  }
  return { model: served.model, best: best.model, metric, by, pinned: Boolean(pinned), reason };
}
