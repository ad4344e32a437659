// The histogram and partition loops of tree.ts on our WebAssembly SIMD kernel (hist.wat), with the row
// store in the kernel's memory. One range on this thread gives the same sums in the same order as
// histogram.ts (bit-identical trees). With helper threads (src/lib/engine/threads.ts) on the same shared
// memory, a level of a depth-wise tree is shared out in one call per helper, by rows as XGBoost's hist does:
// a large node's records are halved between two threads (each partitions its half and builds the histogram of
// the records it wrote, the helper's added into this thread's after), small nodes go whole to whichever is free. Partial
// histograms summed in another order give the same bins only because the boosting loop rounds the gradients so
// that every partial sum is exact (loss.ts roundGradients): sharing is for trainSteps' trees alone.
// Only 8-bit bins (maxBins <= 255, the default): 16-bit bins keep the TypeScript loops.
import { kernelInstance, kernelModules, splitRange, type KernelThreads } from '../../engine/threads';
import type { HistLayout } from './histogram';
import { HIST_KERNEL, HIST_KERNEL_SHARED } from './hist-kernel.generated';
import type { PackedBins } from './packed';
import type { RowSplit, RowStore, Side } from './partition';
import { findBestSplit, leafScore, screenedSplit, screenFeatures, screenStart, type Split, type SplitParams } from './split';

type Fn = (...args: number[]) => number;

/** Rows of a node below which a histogram is built on this thread alone: a helper's round trip costs about as much. */
export const PARALLEL_ROWS = 16_384;

/** Rows of a node from which a level's job is halved between two threads, not dealt whole. */
export const HALVE_ROWS = 8_192;

export interface HistKernel {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** This thread plus the helpers that share out a level's rows (shared memory when > 1). */
  readonly parts: number;
  /** The row store, on the kernel's memory. */
  readonly store: RowStore;
  hist8: Fn;
  hist8Jobs: Fn;
  levelJobs: Fn;
  part: Fn;
  sub: Fn;
  add: Fn;
  screen: Fn;
  countSplit: Fn;
  countBins: Fn;
  markSplit: Fn;
  p: { rec: number; recTmp: number; grad: number; gradTmp: number; slots: number; groups: number; hist: number; jobs: number; screen: number; screenOut: number; counts: number; leafOf: number };
  /** The histogram the kernel fills, as doubles. */
  slot: Float64Array;
  /**
   * Histograms on this memory for the tree's pool (tree.ts): built in place, with no zeroing and copying of
   * the slot (a 123 KB histogram per node at 30 features).
   */
  histPool: Float64Array[];
  /** Histograms for the helpers' halves of large nodes, added into the pool's after (none without shared memory). */
  scratch: Float64Array[];
  buffer: ArrayBufferLike;
  groupsView: Int32Array;
  /** The screen's feature table (byte offset of a feature's bins, value bin count) and its result. */
  screenTab: Int32Array;
  screenOut: DataView;
  /** countBins' four tables of 256 i32 (the first holds the sums). */
  countsView: Int32Array;
  /** Per row id, its leaf's node (tree.ts leafOf: markSplit writes it here). */
  leafOf: Uint32Array;
  /** Side 0's working buffers (p.rec, p.grad and store.rec, store.grad point at them or at `initial`'s: kernelSide0). */
  work: SideBuffers;
  /**
   * Every row's record in row order (filled by the first tree on all rows: ready) and gradients (the caller may
   * write them here), which later trees on all rows read their root from, uncopied; null where the memory would
   * pass 2 GB with them.
   */
  initial: (SideBuffers & { ready: boolean }) | null;
  bins: PackedBins;
  layout: HistLayout;
}

/** A side's record and gradient buffers: byte offsets and views. */
interface SideBuffers {
  rec: number;
  grad: number;
  recView: Uint32Array;
  gradView: Float64Array;
}

/**
 * Points side 0 at the initial records (the root of a tree on every row, in row order: no copy) or back at the
 * working buffers (before a partition writes side 0 again). The TypeScript store and the kernel calls follow.
 */
export function kernelSide0(k: HistKernel, initial: boolean): void {
  const b = initial && k.initial ? k.initial : k.work;
  k.p.rec = b.rec;
  k.p.grad = b.grad;
  k.store.rec = b.recView;
  k.store.grad = b.gradView;
}

