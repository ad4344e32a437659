// Reference check (reference/README.md section 1): telco churn, 5-fold stratified CV, ROC AUC.
// sklearn's HistGradientBoosting with defaults scores 0.8353; ours, with its defaults, must match it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../../tests/datasets';
import { rocAuc } from '../../metrics/roc';
import { stratifiedKFold } from '../../metrics/kfold';
import { predictGbdt } from './predict';
import { trainGbdt } from './train';

/** Test-only encoding: numbers stay numbers (TotalCharges " " -> NaN), text columns -> one-hot, Churn Yes = 1. */
function loadTelco(): { X: Float32Array; rows: number; features: number; y: Float32Array } {
  const lines = readFileSync(datasetPath('telco/Telco-Customer-Churn.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  const numeric = new Set(['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges']);
  const encoders: ((row: string[]) => number[])[] = [];
  header.forEach((name, c) => {
    if (name === 'customerID' || name === 'Churn') return;
    if (numeric.has(name)) {
      encoders.push((row) => [row[c].trim() === '' ? NaN : Number(row[c])]);
      return;
    }
    const levels = [...new Set(cells.map((r) => r[c]))].sort();
    encoders.push((row) => levels.map((v) => (row[c] === v ? 1 : 0)));
  });
  const rows = cells.length;
  const encoded = cells.map((r) => encoders.flatMap((e) => e(r)));
  const features = encoded[0].length;
  const X = Float32Array.from(encoded.flat());
  const churn = header.indexOf('Churn');
  const y = Float32Array.from(cells, (r) => (r[churn] === 'Yes' ? 1 : 0));
  return { X, rows, features, y };
}

function take(d: ReturnType<typeof loadTelco>, rows: number[]) {
  const X = new Float32Array(rows.length * d.features);
  rows.forEach((r, k) => X.set(d.X.subarray(r * d.features, (r + 1) * d.features), k * d.features));
  return { X, rows: rows.length, features: d.features, y: Float32Array.from(rows, (r) => d.y[r]) };
}

describe('gbdt on telco (reference protocol)', () => {
  it('reaches at least sklearn HistGradientBoosting AUC 0.835 in 5-fold stratified CV', () => {
    const d = loadTelco();
    expect(d.rows).toBe(7043);
    let missing = 0;
    for (const v of d.X) if (Number.isNaN(v)) missing++;
    expect(missing).toBe(11);
    const folds = stratifiedKFold(d.y, 5, 42);
    const aucs: number[] = [];
    for (let k = 0; k < 5; k++) {
      const trainRows: number[] = [];
      const testRows: number[] = [];
      folds.forEach((f, i) => (f === k ? testRows : trainRows).push(i));
      const test = take(d, testRows);
      const model = trainGbdt(take(d, trainRows));
      aucs.push(rocAuc(test.y, predictGbdt(model, test.X, test.rows)));
    }
    const mean = aucs.reduce((a, b) => a + b, 0) / 5;
    console.log(`telco gbdt 5-fold AUC ${mean.toFixed(4)} (folds ${aucs.map((a) => a.toFixed(4)).join(', ')})`);
    expect(mean).toBeGreaterThanOrEqual(0.835);
  });
});
