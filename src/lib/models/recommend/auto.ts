// Offline comparison of models, optionally tuned. Tuning never sees the test items: it carves
// validation splits out of the training events (the same protocol again, 2 to 5 times: more for fewer
// customers), picks each family's best setting there, tries an EASE + ALS score fusion, then refits each
// winner on all training events and reports test metrics. Gaps within a paired standard error are noise:
// a family keeps its default setting, and the simpler model serves (choose.ts, STABLE_FIRST).
import type { ProgressFn } from '../../progress';
import { blendScorers } from './blend';
import { chooseServedModel, metricLabel, NOISE_SE, RANKING_METRICS, STABLE_FIRST, SHORT_MODEL_NAMES, type PairedErrors, type RankingMetricKey } from './choose';
import { easePath, type EasePath } from './ease-path';
import { easeWithInput, fitEase, type EaseModel } from './ease';
import { recencyInput, withRecency } from './recency';
import type { Csr } from './csr';
import { interactionMatrix, type Events, type Weighting } from './interactions';
import { evaluateScorer, evaluateWithRanks } from './evaluate';
import { metricAtRank, pairedDifference, type RankingMetrics } from './metrics';
import { fitModel, usesRecency, type ModelParams } from './models';
import type { ModelName, Scorer } from './scorer';
import { splitEvents, type Protocol, type Split } from './split';

export interface ModelReport extends RankingMetrics {
  trainSeconds: number;
  /** The setting that was fitted on the training data. */
  spec: ModelParams;
  /** Validation metrics of that setting, when it was tuned. */
  validation?: RankingMetrics;
  /** With tuning: standard errors of the paired per-customer validation differences to the other tuned models. */
  pairedSe?: PairedErrors;
}

export interface Comparison {
  k: number;
  protocol: Protocol;
  /** The recommended model (chooseServedModel): best validation metric (averaged over the folds) when tuned, else best on test. */
  chosen: ModelName;
  models: Partial<Record<ModelName, ModelReport>>;
  /** With tuning: how many settings were tried, and whether the time budget cut the sweep short. */
  tuning?: TuningReport;
}

export interface TuningReport {
  /** Settings tried on validation (an EASE lambda, an item-kNN or ALS setting, a blend weight). */
  done: number;
  /** Validation splits carved from the training data, and the held-out customers they evaluate in all. */
  folds?: number;
  validated?: number;
  /** Settings the full sweep has. */
  total: number;
  /** The budget ended the sweep (some settings not tried): the best found so far was refitted. */
  stoppedAtBudget: boolean;
  budgetSeconds?: number;
  /** Families with no setting tried within the budget (left out of the comparison). */
  untried: ModelName[];
  /** Families whose first (default) setting was kept: the best-scoring one was ahead by less than a paired standard error. */
  keptDefault?: { model: ModelName; kept: ModelParams; instead: ModelParams; gap: number; se: number }[];
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
  /** Validation splits carved one after the other from the training data (default: validationFoldsFor the
   *  customers evaluated); metrics are averaged and models compared customer by customer across all of them. */
  validationFolds?: number;
  /** ALS initialisations per setting and fold (seed, seed + 1, ...; default 1): their metrics are averaged so a
   *  lucky start does not pick the setting; the refit uses `seed`. Off by default: on MovieLens 100K, 3 folds x
   *  2 seeds took 2.3x the time and picked a blend no better on test (NDCG@10 0.0443 against 0.0455). */
  validationSeeds?: number;
  /** With EASE and ALS both tuned, also tune their score fusion (default true). */
  blend?: boolean;
  /** Shares of EASE tried in the blend (default 0.3, 0.5, 0.7). */
  blendWeights?: number[];
  /** Recency decays (tau, recency.ts) tried on the best EASE lambda with leave-last-out (default
   *  RECENCY_TAUS; [] for none). Scoring-time weights: no refit, so each costs one scoring pass per fold. */
  recencyTaus?: number[];
  onProgress?: ProgressFn;
  /** Seconds the whole comparison may take (tuning stops early, keeping time for the refits of the winners);
   *  absent: no limit. The most promising settings run first, so a cut sweep keeps the likely winners. */
  budgetSeconds?: number;
  /** Called with each setting's validation metrics as the sweep tries it (a log of the sweep). */
  onSetting?: (spec: ModelParams, validation: RankingMetrics) => void;
  /** Clock in seconds (default performance.now() / 1000); tests pass a fake one. */
  clock?: () => number;
  /** When the run began on `clock` (default: now): the budget counts from there, e.g. including data loading. */
  started?: number;
}