// Null where it cannot compile (no WebAssembly SIMD (or no shared memory): the TypeScript loops run instead).
const kernelModule = kernelModules(HIST_KERNEL_SHARED, HIST_KERNEL);

/**
 * The kernel for these bins, for `parts` threads (shared memory when parts > 1), with `histograms` histograms
 * for the tree's pool (fewer where they would take over 64 MB), or null where it cannot run.
 */
export function createHistKernel(bins: PackedBins, layout: HistLayout, parts = 1, histograms = 0): HistKernel | null {
  if (bins.bits !== 8) return null;
  const shared = parts > 1;
  const module = kernelModule(shared);
  if (!module) return null;
  const n = bins.rows;
  const stride = bins.groups + 1;
  const align = (b: number) => Math.ceil(b / 16) * 16;
  const rec = 0;
  const recTmp = align(rec + stride * n * 4);
  const grad = align(recTmp + stride * n * 4);
  const gradTmp = grad + 16 * n;
  const slots = gradTmp + 16 * n;
  const groups = align(slots + bins.groups * 16);
  // the split screen's table (2 i32 per feature) and result (3 f64, 2 i32)
  const screen = align(groups + bins.groups * 4);
  const screenOut = align(screen + 8 * bins.features);
  // countBins' tables (4 x 256 i32)
  const counts = align(screenOut + 32);
  // tree.ts leafOf (u32 per row)
  const leafOf = align(counts + 4096);
  const hist = align(leafOf + 4 * n);
  const histBytes = align(layout.size * 8);
  const nPool = Math.max(0, Math.min(histograms, Math.floor(64 * 2 ** 20 / histBytes)));
  // up to one per further thread (a histogram's row shards) and eight (a level's halved nodes), 16 MB at most
  const nScratch = shared ? Math.min(Math.max(8, parts - 1), Math.floor(16 * 2 ** 20 / histBytes)) : 0;
  // hist8Jobs (5 i32) or levelJobs (16 i32) records: two per pool or scratch histogram (a halved node's two)
  const jobs = hist + histBytes;
  const pool = align(jobs + 128 * (nPool + nScratch + parts));
  const scratch = pool + nPool * histBytes;
  let bytes = scratch + nScratch * histBytes;
  const initRec = align(bytes);
  const initGrad = align(initRec + stride * n * 4);
  const withInitial = bytes <= 2 ** 31 && initGrad + 16 * n <= 2 ** 31;
  if (withInitial) bytes = initGrad + 16 * n;
  const instance = kernelInstance(module, bytes, shared);
  if (!instance) return null;
  const { memory, exports } = instance;
  const buf = memory.buffer;
  // slots in bytes from the histogram's start (layout.slots are in doubles)
  new Int32Array(buf, slots, bins.groups * 4).set(layout.slots.map((s) => s * 8));
  const work: SideBuffers = { rec, grad, recView: new Uint32Array(buf, rec, stride * n), gradView: new Float64Array(buf, grad, 2 * n) };
  return {
    module,
    memory,
    parts,
    store: {
      stride,
      rec: work.recView,
      recTmp: new Uint32Array(buf, recTmp, stride * n),
      grad: work.gradView,
      gradTmp: new Float64Array(buf, gradTmp, 2 * n),
    },
    hist8: exports.hist8 as Fn,
    hist8Jobs: exports.hist8Jobs as Fn,
    levelJobs: exports.levelJobs as Fn,
    part: exports.part as Fn,
    sub: exports.sub as Fn,
    add: exports.add as Fn,
    screen: exports.screen as Fn,
    countSplit: exports.countSplit as Fn,
    countBins: exports.countBins as Fn,
    markSplit: exports.markSplit as Fn,
    p: { rec, recTmp, grad, gradTmp, slots, groups, hist, jobs, screen, screenOut, counts, leafOf },
    slot: new Float64Array(buf, hist, layout.size),
    histPool: Array.from({ length: nPool }, (_, q) => new Float64Array(buf, pool + q * histBytes, layout.size)),
    scratch: Array.from({ length: nScratch }, (_, q) => new Float64Array(buf, scratch + q * histBytes, layout.size)),
    buffer: buf,
    groupsView: new Int32Array(buf, groups, bins.groups),
    screenTab: new Int32Array(buf, screen, 2 * bins.features),
    screenOut: new DataView(buf, screenOut, 32),
    countsView: new Int32Array(buf, counts, 256),
    leafOf: new Uint32Array(buf, leafOf, n),
    work,
    initial: withInitial
      ? { rec: initRec, grad: initGrad, recView: new Uint32Array(buf, initRec, stride * n), gradView: new Float64Array(buf, initGrad, 2 * n), ready: false }
      : null,
    bins,
    layout,
  };
}

