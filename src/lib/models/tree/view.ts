// The readable view of a fitted churn decision tree (shared by tree-core, which builds it, and the Churn page,
// which draws it). Conditions are in words over SOURCE columns, e.g. "Contract is Month-to-month".

/** One leaf as a rule: every condition on the path from the root holds. */
export interface TreeRule { id: number; conditions: string[]; customers: number; churners: number; churnRate: number }

export interface TreeDiagramNode {
  id: number;
  parent: number /* -1 root */;
  depth: number;
  condition: string /* the test on the edge from the parent, in words; '' at the root */;
  customers: number;
  churners: number;
  churnRate: number;
  rule: number /* TreeRule.id at a leaf, -1 inside */;
}

export interface TreeView {
  rules: TreeRule[] /* ranked by churnRate, highest first */;
  nodes: TreeDiagramNode[];
  depth: number;
  leaves: number;
  criterion: 'gini' | 'entropy';
  minLeaf: number;
  aucMean: number;
}
