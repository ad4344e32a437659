// Offline comparison of models, optionally tuned. Tuning never sees the test items: it carves a
// validation split out of the training events (the same protocol again), picks each family's
// best setting there, then refits that setting on all training events and reports test metrics.
import type { ProgressFn } from '../../progress';
import { interactionMatrix, type Events, type Weighting } from './interactions';
import { evaluateScorer } from './evaluate';
import type { RankingMetrics } from './metrics';
import { fitModel, type ModelParams } from './models';
import type { ModelName } from './scorer';
import { splitEvents, type Protocol } from './split';

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
  /** The recommended model: best validation NDCG when tuned, else the one requested. */
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
  models: Exclude<ModelName, 'popularity'>[];
  /** Tune each model on a validation split of the training data; otherwise fit defaults. */
  tune: boolean;
  grids?: Partial<Grids>;
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
  ease: [50, 100, 200, 400, 800].map((lambda) => ({ model: 'ease' as const, params: { lambda } })),
  als: [
    { model: 'als', params: { factors: 32, regularization: 0.1, alpha: 20 } },
    { model: 'als', params: { factors: 32, regularization: 1, alpha: 40 } },
    { model: 'als', params: { factors: 64, regularization: 0.1, alpha: 20 } },
    { model: 'als', params: { factors: 64, regularization: 1, alpha: 40 } },
  ],
};

export async function compareModels(events: Events, options: CompareOptions): Promise<Comparison> {
  const { k, protocol, tune } = options;
  const seed = options.seed ?? 42;
  const weighting = options.weighting ?? { scheme: 'binary' };
  const grids = { ...defaultGrids, ...options.grids };
  for (const m of options.models) {
    if (m !== 'itemknn' && m !== 'ease' && m !== 'als') throw new Error(`Unknown model "${String(m)}"`);
  }
  const report = options.onProgress ?? (() => {});
  const split = splitEvents(events, protocol, seed);
  const train = interactionMatrix(events, weighting, split.train);
  const specs: ModelParams[] = [{ model: 'popularity' }];
  const validation = new Map<ModelName, RankingMetrics>();
  if (tune && options.models.length > 0) {
    const inner = splitEvents(events, protocol, seed + 1, split.train);
    const innerTrain = interactionMatrix(events, weighting, inner.train);
    const total = options.models.reduce((s, m) => s + grids[m].length, 0);
    let done = 0;
    for (const m of options.models) {
      let best: { spec: ModelParams; metrics: RankingMetrics } | null = null;
      for (const candidate of grids[m]) {
        report({ stage: `Tuning ${m} on a validation split`, done, total });
        const spec = withSeed(candidate, seed);
        const model = await fitModel(spec, innerTrain);
        const metrics = await evaluateScorer(model, innerTrain, inner.test, k);
        model.dispose();
        if (!best || better(metrics, best.metrics)) best = { spec, metrics };
        done++;
      }
      if (best) {
        specs.push(best.spec);
        validation.set(m, best.metrics);
      }
    }
  } else {
    for (const m of options.models) specs.push(withSeed({ model: m }, seed));
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
  return { k, protocol, chosen: chooseModel(options.models, validation), models };
}

function withSeed(spec: ModelParams, seed: number): ModelParams {
  return spec.model === 'als' ? { model: 'als', params: { ...spec.params, seed } } : spec;
}

/** NDCG first (it rewards ranking the item high, not just in the list), then hit rate. */
function better(a: RankingMetrics, b: RankingMetrics): boolean {
  return a.ndcgAtK > b.ndcgAtK || (a.ndcgAtK === b.ndcgAtK && a.hrAtK > b.hrAtK);
}

function chooseModel(requested: ModelName[], validation: Map<ModelName, RankingMetrics>): ModelName {
  let chosen: ModelName = requested[0] ?? 'popularity';
  for (const m of requested) {
    const v = validation.get(m);
    const c = validation.get(chosen);
    if (v && c && better(v, c)) chosen = m;
  }
  return chosen;
}
