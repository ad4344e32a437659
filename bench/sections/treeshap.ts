// `npm run bench -- treeshap-100k`: exact TreeSHAP of our GBDT (100 depth-6 trees, the 100,000 x 30 benchmark
// data of src/lib/models/gbdt/speed.ts) in the bench worker with the app's kernel helpers, against XGBoost 1.7's
// own `pred_contribs=True` (Debian python3-xgboost, 2 threads) on a model of the same size trained on the same
// data (hist, 100 rounds, max_depth 6), timed in Python in the same run. Training is outside both timers.
// TREESHAP_BENCH_ROWS sets a smaller size for a quick check (both sides use it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TreeShapFigures } from '../figures/treeshap';
import type { BenchSection, Row } from '../rows';
import { withReference } from '../rows';
import { benchmarkData } from '../../src/lib/models/gbdt/speed';

const PYTHON = `
import sys, time, json, numpy as np
import xgboost as xgb
X = np.fromfile(sys.argv[1], dtype=np.float32).reshape(-1, 30)
y = np.fromfile(sys.argv[2], dtype=np.float32)
d = xgb.DMatrix(X, label=y, nthread=2)
b = xgb.train({'tree_method': 'hist', 'nthread': 2, 'max_depth': 6, 'eta': 0.1, 'max_bin': 256, 'objective': 'binary:logistic'}, d, 100)
b.predict(xgb.DMatrix(X[:100], nthread=2), pred_contribs=True)
t = time.perf_counter()
c = b.predict(d, pred_contribs=True)
sec = time.perf_counter() - t
m = b.predict(d, output_margin=True)
leaves = sum(1 for line in b.get_dump() for l in line.split('\\n') if 'leaf=' in l)
print(json.dumps({'seconds': sec, 'maxAbsError': float(np.max(np.abs(c.sum(axis=1) - m))), 'leaves': leaves}))
`;

export const treeShapSection: BenchSection = {
  name: 'treeshap-100k',
  async run(ctx) {
    const rows = Number(process.env.TREESHAP_BENCH_ROWS ?? 100_000);
    const data = benchmarkData(rows, 30, 1);
    const dir = path.join(ctx.work, 'treeshap-100k');
    mkdirSync(dir, { recursive: true });
    const xFile = path.join(dir, 'X.f32');
    const yFile = path.join(dir, 'y.f32');
    writeFileSync(xFile, new Uint8Array(data.X.buffer));
    writeFileSync(yFile, new Uint8Array(data.y.buffer));
    let ref: { seconds?: number; maxAbsError?: number; leaves?: number } = {};
    try {
      const text = execFileSync('/usr/bin/python3', ['-c', PYTHON, xFile, yFile], {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '2' },
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 1_800_000,
      });
      ref = JSON.parse(text.trim().split('\n').pop()!);
    } catch (e) {
      console.error(`[bench] treeshap-100k: the Python reference failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    const r = (await ctx.page.evaluate(`window.rlBench.call('treeShapFigures', ${rows})`)) as TreeShapFigures;
    const row: Row = {
      benchmark: `treeshap-100k: exact TreeSHAP, GBDT 100 trees of depth 6, ${rows.toLocaleString('en')} x 30`,
      value: r.seconds,
      unit: 's',
      target: '<= 2x XGBoost pred_contribs, 2 threads',
      pass: ref.seconds !== undefined && rows >= 100_000 ? r.seconds <= 2 * ref.seconds : null,
      backend: 'wasm',
      note:
        `Fast TreeSHAP v2 tables (height-2 subtrees as one table) + WebAssembly kernel, ${r.helpers} kernel helper(s) + the worker (alone: ${r.aloneSeconds.toFixed(2)} s); ` +
        `tables built inside the timer, training outside both timers; ours ${r.trees} trees / ${r.leaves} leaves` +
        (ref.leaves !== undefined ? `, XGBoost's ${ref.leaves} leaves` : '') +
        `; local accuracy max |expected + sum - margin| ${r.maxAbsError.toExponential(1)}` +
        (ref.maxAbsError !== undefined ? ` (XGBoost's ${ref.maxAbsError.toExponential(1)}, float32)` : ''),
    };
    return [withReference(row, ref.seconds, "XGBoost 1.7 predict(pred_contribs=True), nthread=2, same data and model size", 'time')];
  },
};