/** Doubles [from, to) of each listed group's features in a histogram. */
function groupRanges(k: HistKernel, groups: Int32Array, each: (from: number, to: number) => void): void {
  const { offsets } = k.layout;
  const { features, perWord } = k.bins;
  for (let j = 0; j < groups.length; j++) {
    const f0 = groups[j] * perWord;
    each(offsets[f0] * 2, offsets[Math.min(features, f0 + perWord)] * 2);
  }
}

/** Whether a histogram lives on the kernel's memory (one of histPool's). */
export const onKernel = (k: HistKernel, hist: Float64Array): boolean => hist.buffer === k.buffer;

/** hist8's arguments for records [start, end) of a side and the groups listed from index g0, n of them, into the histogram at byte `at`. */
function hist8Args(k: HistKernel, side: Side, start: number, end: number, g0: number, n: number, at: number): number[] {
  const { p } = k;
  const [rec, grad] = side === 0 ? [p.rec, p.grad] : [p.recTmp, p.gradTmp];
  return [rec, k.store.stride, grad, start, end, at, p.slots, p.groups + 4 * g0, n];
}

/**
 * As buildHistogram (histogram.ts) over records [start, end) of the given side, on this thread: the same sums,
 * bit for bit. A histogram of histPool is filled in place; any other through the kernel's slot.
 */
export function kernelHistogram(k: HistKernel, hist: Float64Array, groups: Int32Array, side: Side, start: number, end: number): void {
  const direct = onKernel(k, hist);
  const target = direct ? hist : k.slot;
  k.groupsView.set(groups);
  groupRanges(k, groups, (a, b) => target.fill(0, a, b));
  k.hist8(...hist8Args(k, side, start, end, 0, groups.length, target.byteOffset));
  if (!direct) groupRanges(k, groups, (a, b) => hist.set(target.subarray(a, b), a));
}

/**
 * subtractHistogram (histogram.ts) on the kernel, SIMD: parent -= child over the listed features' bins (runs of
 * consecutive features in one call), the same subtractions bit for bit. Both histograms must be on the kernel's memory.
 */
export function kernelSubtract(k: HistKernel, parent: Float64Array, child: Float64Array, offsets: Int32Array, feats: Int32Array): void {
  for (let j = 0; j < feats.length; ) {
    const f0 = feats[j];
    let f1 = f0 + 1;
    for (j++; j < feats.length && feats[j] === f1; j++) f1++;
    // 16 bytes per bin ([g, h] doubles)
    const from = offsets[f0] * 16;
    k.sub(parent.byteOffset + from, child.byteOffset + from, offsets[f1] * 16 - from);
  }
}

/**
 * The split search's screen (split.ts findBestSplit without counts) of a histogram on the kernel's memory: the
 * kernel scans the features without missing rows, two at a time in SIMD lanes, and split.ts the others, in feature
 * order, so the split is split.ts's bit for bit. Where the kernel's test does not hold (l2 <= 0 or a negative
 * minChildHessian: split.ts then also tests hl + l2 > 0) and for histograms off the kernel, split.ts alone.
 */
