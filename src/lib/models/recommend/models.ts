// One entry point per model family, so evaluation, the sweep and the CLI fit models alike.
import type { ProgressFn } from '../../progress';
import { fitAls, type AlsOptions } from './als';
import type { Csr } from './csr';
import { fitEase, type EaseOptions } from './ease';
import { fitItemKnn, type ItemKnnOptions } from './itemknn';
import { fitPopularity } from './popularity';
import type { ModelName, Scorer } from './scorer';

export const MODEL_NAMES: readonly ModelName[] = ['popularity', 'itemknn', 'ease', 'als'];

/** Hyper-parameters of one model family; omitted values take that model's defaults. */
export type ModelParams =
  | { model: 'popularity' }
  | { model: 'itemknn'; params?: Partial<Omit<ItemKnnOptions, 'onProgress'>> }
  | { model: 'ease'; params?: Partial<Omit<EaseOptions, 'onProgress'>> }
  | { model: 'als'; params?: Partial<Omit<AlsOptions, 'onProgress'>> };

export function parseModelName(name: string): ModelName {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown model "${name}" (expected ${MODEL_NAMES.join(', ')})`);
  }
  return name as ModelName;
}

export async function fitModel(spec: ModelParams, train: Csr, onProgress?: ProgressFn): Promise<Scorer> {
  switch (spec.model) {
    case 'popularity':
      return fitPopularity(train);
    case 'itemknn':
      return fitItemKnn(train, { ...spec.params, onProgress });
    case 'ease':
      return fitEase(train, { ...spec.params, onProgress });
    case 'als':
      return fitAls(train, { ...spec.params, onProgress });
  }
}
