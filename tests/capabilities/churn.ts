// Churn cases that run twice: in Node on src/lib/churn directly (src/lib/churn/churn.test.ts) and in the
// browser through the compute worker on data imported by the import worker (tests/browser/churn-worker.test.ts).
// Each runner supplies a driver; the numbers are the same.
import { expect } from 'vitest';
import type {
  ChurnInspection,
  ChurnPageRequest,
  ChurnRequest,
  ChurnRunResult,
  ChurnScoredSummary,
  ChurnScoreRequest,
  ChurnScoreRow,
  ChurnSource,
  SavedChurnModelInfo,
} from '../../src/lib/churn';

/** How a case reaches the capability: its datasets, label check, training, pages, CSV and saved models. */
export interface ChurnDriver {
  /** A public dataset under ../shared/datasets, or a text file, stored as the app stores it; returns its id. */
  dataset(source: { file: string } | { text: string; name: string }): Promise<string>;
  inspect(source: ChurnSource): Promise<ChurnInspection>;
  train(request: ChurnRequest): Promise<{ run: ChurnRunResult; stages: string[] }>;
  page(request: ChurnPageRequest): Promise<{ total: number; rows: ChurnScoreRow[] }>;
  csv(): Promise<string>;
  saveModel(name: string): Promise<SavedChurnModelInfo[]>;
  score(request: ChurnScoreRequest): Promise<ChurnScoredSummary>;
}

export interface ChurnCase {
  name: string;
  run(d: ChurnDriver): Promise<void>;
}

export const TELCO = { file: 'telco/Telco-Customer-Churn.csv' };

/** 80 customers, every one churned: a label with one value. */
export function oneClassCsv(): string {
  const lines = ['id,plan,spend,churned'];
  for (let i = 0; i < 80; i++) lines.push(`u${i},${i % 3 ? 'basic' : 'pro'},${(i * 7) % 50},Yes`);
  return lines.join('\n') + '\n';
}