export function kernelScreen(
  k: HistKernel,
  hist: Float64Array,
  feats: Int32Array,
  offsets: Int32Array,
  valueBins: Int32Array,
  G: number,
  H: number,
  p: SplitParams,
): Split | null {
  // (findBestSplit's screen needs no row count)
  if (!(p.l2 > 0 && p.minChildHessian >= 0) || !onKernel(k, hist)) return findBestSplit(hist, null, feats, offsets, valueBins, G, H, NaN, p);
  const best = screenStart(p);
  const n = feats.length;
  const tab = k.screenTab;
  for (let j = 0; j < n; j++) {
    tab[2 * j] = offsets[feats[j]] * 16;
    tab[2 * j + 1] = valueBins[feats[j]];
  }
  const out = k.screenOut;
  const parent = leafScore(G, H, p.l2);
  for (let j = 0; j < n; ) {
    j = k.screen(hist.byteOffset, k.p.screen, n, j, G, H, p.l2, p.minChildHessian, parent, best.gain, k.p.screenOut);
    const found = out.getInt32(24, true);
    if (found >= 0) {
      best.gain = out.getFloat64(0, true);
      best.g = out.getFloat64(8, true);
      best.h = out.getFloat64(16, true);
      best.feature = feats[found];
      best.bin = out.getInt32(28, true);
      best.missingLeft = false;
    }
    // a feature with missing rows: its missing-left candidates too
    if (j < n) {
      screenFeatures(hist, feats, j, j + 1, offsets, valueBins, G, H, p, best);
      j++;
    }
  }
  return screenedSplit(best, G, H);
}

/** countSplit (histogram.ts) over records [start, end) of a side, on the kernel: the same counts. */
export function kernelCountSplit(k: HistKernel, side: Side, feature: number, cut: number, missingBin: number, start: number, end: number): { left: number; missing: number } {
  const { p, store, bins } = k;
  const left = k.countSplit(side === 0 ? p.rec : p.recTmp, store.stride, start, end, Math.floor(feature / bins.perWord), (feature % bins.perWord) * bins.bits, cut, missingBin, p.screenOut);
  return { left, missing: k.screenOut.getInt32(0, true) };
}

/** countBins (histogram.ts) of the listed features over records [start, end) of a side, on the kernel: the same counts. */
export function kernelCountBins(k: HistKernel, counts: Float64Array, offsets: Int32Array, feats: Int32Array, side: Side, start: number, end: number): void {
  const { p, store, bins } = k;
  const view = k.countsView;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    k.countBins(side === 0 ? p.rec : p.recTmp, store.stride, start, end, Math.floor(f / bins.perWord), (f % bins.perWord) * bins.bits, p.counts);
    const o = offsets[f];
    for (let b = 0, e = offsets[f + 1] - o; b < e; b++) counts[o + b] = view[b];
  }
}

/** markSplit (partition.ts) into the kernel's leafOf over records [start, end) of a side: the same nodes. */
export function kernelMarkSplit(k: HistKernel, side: Side, start: number, end: number, s: RowSplit, leftNode: number): void {
  const { p, store, bins } = k;
  const word = Math.floor(s.feature / bins.perWord);
  k.markSplit(side === 0 ? p.rec : p.recTmp, store.stride, start, end, word, (s.feature % bins.perWord) * bins.bits, s.bin, s.missingBin, s.missingLeft ? 1 : 0, leftNode, p.leafOf);
}

/** Whether a node of n rows is worth sharing out. */
export function shareHistogram(k: HistKernel | null, threads: KernelThreads, n: number): boolean {
  return k !== null && k.parts > 1 && threads.count >= k.parts - 1 && n >= PARALLEL_ROWS;
}

/** One histogram to build: records [start, end) of a side. */
export interface HistJob {
  hist: Float64Array;
  side: Side;
  start: number;
  end: number;
}

/** Adds the listed groups' bins of `from` into `to` (both on the kernel's memory): a helper's row shard. */
function addGroups(k: HistKernel, to: Float64Array, from: Float64Array, groups: Int32Array): void {
  groupRanges(k, groups, (a, b) => k.add(to.byteOffset + 8 * a, from.byteOffset + 8 * a, 8 * (b - a)));
}

/**
 * kernelHistogram for several histograms: each large one's records cut into one row shard per thread (this
 * thread's into the histogram itself, each helper's into a scratch histogram added in after), the others built
 * here. The bins are kernelHistogram's bit for bit only with rounded gradients (loss.ts roundGradients).
 * `key`: the memory's attachment on the helpers.
 */
