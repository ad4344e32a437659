import { describe, expect, it } from 'vitest';
import { evaluateScorer } from './evaluate';
import { eventsFromTable, interactionMatrix } from './interactions';
import { fitPopularity } from './popularity';
import { splitEvents } from './split';
import { movielensTable } from './testdata';

describe('evaluateScorer on MovieLens 100K, leave-last-out (reference section 4)', () => {
  const events = eventsFromTable(movielensTable(), { user: 'user', item: 'item', time: 'time' });
  const split = splitEvents(events, 'leave-last-out');
  const train = interactionMatrix(events, { scheme: 'binary' }, split.train);

  it('popularity reproduces HR@10 0.0498 and NDCG@10 0.0253', async () => {
    const m = await evaluateScorer(fitPopularity(train), train, split.test, 10);
    expect(m.users).toBe(943);
    expect(Math.abs(m.hrAtK - 0.0498)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(m.ndcgAtK - 0.0253)).toBeLessThanOrEqual(0.001);
  });
});