export interface Grids {
  itemknn: Extract<ModelParams, { model: 'itemknn' }>[];
  ease: Extract<ModelParams, { model: 'ease' }>[];
  als: Extract<ModelParams, { model: 'als' }>[];
}

// Small on purpose: each setting is a full fit (EASE lambdas share one eigendecomposition per fold). Each list
// is in the order it is tried, most promising first, so a budget that ends the sweep early keeps the likely
// winners; the ALS settings include the published ones (first: the reference configuration).
export const defaultGrids: Grids = {
  itemknn: [
    { model: 'itemknn', params: { neighbours: 0, shrinkage: 0 } },
    { model: 'itemknn', params: { neighbours: 20, shrinkage: 0 } },
    { model: 'itemknn', params: { neighbours: 50, shrinkage: 0 } },
    { model: 'itemknn', params: { neighbours: 200, shrinkage: 10 } },
  ],
  ease: [250, 100, 500, 50, 150, 1000, 350].map((lambda) => ({ model: 'ease' as const, params: { lambda } })),
  als: [
    { model: 'als', params: { factors: 32, regularization: 0.1, alpha: 20 } },
    { model: 'als', params: { factors: 64, regularization: 1, alpha: 40 } },
    { model: 'als', params: { factors: 32, regularization: 1, alpha: 40 } },
    { model: 'als', params: { factors: 48, regularization: 0.5, alpha: 20 } },
    { model: 'als', params: { factors: 64, regularization: 0.1, alpha: 20 } },
  ],
};

export { DEFAULT_BUDGET_SECONDS } from './budget';

/** Recency decays the sweep tries. On MovieLens 100K (4 leave-last-out folds, EASE lambda 100) validation
 *  NDCG@10 went 0.0776 (no decay), 0.0969 (tau 50), 0.1069 (20), 0.1107 (10), 0.1091 (5), 0.1044 (3); on the
 *  test item tau 10 scores HR@10 0.1389, NDCG@10 0.0735 (no decay: 0.0912, 0.0417; ALS: 0.0901, 0.0467). */
export const RECENCY_TAUS = [10, 20, 5];

/** Validation customers (summed over folds) that auto aims for: with fewer, one fold's NDCG moves by 10-30%
 *  between folds (610 customers of the 9,724-item file: 0.070 to 0.104 for the same EASE), and a sweep picks noise. */
export const VALIDATION_CUSTOMERS = 3000;
export const MAX_VALIDATION_FOLDS = 5;

/** Folds for `evaluated` customers: enough to reach VALIDATION_CUSTOMERS, 2 to MAX_VALIDATION_FOLDS. Small data gets
 *  more folds, where the noise is and where fits are cheap; 100,000 customers keep 2. */
