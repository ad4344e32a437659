// The whole segmentation step the worker and the CLI run: transform, choose K (or take it),
// fit, score with the silhouette, profile the segments and project them to 2-D for the map.
import type { ProgressFn } from '../../progress';
import type { Matrix } from './matrix';
import type { LloydPath } from './options';
import type { KernelHelpers } from './lloyd-wasm';
import type { KmeansResult } from './kmeans';
import { kmeansFit } from './kmeans';
import type { SweepResult } from './sweep';
import { kSweep } from './sweep';
import { silhouetteScore } from './silhouette';
import type { ProfileResult } from './profile';
import { segmentProfile } from './profile';
import { fitTransform } from './transform';
import type { PcaResult } from '../pca/pca';
import { pca } from '../pca/pca';

export interface SegmentFeaturesOptions {
  /** A number of segments, or 'auto' for the elbow of a K sweep (see kSweep). */
  k: number | 'auto';
  log?: boolean;
  /** Always on in the CLI; off only when the features already share a scale. */
  standardize?: boolean;
  restarts?: number;
  seed?: number;
  path?: LloydPath;
  /** Threads sharing the wasm kernel (see KmeansOptions.helpers). */
  helpers?: KernelHelpers;
  kMin?: number;
  kMax?: number;
  silhouetteSampleSize?: number;
  /** Points on the 2-D map. */
  mapSampleSize?: number;
  onProgress?: ProgressFn;
}

export interface SegmentFeaturesResult {
  k: number;
  fit: KmeansResult;
  silhouette: number;
  sweep: SweepResult | null;
  profile: ProfileResult;
  /** PCA of the clustering space; map.sample indexes fit.labels for colouring. */
  map: PcaResult;
}

export async function segmentFeatures(x: Matrix, names: string[], opts: SegmentFeaturesOptions): Promise<SegmentFeaturesResult> {
  if (opts.k !== 'auto' && (!Number.isInteger(opts.k) || opts.k < 2)) throw new Error(`k must be an integer >= 2 or "auto", got ${opts.k}`);
  const seed = opts.seed ?? 0;
  const { data: z, transform } = fitTransform(x, { log: opts.log, standardize: opts.standardize ?? true });
  const sweep =
    opts.k === 'auto'
      ? await kSweep(z, transform, {
          kMin: opts.kMin,
          kMax: opts.kMax,
          restarts: opts.restarts,
          seed,
          path: opts.path,
          helpers: opts.helpers,
          silhouetteSampleSize: opts.silhouetteSampleSize,
          onProgress: opts.onProgress,
        })
      : null;
  const k = sweep ? sweep.suggestedK : (opts.k as number);
  const fit = await kmeansFit(z, transform, { k, restarts: opts.restarts, seed, path: opts.path, helpers: opts.helpers, onProgress: opts.onProgress });
  const silhouette = silhouetteScore(z, fit.labels, k, { sampleSize: opts.silhouetteSampleSize ?? 10_000, seed });
  return {
    k,
    fit,
    silhouette,
    sweep,
    profile: segmentProfile(x, fit.labels, k, names),
    map: pca(z, { components: Math.min(2, z.cols), sampleSize: opts.mapSampleSize ?? 5_000, seed }),
  };
}