export async function kernelHistogramsShared(k: HistKernel, threads: KernelThreads, key: string, jobs: HistJob[], groups: Int32Array): Promise<void> {
  const P = Math.min(k.parts, threads.count + 1, k.scratch.length + 1);
  k.groupsView.set(groups);
  const records: number[][] = Array.from({ length: P }, () => []);
  const adds: [Float64Array, Float64Array][] = [];
  let used = 0;
  const here: HistJob[] = [];
  for (const j of jobs) {
    const n = j.end - j.start;
    if (!onKernel(k, j.hist) || n < HALVE_ROWS || used + P - 1 > k.scratch.length) {
      here.push(j);
      continue;
    }
    const [rec, grad] = j.side === 0 ? [k.p.rec, k.p.grad] : [k.p.recTmp, k.p.gradTmp];
    for (let q = 0; q < P; q++) {
      const [a, b] = splitRange(n, P, q);
      const target = q === 0 ? j.hist : k.scratch[used++];
      groupRanges(k, groups, (x, y) => target.fill(0, x, y));
      if (q > 0) adds.push([j.hist, target]);
      records[q].push(rec, grad, j.start + a, j.start + b, target.byteOffset);
    }
  }
  const table = new Int32Array(k.buffer, k.p.jobs, records.reduce((n, r) => n + r.length, 0));
  const args = (at: number, n: number) => [k.p.jobs + 4 * at, n, k.store.stride, k.p.slots, k.p.groups, groups.length];
  const pending: Promise<number>[] = [];
  let at = records[0].length;
  for (let q = 1; q < P; q++) {
    table.set(records[q], at);
    if (records[q].length > 0) pending.push(threads.call(q - 1, key, 'hist8Jobs', args(at, records[q].length / 5)));
    at += records[q].length;
  }
  table.set(records[0], 0);
  k.hist8Jobs(...args(0, records[0].length / 5));
  for (const j of here) kernelHistogram(k, j.hist, groups, j.side, j.start, j.end);
  await Promise.all(pending);
  for (const [to, from] of adds) addGroups(k, to, from, groups);
}

/** One split of a level: its node's records [start, end) partitioned from side `from`, then maybe a child's histogram. */
export interface LevelJob {
  from: Side;
  start: number;
  end: number;
  split: RowSplit;
  /** The split's left row count (the partition is checked against it). */
  nLeft: number;
  /** The smaller child's histogram (on the other side), or null. */
  hist: HistJob | null;
}

/**
 * A level's partitions and histograms shared out by rows. A node of HALVE_ROWS rows or more is halved: this
 * thread (or a helper) partitions the first half forward and builds its histogram from the records it wrote,
 * a helper (or this thread) the second half backward from the children's ends, into a scratch histogram added in
 * after; the records land where one thread's stable partition puts them. Smaller nodes stay whole. The threads
 * take the jobs largest first, each the next one as it gets free (levelJobs' shared counter). The histograms are
 * kernelHistogram's bit for bit only with rounded gradients (loss.ts roundGradients); the partitions always are
 * kernelPartition's.
 */