export function validationFoldsFor(evaluated: number): number {
  return Math.min(MAX_VALIDATION_FOLDS, Math.max(2, Math.ceil(VALIDATION_CUSTOMERS / Math.max(1, evaluated))));
}

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
  const requestedFolds = options.validationFolds;
  if (requestedFolds !== undefined && !(Number.isInteger(requestedFolds) && requestedFolds > 0)) throw new Error(`validationFolds must be a positive integer, got ${requestedFolds}`);
  const nSeeds = options.validationSeeds ?? 1;
  if (!(Number.isInteger(nSeeds) && nSeeds > 0)) throw new Error(`validationSeeds must be a positive integer, got ${nSeeds}`);
  for (const m of options.models) {
    if (m !== 'itemknn' && m !== 'ease' && m !== 'als') throw new Error(`Unknown model "${String(m)}"`);
  }
  const report = options.onProgress ?? (() => {});
  const metric = options.metric ?? 'ndcgAtK';
  const clock = options.clock ?? (() => performance.now() / 1000);
  const started = options.started ?? clock();
  const split = splitEvents(events, protocol, seed);
  const problem = evaluationProblem(events, split, k);
  if (problem) throw new Error(problem);
  const nFolds = requestedFolds ?? validationFoldsFor(split.test.reduce((n, t) => n + (t >= 0 ? 1 : 0), 0));
  const plain = interactionMatrix(events, weighting, split.train);
  const specs: ModelParams[] = [{ model: 'popularity' }];
  const validation = new Map<ModelName, RankingMetrics>();
  let pairedSe = new Map<ModelName, PairedErrors>();
  let tuning: TuningReport | undefined;
  // Measured seconds of one refit per family (fit + test evaluation), for the reserve and the estimate.
  const refitSeconds = new Map<ModelName, number>();
  if (tune && options.models.length > 0) {
    const t = await tuneModels(events, options, { seed, weighting, grids, nFolds, nSeeds, metric, split, clock, started, report });
    // In the order asked for (the sweep runs the most stable family first), the blend last.
    for (const m of [...options.models, 'blend' as const]) {
      const v = t.best.get(m);
      if (!v) continue;
      specs.push(v.spec);
      validation.set(m, v.metrics);
    }
    for (const [m, v] of t.refitSeconds) refitSeconds.set(m, v);
    pairedSe = t.pairedSe;
    tuning = t.report;
  } else {
    for (const m of options.models) specs.push(withSeed(options.fixed?.[m] ?? { model: m }, seed));
  }
  // Recency ranks only where a chosen setting scores with them (a sort per customer).
  const train = specs.some(usesRecency) ? withRecency(plain, events, split.train) : plain;
  const models: Partial<Record<ModelName, ModelReport>> = {};
  for (let s = 0; s < specs.length; s++) {
    const spec = specs[s];
    const left = specs.slice(s).reduce((a, x) => a + (refitSeconds.get(x.model) ?? 0), 0);
    report({ stage: `Training ${spec.model} on all training data`, done: s, total: specs.length, elapsedSeconds: clock() - started, ...(refitSeconds.size ? { remainingSeconds: left } : {}) });
    const start = performance.now();
    // A long fit (EASE's inverse of 10,000+ items) reports its own steps: carry them on, with time left from their pace.
    const within: ProgressFn = (p) => {
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const spent = (performance.now() - start) / 1000;
      const rest = specs.slice(s + 1).reduce((a, x) => a + (refitSeconds.get(x.model) ?? 0), 0);
      report({ stage: `Training ${spec.model} on all training data: ${p.stage}`, done: s + frac, total: specs.length, elapsedSeconds: clock() - started, ...(frac >= 0.02 ? { remainingSeconds: (spent * (1 - frac)) / frac + rest } : {}) });
    };
    const model = await fitModel(spec, train, within);
    const trainSeconds = (performance.now() - start) / 1000;
    const metrics = await evaluateScorer(model, train, split.test, k);
    model.dispose();
    const se = pairedSe.get(spec.model);
    models[spec.model] = { ...metrics, trainSeconds, spec, validation: validation.get(spec.model), ...(se ? { pairedSe: se } : {}) };
  }
  report({ stage: 'Done', done: specs.length, total: specs.length, elapsedSeconds: clock() - started, remainingSeconds: 0 });
  const chosen = chooseServedModel(
    Object.values(models).map((r) => ({ model: r.spec.model, metrics: r, validation: r.validation, pairedSe: r.pairedSe })),
    { metric, k, tuned: tune },
  ).model as ModelName;
  return { k, protocol, chosen, models, ...(tuning ? { tuning } : {}) };
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

