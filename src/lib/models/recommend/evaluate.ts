// Offline evaluation of one fitted model on a split: rank every item the user has not had in
// training, then score the held-out item.
import type { ProgressFn } from '../../progress';
import type { Csr } from './csr';
import { rankingMetrics, type RankingMetrics } from './metrics';
import type { Scorer } from './scorer';
import { topN } from './topn';

export async function evaluateScorer(
  scorer: Scorer,
  train: Csr,
  test: Int32Array,
  k: number,
  onProgress?: ProgressFn,
): Promise<RankingMetrics> {
  const users = Int32Array.from({ length: test.length }, (_, u) => u);
  const top = await topN(scorer, train, users, k, { onProgress });
  return rankingMetrics(top.items, k, test, train.cols);
}
