// The churn decision tree drawn top-down, computed as plain data (positions, wrapped text, colours) so it can be
// tested in Node. Boxes are nodes (customers, churn rate; a leaf's rule number); each edge carries its condition
// in words, just above the box it leads to. Boxes have a fixed width and the tidy tree layout (d3-hierarchy, Reingold-Tilford) packs them;
// the diagram keeps its natural size and its card scrolls, since a tree scaled to fit would shrink its text.
import { color as d3color, hierarchy, interpolateYlOrRd, tree as d3tree } from 'd3';
import type { TreeDiagramNode, TreeView } from '../../lib/models/tree/view';
import { textColorOn } from '../charts/layout/palette';
import { textWidth, truncate } from '../charts/layout/text';

export const NODE_WIDTH = 112;
const FONT = 11;
const LINE = 14;
const PAD = 6;
const GAP_X = 10;
/** From a box's bottom to the horizontal connector of its children, and around edge labels. */
const CONNECT = 10;
const LABEL_PAD = 4;
const MARGIN = 8;
/** Conditions wrap to at most this many lines (the full text is in the tooltip and the rule list). */
const MAX_CONDITION_LINES = 3;

export interface TreeLayoutLine {
  text: string;
  /** Baseline, relative to the box's top. */
  dy: number;
  kind: 'title' | 'stat' | 'rule';
}

export interface TreeLayoutNode {
  id: number;
  /** Box top-left and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  lines: TreeLayoutLine[];
  fill: string;
  textColor: string;
  /** TreeRule.id at a leaf, -1 inside. */
  rule: number;
  /** The rule's number as the page shows it (its rank, 1 = highest churn), 0 inside. */
  ruleNumber: number;
  /** Tooltip: the condition in full and the counts. */
  title: string;
}

export interface TreeLayoutEdge {
  from: number;
  to: number;
  /** An elbow from the parent's bottom centre to the child's top centre. */
  path: string;
  /** The condition in full (tooltip), and wrapped: lines centred on `labelX`, `y` their baselines. */
  condition: string;
  labelX: number;
  label: { text: string; y: number }[];
}

export interface TreeLayout {
  width: number;
  height: number;
  nodes: TreeLayoutNode[];
  edges: TreeLayoutEdge[];
  /** Churn rate at the top of the colour scale (the highest node's, at least 1%). */
  maxRate: number;
}

/** A churn rate as the diagram and the rule list both say it: one decimal under 10% (2.2%), whole percent above. */
export const ratePercent = (r: number): string => `${(r * 100).toFixed(r < 0.1 && r > 0 ? 1 : 0)}%`;
const pct = ratePercent;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

const fits = (text: string, width: number) => (textWidth(text, FONT) <= width ? text : null);

/** The fill of a node by its churn rate (0..maxRate on a yellow-orange-red scale, kept light enough for text). */
export function rateColor(rate: number, maxRate: number): string {
  const t = maxRate > 0 ? Math.min(1, Math.max(0, rate / maxRate)) : 0;
  return d3color(interpolateYlOrRd(0.05 + 0.75 * t))?.formatHex() ?? '#ffffff';
}

/** Splits text into lines no wider than `width` px, breaking at spaces; the last allowed line is truncated. */
export function wrapText(text: string, width: number, maxLines: number, fontSize = FONT): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let cur = '';
  for (let i = 0; i < words.length; i++) {
    const next = cur ? `${cur} ${words[i]}` : words[i];
    if (!cur || textWidth(next, fontSize) <= width) {
      cur = next;
      continue;
    }
    lines.push(cur);
    cur = words[i];
    if (lines.length === maxLines - 1) {
      cur = words.slice(i).join(' ');
      break;
    }
  }
  if (cur) lines.push(cur);
  return lines.map((l) => truncate(l, width, fontSize));
}

