// The readable decision tree (CART) for churn: training with an inner search, prediction, the view in words.
export { trainTree, predictTree, treeLogits, treeLeaves, type TreeModel } from './train';
export { defaultTreeOptions, resolveTreeOptions, type TreeOptions } from './options';
export type { Criterion } from './grow';