interface TuneContext {
  seed: number;
  weighting: Weighting;
  grids: Grids;
  nFolds: number;
  nSeeds: number;
  metric: RankingMetricKey;
  split: Split;
  clock: () => number;
  started: number;
  report: ProgressFn;
}

interface Step {
  family: ModelName;
  run: () => Promise<void>;
}

/**
 * The validation sweep under the time budget. Steps interleave the families (each family's first setting,
 * then each one's second, ...), the blend last; EASE lambdas read one eigendecomposition per fold (easePath).
 * Before a step, the time it is expected to take (the family's measured mean) plus a reserve for refitting
 * the winners must fit in what is left of the budget; otherwise the step is skipped.
 */
async function tuneModels(events: Events, options: CompareOptions, c: TuneContext) {
  const { seed, weighting, grids, nFolds, nSeeds, metric, split, clock, started, report } = c;
  const { k } = options;
  const better = (a: RankingMetrics, b: RankingMetrics) => isBetter(a, b, metric);
  const budget = options.budgetSeconds;
  if (budget !== undefined && !(budget > 0)) throw new Error(`budgetSeconds must be > 0, got ${budget}`);
  // Recency needs the order of each customer's items, and only a time-ordered holdout can reward it.
  const recencyTaus = options.protocol === 'leave-last-out' && events.time && options.models.includes('ease') ? (options.recencyTaus ?? RECENCY_TAUS) : [];
  for (const tau of recencyTaus) if (!(tau > 0 && Number.isFinite(tau))) throw new Error(`Recency tau must be a positive number, got ${tau}`);
  const folds: { train: Csr; test: Int32Array }[] = validationSplits(events, split, options.protocol, nFolds, seed).map((inner) => {
    const train = interactionMatrix(events, weighting, inner.train);
    return { train: recencyTaus.length ? withRecency(train, events, inner.train) : train, test: inner.test };
  });
  const withBlend = (options.blend ?? true) && options.models.includes('ease') && options.models.includes('als');
  const blendWeights = options.blendWeights ?? [0.3, 0.5, 0.7];
  // Each family's best setting, with the held-out ranks of its runs (fold f) for the paired comparison.
  const best = new Map<ModelName, { spec: ModelParams; metrics: RankingMetrics; ranks: FoldRanks[] }>();
  const seconds = new Map<ModelName, number[]>();
  const refitSeconds = new Map<ModelName, number>();
  const runs = (m: ModelName) => folds.flatMap((fold, f) => Array.from({ length: m === 'als' ? nSeeds : 1 }, (_, s) => ({ fold, f, s })));
  // Each family's first setting (the default, e.g. the published ALS configuration): kept unless beaten beyond noise.
  const first = new Map<ModelName, { spec: ModelParams; metrics: RankingMetrics; ranks: FoldRanks[] }>();
  const offer = (m: ModelName, spec: ModelParams, metrics: RankingMetrics, ranks: FoldRanks[]) => {
    options.onSetting?.(spec, metrics);
    if (!first.has(m)) first.set(m, { spec, metrics, ranks });
    const b = best.get(m);
    const isBest = !b || better(metrics, b.metrics);
    if (isBest) best.set(m, { spec, metrics, ranks });
    return isBest;
  };
  // EASE: one path per fold (null where neither eigen form is cheap: then a direct fit per lambda).
  let paths: (EasePath | null)[] | null = null;
  let easeScorers: Scorer[] | null = null; // the best EASE's scorer per fold, for the blend
  // The best lambda's scoring from other rows per fold (recency weights), and that lambda's spec.
  let easeRescore: { spec: Extract<ModelParams, { model: 'ease' }>; rescore: ((input: Csr) => Scorer)[] } | null = null;
  const alsFits: { spec: ModelParams; models: Scorer[] }[] = [];
  const perFamily: Record<string, Step[]> = {};
  const stage = (m: string) => `Tuning ${m} on ${folds.length === 1 ? 'a validation split' : `${folds.length} validation splits`}`;
  for (const m of options.models) {
    perFamily[m] = grids[m].map((candidate) => ({
      family: m,
      run: async () => {
        const spec = withSeed(candidate, seed);
        const fitted: Scorer[] = [];
        const perFold: RankingMetrics[] = [];
        const ranks: FoldRanks[] = [];
        const evaluate = async (model: Scorer, fold: (typeof folds)[number], f: number) => {
          const e = await evaluateWithRanks(model, fold.train, fold.test, k);
          perFold.push(e.metrics);
          ranks.push({ f, ranks: e.ranks });
        };
        if (m === 'ease') {
          const lambda = (candidate as Extract<ModelParams, { model: 'ease' }>).params?.lambda ?? 100;
          paths ??= folds.map((fold) => easePath(fold.train));
          const rescore: ((input: Csr) => Scorer)[] = [];
          for (const [f, fold] of folds.entries()) {
            const path = paths[f];
            const model = path ? path.scorer(lambda) : await fitEase(fold.train, (candidate as Extract<ModelParams, { model: 'ease' }>).params ?? {});
            await evaluate(model, fold, f);
            fitted.push(model);
            rescore.push(path ? (input) => path.scorer(lambda, input) : (input) => easeWithInput(model as EaseModel, input));
          }
          if (recencyTaus.length && (!easeRescore || better(averageMetrics(perFold), best.get('ease')!.metrics))) {
            easeRescore = { spec: spec as Extract<ModelParams, { model: 'ease' }>, rescore };
          }
        } else {
          for (const { fold, f, s } of runs(m)) {
            const model = await fitModel(withSeed(candidate, seed + s), fold.train);
            await evaluate(model, fold, f);
            fitted.push(model);
          }
        }
        const isBest = offer(m, spec, averageMetrics(perFold), ranks);
        if (withBlend && m === 'als') alsFits.push({ spec, models: fitted });
        else if (withBlend && m === 'ease' && isBest) {
          easeScorers?.forEach((x) => x.dispose());
          easeScorers = fitted;
        } else fitted.forEach((x) => x.dispose());
      },
    }));
  }
  const steps: Step[] = [];
  const longest = Math.max(0, ...Object.values(perFamily).map((l) => l.length));
  // The most stable family first in each round (STABLE_FIRST): a budget cut short still tries the one the noise rule prefers.
  const rank = (m: string) => (STABLE_FIRST.indexOf(m) < 0 ? STABLE_FIRST.length : STABLE_FIRST.indexOf(m));
  const families = [...options.models].sort((a, b) => rank(a) - rank(b));
  // Recency decays on the best lambda so far: the scores of new rows, no refit. They run after the first two
  // lambdas (the most promising), before the slow rest of the sweep, so a 2-minute budget still reaches them.
  const recencySteps = (): Step[] =>
    recencyTaus.map((tau) => ({
      family: 'ease',
      run: async () => {
        if (!easeRescore) return;
        const base = easeRescore;
        const spec: ModelParams = { model: 'ease', params: { ...base.spec.params, recencyTau: tau } };
        const perFold: RankingMetrics[] = [];
        const ranks: FoldRanks[] = [];
        const fitted: Scorer[] = [];
        for (const [f, fold] of folds.entries()) {
          const model = base.rescore[f](recencyInput(fold.train, tau));
          const e = await evaluateWithRanks(model, fold.train, fold.test, k);
          perFold.push(e.metrics);
          ranks.push({ f, ranks: e.ranks });
          fitted.push(model);
        }
        // Rescored scorers share their path or weights with the lambda's: nothing of their own to dispose.
        if (offer('ease', spec, averageMetrics(perFold), ranks) && withBlend) easeScorers = fitted;
      },
    }));
  const recencyAfter = Math.min(1, grids.ease.length - 1);
  for (let r = 0; r < longest; r++) {
    for (const m of families) if (perFamily[m][r]) steps.push(perFamily[m][r]);
    if (r === recencyAfter) steps.push(...recencySteps());
  }
  // The blend: the best EASE with every ALS setting tried, a few mixing weights (settled when it runs).
  const blendCount = withBlend ? grids.als.length * blendWeights.length : 0;
  for (let b = 0; b < blendCount; b++) {
    const als = Math.floor(b / blendWeights.length);
    const weight = blendWeights[b % blendWeights.length];
    steps.push({
      family: 'blend',
      run: async () => {
        const fit = alsFits[als];
        const ease = best.get('ease');
        if (!fit || !ease || !easeScorers) return;
        const perFold: RankingMetrics[] = [];
        const ranks: FoldRanks[] = [];
        for (const [r, { fold, f }] of runs('als').entries()) {
          const mixed = blendScorers(easeScorers[f], fit.models[r], weight);
          const e = await evaluateWithRanks(mixed, fold.train, fold.test, k);
          perFold.push(e.metrics);
          ranks.push({ f, ranks: e.ranks });
        }
        const easeSpec = ease.spec as Extract<ModelParams, { model: 'ease' }>;
        const alsSpec = fit.spec as Extract<ModelParams, { model: 'als' }>;
        offer('blend', { model: 'blend', params: { ease: easeSpec.params ?? {}, als: alsSpec.params ?? {}, weight } }, averageMetrics(perFold), ranks);
      },
    });
  }
  const mean = (m: ModelName) => {
    const l = seconds.get(m);
    return l && l.length ? l.reduce((a, b) => a + b, 0) / l.length : undefined;
  };
  // A refit is one fit on the training data (about one fold's share of a step) plus its test evaluation.
  const refitOf = (m: ModelName): number | undefined => {
    if (m === 'blend') return (refitOf('ease') ?? 0) + (refitOf('als') ?? 0);
    const first = seconds.get(m)?.[0];
    return first === undefined ? undefined : first / runs(m).length;
  };
  const reserve = () => {
    let r = 0;
    let most = 0;
    for (const m of best.keys()) {
      const x = refitOf(m) ?? 0;
      r += x;
      most = Math.max(most, x);
    }
    // The served model is fitted once more on every interaction, with an item-kNN for "also bought" (fitServed).
    return r + most + (refitOf('itemknn') ?? 0);
  };
  const estimateLeft = (from: number) => {
    let left = 0;
    for (let i = from; i < steps.length; i++) {
      const e = mean(steps[i].family);
      left += e ?? (steps[i].family === 'blend' ? 0 : (mean('als') ?? mean('ease') ?? mean('itemknn') ?? 0));
    }
    return left + reserve();
  };
  let done = 0;
  let skipped = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const elapsed = clock() - started;
    const expected = mean(step.family) ?? 0;
    // 10% of the budget stays unplanned: step and refit times are estimates (the 9,724-item bench ended 0.3 s past
    // 2 minutes planning to 100%, at 119.4 s planning to 95%).
    if (budget !== undefined && elapsed + expected + reserve() > budget * 0.9) {
      skipped++;
      continue;
    }
    // Before the first measurement the budget is the only estimate (an upper bound); then measured means.
    const left = seconds.size > 0 ? estimateLeft(i) : budget;
    report({
      stage: step.family === 'blend' ? 'Tuning the EASE + ALS blend on validation' : stage(step.family),
      done,
      total: steps.length,
      elapsedSeconds: elapsed,
      ...(left === undefined ? {} : { remainingSeconds: budget === undefined ? left : Math.min(left, Math.max(0, budget - elapsed)) }),
    });
    const t0 = clock();
    await step.run();
    const took = clock() - t0;
    seconds.set(step.family, [...(seconds.get(step.family) ?? []), took]);
    done++;
  }
  easeScorers = null;
  (paths as (EasePath | null)[] | null)?.forEach((p) => p?.dispose());
  alsFits.forEach((a) => a.models.forEach((x) => x.dispose()));
  for (const m of best.keys()) {
    const r = refitOf(m);
    if (r !== undefined) refitSeconds.set(m, r);
  }
  const untried = options.models.filter((m) => !best.has(m));
  const validated = folds.reduce((n, f) => n + f.test.reduce((c, t) => c + (t >= 0 ? 1 : 0), 0), 0);
  const tuning: TuningReport = { done, total: steps.length, stoppedAtBudget: skipped > 0, untried, folds: folds.length, validated, ...(budget !== undefined ? { budgetSeconds: budget } : {}) };
  // The noise rule within a family: another setting replaces the default only when ahead by more than NOISE_SE
  // paired standard errors (a sweep of 5-7 settings otherwise picks the luckiest on a few hundred customers).
  const foldUsers = folds.map((f) => f.test.length);
  const keptDefault: NonNullable<TuningReport['keptDefault']> = [];
  for (const [m, b] of best) {
    const d = first.get(m);
    if (m === 'blend' || !d || d.spec === b.spec) continue;
    const noise = defaultWithinNoise(b.ranks, d.ranks, metric, k, foldUsers);
    if (noise) {
      best.set(m, d);
      keptDefault.push({ model: m, kept: d.spec, instead: b.spec, ...noise });
    }
  }
  if (keptDefault.length) tuning.keptDefault = keptDefault;
  const pairedSe = pairedErrors(new Map([...best].map(([m, b]) => [m, b.ranks])), foldUsers, k);
  return { best, refitSeconds, pairedSe, report: tuning };
}

