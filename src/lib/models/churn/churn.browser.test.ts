// The churn models on every tfjs backend the app runs on (webgpu, wasm, cpu) in real Chromium,
// and the full "auto" run on telco timed on wasm (the app's budget: under 15 s in a browser).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { expectArraysClose, forEachBackend, onCpu, testBackends } from '../../../../tests/browser/engine/for-each-backend';
import { datasetFile } from '../../../../tests/browser/files';
import { parseTable } from '../../data/parse-table';
import { encodeTarget } from '../../features/churn/target';
import { fitPipeline, transformTable } from '../../features/churn/pipeline';
import { syntheticChurn } from '../../features/churn/testdata';
import { trainLogistic } from '../logistic';
import { predictMlp, trainMlp } from '../mlp';
import { rocAuc } from '../../metrics';
import { trainChurn } from './train';

const t = syntheticChurn(600, 4);
const y = encodeTarget(t, 'Churn').y;
const fm = transformTable(fitPipeline(t, 'Churn'), t);
const data = { X: fm.X, rows: fm.rows, features: fm.features, y };

forEachBackend('churn models', () => {
  it('logistic regression reaches the same optimum as on the cpu', async () => {
    const start = tf.memory().numTensors;
    const m = await trainLogistic(data);
    expect(tf.memory().numTensors).toBe(start);
    const ref = await onCpu(() => trainLogistic(data));
    expectArraysClose([...m.weights, m.intercept], [...ref.weights, ref.intercept], 2e-3, 2e-3);
  });

  it('the MLP trains, ranks customers and frees its tensors', async () => {
    const start = tf.memory().numTensors;
    const m = await trainMlp(data, { maxEpochs: 8 });
    expect(tf.memory().numTensors).toBe(start);
    expect(rocAuc(y, predictMlp(m, fm.X, fm.rows))).toBeGreaterThan(0.8);
  });
});

describe('churn auto on telco in the browser', () => {
  it('runs 3 models x 5 folds + refit on wasm with the reference AUC', async () => {
    const wasm = (await testBackends()).find((b) => b.name === 'wasm');
    if (!wasm?.available) throw new Error(`wasm is not available: ${wasm?.note}`);
    await tf.setBackend('wasm');
    const file = await datasetFile('telco/Telco-Customer-Churn.csv');
    const { table } = parseTable(new Uint8Array(await file.arrayBuffer()));
    const started = performance.now();
    const r = await trainChurn(table, { target: 'Churn' });
    const seconds = (performance.now() - started) / 1000;
    console.log(`telco auto on wasm (${wasm.note}): ${seconds.toFixed(1)} s`, JSON.stringify(r.leaderboard.map((l) => [l.kind, l.aucMean.toFixed(4), l.trainSeconds.toFixed(2)])), JSON.stringify(r.seconds));
    expect(r.leaderboard[0].aucMean).toBeGreaterThanOrEqual(0.845);
    expect(r.leaderboard.find((l) => l.kind === 'logistic')!.aucMean).toBeGreaterThanOrEqual(0.84);
  });
});
