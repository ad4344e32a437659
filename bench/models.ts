// Model benchmarks for `npm run bench`, run on the bench page inside headless Chromium with the engine's
// measured backend, on the same code the app's workers run.
import * as tf from '@tensorflow/tfjs';
import { initBackends } from '../src/lib/engine/backends';
import { calibrate } from '../src/lib/engine/calibrate';
import { parseTable } from '../src/lib/data/parse-table';
import type { Table } from '../src/lib/data/table';
import { runClv } from '../src/lib/clv';
import { prepareSegment, runSegment, type SegmentRequest } from '../src/lib/segment';
import { benchKmeans } from '../src/lib/models/kmeans/bench';
import { benchmarkData, runBenchmark } from '../src/lib/models/gbdt/speed';
import { prepareChurn, trainPrepared } from '../src/lib/churn';
import { scoreTable } from '../src/lib/models/churn/saved';
import { crossValidate } from '../src/lib/models/churn/cross-validate';
import { MODEL_KINDS } from '../src/lib/models/churn/kinds';
import { encodeTarget, labelledRows } from '../src/lib/features/churn/target';
import { fitBgnbd } from '../src/lib/models/clv/bgnbd';
import { fitGammaGamma } from '../src/lib/models/clv/gamma-gamma';
import { cohortMatrix } from '../src/lib/models/cohorts/cohorts';
import { interactionMatrix } from '../src/lib/models/recommend/interactions';
import { catalogueNames, disposeServed, eventsOf, runRecommend, weightingOf } from '../src/lib/recommend';
import type { RecommendRequest } from '../src/contract/recommend';
import { fitEase } from '../src/lib/models/recommend/ease';
import { fitAls } from '../src/lib/models/recommend/als';
import { syntheticInteractions } from '../src/lib/models/recommend/synthetic';
import { topN } from '../src/lib/models/recommend/topn';
import { wasmPaths } from '../workers/compute/wasm-paths';
import { kernelHelpers } from '../workers/compute/kernel-helpers';
import { mulberry32 } from '../src/lib/random';

export interface Figure {
  name: string;
  seconds: number;
  backend: string;
  note?: string;
}

let engine: Promise<string> | null = null;
/** The engine as the app starts it: every backend probed, the fastest measured one active. */
export function ready(): Promise<string> {
  engine ??= initBackends({ wasmPaths })
    .then((infos) => calibrate(infos))
    .then((c) => {
      console.log(`[engine] ${JSON.stringify(c.results.map((r) => [r.backend, r.ms, r.note]))} -> ${c.chosen}`);
      return c.chosen;
    });
  return engine;
}

async function time<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await run();
  return [(performance.now() - t0) / 1000, out];
}

const rng = mulberry32;

async function fetchTable(url: string, opts: Parameters<typeof parseTable>[1] = {}): Promise<Table> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  return parseTable(bytes, opts).table;
}

export async function segmentation(): Promise<Figure[]> {
  const backend = await ready();
  const out: Figure[] = [];
  const helpers = kernelHelpers();
  for (const [rows, dims] of [[1_000_000, 8], [100_000, 16]]) {
    // The app's path (auto = the wasm kernel on this thread and its helpers), then tfjs on the engine's backend for scale.
    for (const path of ['wasm', 'tf'] as const) {
      const best = [];
      let backend = '';
      for (let i = 0; i < 3; i++) {
        const r = await benchKmeans(tf, { rows, dims, k: 8, iters: 20, path, helpers });
        console.log(`[kmeans] ${rows}x${dims} ${r.backend} ${r.ms.toFixed(0)} ms`);
        best.push(r.ms / 1000);
        backend = r.backend;
      }
      const what = path === 'wasm' ? '' : ' on tfjs (not used by the app; for scale)';
      out.push({ name: `k-means ${rows.toLocaleString('en')} x ${dims}, k = 8, 20 Lloyd iterations (best of 3)${what}`, seconds: Math.min(...best), backend });
    }
  }
  // RFM on 1,000,000 transactions of 50,000 customers over two years, as the Segments page prepares it
  // (src/lib/segment), then the page's whole run on them.
  const table = transactions1m();
  const request: SegmentRequest = {
    source: { kind: 'rfm', datasetId: 'bench', customer: 'customer', date: 'date', amount: 'amount' },
    features: ['recency', 'frequency', 'monetary'],
    log: true,
    k: 'auto',
    restarts: 3,
    seed: 0,
  };
  const [rfmSeconds] = await time(() => prepareSegment(table, request));
  out.push({ name: 'RFM of 1,000,000 transactions', seconds: rfmSeconds, backend: `typed arrays (engine ${backend})` });
  const [runSeconds, run] = await time(() => runSegment(table, request, { helpers, engine: backend }));
  out.push({ name: 'Segments run (RFM, K suggested from 2-10 with 3 restarts, profile, map), 1,000,000 transactions', seconds: runSeconds, backend: run.view.backend, note: `K = ${run.view.k}` });
  return out;
}