/** The best setting's lead over the default (paired over the validation units) when within NOISE_SE standard errors, else null. */
export function defaultWithinNoise(best: FoldRanks[], byDefault: FoldRanks[], metric: RankingMetricKey, k: number, foldUsers: number[]): { gap: number; se: number } | null {
  const { mean, se } = pairedDifference(unitValues(best, metric, k, foldUsers), unitValues(byDefault, metric, k, foldUsers));
  return mean <= NOISE_SE * se + 1e-12 ? { gap: mean, se } : null;
}

/** Per (fold, customer) unit, folds concatenated: the metric of the held-out item, averaged over runs of a fold; NaN where not evaluated. */
function unitValues(runs: FoldRanks[], metric: RankingMetricKey, k: number, foldUsers: number[]): Float64Array {
  const offsets = foldUsers.map((_, f) => foldUsers.slice(0, f).reduce((a, b) => a + b, 0));
  const total = foldUsers.reduce((a, b) => a + b, 0);
  const sum = new Float64Array(total).fill(NaN);
  const count = new Int32Array(total);
  for (const { f, ranks } of runs) {
    for (let u = 0; u < ranks.length; u++) {
      if (ranks[u] < 0) continue;
      const i = offsets[f] + u;
      sum[i] = (count[i] ? sum[i] : 0) + metricAtRank(metric, ranks[u], k);
      count[i]++;
    }
  }
  for (let i = 0; i < total; i++) if (count[i] > 1) sum[i] /= count[i];
  return sum;
}

