// One entry point per model family, so evaluation, the sweep and the CLI fit models alike.
import type { ProgressFn } from '../../progress';
import { fitAls, type AlsOptions } from './als';
import { blendScorers } from './blend';
import type { Csr } from './csr';
import { defaultEaseOptions, fitEase, type EaseOptions } from './ease';
import { fitEaseDual, preferDualFit } from './ease-path';
import { fitItemKnn, type ItemKnnOptions } from './itemknn';
import { fitPopularity } from './popularity';
import { recencyInput } from './recency';
import type { ModelName, Scorer } from './scorer';

/** The families a user may ask for by name ('blend' comes only out of the auto sweep). */
export const MODEL_NAMES: readonly Exclude<ModelName, 'blend'>[] = ['popularity', 'itemknn', 'ease', 'als'];

/** Hyper-parameters of one model family; omitted values take that model's defaults. */
export type ModelParams =
  | { model: 'popularity' }
  | { model: 'itemknn'; params?: Partial<Omit<ItemKnnOptions, 'onProgress'>> }
  | { model: 'ease'; params?: Partial<Omit<EaseOptions, 'onProgress'>> }
  | { model: 'als'; params?: Partial<Omit<AlsOptions, 'onProgress'>> }
  | { model: 'blend'; params: { ease: Partial<Omit<EaseOptions, 'onProgress'>>; als: Partial<Omit<AlsOptions, 'onProgress'>>; weight: number } };

export function parseModelName(name: string): Exclude<ModelName, 'blend'> {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown model "${name}" (expected ${MODEL_NAMES.join(', ')})`);
  }
  return name as Exclude<ModelName, 'blend'>;
}

export async function fitModel(spec: ModelParams, train: Csr, onProgress?: ProgressFn): Promise<Scorer> {
  switch (spec.model) {
    case 'popularity':
      return fitPopularity(train);
    case 'itemknn':
      return fitItemKnn(train, { ...spec.params, onProgress });
    case 'ease':
      return fitEaseOrDual(train, spec.params ?? {}, onProgress);
    case 'als':
      return fitAls(train, { ...spec.params, onProgress });
    case 'blend': {
      const ease = await fitEaseOrDual(train, spec.params.ease, onProgress);
      const als = await fitAls(train, { ...spec.params.als, onProgress });
      return blendScorers(ease, als, spec.params.weight);
    }
  }
}

// Users well below items (610 x 9,724): the exact dual form, no n x n inverse (src/lib/models/recommend/ease-path.ts).
function fitEaseOrDual(train: Csr, params: Partial<Omit<EaseOptions, 'onProgress'>>, onProgress?: ProgressFn): Promise<Scorer> {
  if (preferDualFit(train)) return Promise.resolve(fitEaseDual(train, params.lambda ?? defaultEaseOptions.lambda, params.recencyTau === undefined ? {} : { input: recencyInput(train, params.recencyTau) }));
  return fitEase(train, { ...params, onProgress });
}

/** Whether a setting scores with recency weights (its training matrix then needs withRecency, recency.ts). */
export function usesRecency(spec: ModelParams): boolean {
  if (spec.model === 'ease') return spec.params?.recencyTau !== undefined;
  return spec.model === 'blend' && spec.params.ease.recencyTau !== undefined;
}
