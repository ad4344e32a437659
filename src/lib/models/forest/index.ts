// Random forest for binary targets: bagged classification trees with a feature draw at each split.
export { trainForest, fitForest, type ForestFit } from './train';
export { predictForest, forestLogits, forestProbability, FOREST_CLIP } from './predict';
export type { ForestModel, ForestTree } from './model';
export { DEFAULT_FOREST_OPTIONS, resolveForestOptions, type ForestOptions } from './options';
