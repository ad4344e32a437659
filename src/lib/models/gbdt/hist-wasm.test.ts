import { describe, expect, it } from 'vitest';
import { kernelThreads, NO_THREADS, threadHelper, type KernelThreads } from '../../engine/threads';
import { createRng } from '../../random';
import { findBins } from './binning';
import { buildHistogram, groupsOf, histLayout } from './histogram';
import { createHistKernel, HALVE_ROWS, kernelHistogram, kernelHistogramsShared, kernelLevelShared, kernelPartition, kernelScreen, PARALLEL_ROWS, type LevelJob } from './hist-wasm';
import { roundGradients } from './loss';
import { binAt, packBins } from './packed';
import { createRowStore, loadRows, partitionRows } from './partition';
import { predictGbdt } from './predict';
import { findBestSplit } from './split';
import { trainGbdt, trainGbdtThreaded, type Dataset, type SharingReport } from './train';

/** rows x features in [-1, 1) with some missing values; label from features 0-2 plus noise. */
function data(rows: number, features: number, seed: number): Dataset {
  const rng = createRng(seed);
  const X = new Float32Array(rows * features);
  for (let i = 0; i < X.length; i++) X[i] = rng() < 0.03 ? NaN : rng() * 2 - 1;
  const y = new Float32Array(rows);
  for (let i = 0, b = 0; i < rows; i++, b += features) y[i] = (X[b] || 0) * (X[b + 1] || 0) + Math.sin(3 * (X[b + 2] || 0)) + rng() - 0.5 > 0 ? 1 : 0;
  return { X, rows, features, y };
}

/** Helpers that run on this thread through the helper-side API, on the same shared memory. */
const inThread = (n: number) => kernelThreads(Array.from({ length: n }, () => threadHelper()));

