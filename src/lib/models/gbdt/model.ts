// The trained model: plain JSON data (number arrays, no classes, no Infinity) so it survives
// JSON.stringify, structured clone to workers and IndexedDB unchanged.
import type { GbdtOptions } from './options';

/** One tree as parallel arrays over its nodes; node 0 is the root. */
export interface GbdtTree {
  /** Feature tested at the node; -1 for a leaf. */
  feature: number[];
  /** Raw cut: a present value v goes left when v <= threshold (Number.MAX_VALUE: every present value goes left). */
  threshold: number[];
  /** The same cut as a training bin index (bins <= bin go left). */
  bin: number[];
  /** Where missing (NaN) values go. */
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Leaf output added to the margin (learning rate applied); on inner nodes, the output the node would have as a leaf. */
  value: number[];
  /** Loss reduction of the node's split (0 on leaves). */
  gain: number[];
  /** Training rows that reached the node (after subsampling). */
  count: number[];
  /** Sum of hessians of those rows (the "cover", for tree explanations). */
  hessian: number[];
}

export interface GbdtModel {
  kind: 'gbdt';
  version: 1;
  /** Columns of X the model expects. */
  features: number;
  /** Margin before any tree: log-odds of the (weighted) positive rate. */
  baseScore: number;
  trees: GbdtTree[];
  /** Weighted mean log-loss on the training rows after each round (all rounds run, also past the kept ones). */
  trainLoss: number[];
  /** Same on the validation rows (empty without validation). */
  validLoss: number[];
  /** Rounds kept (= trees.length); the best validation round when early stopping ran. */
  bestIteration: number;
  /** True when training ended before nEstimators because validation loss stopped improving. */
  stoppedEarly: boolean;
  options: GbdtOptions;
}