/**
 * The validation splits, built the way the test split is: on the training events only, fold 1 holds out each
 * customer's latest training item (ties: the highest item id, as the test), fold 2 the one before it (its
 * training also loses fold 1's item), ... a leave-last-out walk back in time; random items only without dates.
 * Peeling stops early where a fold would evaluate under half the test's customers (few items each): deeper
 * folds would then judge models on thin histories unlike the final fit's.
 * No rule here looks at the test split. On MovieLens 100K a customer's last item is rarer than the ones before
 * it (popularity NDCG@10 0.025 at the last position, 0.032 at the one before), so every model scores higher on
 * these folds than on the test item, and EASE leads ALS on each of the 4 folds (NDCG 0.078 vs 0.059, 5.8 paired
 * standard errors) while ALS leads on the test item: nothing in the training events shows that reversal.
 */
export function validationSplits(events: Events, split: Split, protocol: Protocol, nFolds: number, seed: number): Split[] {
  const evaluated = (test: Int32Array) => test.reduce((n, t) => n + (t >= 0 ? 1 : 0), 0);
  const floor = Math.max(MIN_EVALUATED_USERS, evaluated(split.test) / 2);
  const out: Split[] = [];
  let keep = split.train;
  for (let f = 0; f < nFolds; f++) {
    const inner = splitEvents(events, protocol, seed + 1 + f, keep);
    if (f > 0 && evaluated(inner.test) < floor) break;
    out.push(inner);
    keep = inner.train;
  }
  return out;
}

