// What the Recommendations page, the CSV and the action list say about models and recommendations.
import type { ModelParams } from '../models/recommend/models';
import { plainLoopsFaster } from '../models/recommend/path';

export const MODEL_LABELS: Record<string, string> = {
  popularity: 'Popularity (baseline)',
  itemknn: 'Item-kNN (cosine)',
  ease: 'EASE',
  als: 'ALS (implicit)',
  blend: 'EASE + ALS blend',
};

/** A model's hyper-parameters in words ("lambda 100"). */
export function describeSpec(spec: ModelParams): string {
  switch (spec.model) {
    case 'popularity':
      return 'most customers first';
    case 'itemknn': {
      const p = spec.params ?? {};
      return `${p.neighbours ? `${p.neighbours} neighbours` : 'all neighbours'}, shrinkage ${p.shrinkage ?? 0}`;
    }
    case 'ease':
      return `lambda ${spec.params?.lambda ?? 100}${spec.params?.recencyTau === undefined ? '' : `, recency decay tau ${spec.params.recencyTau}`}`;
    case 'als': {
      const p = spec.params ?? {};
      return `${p.factors ?? 32} factors, reg ${p.regularization ?? 0.1}, alpha ${p.alpha ?? 20}, ${p.iterations ?? 15} iterations`;
    }
    case 'blend':
      return `${Math.round(spec.params.weight * 100)}% EASE (${describeSpec({ model: 'ease', params: spec.params.ease })}) + ${Math.round((1 - spec.params.weight) * 100)}% ALS (${describeSpec({ model: 'als', params: spec.params.als })})`;
  }
}

/** Where a model ran: typed arrays for the plain-loop models, else the engine's backend. */
export function backendOf(model: string, active: string): string {
  if (model === 'popularity' || model === 'itemknn' || plainLoopsFaster(active)) return `typed arrays (engine: ${active})`;
  return active;
}

export function protocolText(protocol: 'leave-last-out' | 'random', k: number, seed: number, evaluated: number): string {
  return protocol === 'leave-last-out'
    ? `Leave-last-out by time: each customer's most recent item (ties: highest item id) is hidden; the models learn from the rest and must rank it in their top ${k} among items the customer has not had. ${evaluated} customers with 2+ distinct items are evaluated.`
    : `Random holdout (no date column): one random item per customer is hidden (seed ${seed}); the models learn from the rest and must rank it in their top ${k}. ${evaluated} customers with 2+ distinct items are evaluated.`;
}

/** What serves, in one sentence under the model table. */
export function servedSetting(spec: ModelParams, interactions: number): string {
  return `${MODEL_LABELS[spec.model] ?? spec.model} (${describeSpec(spec)}) refitted on all ${interactions} interactions serves the lists below, "because you bought", the CSV export and the action list.`;
}

/** Why an item is on a customer's list: the past item most similar to it, else popularity. */
export function reasonText(names: readonly (string | undefined)[], itemIds: readonly string[], because: number): string {
  if (because < 0) return 'popular with customers like you';
  return `because you bought ${names[because] ?? itemIds[because]}`;
}