describe('GBDT WebAssembly kernel', () => {
  const d = data(3001, 7, 4);
  const binning = findBins(d.X, d.rows, d.features, 255, 0);
  const bins = packBins(d.X, d.rows, d.features, binning);
  const layout = histLayout(binning, bins);
  const rng = createRng(9);
  const gh = Float64Array.from({ length: 2 * d.rows }, (_, i) => (i % 2 ? rng() : rng() - 0.5));
  const idx = Uint32Array.from({ length: 2000 }, (_, k) => (k * 37) % d.rows);
  const groups = groupsOf(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), bins.perWord);

  it('builds the TypeScript histograms bit for bit and partitions rows the same way', () => {
    const k = createHistKernel(bins, layout)!;
    expect(k).not.toBeNull();
    const ts = createRowStore(bins);
    loadRows(ts, bins, idx, idx.length, gh);
    loadRows(k.store, bins, idx, idx.length, gh);
    const split = { feature: 2, bin: 100, missingBin: binning.valueBins[2], missingLeft: true };
    // brute force: the rows of records 11..1998 going left (bin <= 100, or missing), then those going right
    const S = ts.stride;
    const rows = Array.from({ length: 1988 }, (_, j) => ts.rec[(11 + j) * S + S - 1]);
    const goesLeft = (i: number) => {
      const b = (bins.words[i * bins.groups] >>> 16) & 255;
      return b === split.missingBin || b <= 100;
    };
    const nLeft = rows.filter(goesLeft).length;
    expect(nLeft).toBeGreaterThan(100);
    expect(kernelPartition(k, 0, 11, 1999, split, nLeft)).toBe(nLeft);
    expect(partitionRows(ts, 0, 11, 1999, bins, split, nLeft)).toBe(nLeft);
    const want = [...rows.filter(goesLeft), ...rows.filter((i) => !goesLeft(i))];
    expect(Array.from({ length: 1988 }, (_, j) => ts.recTmp[(11 + j) * S + S - 1])).toEqual(want);
    expect(k.store.recTmp.subarray(11 * S, 1999 * S)).toEqual(ts.recTmp.subarray(11 * S, 1999 * S));
    expect(k.store.gradTmp.subarray(22, 3998)).toEqual(ts.gradTmp.subarray(22, 3998));
    expect(ts.gradTmp[22]).toBe(gh[2 * want[0]]);
    // a wrong left count is reported, not trusted
    expect(kernelPartition(k, 0, 11, 1999, split, nLeft - 1)).not.toBe(nLeft - 1);
    expect(partitionRows(ts, 0, 11, 1999, bins, split, nLeft - 1)).not.toBe(nLeft - 1);
    partitionRows(ts, 0, 11, 1999, bins, split, nLeft);
    kernelPartition(k, 0, 11, 1999, split, nLeft);
    for (const [side, a, b] of [[0, 0, 2000], [1, 11, 1200], [0, 5, 6], [1, 7, 7]] as const) {
      const want = new Float64Array(layout.size);
      const got = new Float64Array(layout.size);
      buildHistogram(want, bins, layout, groups, side ? ts.recTmp : ts.rec, ts.stride, side ? ts.gradTmp : ts.grad, a, b);
      kernelHistogram(k, got, groups, side, a, b);
      expect(got.subarray(0, layout.size - 2), `records ${a}-${b}`).toEqual(want.subarray(0, layout.size - 2));
    }
  });

  it('partitions records of 16 bytes or more (copied 16 bytes at a time) as the TypeScript loop does', () => {
    // 21 and 60 features: records of 7 and 16 words (28 and 64 bytes: the last copy overlaps, or not)
    for (const features of [21, 60]) {
      const w = data(500, features, 5);
      const wb = findBins(w.X, w.rows, features, 255, 0);
      const wbins = packBins(w.X, w.rows, features, wb);
      const k = createHistKernel(wbins, histLayout(wb, wbins))!;
      const ts = createRowStore(wbins);
      const g = Float64Array.from({ length: 2 * w.rows }, (_, i) => i + 0.5);
      loadRows(ts, wbins, null, w.rows, g);
      loadRows(k.store, wbins, null, w.rows, g);
      const split = { feature: features - 2, bin: 60, missingBin: wb.valueBins[features - 2], missingLeft: false };
      let nLeft = 0;
      for (let i = 3; i < 490; i++) if (binAt(wbins, i, split.feature) <= 60) nLeft++;
      expect(partitionRows(ts, 0, 3, 490, wbins, split, nLeft)).toBe(nLeft);
      expect(kernelPartition(k, 0, 3, 490, split, nLeft)).toBe(nLeft);
      // the whole buffer: nothing written outside the records partitioned
      expect(k.store.recTmp, `${features} features`).toEqual(ts.recTmp);
      expect(k.store.gradTmp).toEqual(ts.gradTmp);
    }
  });

  it('builds the same histograms bit for bit with rows shared out to helper threads (rounded gradients)', async () => {
    const big = data(3 * HALVE_ROWS + 11, 7, 5);
    const bb = findBins(big.X, big.rows, big.features, 255, 0);
    const pb = packBins(big.X, big.rows, big.features, bb);
    const lay = histLayout(bb, pb);
    const k = createHistKernel(pb, lay, 3, 2)!;
    expect(k.scratch.length).toBeGreaterThanOrEqual(2);
    const threads = inThread(2);
    await threads.attach('t', k.module, k.memory);
    // full mantissas (rng()'s values are multiples of 2^-32, whose sums would be exact anyway)
    const g = Float64Array.from({ length: 2 * big.rows }, (_, i) => (i % 2 ? rng() : rng() - 0.5) / 3);
    let fwd = 0;
    let back = 0;
    for (let i = 0; i < big.rows; i++) fwd += g[2 * i];
    for (let i = big.rows - 1; i >= 0; i--) back += g[2 * i];
    expect(back).not.toBe(fwd);
    roundGradients(g, big.rows);
    loadRows(k.store, pb, null, big.rows, g);
    // one job large enough for row shards, one small (built here), one on a plain array (built through the slot)
    const ranges = [[3, big.rows - 5], [0, 700], [5, 900]] as const;
    const want = ranges.map(([a, b]) => {
      const h = new Float64Array(lay.size);
      kernelHistogram(k, h, groups, 0, a, b);
      return h;
    });
    k.histPool[0].fill(7);
    const got = [k.histPool[0], k.histPool[1], new Float64Array(lay.size)];
    await kernelHistogramsShared(k, threads, 't', ranges.map(([start, end], j) => ({ hist: got[j], side: 0 as const, start, end })), groups);
    for (let j = 0; j < 3; j++) expect(got[j].subarray(0, lay.size - 2), `job ${j}`).toEqual(want[j].subarray(0, lay.size - 2));
    // the helpers' shards were added in (they hold rows), and without rounding the shards would not sum the same
    expect(k.scratch[0].some((v) => v !== 0)).toBe(true);
    await threads.detach('t');
  });

  it('partitions a level with large nodes halved (the second half backward) as one thread does, histograms included', async () => {
    const big = data(3 * HALVE_ROWS + 11, 7, 6);
    const bb = findBins(big.X, big.rows, big.features, 255, 0);
    const pb = packBins(big.X, big.rows, big.features, bb);
    const lay = histLayout(bb, pb);
    const g = Float64Array.from({ length: 2 * big.rows }, (_, i) => (i % 2 ? rng() : rng() - 0.5) / 3);
    roundGradients(g, big.rows);
    const one = createHistKernel(pb, lay, 1, 8)!;
    const two = createHistKernel(pb, lay, 2, 8)!;
    const threads = inThread(1);
    await threads.attach('t', two.module, two.memory);
    // three nodes of the root's records: a large one (halved), a small one (whole), a large one with no histogram
    const cut = 2 * HALVE_ROWS + 3;
    const nodes = [[0, cut, 2], [cut, cut + 900, 4], [cut + 900, big.rows, 1]] as const;
    const jobsOf = (k: typeof one): LevelJob[] =>
      nodes.map(([start, end, f], i) => {
        const split = { feature: f, bin: 90, missingBin: bb.valueBins[f], missingLeft: i === 0 };
        let nLeft = 0;
        for (let r = start; r < end; r++) {
          const b = binAt(pb, r, f);
          if (b <= 90 || (split.missingLeft && b === split.missingBin)) nLeft++;
        }
        const smallLeft = nLeft <= end - start - nLeft;
        const hist = i === 2 ? null : { hist: k.histPool[i], side: 1 as const, start: smallLeft ? start : start + nLeft, end: smallLeft ? start + nLeft : end };
        return { from: 0 as const, start, end, split, nLeft, hist };
      });
    loadRows(one.store, pb, null, big.rows, g);
    loadRows(two.store, pb, null, big.rows, g);
    const wantJobs = jobsOf(one);
    for (const j of wantJobs) {
      expect(kernelPartition(one, 0, j.start, j.end, j.split, j.nLeft)).toBe(j.nLeft);
      if (j.hist) kernelHistogram(one, j.hist.hist, groups, 1, j.hist.start, j.hist.end);
    }
    two.histPool.forEach((h) => h.fill(3));
    const gotJobs = jobsOf(two);
    await kernelLevelShared(two, threads, 't', gotJobs, groups);
    expect(two.store.recTmp).toEqual(one.store.recTmp);
    expect(two.store.gradTmp).toEqual(one.store.gradTmp);
    for (const i of [0, 1]) expect(gotJobs[i].hist!.hist.subarray(0, lay.size - 2), `node ${i}`).toEqual(wantJobs[i].hist!.hist.subarray(0, lay.size - 2));
    // a wrong left count is caught
    const bad = jobsOf(two);
    bad[0].nLeft--;
    await expect(kernelLevelShared(two, threads, 't', bad, groups)).rejects.toThrow(/partitioned/);
    await threads.detach('t');
  });

  it('trains the same model as the TypeScript loops, and with 0 or 2 helper threads', async () => {
    // enough rows that the root and first levels are shared out
    const big = data(2 * PARALLEL_ROWS + 5, 6, 7);
    const opts = { nEstimators: 8, growth: 'depthwise' as const, maxDepth: 4, subsample: 0.9, colsample: 1, earlyStoppingRounds: 0 };
    const plain = trainGbdt(big, opts, undefined, undefined, false);
    const kernel = trainGbdt(big, opts);
    expect(kernel.trees).toEqual(plain.trees);
    // every row: later trees start from the first one's records, copied whole
    const all = { ...opts, nEstimators: 3, subsample: 1 };
    const allTrees = trainGbdt(big, all).trees;
    expect(allTrees).toEqual(trainGbdt(big, all, undefined, undefined, false).trees);
    // helpers grow level by level and route the last level (every row): still the same trees
    expect((await trainGbdtThreaded(big, all, inThread(2))).trees).toEqual(allTrees);
    const p0 = predictGbdt(plain, big.X, big.rows);
    for (const threads of [NO_THREADS, inThread(2)]) {
      const m = await trainGbdtThreaded(big, opts, threads);
      const p = predictGbdt(m, big.X, big.rows);
      let worst = 0;
      for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i] - p0[i]));
      expect(worst, `${threads.count} helpers`).toBe(0);
      expect(m.trees).toEqual(plain.trees);
    }
  });
});