/** One validation run's held-out ranks (heldOutRanks) on fold f. */
export interface FoldRanks {
  f: number;
  ranks: Int32Array;
}

/**
 * Standard errors of the paired differences between every two families' best settings, per metric. The
 * unit is a customer in a fold (folds concatenated); runs of the same fold (ALS starts) are averaged first.
 */
export function pairedErrors(ranksOf: Map<ModelName, FoldRanks[]>, foldUsers: number[], k: number): Map<ModelName, PairedErrors> {
  const values = (runs: FoldRanks[], metric: RankingMetricKey) => unitValues(runs, metric, k, foldUsers);
  const out = new Map<ModelName, PairedErrors>();
  const models = [...ranksOf.keys()];
  for (const m of models) out.set(m, {});
  for (const metric of RANKING_METRICS) {
    const v = new Map(models.map((m) => [m, values(ranksOf.get(m)!, metric)]));
    for (let a = 0; a < models.length; a++) {
      for (let b = a + 1; b < models.length; b++) {
        const { se } = pairedDifference(v.get(models[a])!, v.get(models[b])!);
        ((out.get(models[a])![models[b]] ??= {}) as Partial<Record<RankingMetricKey, number>>)[metric] = se;
        ((out.get(models[b])![models[a]] ??= {}) as Partial<Record<RankingMetricKey, number>>)[metric] = se;
      }
    }
  }
  return out;
}