/** Lays the tree out top-down. `nodes` as in TreeView (parents before or after children: any order). */
export function layoutTree(view: Pick<TreeView, 'nodes' | 'rules'>): TreeLayout {
  const { nodes } = view;
  if (!nodes.length) return { width: 0, height: 0, nodes: [], edges: [], maxRate: 0 };
  const numbers = new Map(view.rules.map((r, k) => [r.id, k + 1]));
  const maxRate = Math.max(0.01, ...nodes.map((n) => n.churnRate));
  const inner = NODE_WIDTH - 2 * PAD;

  const boxes = new Map<number, { lines: TreeLayoutLine[]; height: number }>();
  const labels = new Map<number, string[]>();
  for (const n of nodes) {
    if (n.parent >= 0) labels.set(n.id, wrapText(n.condition, NODE_WIDTH, MAX_CONDITION_LINES));
    const texts: [string, TreeLayoutLine['kind']][] = [
      ...(n.parent < 0 ? [['All customers', 'title'] as [string, TreeLayoutLine['kind']]] : []),
      [fits(`${int(n.customers)} customers`, inner) ?? `${int(n.customers)} cust.`, 'stat'],
      [`${pct(n.churnRate)} churn`, 'stat'],
    ];
    if (n.rule >= 0) texts.push([`Rule ${numbers.get(n.rule) ?? '?'}`, 'rule']);
    const lines = texts.map(([text, kind], k) => ({ text, kind, dy: PAD + FONT + k * LINE }));
    boxes.set(n.id, { lines, height: 2 * PAD + (texts.length - 1) * LINE + FONT + 2 });
  }

  // Every level is as tall as its tallest box, so siblings' tops line up; above it, the connector from the
  // level before and a band as tall as its longest edge label.
  const depthOf = new Map(nodes.map((n) => [n.id, n.depth]));
  const levelHeight: number[] = [];
  const labelLines: number[] = [];
  for (const n of nodes) {
    levelHeight[n.depth] = Math.max(levelHeight[n.depth] ?? 0, boxes.get(n.id)!.height);
    labelLines[n.depth] = Math.max(labelLines[n.depth] ?? 0, labels.get(n.id)?.length ?? 0);
  }
  const levelTop: number[] = [];
  const connector: number[] = [];
  let top = MARGIN;
  for (let d = 0; d < levelHeight.length; d++) {
    if (d > 0) {
      connector[d] = top + CONNECT;
      top = connector[d] + 2 * LABEL_PAD + (labelLines[d] ?? 0) * LINE;
    }
    levelTop[d] = top;
    top += levelHeight[d] ?? 0;
  }

  const children = new Map<number, TreeDiagramNode[]>();
  let root: TreeDiagramNode | undefined;
  for (const n of nodes) {
    if (n.parent < 0) root = n;
    else children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  }
  if (!root) throw new Error('The tree has no root node');
  const h = hierarchy(root, (n) => children.get(n.id));
  // Boxes of one parent sit GAP_X apart; different parents' a little further, so the groups read as pairs.
  const placed = d3tree<TreeDiagramNode>()
    .nodeSize([NODE_WIDTH + GAP_X, 1])
    .separation((a, b) => (a.parent === b.parent ? 1 : 1.25))(h);
  let minX = Infinity;
  let maxX = -Infinity;
  placed.each((p) => {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
  });
  const shift = MARGIN + NODE_WIDTH / 2 - minX;

  const out: TreeLayoutNode[] = [];
  const edges: TreeLayoutEdge[] = [];
  const at = new Map<number, TreeLayoutNode>();
  // Breadth-first: the root comes first (the diagram scrolls it into view).
  placed.each((p) => {
    const n = p.data;
    const box = boxes.get(n.id)!;
    const fill = rateColor(n.churnRate, maxRate);
    const node: TreeLayoutNode = {
      id: n.id,
      x: p.x + shift - NODE_WIDTH / 2,
      y: levelTop[depthOf.get(n.id)!],
      width: NODE_WIDTH,
      height: box.height,
      lines: box.lines,
      fill,
      textColor: textColorOn(fill),
      rule: n.rule,
      ruleNumber: n.rule >= 0 ? (numbers.get(n.rule) ?? 0) : 0,
      title: `${n.parent < 0 ? 'All customers' : n.condition}: ${int(n.customers)} customers, ${int(n.churners)} churned (${pct(n.churnRate)})`,
    };
    out.push(node);
    at.set(n.id, node);
  });
  const source = new Map(nodes.map((n) => [n.id, n]));
  for (const n of out) {
    const p = at.get(source.get(n.id)!.parent);
    if (!p) continue;
    const x0 = p.x + p.width / 2;
    const y0 = p.y + p.height;
    const x1 = n.x + n.width / 2;
    const d = depthOf.get(n.id)!;
    const lines = labels.get(n.id) ?? [];
    // The label ends the edge, bottom-aligned just above the box it leads to: the line stops at its top.
    const labelTop = n.y - LABEL_PAD - lines.length * LINE;
    const first = labelTop + FONT;
    const condition = source.get(n.id)!.condition;
    const end = lines.length ? labelTop - 1 : n.y;
    edges.push({ from: p.id, to: n.id, path: `M${x0},${y0}V${connector[d]}H${x1}V${end}`, condition, labelX: x1, label: lines.map((text, k) => ({ text, y: first + k * LINE })) });
  }
  return { width: Math.ceil(maxX - minX + NODE_WIDTH + 2 * MARGIN), height: Math.ceil(top + MARGIN), nodes: out, edges, maxRate };
}