describe('GBDT kernel split screen', () => {
  // 9 features (pairs, and one left alone): 0-2 with missing values, 3-4 with few distinct values (bins of unequal
  // counts side by side in a pair), the rest continuous; the label mostly from feature 5
  const rows = 4000;
  const features = 9;
  const rng = createRng(21);
  const X = new Float32Array(rows * features);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < features; f++) {
      const v = rng() * 2 - 1;
      X[i * features + f] = f < 3 && rng() < 0.05 ? NaN : f === 3 ? Math.round(v * 3) : f === 4 ? Math.round(v * 20) : v;
    }
  }
  const y = Float32Array.from({ length: rows }, (_, i) => (X[i * features + 5] + 0.3 * X[i * features + 4] + rng() - 0.5 > 0 ? 1 : 0));
  const binning = findBins(X, rows, features, 255, 0);
  const bins = packBins(X, rows, features, binning);
  const layout = histLayout(binning, bins);
  const all = Int32Array.from({ length: features }, (_, f) => f);

  it('finds split.ts screen\'s split bit for bit, features with missing rows or unequal bin counts included', () => {
    expect(new Set(binning.valueBins).size).toBeGreaterThan(2);
    const k = createHistKernel(bins, layout, 1, 2)!;
    const hist = k.histPool[0];
    const p = { l2: 1, minSamplesLeaf: 20, minChildHessian: 1e-3, minGainToSplit: 0 };
    let found = 0;
    let kernelOnly = 0;
    for (let trial = 0; trial < 60; trial++) {
      // a node of random rows (small ones leave bins empty), gradients of a random fit
      const n = 30 + Math.floor(rng() * (trial % 3 === 0 ? rows - 30 : 400));
      const idx = Uint32Array.from({ length: n }, () => Math.floor(rng() * rows));
      const gh = new Float64Array(2 * rows);
      const shift = rng() - 0.5;
      for (let i = 0; i < rows; i++) {
        const q = 1 / (1 + Math.exp(-(shift + X[i * features + 5] * rng())));
        gh[2 * i] = q - y[i];
        gh[2 * i + 1] = q * (1 - q);
      }
      loadRows(k.store, bins, idx, n, gh);
      // a subset of features too (the screen's table is per node), in order
      const feats = trial % 4 === 1 ? all.filter((f) => f !== 1 && f !== 6) : all;
      kernelHistogram(k, hist, groupsOf(feats, bins.perWord), 0, 0, n);
      let G = 0;
      let H = 0;
      for (let r = 0; r < n; r++) {
        G += k.store.grad[2 * r];
        H += k.store.grad[2 * r + 1];
      }
      for (const q of [p, { ...p, minChildHessian: 0.5 }, { ...p, minGainToSplit: 2 }, { ...p, l2: 0 }]) {
        const want = findBestSplit(hist, null, feats, binning.offsets, binning.valueBins, G, H, n, q);
        expect(kernelScreen(k, hist, feats, binning.offsets, binning.valueBins, G, H, q)).toEqual(want);
        if (want) found++;
        if (want && want.feature > 2 && q.l2 > 0) kernelOnly++;
      }
    }
    // splits were found, many of them on features the kernel scans itself
    expect(found).toBeGreaterThan(100);
    expect(kernelOnly).toBeGreaterThan(50);
  });

  it('trains the same trees as the TypeScript loops on data without missing values', () => {
    const full = { X: X.map((v) => (v === v ? v : 0)), rows, features, y };
    const opts = { nEstimators: 6, growth: 'depthwise' as const, maxDepth: 5, subsample: 1, colsample: 0.8, earlyStoppingRounds: 0 };
    expect(trainGbdt(full, opts).trees).toEqual(trainGbdt(full, opts, undefined, undefined, false).trees);
  });
});

