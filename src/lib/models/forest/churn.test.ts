// The forest as a churn model kind: its leaderboard row carries the out-of-bag AUC, and its saved
// model scores the same after going through a model.json file.
import { describe, expect, it } from 'vitest';
import { trainChurn } from '../churn/train';
import { scoreTable, type SavedChurnModel } from '../churn/saved';
import { syntheticChurn } from '../../features/churn/testdata';

describe('random forest in the churn analysis', () => {
  it('shows its out-of-bag AUC in the leaderboard and scores the same after a JSON round trip', async () => {
    const t = syntheticChurn(600, 4);
    const r = await trainChurn(t, { target: 'Churn', model: 'forest', folds: 3, models: { forest: { nEstimators: 60 } }, reasonRows: 20 });
    const row = r.leaderboard[0];
    expect(row.kind).toBe('forest');
    expect(row.oobAuc).toBeGreaterThan(0.6);
    // out-of-bag rows are unseen by their trees: the estimate tracks the held-out folds
    expect(Math.abs((row.oobAuc as number) - row.aucMean)).toBeLessThan(0.05);
    expect(r.saved.model.kind).toBe('forest');
    const back = JSON.parse(JSON.stringify(r.saved)) as SavedChurnModel;
    expect(Array.from(scoreTable(back, t).probability)).toEqual(Array.from(scoreTable(r.saved, t).probability));
    expect(r.importance[0].feature).toBe('risk');
  });
});
