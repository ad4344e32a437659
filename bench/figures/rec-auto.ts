// rec-auto-9724 in the bench worker: the Recommendations run with auto (default 2-minute budget) on the
// generated 610 x 9,724 x 100,000 shape, end to end (compare, choose, refit the served model), and EASE alone
// at lambda 250 on the same split for the quality floor.
import * as tf from '@tensorflow/tfjs';
import type { RecommendRequest } from '../../src/contract/recommend';
import { catalogueNames, disposeServed, evaluateModels, runRecommend } from '../../src/lib/recommend';
import { RATINGS_9724, syntheticEvents } from '../../src/lib/models/recommend/synthetic';
import { ready } from '../models';

export interface RecAutoFigures {
  seconds: number;
  backend: string;
  served: string;
  setting: string;
  hr: number;
  ndcg: number;
  easeHr: number;
  easeNdcg: number;
  easeSeconds: number;
  notes: string[];
  users: number;
  items: number;
  interactions: number;
}

export async function recAuto9724(budgetSeconds?: number): Promise<RecAutoFigures> {
  await ready();
  const events = syntheticEvents(RATINGS_9724);
  const request: RecommendRequest = { datasetId: 'synthetic-9724', customer: 'user', item: 'item', date: 'time', weighting: 'binary', k: 10, models: ['itemknn', 'ease', 'als'], auto: true, seed: 42, ...(budgetSeconds ? { budgetSeconds } : {}) };
  const t0 = performance.now();
  const run = await runRecommend(events, catalogueNames(request, null, events.itemIds), request, { backend: tf.getBackend() });
  const seconds = (performance.now() - t0) / 1000;
  disposeServed(run.served);
  const served = run.result.rows.find((r) => r.model === run.result.served.model)!;
  const t1 = performance.now();
  const ease = await evaluateModels(events, { ...request, models: ['ease'], auto: false, params: { ease: { lambda: 250 } } }, { backend: tf.getBackend() });
  const easeSeconds = (performance.now() - t1) / 1000;
  const easeRow = ease.rows.find((r) => r.model === 'ease')!;
  return {
    seconds,
    backend: tf.getBackend(),
    served: served.model,
    setting: served.setting,
    hr: served.hrAtK,
    ndcg: served.ndcgAtK,
    easeHr: easeRow.hrAtK,
    easeNdcg: easeRow.ndcgAtK,
    easeSeconds,
    notes: run.result.notes,
    users: events.userIds.length,
    items: events.itemIds.length,
    interactions: events.user.length,
  };
}
