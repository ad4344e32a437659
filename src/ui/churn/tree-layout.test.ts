import { describe, expect, it } from 'vitest';
import type { TreeDiagramNode, TreeRule } from '../../lib/models/tree/view';
import { NODE_WIDTH, layoutTree, rateColor, wrapText } from './tree-layout';
import { textWidth } from '../charts/layout/text';

/** A complete binary tree of the given depth (2^depth leaves), churn rising from left to right. */
function fullTree(depth: number): { nodes: TreeDiagramNode[]; rules: TreeRule[] } {
  const nodes: TreeDiagramNode[] = [];
  const leaves: TreeDiagramNode[] = [];
  const add = (parent: number, d: number, condition: string, customers: number): number => {
    const id = nodes.length;
    const node: TreeDiagramNode = { id, parent, depth: d, condition, customers, churners: 0, churnRate: 0, rule: -1 };
    nodes.push(node);
    if (d === depth) leaves.push(node);
    else {
      add(id, d + 1, `PaymentMethod is Electronic check or Mailed check (${id})`, customers / 2);
      add(id, d + 1, `tenure ≥ ${id}.5`, customers / 2);
    }
    return id;
  };
  add(-1, 0, '', 1 << 12);
  leaves.forEach((l, k) => {
    l.churnRate = (k + 1) / (leaves.length + 1);
    l.churners = Math.round(l.churnRate * l.customers);
    l.rule = 100 + k;
  });
  const rules = leaves
    .map((l): TreeRule => ({ id: l.rule, conditions: [], customers: l.customers, churners: l.churners, churnRate: l.churnRate }))
    .sort((a, b) => b.churnRate - a.churnRate);
  return { nodes, rules };
}

describe('layoutTree', () => {
  it('lays 16 leaves out top-down without overlaps, each child below its parent and joined by an edge', () => {
    const view = fullTree(4);
    const layout = layoutTree(view);
    expect(layout.nodes).toHaveLength(31);
    expect(layout.edges).toHaveLength(30);
    for (const a of layout.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (const b of layout.nodes) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} and ${b.id} overlap`).toBe(false);
      }
    }
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const e of layout.edges) {
      const p = byId.get(e.from)!;
      const c = byId.get(e.to)!;
      expect(view.nodes[c.id].parent).toBe(p.id);
      expect(c.y).toBeGreaterThan(p.y + p.height);
      expect(e.path.startsWith(`M${p.x + p.width / 2},${p.y + p.height}`)).toBe(true);
      // The edge ends at its label, just above the child.
      const end = Number(e.path.split('V').at(-1));
      expect(e.path).toContain(`H${c.x + c.width / 2}V`);
      expect(end).toBeLessThan(e.label[0].y - 11);
      expect(end).toBeGreaterThan(p.y + p.height);
    }
    // Leaves side by side: at most one box and gap each, plus a little between cousins.
    expect(layout.width).toBeLessThan(16 * (NODE_WIDTH + 10) * 1.25);
    expect(layout.width).toBeGreaterThanOrEqual(16 * NODE_WIDTH);
  });

  it('numbers leaves by their rank in the rule list; conditions label the edges, wrapped between the levels', () => {
    const view = fullTree(2);
    const layout = layoutTree(view);
    const leaves = layout.nodes.filter((n) => n.rule >= 0);
    expect(leaves.map((n) => n.ruleNumber).sort()).toEqual([1, 2, 3, 4]);
    // The riskiest leaf (rightmost here) is rule 1.
    const rightmost = leaves.reduce((a, b) => (b.x > a.x ? b : a));
    expect(rightmost.ruleNumber).toBe(1);
    expect(rightmost.lines.at(-1)).toMatchObject({ text: 'Rule 1', kind: 'rule' });
    expect(layout.nodes[0]).toMatchObject({ id: 0, y: 8 });
    expect(layout.nodes[0].lines.map((l) => l.text)).toEqual(['All customers', '4,096 customers', '0% churn']);
    for (const n of layout.nodes) {
      for (const l of n.lines) expect(textWidth(l.text, 11)).toBeLessThanOrEqual(NODE_WIDTH - 12);
      expect(n.lines.at(-1)!.dy).toBeLessThan(n.height);
    }
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const e of layout.edges) {
      const parent = byId.get(e.from)!;
      const child = byId.get(e.to)!;
      expect(e.condition).toBe(view.nodes[e.to].condition);
      expect(e.labelX).toBe(child.x + child.width / 2);
      expect(e.label.length).toBeGreaterThan(0);
      for (const l of e.label) {
        expect(textWidth(l.text, 11)).toBeLessThanOrEqual(NODE_WIDTH);
        // Between the connector below the parent and the child's box.
        expect(l.y - 11).toBeGreaterThan(parent.y + parent.height + 10);
        expect(l.y).toBeLessThan(child.y);
      }
    }
    const long = layout.edges.find((e) => e.to === 1)!;
    expect(long.label.length).toBeGreaterThan(1);
    expect(long.condition).toBe('PaymentMethod is Electronic check or Mailed check (0)');
  });

  it('wraps at spaces and truncates past the last line; colours darken with churn', () => {
    expect(wrapText('Contract is Month-to-month', 96, 3)).toEqual(['Contract is', 'Month-to-month']);
    const long = wrapText('a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(4), 40, 2);
    expect(long).toHaveLength(2);
    expect(long[1].endsWith('…')).toBe(true);
    const lum = (hex: string) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
    expect(lum(rateColor(0.5, 0.5))).toBeLessThan(lum(rateColor(0.1, 0.5)));
    expect(rateColor(0.9, 0.5)).toBe(rateColor(0.5, 0.5));
  });

  it('lays out a single-node tree and an empty one', () => {
    const one = layoutTree({ nodes: [{ id: 0, parent: -1, depth: 0, condition: '', customers: 10, churners: 3, churnRate: 0.3, rule: 0 }], rules: [{ id: 0, conditions: [], customers: 10, churners: 3, churnRate: 0.3 }] });
    expect(one.nodes).toHaveLength(1);
    expect(one.edges).toHaveLength(0);
    expect(one.width).toBe(NODE_WIDTH + 16);
    expect(layoutTree({ nodes: [], rules: [] }).nodes).toHaveLength(0);
  });
});