describe('GBDT helper trial', () => {
  it('keeps growing alone when the helpers are slower, with the same trees as without them', async () => {
    const big = data(PARALLEL_ROWS + 100, 5, 11);
    const opts = { nEstimators: 9, growth: 'depthwise' as const, maxDepth: 3, subsample: 1, colsample: 1, earlyStoppingRounds: 0 };
    const helpers = inThread(1);
    let calls = 0;
    // a helper whose every hand-over takes 30 ms: sharing out must lose the trial
    const slow: KernelThreads = {
      count: 1,
      attach: (key, module, memory) => helpers.attach(key, module, memory),
      detach: (key) => helpers.detach(key),
      call: async (h, key, fn, args) => {
        calls++;
        await new Promise((r) => setTimeout(r, 30));
        return helpers.call(h, key, fn, args);
      },
    };
    const report: SharingReport = { sharedMs: [], aloneMs: [], shared: null };
    const m = await trainGbdtThreaded(big, opts, slow, undefined, undefined, report);
    expect(m.trees).toEqual(trainGbdt(big, opts).trees);
    expect(report.sharedMs.length).toBe(3);
    expect(report.aloneMs.length).toBe(3);
    expect(Math.min(...report.sharedMs)).toBeGreaterThan(Math.max(...report.aloneMs));
    expect(report.shared).toBe(false);
    // trees 0, 1, 3, 5 shared, 3 hand-overs each (the root's histogram, then the partitions of levels 1 and 2,
    // each moving every row); none after the trial
    expect(calls).toBe(12);
  });
});
