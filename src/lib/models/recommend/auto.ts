// Offline comparison of models, optionally tuned. Tuning never sees the test items: it carves
// validation splits out of the training events (the same protocol again, twice by default, metrics
// averaged to halve the noise of one split), picks each family's best setting there, tries an
// EASE + ALS score fusion, then refits each winner on all training events and reports test metrics.
import type { ProgressFn } from '../../progress';
import { blendScorers } from './blend';
import { chooseServedModel, type RankingMetricKey } from './choose';
import type { Csr } from './csr';
import { interactionMatrix, type Events, type Weighting } from './interactions';
import { evaluateScorer } from './evaluate';
import type { RankingMetrics } from './metrics';
import { fitModel, type ModelParams } from './models';
import type { ModelName, Scorer } from './scorer';
import { splitEvents, type Protocol, type Split } from './split';

export interface ModelReport extends RankingMetrics {
  trainSeconds: number;
  /** The setting that was fitted on the training data. */
  spec: ModelParams;
  /** Validation metrics of that setting, when it was tuned. */
  validation?: RankingMetrics;
}

export interface Comparison {
  k: number;
  protocol: Protocol;
  /** The recommended model (chooseServedModel): best validation metric (averaged over the folds) when tuned, else best on test. */
  chosen: ModelName;
  models: Partial<Record<ModelName, ModelReport>>;
}

export interface CompareOptions {
  k: number;
  protocol: Protocol;
  /** Seed of random holdouts and of model initialisation. */
  seed?: number;
  weighting?: Weighting;
  /** Models besides popularity (always included as the baseline). */
  models: Exclude<ModelName, 'popularity' | 'blend'>[];
  /** Tune each model on a validation split of the training data; otherwise fit defaults. */
  tune: boolean;
  /** The metric settings and models are chosen by (default NDCG@k); ties fall to NDCG, then HR. */
  metric?: RankingMetricKey;
  grids?: Partial<Grids>;
  /** Without tuning: the setting of each model (defaults when absent). */
  fixed?: Partial<{ [M in keyof Grids]: Grids[M][number] }>;
  /** Validation splits carved one after the other from the training data (default 2); metrics are averaged. */
  validationFolds?: number;
  /** ALS initialisations per setting and fold (seed, seed + 1, ...; default 1): their metrics are averaged so a
   *  lucky start does not pick the setting; the refit uses `seed`. Off by default: on MovieLens 100K, 3 folds x
   *  2 seeds took 2.3x the time and picked a blend no better on test (NDCG@10 0.0443 against 0.0455). */
  validationSeeds?: number;
  /** With EASE and ALS both tuned, also tune their score fusion (default true). */
  blend?: boolean;
  /** Shares of EASE tried in the blend (default 0.3, 0.5, 0.7). */
  blendWeights?: number[];
  onProgress?: ProgressFn;
}

export interface Grids {
  itemknn: Extract<ModelParams, { model: 'itemknn' }>[];
  ease: Extract<ModelParams, { model: 'ease' }>[];
  als: Extract<ModelParams, { model: 'als' }>[];
}

// Small on purpose: each setting is a full fit. The ALS settings include the published ones.
export const defaultGrids: Grids = {
  itemknn: [
    { model: 'itemknn', params: { neighbours: 0, shrinkage: 0 } },
    { model: 'itemknn', params: { neighbours: 20, shrinkage: 0 } },
    { model: 'itemknn', params: { neighbours: 50, shrinkage: 0 } },
    { model: 'itemknn', params: { neighbours: 200, shrinkage: 10 } },
  ],
  ease: [50, 100, 150, 200, 300, 400, 600].map((lambda) => ({ model: 'ease' as const, params: { lambda } })),
  als: [
    { model: 'als', params: { factors: 32, regularization: 0.1, alpha: 20 } },
    { model: 'als', params: { factors: 32, regularization: 1, alpha: 40 } },
    { model: 'als', params: { factors: 48, regularization: 0.5, alpha: 20 } },
    { model: 'als', params: { factors: 64, regularization: 0.1, alpha: 20 } },
    { model: 'als', params: { factors: 64, regularization: 1, alpha: 40 } },
  ],
};

/** Customers with a held-out item needed for an evaluation: with fewer, every metric is 0 or 1. */
export const MIN_EVALUATED_USERS = 5;

/**
 * Why a split cannot compare recommenders, or null. With one customer (or one item) the held-out item
 * is the only one left to rank, so every model scored HR = NDCG = 1; the same holds whenever every
 * evaluated customer has at most k items left to rank.
 */
