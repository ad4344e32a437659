// Gradient-boosted decision trees for binary targets (histogram-based, LightGBM-style).
export { setGbdtThreads, trainGbdt, trainGbdtThreaded, type Dataset, type SharingReport } from './train';
export { predictGbdt, predictGbdtRaw, splitGainImportance, splitCountImportance } from './predict';
export type { GbdtModel, GbdtTree } from './model';
export {
  DEFAULT_GBDT_OPTIONS,
  DEFAULT_DEPTHWISE_DEPTH,
  resolveGbdtOptions,
  type GbdtOptions,
  type Growth,
} from './options';