/** 1,000,000 transactions of 50,000 customers over two years (2% returns), the same for every run. */
function transactions1m(): Table {
  const n = 1_000_000;
  const r = rng(7);
  const ids = Array.from({ length: 50_000 }, (_, i) => `C${i}`);
  return {
    rows: n,
    columns: [
      { name: 'customer', type: 'id', codes: Int32Array.from({ length: n }, () => Math.floor(r() * ids.length)), dictionary: ids },
      { name: 'date', type: 'date', values: Float64Array.from({ length: n }, () => Date.UTC(2024, 0, 1) + Math.floor(r() * 730) * 86_400_000) },
      { name: 'amount', type: 'number', values: Float64Array.from({ length: n }, () => Math.round(r() * 20000) / 100 - (r() < 0.02 ? 150 : 0)) },
    ],
  };
}

export async function churn(): Promise<Figure[]> {
  const backend = await ready();
  const out: Figure[] = [];
  const data = benchmarkData(100_000, 30, 1);
  const [gbdtSeconds] = await time(() => runBenchmark(data));
  out.push({ name: 'GBDT 100 trees, depth 6, 100,000 x 30', seconds: gbdtSeconds, backend: 'typed arrays' });

  const telco = await fetchTable('/bench-data/telco.csv');
  const telcoCustomers = prepareChurn({ kind: 'label', datasetId: 'telco', target: 'Churn' }, telco, { name: 'telco', columns: telco.columns, roles: {} });
  const [autoSeconds, result] = await time(() => trainPrepared(telcoCustomers, { model: 'auto', folds: 5, seed: 42 }));
  out.push({ name: `churn auto on telco: ${MODEL_KINDS.length} models x 5 folds + refit`, seconds: autoSeconds, backend, note: `${result.model}, mean AUC ${result.leaderboard[0].aucMean.toFixed(4)}; training s over the folds: ${result.leaderboard.map((r) => `${r.kind} ${r.trainSeconds.toFixed(1)}`).join(', ')}; importance ${result.seconds.importance.toFixed(1)}, refit ${result.seconds.refit.toFixed(1)}` });

  // The random forest alone at the reference protocol: 300 trees, 5 stratified folds (pipeline fit,
  // training and scoring of each fold), compared in run.ts with sklearn's forest timed in the same run.
  const target = encodeTarget(telcoCustomers.table, telcoCustomers.target, telcoCustomers.positive);
  const labelled = labelledRows(target.y);
  const labels = Float32Array.from(labelled, (r) => target.y[r]);
  const [forestSeconds, forest] = await time(() =>
    crossValidate(telcoCustomers.table, telcoCustomers.target, labelled, labels, { folds: 5, seed: 42, models: ['forest'], modelOptions: { forest: { nEstimators: 300 } } }),
  );
  out.push({ name: 'random forest 300 trees on telco, 5 folds', seconds: forestSeconds, backend: 'typed arrays', note: `mean AUC ${forest.models.forest!.aucMean.toFixed(4)}` });

  const big = await fetchTable('/bench-data/telco-1m.csv');
  const [scoreSeconds] = await time(() => scoreTable(result.saved, big, { reasons: 0 }));
  out.push({ name: `score ${big.rows.toLocaleString('en')} customers with the chosen model`, seconds: scoreSeconds, backend: 'typed arrays' });
  return out;
}

