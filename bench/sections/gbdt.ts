// `npm run bench -- gbdt-100k`: our GBDT (100 depth-6 trees, 255 bins, on the 100,000 x 30 benchmark data of
// src/lib/models/gbdt/speed.ts) in the bench worker with the app's kernel helpers, against XGBoost 1.7
// `tree_method='hist'` with 2 threads on the same data and settings, timed in Python in the same run (Debian
// python3-xgboost; DMatrix construction included, as our time includes binning; no prediction on either side's
// clock). scikit-learn's HistGradientBoostingClassifier (2 OpenMP threads) and XGBoost with one thread (against
// our worker alone: one core each) are in the note for scale. Both sides are timed three times and the medians
// compared: single runs on this 2-core VM moved by up to 40% (XGBoost 1.07-2.01 s within ten minutes).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GbdtFigures } from '../figures/gbdt';
import type { BenchSection, Row } from '../rows';
import { withReference } from '../rows';
import { benchmarkData } from '../../src/lib/models/gbdt/speed';

const PYTHON = `
import sys, time, json, numpy as np
X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, 30)
y = np.fromfile(sys.argv[2], dtype=np.float32)
out = {}
import xgboost as xgb
runs = []
for _ in range(3):
    t = time.perf_counter()
    d = xgb.DMatrix(X, label=y, nthread=2)
    b = xgb.train({'tree_method': 'hist', 'nthread': 2, 'max_depth': 6, 'eta': 0.1, 'max_bin': 256, 'objective': 'binary:logistic'}, d, 100)
    runs.append(time.perf_counter() - t)
out['xgboostRuns'] = runs
out['xgboost'] = sorted(runs)[1]
t = time.perf_counter()
d1 = xgb.DMatrix(X, label=y, nthread=1)
xgb.train({'tree_method': 'hist', 'nthread': 1, 'max_depth': 6, 'eta': 0.1, 'max_bin': 256, 'objective': 'binary:logistic'}, d1, 100)
out['xgboost1'] = time.perf_counter() - t
from sklearn.ensemble import HistGradientBoostingClassifier
t = time.perf_counter()
HistGradientBoostingClassifier(max_iter=100, max_depth=6, max_leaf_nodes=None, learning_rate=0.1, max_bins=255, early_stopping=False).fit(X, y)
out['sklearn'] = time.perf_counter() - t
print(json.dumps(out))
`;

export const gbdtSection: BenchSection = {
  name: 'gbdt-100k',
  async run(ctx) {
    const data = benchmarkData(100_000, 30, 1);
    const dir = path.join(ctx.work, 'gbdt-100k');
    mkdirSync(dir, { recursive: true });
    const xFile = path.join(dir, 'X.f32');
    const yFile = path.join(dir, 'y.f32');
    writeFileSync(xFile, new Uint8Array(data.X.buffer));
    writeFileSync(yFile, new Uint8Array(data.y.buffer));
    let ref: { xgboost?: number; xgboostRuns?: number[]; xgboost1?: number; sklearn?: number } = {};
    try {
      const text = execFileSync('/usr/bin/python3', ['-c', PYTHON, xFile, yFile], {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '2' },
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 900_000,
      });
      ref = JSON.parse(text.trim().split('\n').pop()!);
    } catch (e) {
      console.error(`[bench] gbdt-100k: the Python reference failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    const r = (await ctx.page.evaluate(`window.rlBench.call('gbdtFigures')`)) as GbdtFigures;
    // trees 1-6 alternate shared / alone, then the faster way is kept (train.ts SharingReport)
    const trial =
      r.shared === null
        ? ''
        : `; helper trial: median tree ${r.sharedMs.toFixed(1)} ms shared (rows, hand-overs ${r.sharedMemory ? 'on shared memory' : 'by message'}), ` +
          `${r.aloneMs.toFixed(1)} ms alone, kept ${r.shared ? 'sharing' : 'the worker alone'}`;
    const sk = ref.sklearn !== undefined ? `; scikit-learn HistGradientBoosting (2 threads) ${ref.sklearn.toFixed(2)} s` : '';
    // one thread against one thread: what the second core is worth to XGBoost here, and what ours would need
    const one = ref.xgboost1 !== undefined ? `; XGBoost with 1 thread ${ref.xgboost1.toFixed(2)} s (ours alone / that: ${(r.aloneSeconds / ref.xgboost1).toFixed(2)})` : '';
    const runs = (a: number[] | undefined) => (a ? `${a.map((v) => v.toFixed(2)).join(' / ')} s` : '');
    const row: Row = {
      benchmark: 'gbdt-100k: GBDT 100 trees of depth 6, 100,000 x 30 (train, median of 3)',
      value: r.trainSeconds,
      unit: 's',
      target: '<= XGBoost hist, 2 threads',
      pass: ref.xgboost !== undefined ? r.trainSeconds <= ref.xgboost : null,
      backend: 'wasm-simd',
      note:
        `runs ${runs(r.runs)} against XGBoost's ${runs(ref.xgboostRuns)}; ` +
        `${r.trees} trees, train AUC ${r.trainAuc.toFixed(4)}; ${r.helpers} kernel helper(s) + the worker. Timed on both sides: ` +
        `binning (XGBoost: DMatrix + its quantile sketch in train) and the 100 rounds; neither predicts in the timer (our AUC's ` +
        `prediction is after it). Ours after a 20,000-row, 2-tree warm-up that starts the helper and compiles the kernel ` +
        `(${r.warmupSeconds.toFixed(2)} s; once per app session, as 'import xgboost' is outside XGBoost's timer); ` +
        `the worker alone, run after it: ${r.aloneSeconds.toFixed(2)} s${trial}${sk}${one}`,
    };
    return [withReference(row, ref.xgboost, "XGBoost 1.7 train, tree_method='hist', nthread=2 (DMatrix included), median of 3", 'time')];
  },
};
