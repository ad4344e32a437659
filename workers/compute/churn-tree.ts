// The churn decision tree's rules saved as a segmentation the action list can target (kind 'segmentation',
// the one it joins). Reads the stored last run: its scores carry each customer's leaf, its view the rules.
import type { ChurnApi } from '../../src/contract';
import { treeSegmentation, treeSegmentsSummary } from '../../src/lib/churn/tree-segments';
import { loadResult, saveResult } from '../../src/storage/results';

export const churnTreeApi: Pick<ChurnApi, 'churnSaveTreeSegments'> = {
  async churnSaveTreeSegments() {
    const record = await loadResult('churn');
    const tree = record?.value.run?.tree;
    if (!record || !tree || !record.value.scores.rule) throw new Error('Train a churn model with the decision tree (or auto) first: the last scores have no tree rules');
    const { scores, scored } = record.value;
    const saved = treeSegmentation(scores, tree, scored.datasetName, crypto.randomUUID(), Date.now());
    const stored = await saveResult('segmentation', saved, { datasets: [saved.datasetId], settings: { name: saved.name } });
    if (!stored) throw new Error('The dataset of these scores was deleted: train again to target its rules');
    return treeSegmentsSummary(saved, tree);
  },
};
