// The trained forest: plain JSON data (number arrays, no typed arrays, no Infinity) so it survives
// JSON.stringify (model.json files), structured clone to workers and IndexedDB unchanged. Splits are
// stored as bin indices into per-feature cut lists: small integers keep the saved model compact.
import type { ForestOptions } from './options';

/** One tree as parallel arrays over its nodes in preorder: node 0 is the root, a node's left child is the next node. */
export interface ForestTree {
  /** Feature tested at the node; -1 for a leaf. */
  feature: number[];
  /** Split bin: a present value goes left when its bin is <= bin, i.e. v <= cuts[feature][bin] (no cut there: every present value). */
  bin: number[];
  /** 1 when missing values go left. */
  missingLeft: number[];
  /** Index of the right child (0 on leaves). */
  right: number[];
  /** Leaf: share of churners among the bootstrap rows that reached it (0 inside). */
  value: number[];
  /** Bootstrap-weighted training rows reaching the node (for TreeSHAP); absent in forests saved before it was stored. */
  cover?: number[];
}

export interface ForestModel {
  kind: 'forest';
  version: 1;
  /** Columns of X the model expects. */
  features: number;
  /** Per feature: the bin upper edges (as Binning.cuts of the GBDT). */
  cuts: number[][];
  trees: ForestTree[];
  /** ROC AUC of the out-of-bag predictions on the training rows (NaN-free: absent without bootstrap or with too few trees). */
  oobAuc?: number;
  options: ForestOptions;
}
