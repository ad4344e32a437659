// The readable view of a fitted churn decision tree (shared by tree-core, which builds it, and the Churn page,
// which draws it). Conditions are in words over SOURCE columns, e.g. "Contract is Month-to-month": encoded
// features are mapped back through the churn pipeline (one-hot levels to "is" / "is not", standardised
// thresholds to raw units, missing indicators to "is missing"), and the tests on one column along a path
// are merged into one condition ("12.5 <= tenure < 30").
import { MISSING_LEVEL, OTHER_LEVEL, type ColumnStep, type FittedPipeline } from '../../features/churn/pipeline';
import type { TreeModel } from './train';

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

/** What an encoded feature means in its source column. */
type FeatureMeaning =
  | { kind: 'number'; column: string; label: string; mean: number; std: number; integer: boolean }
  | { kind: 'missing'; column: string }
  | { kind: 'boolean'; column: string }
  | { kind: 'level'; column: string; level: string; levels: string[] };

function meanings(p: FittedPipeline): FeatureMeaning[] {
  const out: FeatureMeaning[] = [];
  for (const s of p.steps as ColumnStep[]) {
    if (s.kind === 'categorical') {
      const levels = s.other ? [...s.levels, OTHER_LEVEL] : s.levels;
      for (const level of levels) out.push({ kind: 'level', column: s.column, level, levels });
      continue;
    }
    if (s.kind === 'boolean') out.push({ kind: 'boolean', column: s.column });
    else out.push({ kind: 'number', column: s.column, label: s.kind === 'date' ? `${s.column} (days ago)` : s.column, mean: s.mean, std: s.std, integer: s.kind === 'numeric' && s.integer === true });
    if (s.indicator) out.push({ kind: 'missing', column: s.column });
  }
  return out;
}

/** A raw threshold rounded to 4 significant digits (thresholds are midpoints, so this keeps the side of every value in practice). */
export function roundThreshold(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(v))));
  return String(Number(v.toFixed(Math.min(digits, 10))));
}

const levelName = (level: string): string => (level === MISSING_LEVEL ? 'missing' : level);

function listOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** One test in words, phrased exactly as the rule list phrases it (the diagram's edges and the rules agree). */
function edgeText(meaning: FeatureMeaning[], test: { feature: number; threshold: number; left: boolean }): string {
  return pathConditions(meaning, [test]).join(' and ');
}

interface ColumnTests {
  column: string;
  label?: string;
  integer?: boolean; // every training value whole: thresholds said in whole numbers
  lower?: number; // value >= lower (raw)
  upper?: number; // value < upper (raw)
  missing?: boolean;
  flag?: boolean;
  is?: string;
  not: Set<string>;
  levels?: string[];
}

function mergedText(c: ColumnTests): string[] {
  const out: string[] = [];
  if (c.missing === true) out.push(`${c.column} is missing`);
  if (c.flag !== undefined) out.push(`${c.column} is ${c.flag ? 'true' : 'false'}`);
  if (c.lower !== undefined || c.upper !== undefined) {
    const label = c.label ?? c.column;
    if (c.integer) {
      // Whole numbers only: x >= 15.5 is x >= 16 and x < 15.5 is x <= 15.
      const lo = c.lower === undefined ? undefined : Math.ceil(c.lower);
      const hi = c.upper === undefined ? undefined : Math.ceil(c.upper) - 1;
      if (lo !== undefined && hi !== undefined) out.push(lo === hi ? `${label} = ${lo}` : `${lo} <= ${label} <= ${hi}`);
      else if (hi !== undefined) out.push(`${label} <= ${hi}`);
      else out.push(`${label} >= ${lo}`);
    } else if (c.lower !== undefined && c.upper !== undefined) out.push(`${roundThreshold(c.lower)} <= ${label} < ${roundThreshold(c.upper)}`);
    else if (c.upper !== undefined) out.push(`${label} < ${roundThreshold(c.upper)}`);
    else out.push(`${label} >= ${roundThreshold(c.lower as number)}`);
  }
  if (c.missing === false && c.lower === undefined && c.upper === undefined) out.push(`${c.column} is not missing`);
  if (c.is !== undefined) out.push(`${c.column} is ${levelName(c.is)}`);
  else if (c.not.size && c.levels) {
    const remaining = c.levels.filter((l) => !c.not.has(l)).map(levelName);
    const excluded = c.levels.filter((l) => c.not.has(l)).map(levelName);
    if (remaining.length && remaining.length <= 2) out.push(`${c.column} is ${listOr(remaining)}`);
    else if (excluded.length === 1) out.push(`${c.column} is not ${excluded[0]}`);
    else out.push(`${c.column} is neither ${listOr(excluded).replace(/ or ([^,]*)$/, ' nor $1')}`);
  }
  return out;
}

/** The conditions on one root-to-leaf path (pairs of feature index and side), merged per source column in order of first use. */
export function pathConditions(meaning: FeatureMeaning[], tests: { feature: number; threshold: number; left: boolean }[]): string[] {
  const byColumn = new Map<string, ColumnTests>();
  for (const t of tests) {
    const m = meaning[t.feature];
    let c = byColumn.get(m.column);
    if (!c) byColumn.set(m.column, (c = { column: m.column, not: new Set() }));
    if (m.kind === 'number') {
      const raw = t.threshold * m.std + m.mean;
      c.label = m.label;
      c.integer = m.integer;
      if (t.left) c.upper = c.upper === undefined ? raw : Math.min(c.upper, raw);
      else c.lower = c.lower === undefined ? raw : Math.max(c.lower, raw);
    } else if (m.kind === 'missing') c.missing = !t.left;
    else if (m.kind === 'boolean') c.flag = !t.left;
    else {
      c.levels = m.levels;
      if (!t.left) c.is = m.level;
      else c.not.add(m.level);
    }
  }
  return [...byColumn.values()].flatMap(mergedText);
}

/** The rules (leaves ranked by churn rate) and the diagram of a tree fitted on features of `pipeline`. */
export function treeView(model: TreeModel, pipeline: FittedPipeline, aucMean: number): TreeView {
  const meaning = meanings(pipeline);
  if (meaning.length !== model.features) throw new Error(`The tree expects ${model.features} features, the pipeline makes ${meaning.length}`);
  const nodes: TreeDiagramNode[] = [];
  const leafPaths: { node: number; conditions: string[] }[] = [];
  const rate = (i: number): number => (model.customers[i] > 0 ? model.churners[i] / model.customers[i] : 0);
  const visit = (i: number, parent: number, depth: number, condition: string, tests: { feature: number; threshold: number; left: boolean }[]): void => {
    nodes[i] = { id: i, parent, depth, condition, customers: model.customers[i], churners: model.churners[i], churnRate: rate(i), rule: -1 };
    const f = model.feature[i];
    if (f < 0) {
      leafPaths.push({ node: i, conditions: pathConditions(meaning, tests) });
      return;
    }
    const th = model.threshold[i];
    visit(model.left[i], i, depth + 1, edgeText(meaning, { feature: f, threshold: th, left: true }), [...tests, { feature: f, threshold: th, left: true }]);
    visit(model.right[i], i, depth + 1, edgeText(meaning, { feature: f, threshold: th, left: false }), [...tests, { feature: f, threshold: th, left: false }]);
  };
  visit(0, -1, 0, '', []);
  leafPaths.sort((a, b) => rate(b.node) - rate(a.node) || model.customers[b.node] - model.customers[a.node] || a.node - b.node);
  const rules: TreeRule[] = leafPaths.map((l, id) => {
    nodes[l.node].rule = id;
    return { id, conditions: l.conditions, customers: model.customers[l.node], churners: model.churners[l.node], churnRate: rate(l.node) };
  });
  return { rules, nodes, depth: model.depth, leaves: model.leaves, criterion: model.criterion, minLeaf: model.minLeaf, aucMean };
}

/** Per row, the TreeRule.id of the leaf it reaches (`leaves` from treeLeaves), -1 for rows not scored. */
export function ruleOfLeaves(view: TreeView, leaves: Int32Array): Int16Array {
  const ruleOf = new Int16Array(view.nodes.length).fill(-1);
  for (const n of view.nodes) ruleOf[n.id] = n.rule;
  return Int16Array.from(leaves, (l) => (l >= 0 && l < ruleOf.length ? ruleOf[l] : -1));
}