/** Purchases of 180 customers over 2024; every third stops buying after June. */
export function transactionsCsv(): string {
  const lines = ['customer,date,amount'];
  for (let c = 0; c < 180; c++) {
    const stops = c % 3 === 0;
    for (let m = 0; m < 12; m++) {
      if (stops && m > 5) break;
      if ((c + m) % 4 === 3) continue;
      const day = 1 + ((c * 7 + m * 3) % 27);
      lines.push(`c${c},2024-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')},${(10 + ((c * 13 + m * 5) % 90)).toFixed(2)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export const churnCases: ChurnCase[] = [
  {
    name: 'trains on telco, evaluates out of fold, scores, pages, exports, saves the model and scores with it',
    async run(d) {
      const datasetId = await d.dataset(TELCO);
      const source = { kind: 'label' as const, datasetId, target: 'Churn' };

      const inspection = await d.inspect(source);
      expect(inspection.error).toBeNull();
      expect(inspection.rows).toBe(7043);
      expect(inspection.label).toMatchObject({ positive: 'true', negative: 'false', positives: 1869, negatives: 5174 });
      expect(inspection.columns.find((c) => c.name === 'customerID')?.excluded).toMatch(/identifier|ID-like/);
      expect(inspection.columns.find((c) => c.name === 'tenure')?.excluded).toBeNull();
      expect(inspection.idColumn).toBe('customerID');
      // The leakage audit, on by default: nothing flagged on telco's real columns, dates checked against today.
      expect(inspection.leakage).toEqual([]);
      expect(inspection.leakageCutoff).toMatch(/^today/);

      const { run: result, stages } = await d.train({ source, exclude: ['gender', 'not a column'], model: 'logistic', folds: 3, seed: 42 });
      expect(stages.some((s) => s.startsWith('Fold 1 of 3'))).toBe(true);
      expect(result.model).toBe('logistic');
      expect(result.modelName).toBe('logistic regression');
      expect(result.leaderboard).toHaveLength(1);
      expect(result.leaderboard[0].aucMean).toBeGreaterThanOrEqual(0.84);
      expect(result.evaluation.auc).toBeGreaterThanOrEqual(0.84);
      expect(result.features.excluded.find((e) => e.name === 'gender')?.reason).toBe('excluded by user');
      expect(result.features.used).not.toContain('gender');
      expect(result.baseRate).toBeCloseTo(1869 / 7043, 6);
      expect(result.importance.length).toBeGreaterThan(5);
      // The slider's counts: at the lowest threshold every customer is flagged; charts are thinned.
      const ev = result.evaluation;
      expect(ev.tps[ev.tps.length - 1]).toBe(1869);
      expect(ev.fps[ev.fps.length - 1]).toBe(5174);
      expect(ev.roc.fpr.length).toBe(ev.roc.tpr.length);
      expect(ev.roc.fpr.length).toBeLessThanOrEqual(1500);
      expect(ev.roc.fpr[0]).toBe(0);
      expect(ev.roc.fpr[ev.roc.fpr.length - 1]).toBe(1);
      expect(result.scored).toMatchObject({ datasetId, customers: 7043, bandNames: ['low', 'medium', 'high'], explained: 7043, modelName: 'logistic regression' });
      expect(result.scored.bandCounts.reduce((a, b) => a + b, 0)).toBe(7043);
      // SHAP of the refitted model (logistic: exact linear), per used column: mean |SHAP| and a 2,000-customer sample.
      const shap = result.shap!;
      expect(shap.method).toBe('linear');
      expect(shap.columns).toEqual(result.features.used);
      expect(shap.customers).toHaveLength(2000);
      expect(shap.values).toHaveLength(2000 * shap.columns.length);
      expect(['tenure', 'Contract']).toContain(shap.columns[shap.meanAbs.indexOf(Math.max(...shap.meanAbs))]);
      expect(shap.typical[shap.columns.indexOf('Contract')]).toBe('Month-to-month');
      expect(shap.levels[shap.columns.indexOf('Contract')]).toEqual(expect.arrayContaining(['Month-to-month', 'One year', 'Two year']));
      expect(result.notes).toContain('Reasons and contributions from exact linear SHAP, for all 7,043 customers.');
      // Calibration on the out-of-fold probabilities: never worse out of sample; the reliability after it is shown.
      expect(['none', 'platt', 'isotonic']).toContain(result.calibration!.method);
      expect(result.calibration!.brierAfter).toBeLessThanOrEqual(result.calibration!.brierBefore);
      expect(result.calibration!.candidates.map((c) => c.method)).toEqual(['none', 'platt', 'isotonic']);
      expect(ev.calibrationAfter!.reduce((s, b) => s + b.count, 0)).toBe(7043);

      const page = await d.page({ offset: 0, limit: 25, sort: 'probability', descending: true });
      expect(page.total).toBe(7043);
      expect(page.rows).toHaveLength(25);
      for (let i = 1; i < page.rows.length; i++) expect(page.rows[i - 1].probability).toBeGreaterThanOrEqual(page.rows[i].probability);
      expect(page.rows[0].band).toBe(2);
      expect(page.rows[0].reasons.length).toBeGreaterThan(0);
      expect(page.rows[0].customer).toMatch(/^\d{4}-[A-Z]{5}$/);
      const byCustomer = await d.page({ offset: 7040, limit: 25, sort: 'customer', descending: false });
      expect(byCustomer.rows).toHaveLength(3);
      expect(byCustomer.rows[0].customer < byCustomer.rows[1].customer).toBe(true);

      // Reasons cite only columns whose importance is clearly above its fold-to-fold noise; an
      // explained customer with no such reason is told so rather than given an invented one.
      expect(result.importance.every((c) => typeof c.real === 'boolean' && c.folds?.length === 3)).toBe(true);
      const noise = result.importance.filter((c) => !c.real).map((c) => c.feature);
      expect(noise.length).toBeGreaterThan(0);
      expect(result.importance.filter((c) => c.real).map((c) => c.feature)).toEqual(expect.arrayContaining(['tenure', 'Contract']));
      const everyone = await d.page({ offset: 0, limit: 7043, sort: 'probability', descending: true });
      const texts = everyone.rows.flatMap((r) => r.reasons);
      expect(everyone.rows.every((r) => r.reasons.length > 0)).toBe(true);
      for (const name of noise) expect(texts.filter((t) => t.startsWith(`${name} `))).toEqual([]);
      // Reasons from SHAP say the customer's value and the typical one.
      expect(texts.some((t) => t.startsWith('Contract is Month-to-month'))).toBe(true);
      expect(texts.some((t) => /^tenure is \d+ vs typical \d+$/.test(t))).toBe(true);

      const lines = (await d.csv()).trim().split('\r\n');
      expect(lines[0]).toBe(['customer,churn_probability,risk_band,reason_1,reason_2,reason_3', ...result.features.used.map((c) => `shap_${c}`)].join(','));
      expect(lines).toHaveLength(7044);
      expect(lines[1].split(',')[0]).toBe(page.rows[0].customer);

      const models = await d.saveModel('telco logistic');
      const info = models.find((m) => m.name === 'telco logistic');
      expect(info).toMatchObject({ model: 'logistic', modelName: 'logistic regression', target: 'Churn', customers: 7043 });
      expect(info!.aucMean).toBe(result.leaderboard[0].aucMean);
      expect(info!.columns).toEqual(result.features.used);

      // The saved model scores its own data again: the same scores.
      const again = await d.score({ modelId: info!.id, datasetId });
      expect(again).toMatchObject({ datasetId, customers: 7043, modelName: 'logistic regression', explained: 7043 });
      expect(again.bandCounts).toEqual(result.scored.bandCounts);
      const top = await d.page({ offset: 0, limit: 25, sort: 'probability', descending: true });
      expect(top.rows.map((r) => r.customer)).toEqual(page.rows.map((r) => r.customer));

      // A dataset without the model's columns: each missing one is named.
      const small = await d.dataset({ text: oneClassCsv(), name: 'one-class.csv' });
      const err = await d.score({ modelId: info!.id, datasetId: small }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^"one-class\.csv" cannot be scored with this model: /);
      expect((err as Error).message).toMatch(/missing column "tenure"/);
      expect((err as Error).message).toMatch(/missing column "Contract"/);
    },
  },
  {
    name: 'explains why a label cannot be used',
    async run(d) {
      const datasetId = await d.dataset({ text: oneClassCsv(), name: 'one-class.csv' });
      const source = { kind: 'label' as const, datasetId, target: 'churned' };
      const inspection = await d.inspect(source);
      expect(inspection.error).toMatch(/only one value/);
      expect(inspection.values).toEqual(['true']);
      const err = await d.train({ source, exclude: [], model: 'logistic', folds: 3, seed: 1 }).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/only one value/);
      const id = await d.inspect({ ...source, target: 'id' });
      expect(id.error).toMatch(/identifier|distinct values/);
    },
  },
  {
    name: 'derives a label from transactions (as of the last day, or a given one) and trains on it',
    async run(d) {
      const datasetId = await d.dataset({ text: transactionsCsv(), name: 'purchases.csv' });
      const source: ChurnSource = { kind: 'derive', datasetId, customer: 'customer', date: 'date', amount: 'amount', horizonDays: 120 };
      const inspection = await d.inspect(source);
      expect(inspection.error).toBeNull();
      expect(inspection.target).toBe('churned');
      expect(inspection.idColumn).toBe('customer');
      expect(inspection.notes.length).toBeGreaterThan(0);
      expect(inspection.rows).toBe(180);
      // Every third customer stopped after June: churned as of the last purchase day, 120 days on.
      expect(inspection.label).toMatchObject({ positive: 'true', positives: 60, negatives: 120, missing: 0 });

      const early = await d.inspect({ ...source, asOf: '2024-09-30' });
      expect(early.notes).not.toEqual(inspection.notes);
      await expect(d.inspect({ ...source, asOf: '30/09/2024' })).rejects.toThrow(/is not a date \(YYYY-MM-DD\)/);

      const { run } = await d.train({ source, exclude: [], model: 'logistic', folds: 3, seed: 7 });
      expect(run.target).toMatchObject({ column: 'churned', positives: 60, negatives: 120 });
      expect(run.scored).toMatchObject({ datasetId, customers: 180 });
      expect(run.scored.datasetName).toMatch(/\(derived label\)$/);
      const page = await d.page({ offset: 0, limit: 200, sort: 'customer', descending: false });
      expect(page.rows.map((r) => r.customer)).toContain('c0');
      expect(page.total).toBe(180);
    },
  },
  {
    name: 'the decision tree: rules in words over source columns, each customer in its rule',
    async run(d) {
      const datasetId = await d.dataset({ text: contractsCsv(), name: 'contracts.csv' });
      const { run } = await d.train({ source: { kind: 'label', datasetId, target: 'Churn' }, exclude: [], model: 'tree', folds: 3, seed: 5 });
      expect(run.model).toBe('tree');
      const tree = run.tree!;
      expect(tree.leaves).toBeLessThanOrEqual(16);
      expect(tree.rules.length).toBe(tree.leaves);
      expect(tree.rules.reduce((s, r) => s + r.customers, 0)).toBe(900);
      // Month-to-month customers in their first year churn: the riskiest rule says so in source terms.
      expect(tree.rules[0].conditions).toContain('Contract is Month-to-month');
      // tenure is whole months, so the rule says "tenure <= 11" (not "< 11.5").
      const upper = tree.rules[0].conditions.map((c) => /tenure <=? ([\d.]+)$/.exec(c)?.[1]).find((v) => v !== undefined);
      expect(Number(upper)).toBeLessThanOrEqual(11.5);
      expect(tree.rules[0].churnRate).toBeGreaterThan(0.8);
      const inRule = await d.page({ offset: 0, limit: 1000, sort: 'customer', descending: false, rule: tree.rules[0].id });
      expect(inRule.total).toBe(tree.rules[0].customers);
      // A saved tree scoring the same customers gives them the same rules.
      const info = (await d.saveModel('contracts tree')).find((m) => m.name === 'contracts tree');
      expect(info).toMatchObject({ model: 'tree', modelName: 'decision tree' });
      await d.score({ modelId: info!.id, datasetId });
      const again = await d.page({ offset: 0, limit: 1000, sort: 'customer', descending: false, rule: tree.rules[0].id });
      expect(again.rows.map((r) => r.customer)).toEqual(inRule.rows.map((r) => r.customer));
    },
  },
];

/** 900 customers: month-to-month contracts in their first year churn (with a little noise). */
export function contractsCsv(): string {
  const lines = ['id,Contract,tenure,Churn'];
  const contracts = ['Month-to-month', 'One year', 'Two year'];
  for (let i = 0; i < 900; i++) {
    const contract = contracts[i % 3];
    const tenure = (i * 7) % 61;
    const churn = (contract === 'Month-to-month' && tenure < 12) !== (i % 37 === 0);
    lines.push(`u${i},${contract},${tenure},${churn ? 'Yes' : 'No'}`);
  }
  return lines.join('\n') + '\n';
}