export function evaluationProblem(events: Events, split: Split, k: number): string | null {
  const users = events.userIds.length;
  const items = events.itemIds.length;
  if (users < 2) return `Only ${users === 1 ? 'one customer' : 'no customers'}: recommenders are compared by hiding each customer's latest item and ranking it among items other customers bought, so at least 2 customers (and ${MIN_EVALUATED_USERS} who bought 2 or more different items) are needed.`;
  if (items < 2) return `Only ${items === 1 ? 'one item' : 'no items'}: there is nothing to recommend; at least 2 different items are needed.`;
  let evaluated = 0;
  const trainItems = new Int32Array(users);
  const seen = new Set<number>();
  for (let e = 0; e < events.user.length; e++) {
    if (!split.train[e]) continue;
    const key = events.user[e] * items + events.item[e];
    if (!seen.has(key)) {
      seen.add(key);
      trainItems[events.user[e]]++;
    }
  }
  let rankable = 0;
  for (let u = 0; u < users; u++) {
    if (split.test[u] < 0) continue;
    evaluated++;
    if (items - trainItems[u] > k) rankable++;
  }
  if (evaluated < MIN_EVALUATED_USERS) {
    return `Too few customers to hold out: ${evaluated} of ${users} bought 2 or more different items (a customer with one item has nothing left to learn from once it is hidden); at least ${MIN_EVALUATED_USERS} are needed to compare recommenders.`;
  }
  if (rankable === 0) {
    return `Too few items to rank: every customer has at most ${k} items they have not bought (${items} items in all), so the hidden item is always in the top ${k} and every model would score HR@${k} = 1. Lower k or use more items.`;
  }
  return null;
}

