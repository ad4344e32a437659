import { describe, expect, it } from 'vitest';
import { parseTable } from '../../data/parse-table';
import { encodeTarget } from '../../features/churn/target';
import { fitPipeline, transformTable, type FittedPipeline } from '../../features/churn/pipeline';
import { trainTree, treeLeaves, type TreeModel } from './train';
import { roundThreshold, ruleOfLeaves, treeView } from './view';

const CONTRACTS = ['Month-to-month', 'One year', 'Two year'];

/** Churned exactly when on a month-to-month contract with tenure <= 12; some TotalCharges blank. */
function customersCsv(): string {
  const lines = ['id,Contract,tenure,TotalCharges,Churn'];
  for (let i = 0; i < 1200; i++) {
    const contract = CONTRACTS[i % 3];
    const tenure = (i * 7) % 73;
    const churn = contract === 'Month-to-month' && tenure <= 12;
    lines.push(`c${i},${contract},${tenure},${i % 50 === 0 ? '' : (tenure * 65.5).toFixed(2)},${churn ? 'Yes' : 'No'}`);
  }
  return lines.join('\n') + '\n';
}

function setup(): { pipeline: FittedPipeline; X: Float32Array; rows: number; features: number; y: Float32Array } {
  const { table } = parseTable(new TextEncoder().encode(customersCsv()));
  const pipeline = fitPipeline(table, 'Churn');
  const m = transformTable(pipeline, table);
  const y = Float32Array.from(encodeTarget(table, 'Churn').y);
  return { pipeline, X: m.X, rows: m.rows, features: m.features, y };
}

/** Index of an encoded feature by name. */
const feat = (p: FittedPipeline, name: string): number => p.features.indexOf(name);

describe('treeView', () => {
  it('finds the known rule and states it over source columns in raw units', () => {
    const d = setup();
    const model = trainTree(d, { criteria: ['gini'], growth: ['depthwise'], depths: [2], minLeaves: [5], alpha: 0 });
    const view = treeView(model, d.pipeline, 0.9);
    expect(view.rules[0].churnRate).toBe(1);
    expect([...view.rules[0].conditions].sort()).toEqual(['Contract is Month-to-month', 'tenure <= 12']);
    expect(view.rules.reduce((s, r) => s + r.customers, 0)).toBe(1200);
    for (let k = 1; k < view.rules.length; k++) expect(view.rules[k].churnRate).toBeLessThanOrEqual(view.rules[k - 1].churnRate);
    // The diagram: the root has no condition, every leaf carries its rule, edges are single tests in words.
    expect(view.nodes[0]).toMatchObject({ parent: -1, depth: 0, condition: '', customers: 1200, rule: -1 });
    expect(view.nodes.filter((n) => n.rule >= 0).length).toBe(view.leaves);
    expect(view.nodes.map((n) => n.condition)).toEqual(expect.arrayContaining(['Contract is One year or Two year', 'tenure >= 13']));
    // Each customer's rule is its leaf's.
    const rule = ruleOfLeaves(view, treeLeaves(model, d.X, d.rows));
    d.y.forEach((yi, i) => expect(yi === 1).toBe(rule[i] === 0));
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('merges repeated tests on one column into one condition', () => {
    const d = setup();
    const p = d.pipeline;
    const tenure = p.steps.find((s) => s.column === 'tenure') as { mean: number; std: number };
    const z = (raw: number): number => (raw - tenure.mean) / tenure.std;
    // Hand-built: tenure >= 12.5, then tenure < 30, then Contract not Month-to-month (node 6), not One year (node 8), then TotalCharges missing.
    const model: TreeModel = {
      kind: 'tree', version: 1, features: p.features.length, criterion: 'gini', growth: 'depthwise', maxDepth: 5, depth: 5,
      minLeaf: 1, alpha: 0, leaves: 6, innerAuc: 0,
      //        0                          1   2                      3   4                                       5   6                                     7   8                                         9   10
      feature: [feat(p, 'tenure'), -1, feat(p, 'tenure'), -1, feat(p, 'Contract=Month-to-month'), -1, feat(p, 'Contract=One year'), -1, feat(p, 'TotalCharges__missing'), -1, -1],
      threshold: [z(12.5), 0, z(30), 0, 0.5, 0, 0.5, 0, 0.5, 0, 0],
      missingLeft: Array(11).fill(0),
      left: [1, -1, 3, -1, 6, -1, 8, -1, 9, -1, -1],
      right: [2, -1, 4, -1, 5, -1, 7, -1, 10, -1, -1],
      customers: [100, 10, 90, 10, 80, 10, 70, 10, 60, 30, 30],
      churners: [50, 9, 41, 8, 33, 7, 26, 6, 20, 5, 15],
      value: Array(11).fill(0.5),
    };
    const view = treeView(model, p, 0.8);
    const byLeaf = new Map(view.nodes.filter((n) => n.rule >= 0).map((n) => [n.id, view.rules[n.rule].conditions]));
    // tenure is whole numbers in training: thresholds are said in whole numbers (x < 12.5 is x <= 12).
    expect(byLeaf.get(1)).toEqual(['tenure <= 12']);
    expect(byLeaf.get(3)).toEqual(['13 <= tenure <= 29']);
    expect(byLeaf.get(5)).toEqual(['tenure >= 30', 'Contract is Month-to-month']);
    expect(byLeaf.get(7)).toEqual(['tenure >= 30', 'Contract is One year']);
    expect(byLeaf.get(9)).toEqual(['tenure >= 30', 'Contract is Two year', 'TotalCharges is not missing']);
    expect(byLeaf.get(10)).toEqual(['tenure >= 30', 'Contract is Two year', 'TotalCharges is missing']);
    expect(view.nodes[4].condition).toBe('tenure >= 30');
    // The edge is phrased as the rule list phrases it (the remaining levels named).
    expect(view.nodes[6].condition).toBe('Contract is One year or Two year');
    expect(view.rules.map((r) => r.churnRate)).toEqual([0.9, 0.8, 0.7, 0.6, 0.5, 1 / 6]);

    // A model saved before the pipeline recorded integrality keeps the midpoint wording.
    const old: FittedPipeline = { ...p, steps: p.steps.map((s) => (s.kind === 'numeric' ? { ...s, integer: undefined } : s)) };
    const oldView = treeView(model, old, 0.8);
    expect(oldView.rules.find((r) => r.conditions[0].startsWith('12.5'))?.conditions).toEqual(['12.5 <= tenure < 30']);
    expect(oldView.nodes[1].condition).toBe('tenure < 12.5');
    // TotalCharges has cents: never rounded to whole numbers.
    expect(p.steps.find((s) => s.column === 'TotalCharges')).toMatchObject({ integer: false });
  });

  it('rounds raw thresholds to 4 significant digits', () => {
    expect(roundThreshold(12.499999)).toBe('12.5');
    expect(roundThreshold(1397.4751)).toBe('1397');
    expect(roundThreshold(0.012345678)).toBe('0.01235');
    expect(roundThreshold(-3.25)).toBe('-3.25');
  });
});
