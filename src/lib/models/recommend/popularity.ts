// The baseline every other model must beat: rank items by how many customers have them.
import { columnCounts, type Csr } from './csr';
import type { Scorer } from './scorer';

export interface PopularityModel extends Scorer {
  /** Distinct customers per item. */
  readonly counts: Int32Array;
}

export function fitPopularity(train: Csr): PopularityModel {
  const counts = columnCounts(train);
  return {
    name: 'popularity',
    nItems: train.cols,
    counts,
    score(users, out) {
      for (let b = 0; b < users.length; b++) out.set(counts, b * train.cols);
      return Promise.resolve();
    },
    dispose() {},
  };
}
