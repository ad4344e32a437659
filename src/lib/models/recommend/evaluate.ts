// Offline evaluation of one fitted model on a split: rank every item the user has not had in
// training, then score the held-out item.
import type { ProgressFn } from '../../progress';
import type { Csr } from './csr';
import { heldOutRanks, rankingMetrics, type RankingMetrics } from './metrics';
import type { Scorer } from './scorer';
import { topN } from './topn';

export async function evaluateScorer(
  scorer: Scorer,
  train: Csr,
  test: Int32Array,
  k: number,
  onProgress?: ProgressFn,
): Promise<RankingMetrics> {
  return (await evaluateWithRanks(scorer, train, test, k, onProgress)).metrics;
}

/** The metrics and each user's rank of their held-out item (heldOutRanks), for paired comparisons of models. */
export async function evaluateWithRanks(
  scorer: Scorer,
  train: Csr,
  test: Int32Array,
  k: number,
  onProgress?: ProgressFn,
): Promise<{ metrics: RankingMetrics; ranks: Int32Array }> {
  const users = Int32Array.from({ length: test.length }, (_, u) => u);
  const top = await topN(scorer, train, users, k, { onProgress });
  return { metrics: rankingMetrics(top.items, k, test, train.cols), ranks: heldOutRanks(top.items, k, test) };
}