export async function clv(): Promise<Figure[]> {
  const out: Figure[] = [];
  // 100,000 customers drawn from a BG/NBD-like process (weeks), spend from a gamma-gamma-like one.
  const n = 100_000;
  const r = rng(11);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const age = new Float64Array(n);
  const spend = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const T = 20 + Math.floor(r() * 60);
    const lambda = -Math.log(1 - r()) * 0.15;
    let t = 0;
    let x = 0;
    let last = 0;
    while (true) {
      t += -Math.log(1 - r()) / Math.max(lambda, 1e-6);
      if (t > T || r() < 0.15) break;
      x++;
      last = t;
    }
    frequency[i] = x;
    recency[i] = Math.round(last * 100) / 100;
    age[i] = T;
    spend[i] = x > 0 ? 10 + r() * 40 : 0;
  }
  const [seconds] = await time(() => {
    fitBgnbd({ frequency, recency, age });
    fitGammaGamma(frequency, spend);
  });
  out.push({ name: 'BG/NBD + Gamma-Gamma fit, 100,000 customers', seconds, backend: 'typed arrays' });
  // The Lifetime value page's whole run (src/lib/clv): summary, both fits, predictions and charts.
  const tx = transactions1m();
  const [runSeconds, fit] = await time(() => runClv(tx, { customer: 'customer', date: 'date', amount: 'amount', unit: 'week', calibrationEnd: '2025-06-30', months: 12, monthlyDiscountRate: 0.01, penalizer: 0 }));
  out.push({ name: 'Lifetime value run (summary, BG/NBD + Gamma-Gamma, predictions, charts), 1,000,000 transactions', seconds: runSeconds, backend: 'typed arrays', note: `${fit.analysis.customers.toLocaleString('en')} customers` });

  const rows = 10_000_000;
  const customers = 1_000_000;
  const cust = new Int32Array(rows);
  const dates = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    cust[i] = Math.floor(r() * customers);
    dates[i] = Date.UTC(2023, 0, 1) + Math.floor(r() * 1095) * 86_400_000;
  }
  const [cohortSeconds] = await time(() => cohortMatrix(cust, dates, null, customers, 'month'));
  out.push({ name: 'cohort matrix of 10,000,000 transactions (monthly)', seconds: cohortSeconds, backend: 'typed arrays' });
  return out;
}

export async function recommend(): Promise<Figure[]> {
  const backend = await ready();
  const out: Figure[] = [];
  const ml = await fetchTable('/bench-data/u.data', { header: false, columns: ['user', 'item', 'rating', 'time'] });
  // The Recommendations page's wiring (src/lib/recommend): its events and weighting.
  const request: RecommendRequest = { datasetId: 'u.data', customer: 'user', item: 'item', date: 'time', weighting: 'binary', k: 10, models: ['ease', 'als'], auto: false, seed: 42 };
  const events = eventsOf(ml, request);
  const train = interactionMatrix(events, weightingOf(request));
  const [easeSeconds, ease] = await time(() => fitEase(train, { lambda: 100 }));
  ease.dispose();
  out.push({ name: 'EASE on MovieLens 100K', seconds: easeSeconds, backend: tf.getBackend() });
  const [alsSeconds, als] = await time(() => fitAls(train, { factors: 64, iterations: 15 }));
  als.dispose();
  out.push({ name: 'ALS 64 factors, 15 iterations, MovieLens 100K', seconds: alsSeconds, backend: tf.getBackend() });
  const [runSeconds, run] = await time(() => runRecommend(events, catalogueNames(request, null, events.itemIds), request, { backend }));
  disposeServed(run.served);
  out.push({ name: 'Recommendations run (popularity, EASE, ALS compared; the best refitted to serve), MovieLens 100K', seconds: runSeconds, backend: tf.getBackend() });

  const big = syntheticInteractions({ users: 100_000, items: 5_000, interactions: 2_000_000, seed: 3 });
  const [bigSeconds, model] = await time(() => fitAls(big, { factors: 32, iterations: 15 }));
  out.push({ name: 'ALS 32 factors, 15 iterations, 100,000 x 5,000, 2,000,000 interactions', seconds: bigSeconds, backend: `${tf.getBackend()} (engine ${backend})` });
  const users = Int32Array.from({ length: big.rows }, (_, i) => i);
  const [topSeconds] = await time(() => topN(model, big, users, 10));
  model.dispose();
  out.push({ name: 'top-10 for every one of 100,000 customers', seconds: topSeconds, backend: tf.getBackend() });
  return out;
}
