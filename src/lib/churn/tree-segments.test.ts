import { describe, expect, it } from 'vitest';
import { NO_TREE_RULE, treeSegmentation, treeSegmentsSummary } from './tree-segments';

describe('treeSegmentation', () => {
  it("labels each customer with its leaf's rule by rank (1 = highest churn) and counts them", () => {
    // Rules ranked by churn rate: id 7 first, then 2, then 5.
    const tree = { rules: [7, 2, 5].map((id) => ({ id, conditions: [], customers: 0, churners: 0, churnRate: 0 })) };
    const scores = { datasetId: 'ds', customers: ['a', 'b', 'c', 'd', 'e'], rule: Int16Array.from([2, 7, 2, -1, 5]) };
    const saved = treeSegmentation(scores, tree, 'telco', 'id1', 123);
    expect(saved).toEqual({ id: 'id1', name: 'Churn tree rules · telco', createdAt: 123, datasetId: 'ds', customers: ['a', 'b', 'c', 'd', 'e'], segment: ['Tree rule 2', 'Tree rule 1', 'Tree rule 2', NO_TREE_RULE, 'Tree rule 3'] });
    expect(treeSegmentsSummary(saved, tree)).toEqual({
      id: 'id1',
      name: 'Churn tree rules · telco',
      customers: 5,
      segments: [
        { label: 'Tree rule 1', rule: 7, customers: 1 },
        { label: 'Tree rule 2', rule: 2, customers: 2 },
        { label: 'Tree rule 3', rule: 5, customers: 1 },
      ],
    });
    expect(() => treeSegmentation({ datasetId: 'ds', customers: ['a'] }, tree, 'x', 'i', 0)).toThrow(/no decision-tree rules/);
  });
});