export async function compareModels(events: Events, options: CompareOptions): Promise<Comparison> {
  const { k, protocol, tune } = options;
  const seed = options.seed ?? 42;
  const weighting = options.weighting ?? { scheme: 'binary' };
  const grids = { ...defaultGrids, ...options.grids };
  const nFolds = options.validationFolds ?? 2;
  if (!(Number.isInteger(nFolds) && nFolds > 0)) throw new Error(`validationFolds must be a positive integer, got ${nFolds}`);
  const nSeeds = options.validationSeeds ?? 1;
  if (!(Number.isInteger(nSeeds) && nSeeds > 0)) throw new Error(`validationSeeds must be a positive integer, got ${nSeeds}`);
  for (const m of options.models) {
    if (m !== 'itemknn' && m !== 'ease' && m !== 'als') throw new Error(`Unknown model "${String(m)}"`);
  }
  const report = options.onProgress ?? (() => {});
  const metric = options.metric ?? 'ndcgAtK';
  const better = (a: RankingMetrics, b: RankingMetrics) => isBetter(a, b, metric);
  const split = splitEvents(events, protocol, seed);
  const problem = evaluationProblem(events, split, k);
  if (problem) throw new Error(problem);
  const train = interactionMatrix(events, weighting, split.train);
  const specs: ModelParams[] = [{ model: 'popularity' }];
  const validation = new Map<ModelName, RankingMetrics>();
  if (tune && options.models.length > 0) {
    // Validation folds peel the training data like the test split peels all data: fold 1 holds out
    // each customer's latest training item, fold 2 the one before, ... (or random items without dates).
    const folds: { train: Csr; test: Int32Array }[] = [];
    let keep = split.train;
    for (let f = 0; f < nFolds; f++) {
      const inner = splitEvents(events, protocol, seed + 1 + f, keep);
      folds.push({ train: interactionMatrix(events, weighting, inner.train), test: inner.test });
      keep = inner.train;
    }
    const blend = (options.blend ?? true) && options.models.includes('ease') && options.models.includes('als');
    const blendWeights = options.blendWeights ?? [0.3, 0.5, 0.7];
    const total = options.models.reduce((s, m) => s + grids[m].length, 0) + (blend ? grids.als.length * blendWeights.length : 0);
    let done = 0;
    // Fitted validation models the blend reuses: the best EASE per fold, every ALS setting per fold
    // and seed, laid out fold-major (models[fold * nSeeds + s]) as `runs` lists them.
    let bestEase: { spec: ModelParams; models: Scorer[] } | null = null;
    const alsFits: { spec: ModelParams; models: Scorer[] }[] = [];
    const runs = (m: ModelName) => folds.flatMap((fold, f) => Array.from({ length: m === 'als' ? nSeeds : 1 }, (_, s) => ({ fold, f, s })));
    for (const m of options.models) {
      let best: { spec: ModelParams; metrics: RankingMetrics } | null = null;
      for (const candidate of grids[m]) {
        report({ stage: `Tuning ${m} on ${nFolds === 1 ? 'a validation split' : `${nFolds} validation splits`}`, done, total });
        const spec = withSeed(candidate, seed);
        const fitted: Scorer[] = [];
        const perFold: RankingMetrics[] = [];
        for (const { fold, s } of runs(m)) {
          const model = await fitModel(withSeed(candidate, seed + s), fold.train);
          perFold.push(await evaluateScorer(model, fold.train, fold.test, k));
          fitted.push(model);
        }
        const metrics = averageMetrics(perFold);
        const isBest = !best || better(metrics, best.metrics);
        if (isBest) best = { spec, metrics };
        if (blend && m === 'als') alsFits.push({ spec, models: fitted });
        else if (blend && m === 'ease' && isBest) {
          bestEase?.models.forEach((x) => x.dispose());
          bestEase = { spec, models: fitted };
        } else fitted.forEach((x) => x.dispose());
        done++;
      }
      if (best) {
        specs.push(best.spec);
        validation.set(m, best.metrics);
      }
    }
    if (blend && bestEase) {
      // EASE + ALS score fusion: the best EASE with every ALS setting, a few mixing weights.
      let best: { spec: ModelParams; metrics: RankingMetrics } | null = null;
      const easeSpec = bestEase.spec as Extract<ModelParams, { model: 'ease' }>;
      for (const als of alsFits) {
        const alsSpec = als.spec as Extract<ModelParams, { model: 'als' }>;
        for (const weight of blendWeights) {
          report({ stage: 'Tuning the EASE + ALS blend on validation', done, total });
          const perFold: RankingMetrics[] = [];
          for (const [r, { fold, f }] of runs('als').entries()) {
            const mixed = blendScorers(bestEase.models[f], als.models[r], weight);
            perFold.push(await evaluateScorer(mixed, fold.train, fold.test, k));
          }
          const metrics = averageMetrics(perFold);
          const spec: ModelParams = { model: 'blend', params: { ease: easeSpec.params ?? {}, als: alsSpec.params ?? {}, weight } };
          if (!best || better(metrics, best.metrics)) best = { spec, metrics };
          done++;
        }
      }
      if (best) {
        specs.push(best.spec);
        validation.set('blend', best.metrics);
      }
    }
    bestEase?.models.forEach((x) => x.dispose());
    alsFits.forEach((a) => a.models.forEach((x) => x.dispose()));
  } else {
    for (const m of options.models) specs.push(withSeed(options.fixed?.[m] ?? { model: m }, seed));
  }
  const models: Partial<Record<ModelName, ModelReport>> = {};
  for (let s = 0; s < specs.length; s++) {
    const spec = specs[s];
    report({ stage: `Training ${spec.model} on all training data`, done: s, total: specs.length });
    const start = performance.now();
    const model = await fitModel(spec, train);
    const trainSeconds = (performance.now() - start) / 1000;
    const metrics = await evaluateScorer(model, train, split.test, k);
    model.dispose();
    models[spec.model] = { ...metrics, trainSeconds, spec, validation: validation.get(spec.model) };
  }
  report({ stage: 'Done', done: specs.length, total: specs.length });
  const chosen = chooseServedModel(
    Object.values(models).map((r) => ({ model: r.spec.model, metrics: r, validation: r.validation })),
    { metric, k, tuned: tune },
  ).model as ModelName;
  return { k, protocol, chosen, models };
}

/** Mean of each metric over validation folds, weighted by the customers each fold evaluates. */
export function averageMetrics(list: RankingMetrics[]): RankingMetrics {
  const users = list.reduce((s, m) => s + m.users, 0);
  const mean = (key: keyof RankingMetrics) => list.reduce((s, m) => s + m[key] * (users > 0 ? m.users / users : 1 / list.length), 0);
  return {
    users,
    hrAtK: mean('hrAtK'),
    precisionAtK: mean('precisionAtK'),
    recallAtK: mean('recallAtK'),
    ndcgAtK: mean('ndcgAtK'),
    mapAtK: mean('mapAtK'),
    coverage: list.reduce((s, m) => s + m.coverage, 0) / Math.max(list.length, 1),
  };
}

function withSeed(spec: ModelParams, seed: number): ModelParams {
  return spec.model === 'als' ? { model: 'als', params: { ...spec.params, seed } } : spec;
}

/** The chosen metric first (NDCG by default: it rewards ranking the item high, not just in the list), then NDCG and hit rate. */
function isBetter(a: RankingMetrics, b: RankingMetrics, metric: RankingMetricKey): boolean {
  return a[metric] > b[metric] || (a[metric] === b[metric] && (a.ndcgAtK > b.ndcgAtK || (a.ndcgAtK === b.ndcgAtK && a.hrAtK > b.hrAtK)));
}
