// The tree diagram in real Chromium at the size of a 1280-px page: 16 leaves stay readable (boxes at their
// natural size, the card scrolls instead of the page), a leaf selects its rule, and the export carries the text.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../app.css';
import type { TreeDiagramNode, TreeRule, TreeView } from '../../lib/models/tree/view';
import { svgToString } from '../charts/export';
import TreeDiagram from './TreeDiagram.svelte';

const hosts: { app: Record<string, unknown>; host: HTMLElement }[] = [];
afterEach(() => {
  for (const { app, host } of hosts.splice(0)) {
    unmount(app);
    host.remove();
  }
});

/** A telco-like tree: 16 leaves at depths 3 to 5, conditions as tree-core words them. */
function telcoTree(): TreeView {
  const nodes: TreeDiagramNode[] = [];
  const splits = [
    ['Contract is Month-to-month', 'Contract is One year or Two year'],
    ['InternetService is Fiber optic', 'InternetService is DSL or No'],
    ['tenure < 12.5', 'tenure ≥ 12.5'],
    ['PaymentMethod is Electronic check', 'PaymentMethod is Bank transfer (automatic), Credit card (automatic) or Mailed check'],
    ['TotalCharges is missing', 'MonthlyCharges ≥ 93.7'],
  ];
  let leaf = 0;
  // A full depth-4 tree, but the rightmost depth-3 node stays a leaf and the leftmost depth-4 one splits: 16 leaves.
  const grow = (parent: number, depth: number, condition: string, customers: number, rate: number, path: string) => {
    const id = nodes.length;
    nodes.push({ id, parent, depth, condition, customers, churners: Math.round(customers * rate), churnRate: rate, rule: -1 });
    if (!(depth < 3 || (depth === 3 && path !== '111') || path === '0000')) {
      nodes[id].rule = leaf++;
      return;
    }
    const [a, b] = splits[depth];
    grow(id, depth + 1, a, Math.round(customers * 0.45), Math.min(0.95, rate * 1.4), path + '0');
    grow(id, depth + 1, b, Math.round(customers * 0.55), rate * 0.6, path + '1');
  };
  grow(-1, 0, '', 7043, 0.265, '');
  const leaves = nodes.filter((n) => n.rule >= 0);
  const rules: TreeRule[] = leaves
    .map((n) => ({ id: n.rule, conditions: [n.condition], customers: n.customers, churners: n.churners, churnRate: n.churnRate }))
    .sort((x, y) => y.churnRate - x.churnRate);
  return { rules, nodes, depth: Math.max(...nodes.map((n) => n.depth)), leaves: leaves.length, criterion: 'gini', minLeaf: 20, aucMean: 0.83 };
}

describe('TreeDiagram', () => {
  it('shows 16 leaves readably inside a 1200-px card without widening the page, and a leaf selects its rule', async () => {
    const tree = telcoTree();
    expect(tree.leaves).toBe(16);
    await page.viewport(1280, 900);
    const host = document.createElement('div');
    host.style.width = '1200px';
    host.style.background = 'var(--bg)';
    document.body.append(host);
    let picked = -1;
    const app = mount(TreeDiagram, { target: host, props: { tree, selected: 2, onselect: (n: number) => (picked = n) } });
    hosts.push({ app, host });
    flushSync();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

    expect(host.scrollWidth).toBeLessThanOrEqual(1200);
    const scroll = host.querySelector<HTMLElement>('[data-testid="churn-tree-diagram"]')!;
    const svg = scroll.querySelector<SVGSVGElement>('svg[data-chart]')!;
    // Drawn at its natural size (text never scaled down): as wide as its layout, scrolling when wider.
    expect(svg.getBoundingClientRect().width).toBe(Number(svg.getAttribute('width')));
    if (svg.getBoundingClientRect().width > scroll.clientWidth) expect(scroll.scrollWidth).toBeGreaterThan(scroll.clientWidth);
    // No two boxes overlap on screen, and no text runs out of its box.
    const rects = [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
    expect(rects).toHaveLength(tree.nodes.length);
    for (const t of svg.querySelectorAll('g.node text')) {
      const b = t.getBoundingClientRect();
      const box = (t.parentElement as unknown as SVGGElement).querySelector('rect')!.getBoundingClientRect();
      expect(b.left).toBeGreaterThanOrEqual(box.left - 0.5);
      expect(b.right).toBeLessThanOrEqual(box.right + 0.5);
    }
    const leaves = svg.querySelectorAll<SVGGElement>('g.leaf');
    expect(leaves).toHaveLength(16);
    expect(svg.querySelectorAll('g.leaf.selected')).toHaveLength(1);
    svg.querySelector<SVGGElement>('g.leaf[data-rule="5"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toBe(5);
    // Clicking the selected leaf again clears the selection.
    svg.querySelector<SVGGElement>('g.leaf[data-rule="2"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(picked).toBe(0);

    // Each edge's condition sits between the levels, clear of every box.
    const labels = [...svg.querySelectorAll('text.condition')].map((t) => t.getBoundingClientRect());
    expect(labels).toHaveLength(tree.nodes.length - 1);
    for (const l of labels) for (const r of rects) expect(l.bottom <= r.top || l.top >= r.bottom || l.right <= r.left || l.left >= r.right).toBe(true);

    // The selected rule's leaf opens in view; with none selected, Rule 1's (the highest churn), and a cue says the card scrolls.
    const inView = (rule: number) => {
      const b = svg.querySelector(`g.leaf[data-rule="${rule}"] rect`)!.getBoundingClientRect();
      const s = scroll.getBoundingClientRect();
      return b.left >= s.left - 0.5 && b.right <= s.right + 0.5;
    };
    expect(inView(2)).toBe(true);
    expect(scroll.scrollWidth).toBeGreaterThan(scroll.clientWidth);
    expect(host.querySelector('[data-testid="churn-tree-scroll-cue"]')?.textContent).toContain('Scroll sideways to see all 16 leaves');
    const host0 = document.createElement('div');
    host0.style.width = '1200px';
    document.body.append(host0);
    const app0 = mount(TreeDiagram, { target: host0, props: { tree, selected: 0, onselect: () => {} } });
    hosts.push({ app: app0, host: host0 });
    flushSync();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const scroll0 = host0.querySelector<HTMLElement>('[data-testid="churn-tree-diagram"]')!;
    // Rule 1 is the leftmost leaf here: centring the root (the old opening) scrolled it out of view.
    const r1 = scroll0.querySelector('g.leaf[data-rule="1"] rect')!.getBoundingClientRect();
    const s0 = scroll0.getBoundingClientRect();
    expect(r1.left).toBeGreaterThanOrEqual(s0.left - 0.5);
    expect(r1.right).toBeLessThanOrEqual(s0.right + 0.5);

    const exported = svgToString(svg);
    expect(exported).toContain('Contract is');
    expect(exported).toContain('Rule 1');
    await page.screenshot({ path: '../../../tmp/tree-ui/tree-diagram-1280.png', element: host });
    // The whole diagram, for a look at every box.
    await page.viewport(2400, 900);
    host.style.width = '2300px';
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await page.screenshot({ path: '../../../tmp/tree-ui/tree-diagram-whole.png', element: host });
  });
});