export async function kernelLevelShared(k: HistKernel, threads: KernelThreads, key: string, jobs: LevelJob[], groups: Int32Array): Promise<void> {
  const P = Math.min(k.parts, threads.count + 1);
  // a histogram row costs about 4 partition rows (32 bin updates against one 52-byte record copy)
  const cost = (j: LevelJob) => j.end - j.start + (j.hist ? 4 * (j.hist.end - j.hist.start) : 0);
  interface Item {
    job: LevelJob;
    /** 0: whole, 1: first half (forward), 2: second half (backward). */
    half: 0 | 1 | 2;
    cost: number;
    /** The histogram this item's records are added into. */
    target: Float64Array | null;
  }
  const items: Item[] = [];
  const adds: [Float64Array, Float64Array][] = [];
  let used = 0;
  const later: HistJob[] = [];
  for (const j of jobs) {
    const c = cost(j);
    // a histogram off the kernel's memory: partitioned here, built through the slot after
    if (j.hist && !onKernel(k, j.hist.hist)) {
      later.push(j.hist);
      items.push({ job: j, half: 0, cost: c, target: null });
    } else if (P > 1 && j.end - j.start >= HALVE_ROWS && (!j.hist || used < k.scratch.length)) {
      const other = j.hist ? k.scratch[used++] : null;
      if (j.hist && other) adds.push([j.hist.hist, other]);
      items.push({ job: j, half: 1, cost: c / 2, target: j.hist?.hist ?? null }, { job: j, half: 2, cost: c / 2, target: other });
    } else items.push({ job: j, half: 0, cost: c, target: j.hist?.hist ?? null });
  }
  // largest first; the threads take them in this order as each gets free (levelJobs' counter)
  items.sort((a, b) => b.cost - a.cost);
  k.groupsView.set(groups);
  const { p, bins } = k;
  const wholeZero = groups.length === bins.groups;
  // a histogram's whole slot (createHistKernel's histBytes: its doubles rounded up to 16 bytes)
  const zeroBytes = Math.ceil(k.layout.size / 2) * 16;
  const record = (it: Item): number[] => {
    const j = it.job;
    const [src, srcGrad, dst, dstGrad] = j.from === 0 ? [p.rec, p.grad, p.recTmp, p.gradTmp] : [p.recTmp, p.gradTmp, p.rec, p.grad];
    const s = j.split;
    const mid = it.half === 0 ? j.end : j.start + ((j.end - j.start) >> 1);
    const [a, b] = it.half === 2 ? [mid, j.end] : [j.start, mid];
    const smallLeft = j.hist !== null && j.hist.start === j.start;
    const flags = (s.missingLeft ? 1 : 0) | (smallLeft ? 2 : 0) | (it.half === 2 ? 4 : 0);
    // every group: the kernel zeroes the whole histogram on the thread that fills it; some: here, theirs only
    if (it.target && !wholeZero) groupRanges(k, groups, (x, y) => it.target!.fill(0, x, y));
    // forward: the children's starts; backward: their ends
    const [l, r] = it.half === 2 ? [j.start + j.nLeft, j.end] : [j.start, j.start + j.nLeft];
    return [src, srcGrad, dst, dstGrad, a, b, l, r, it.target && wholeZero ? zeroBytes : 0, Math.floor(s.feature / bins.perWord), (s.feature % bins.perWord) * bins.bits, s.bin, s.missingBin, flags, it.target ? it.target.byteOffset : 0, -1];
  };
  // the counter (16 bytes), then the records
  const counter = new Int32Array(k.buffer, p.jobs, 1);
  counter[0] = 0;
  const table = new Int32Array(k.buffer, p.jobs + 16, 16 * items.length);
  items.forEach((it, i) => table.set(record(it), 16 * i));
  const args = [p.jobs + 16, items.length, k.store.stride, p.slots, p.groups, groups.length, 0xff, p.jobs];
  const pending: Promise<number>[] = [];
  // helpers only where there is more than one job (their call would find none left otherwise)
  for (let q = 1; q < Math.min(P, items.length); q++) pending.push(threads.call(q - 1, key, 'levelJobs', args));
  k.levelJobs(...args);
  await Promise.all(pending);
  for (const h of later) kernelHistogram(k, h.hist, groups, h.side, h.start, h.end);
  const found = new Map<LevelJob, number>();
  items.forEach((it, i) => found.set(it.job, (found.get(it.job) ?? 0) + table[16 * i + 15]));
  for (const j of jobs) if (found.get(j) !== j.nLeft) throw new Error(`gbdt: a split counted ${j.nLeft} rows left but partitioned ${found.get(j)}`);
  for (const [to, from] of adds) addGroups(k, to, from, groups);
}

/** As partitionRows (partition.ts) on the kernel's store: from side `from` into the other one. */
export function kernelPartition(k: HistKernel, from: Side, start: number, end: number, s: RowSplit, nLeft: number): number {
  const { p, store, bins } = k;
  const word = Math.floor(s.feature / bins.perWord);
  const shift = (s.feature % bins.perWord) * bins.bits;
  const [src, srcGrad, dst, dstGrad] = from === 0 ? [p.rec, p.grad, p.recTmp, p.gradTmp] : [p.recTmp, p.gradTmp, p.rec, p.grad];
  return k.part(src, srcGrad, dst, dstGrad, store.stride, start, end, start + nLeft, word, shift, s.bin, s.missingBin, s.missingLeft ? 1 : 0, 0xff);
}
