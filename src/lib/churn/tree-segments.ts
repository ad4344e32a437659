// The decision tree's rules as a saved segmentation (kind 'segmentation'): each scored customer's segment is
// the short label of its leaf's rule ("Tree rule 1" = the highest churn rate), so the action list, which
// joins the saved segmentation and matches its rules by segment name, can target one rule's customers.
import type { TreeView } from '../models/tree/view';
import type { SavedSegmentation } from '../segment/types';
import type { ChurnScores } from './types';

/** The segment of customers in no rule's leaf (scores without a leaf for them). */
export const NO_TREE_RULE = 'No tree rule';

/** A rule's segment name: its number on the Churn page (its rank by churn rate, 1 = highest). */
export const treeRuleLabel = (rank: number): string => `Tree rule ${rank}`;

/** What was saved, for the page to say. */
export interface ChurnTreeSegments {
  id: string;
  name: string;
  customers: number;
  /** Per rule in ranked order: its segment label and how many scored customers it holds. */
  segments: { label: string; rule: number; customers: number }[];
}

export function treeSegmentation(scores: Pick<ChurnScores, 'datasetId' | 'customers' | 'rule'>, tree: Pick<TreeView, 'rules'>, datasetName: string, id: string, createdAt: number): SavedSegmentation {
  const leaf = scores.rule;
  if (!leaf) throw new Error('These scores have no decision-tree rules: train with the decision tree (or auto) first');
  const labels = new Map(tree.rules.map((r, k) => [r.id, treeRuleLabel(k + 1)]));
  const segment = Array.from(scores.customers, (_, i) => labels.get(leaf[i]) ?? NO_TREE_RULE);
  return { id, name: `Churn tree rules · ${datasetName}`, createdAt, datasetId: scores.datasetId, customers: [...scores.customers], segment };
}

/** The summary of a saved tree segmentation (customers per rule, in ranked order). */
export function treeSegmentsSummary(saved: SavedSegmentation, tree: Pick<TreeView, 'rules'>): ChurnTreeSegments {
  const counts = new Map<string, number>();
  for (const s of saved.segment) counts.set(s, (counts.get(s) ?? 0) + 1);
  const segments = tree.rules.map((r, k) => ({ label: treeRuleLabel(k + 1), rule: r.id, customers: counts.get(treeRuleLabel(k + 1)) ?? 0 }));
  return { id: saved.id, name: saved.name, customers: saved.customers.length, segments };
}