/** "2-minute", "30-second", "90-second": the budget as the note names it. */
export function budgetWords(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60}-minute` : `${Math.round(seconds)}-second`;
}

/** The note a cut sweep leaves in the results, or null when the sweep ran in full. */
export function tuningNote(t: TuningReport | undefined): string | null {
  if (!t || !t.stoppedAtBudget) return null;
  return cutNote(t);
}

/** Per family whose default setting was kept by the noise rule: which, and what scored higher within noise. */
export function keptDefaultNotes(t: TuningReport | undefined, metric: RankingMetricKey, k: number, describe: (spec: ModelParams) => string): string[] {
  return (t?.keptDefault ?? []).map(
    (x) => `${SHORT_MODEL_NAMES[x.model] ?? x.model}: kept the default setting (${describe(x.kept)}); ${describe(x.instead)} scored ${x.gap.toFixed(4)} higher on validation ${metricLabel(metric, k)}, within one standard error (${x.se.toFixed(4)}).`,
  );
}

function cutNote(t: TuningReport): string {
  const budget = t.budgetSeconds === undefined ? 'time' : budgetWords(t.budgetSeconds);
  const untried = t.untried.length ? ` Not tried within the budget: ${t.untried.map((m) => SHORT_MODEL_NAMES[m] ?? m).join(', ')}.` : '';
  return `Stopped tuning at the ${budget} budget after ${t.done} of ${t.total} settings; the best found so far was refitted on all training events.${untried}`;
}
