// `npm run bench:churn-files`: our churn CLI ("auto", default inference, no --exclude) against scikit-learn
// and XGBoost on the SAME folds, on telco (the reference protocol) and on seeded files of the shapes the
// reference README calls unseen: bank customers with 0/1 flags, telecom usage in English and in French
// formatting. References need Debian's python3-sklearn and python3-xgboost. Per file it also prints each of our
// model kinds (the "auto" run cross-validates every kind) against its like-for-like reference.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as churn } from '../../src/cli/commands/churn';
import { loadTable } from '../../src/cli/load';
import { encodeTarget, labelledRows } from '../../src/lib/features/churn/target';
import { stratifiedKFold } from '../../src/lib/metrics';
import { datasetPath } from '../../tests/datasets';
import { bankCsv, telecomCsv, telecomFrCsv } from './generate';

const dir = 'tmp/churn-files';
mkdirSync(dir, { recursive: true });
const files = [
  { name: 'telco (reference protocol)', path: datasetPath('telco/Telco-Customer-Churn.csv'), target: 'Churn', delimiter: ',', drop: 'customerID' },
  { name: 'bank, 0/1 flags (seeded)', path: write('bank.csv', bankCsv()), target: 'Exited', delimiter: ',', drop: 'RowNumber,CustomerId,Surname' },
  { name: 'telecom usage, English (seeded)', path: write('telecom.csv', telecomCsv()), target: 'Churn', delimiter: ',', drop: '' },
  { name: 'telecom usage, French (seeded)', path: write('telecom_fr.csv', telecomFrCsv()), target: 'Resilie', delimiter: ';', drop: '' },
];

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Our kind -> the reference it is held to (same folds). Kinds without one (the MLP) show '-'.
const LIKE_FOR_LIKE: Record<string, string> = {
  logistic: 'logistic',
  gbdt: 'xgboost_tuned',
  tree: 'decision_tree_d5_l20',
  forest: 'random_forest_300',
  svm: 'linear_svc',
};

const rows: string[] = [];
const perModel: string[] = [];
for (const f of files) {
  const ours = await churn([f.path, '--target', f.target]);
  // The folds our CLI uses (stratified, seed 42), so the references are measured on the same splits.
  const { table } = await loadTable(f.path);
  const target = encodeTarget(table, f.target);
  const labelled = labelledRows(target.y);
  const fold = stratifiedKFold(Float32Array.from(labelled, (r) => target.y[r]), 5, 42);
  const foldPath = `${f.path}.folds.json`;
  writeFileSync(foldPath, JSON.stringify(Array.from(fold)));
  let refs: Record<string, { aucMean: number }> = {};
  try {
    refs = JSON.parse(execFileSync(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', ['bench/churn-files/reference.py', f.path, foldPath, f.target, f.delimiter, f.drop], { encoding: 'utf8' }));
  } catch (e) {
    console.error(`references failed for ${f.name}: ${(e as Error).message.split('\n')[0]}`);
  }
  const best = Object.entries(refs).sort((a, b) => b[1].aucMean - a[1].aucMean)[0];
  const refText = Object.entries(refs).map(([k, v]) => `${k} ${v.aucMean.toFixed(4)}`).join(', ');
  const gap = best ? ours.aucMean - best[1].aucMean : NaN;
  rows.push(`| ${f.name} | ${ours.model} ${ours.aucMean.toFixed(4)} | ${refText} | ${best ? `${best[0]} ${best[1].aucMean.toFixed(4)}` : '-'} | ${gap >= 0 ? '+' : ''}${gap.toFixed(4)} ${gap >= -0.003 ? 'ok' : 'SHORT'} |`);
  console.error(rows.at(-1));
  const lines = [`\n${f.name}\n| ours | AUC | reference | AUC | ours - reference |`, '|---|---|---|---|---|'];
  for (const [kind, m] of Object.entries(ours.models)) {
    const ref = LIKE_FOR_LIKE[kind];
    const r = ref ? refs[ref] : undefined;
    const d = r ? m.aucMean - r.aucMean : NaN;
    lines.push(`| ${kind} | ${m.aucMean.toFixed(4)} | ${ref ?? '-'} | ${r ? r.aucMean.toFixed(4) : '-'} | ${r ? `${d >= 0 ? '+' : ''}${d.toFixed(4)}` : '-'} |`);
  }
  perModel.push(lines.join('\n'));
  console.error(perModel.at(-1));
}
console.log(`| file | ours (auto, default inference) | references, same folds | best reference | ours - best (target >= -0.003) |\n|---|---|---|---|---|\n${rows.join('\n')}`);
console.log(`\nPer model, like for like (ours from the auto run; same folds):${perModel.join('\n')}`);
