// Growing one regression tree on gradients and hessians from binned data, leaf-wise (best gain first,
// up to numLeaves) or depth-wise (every level, up to maxDepth). Node rows are contiguous ranges of
// row records that each split partitions into the store's other buffer (partition.ts); only the
// smaller child's histogram is built, and the larger one is the parent's minus it. With helper threads,
// depth-wise trees grow level by level (a level's work in one request), numbered as depth-first growth does.
import type { Binning } from './binning';
import { buildHistogram, countBins, countSplit, groupsOf, histLayout, subtractHistogram, type HistLayout } from './histogram';
import { kernelCountBins, kernelCountSplit, kernelHistogram, kernelMarkSplit, kernelPartition, kernelScreen, kernelSide0, kernelSubtract, onKernel, type HistJob, type HistKernel, type LevelJob } from './hist-wasm';
import type { PackedBins } from './packed';
import { applyLeaves, createRowStore, gradOf, loadRows, markRows, markSplit, partitionRows, recOf, type RowStore, type Side } from './partition';
import type { GbdtTree } from './model';
import type { GradientTotals } from './loss';
import { findBestSplit, type Split, type SplitParams } from './split';

export interface TreeParams extends SplitParams {
  growth: 'leafwise' | 'depthwise';
  /** 0 = no limit. */
  maxDepth: number;
  numLeaves: number;
  learningRate: number;
}

/** Reusable buffers for one training run. */
export interface TreeWorkspace {
  bins: PackedBins;
  features: number;
  binning: Binning;
  layout: HistLayout;
  /** The tree's rows (sampled ones, in row order, at the start of each tree); each node's are contiguous. */
  store: RowStore;
  /** Scratch for the row sample of one tree. */
  idx: Uint32Array;
  /** Per row id: its leaf's node in the tree being grown (when growTree adds to scores). */
  leafOf: Uint32Array;
  pool: Float64Array[];
  /** Row counts per bin (indexed like a histogram's bins) of the features a split search checks. */
  counts: Float64Array;
  /** Histogram builds and the rows they read (for tests and benchmarks: is the subtraction trick on?). */
  stats: { builds: number; rows: number };
  /** Every row's record in row order, kept after the first tree on all rows. */
  initial: Uint32Array | null;
  /** The WebAssembly kernel holding the row store, or null for the TypeScript loops. */
  kernel: HistKernel | null;
  /** Whether a node of n rows has its histogram built by helper threads (growTreeSteps then yields it). */
  share: (n: number) => boolean;
  /** false: every split search counts its feature's rows per bin, as before countSplit (tests compare). */
  countShortcut: boolean;
  /**
   * Whether depth-wise trees of this depth grow level by level (a level's histograms in one request: what helper
   * threads need to pay) rather than depth first (fewer histograms alive): with helpers, when the kernel holds a
   * level's histograms.
   */
  levelwise: (maxDepth: number) => boolean;
  /**
   * Whether every sum of the gradients is exact (loss.ts roundGradients): a larger child's histogram as its parent's
   * minus its sibling's is then exactly its rows' sums, so the search's count shortcut holds on it.
   */
  exactSums: boolean;
}

/**
 * Histograms (of these feature groups) for the caller to build (on helper threads) before growTreeSteps goes on;
 * with `level`, a level's partitions to run first (the histograms are theirs: kernelLevelShared).
 */
export interface BuildRequest {
  jobs: HistJob[];
  groups: Int32Array;
  level?: LevelJob[];
}

export interface GrownTree {
  tree: GbdtTree;
  /**
   * Per leaf: node id and its records [start, end) on a side of ws.store (rowOf gives their row ids).
   * Empty when growTree was given scores: splits into two final leaves then route rows without moving them.
   */
  leaves: { node: number; side: Side; start: number; end: number }[];
}

export function createWorkspace(
  bins: PackedBins,
  binning: Binning,
  makeKernel: ((layout: HistLayout) => HistKernel | null) | null = null,
  share: (n: number) => boolean = () => false,
): TreeWorkspace {
  const rows = bins.rows;
  const layout = histLayout(binning, bins);
  const kernel = makeKernel ? makeKernel(layout) : null;
  return {
    bins,
    features: bins.features,
    binning,
    layout,
    store: kernel ? kernel.store : createRowStore(bins),
    idx: new Uint32Array(rows),
    leafOf: kernel ? kernel.leafOf : new Uint32Array(rows),
    // the kernel's own histograms first (built in place); then plain arrays
    pool: kernel ? kernel.histPool.slice() : [],
    counts: new Float64Array(binning.offsets[bins.features]),
    stats: { builds: 0, rows: 0 },
    initial: null,
    kernel,
    share: kernel ? share : () => false,
    countShortcut: true,
    levelwise: (maxDepth) => kernel !== null && kernel.parts > 1 && 2 ** (maxDepth - 1) <= kernel.histPool.length,
    exactSums: false,
  };
}

interface Leaf {
  node: number;
  side: Side;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  /**
   * Whether hist's empty bins may hold rounding residue rather than 0: a parent's minus a sibling's, unless the parent
   * was built (see finish in growTreeSteps).
   */
  subtracted: boolean;
  /** Whether hist is a parent's minus a sibling's at all (else built from the rows). */
  derived: boolean;
  split: Split | null;
}

/**
 * Grows one tree on the rows idx[0, rows) (all rows in order when idx is null), whose [g, h] are
 * gh[2i], gh[2i + 1]. With scores, adds each row's leaf value to scores[row] as well: the last
 * level's splits then route rows without partitioning them (a sixth of the record moves at depth 6).
 * With factors (exp(-scores), kept by the caller), multiplies each row's by exp(-leaf value) alongside.
 */
export function growTree(
  ws: TreeWorkspace,
  idx: Uint32Array | null,
  rows: number,
  gh: Float64Array,
  feats: Int32Array,
  p: TreeParams,
  scores?: Float64Array,
  factors?: Float64Array,
): GrownTree {
  const steps = growTreeSteps(ws, idx, rows, gh, feats, p, scores, factors);
  const r = steps.next();
  if (!r.done) throw new Error('gbdt: growTree cannot share histograms out; use growTreeSteps');
  return r.value;
}

/**
 * growTree as steps: yields each histogram that ws.share() gives to helper threads (the caller builds
 * it, then resumes); with no sharing it never yields. `totals`: gh's sums over every row (loss.ts
 * roundGradients), which a tree on every row with exact sums takes instead of summing again.
 */
export function* growTreeSteps(
  ws: TreeWorkspace,
  idx: Uint32Array | null,
  rows: number,
  gh: Float64Array,
  feats: Int32Array,
  p: TreeParams,
  scores?: Float64Array,
  factors?: Float64Array,
  totals?: GradientTotals,
): Generator<BuildRequest, GrownTree, void> {
  const { offsets, valueBins } = ws.binning;
  const { store, kernel } = ws;
  const init = kernel ? kernel.initial : null;
  if (kernel) kernelSide0(kernel, false);
  // Every row, in row order: the records of the first such tree. On the kernel, side 0 is pointed at them (and
  // at the gradients, which the caller may have written there) until the root's partition, and nothing is copied;
  // otherwise they are copied whole.
  let onInitial = false;
  if (!idx && init?.ready) {
    if (gh !== init.gradView) init.gradView.set(gh.subarray(0, 2 * rows));
    kernelSide0(kernel!, true);
    onInitial = true;
  } else if (!idx && ws.initial) {
    store.rec.set(ws.initial);
    store.grad.set(gh.subarray(0, 2 * rows));
  } else {
    loadRows(store, ws.bins, idx, rows, gh);
    if (!idx && init) {
      init.recView.set(store.rec.subarray(0, rows * store.stride));
      init.ready = true;
    } else if (!idx) ws.initial = store.rec.slice(0, rows * store.stride);
  }
  // after the root's partition, before any other writes side 0: the working buffers again
  const leaveInitial = () => {
    if (onInitial) kernelSide0(kernel!, false);
    onInitial = false;
  };
  const groups = groupsOf(feats, ws.bins.perWord);
  const take = (): Float64Array => ws.pool.pop() ?? new Float64Array(ws.layout.size);
  const give = (b: Float64Array | null) => {
    if (b) ws.pool.push(b);
  };
  // false: the caller builds them (yielded)
  const buildAll = (jobs: HistJob[]): boolean => {
    let n = 0;
    for (const j of jobs) n += j.end - j.start;
    ws.stats.builds += jobs.length;
    ws.stats.rows += n;
    if (ws.share(n)) return false;
    for (const { hist, side, start, end } of jobs) {
      if (kernel) kernelHistogram(kernel, hist, groups, side, start, end);
      else buildHistogram(hist, ws.bins, ws.layout, groups, recOf(store, side), store.stride, gradOf(store, side), start, end);
    }
    return true;
  };
  const build = (hist: Float64Array, side: Side, start: number, end: number): boolean => buildAll([{ hist, side, start, end }]);
  const tree: GbdtTree = {
    feature: [],
    threshold: [],
    bin: [],
    missingLeft: [],
    left: [],
    right: [],
    value: [],
    gain: [],
    count: [],
    hessian: [],
  };
  const addNode = (gs: number, hs: number, n: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.bin.push(0);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-gs / (hs + p.l2)) * p.learningRate);
    tree.gain.push(0);
    tree.count.push(n);
    tree.hessian.push(hs);
    return tree.feature.length - 1;
  };
  const canSplit = (depth: number, n: number) => (p.maxDepth === 0 || depth < p.maxDepth) && n >= 2 * p.minSamplesLeaf;
  const { counts } = ws;
  // row counts per bin of these features over a leaf's records, on the kernel where there is one (the same counts)
  const countLeaf = (fs: Int32Array, leaf: Leaf) => {
    if (kernel) kernelCountBins(kernel, counts, offsets, fs, leaf.side, leaf.start, leaf.end);
    else countBins(counts, ws.bins, offsets, fs, recOf(store, leaf.side), store.stride, leaf.start, leaf.end);
  };
  const search = (leaf: Leaf) => {
    const hist = leaf.hist!;
    const n = leaf.end - leaf.start;
    // Screen without row counts, then search the screened feature exactly with its counts: when that
    // finds the screened gain, no feature does better under the row-count rule, so the split is the
    // exact search's. Otherwise (the screened split leaves a child too small), count every feature.
    const screened = kernel ? kernelScreen(kernel, hist, feats, offsets, valueBins, leaf.g, leaf.h, p) : findBestSplit(hist, null, feats, offsets, valueBins, leaf.g, leaf.h, n, p);
    let split: Split | null = null;
    if (screened && positive && !leaf.subtracted && ws.countShortcut) {
      // With every hessian > 0 a bin of a built (not subtracted) histogram is empty exactly when its
      // [g, h] is zero, so the exact search of the screened feature takes the same candidates in the
      // same order as the screen: it finds the same split whenever that split passes the row-count rule,
      // which two counts decide (no histogram of counts needed). Its missing side, where the node has
      // no missing rows, follows the bigger child.
      const sf = screened.feature;
      const { left, missing } = kernel
        ? kernelCountSplit(kernel, leaf.side, sf, screened.bin, valueBins[sf], leaf.start, leaf.end)
        : countSplit(ws.bins, sf, screened.bin, valueBins[sf], recOf(store, leaf.side), store.stride, leaf.start, leaf.end);
      const nLeft = screened.missingLeft ? left + missing : left;
      const nRight = n - nLeft;
      if (nLeft >= p.minSamplesLeaf && nRight >= p.minSamplesLeaf && (screened.missingLeft || nRight > 0)) {
        split = { ...screened, nLeft, nRight, missingLeft: missing === 0 ? nLeft >= nRight : screened.missingLeft };
      } else {
        countLeaf(feats, leaf);
        split = findBestSplit(hist, counts, feats, offsets, valueBins, leaf.g, leaf.h, n, p);
      }
    } else if (screened) {
      const f = Int32Array.of(screened.feature);
      countLeaf(f, leaf);
      split = findBestSplit(hist, counts, f, offsets, valueBins, leaf.g, leaf.h, n, p);
      if (!split || split.gain < screened.gain * (1 - 1e-9)) {
        countLeaf(feats, leaf);
        split = findBestSplit(hist, counts, feats, offsets, valueBins, leaf.g, leaf.h, n, p);
      }
    }
    leaf.split = split;
    if (!leaf.split) {
      give(leaf.hist);
      leaf.hist = null;
    }
  };

  let G = 0;
  let H = 0;
  let hMin = Infinity;
  if (totals && !idx && ws.exactSums) ({ G, H, hMin } = totals);
  else {
    for (let k = 0; k < rows; k++) {
      G += store.grad[2 * k];
      const h = store.grad[2 * k + 1];
      H += h;
      hMin = Math.min(hMin, h);
    }
  }
  // (NaN fails too)
  const positive = hMin > 0;
  // every row's hessian above twice the error bound of a sum of up to `rows` of them (2 rows H 2^-53), with margin
  const cancels = hMin > rows * H * 2 ** -48;
  // with exact sums and every hessian > 0, no bin is residue: a bin is 0 exactly when it has no rows
  const exact = ws.exactSums && positive;
  const root: Leaf = { node: addNode(G, H, rows), side: 0, start: 0, end: rows, depth: 0, g: G, h: H, hist: null, subtracted: false, derived: false, split: null };
  const leaves: Leaf[] = [root];
  if (canSplit(0, rows)) {
    root.hist = take();
    if (!build(root.hist, 0, 0, rows)) yield { jobs: [{ hist: root.hist, side: 0, start: 0, end: rows }], groups };
    search(root);
  }

  /** A split applied (children added, records partitioned or routed) whose children await their histograms. */
  interface Applied {
    L: Leaf;
    R: Leaf;
    parentHist: Float64Array | null;
    smallHist: Float64Array | null;
    smallLeft: boolean;
    splitL: boolean;
    splitR: boolean;
    job: HistJob | null;
    /** The partition, when left to the caller. */
    part: LevelJob | null;
    /** Whether the parent's histogram was itself a subtraction. */
    parentDerived: boolean;
  }
  const partition = (q: LevelJob) => {
    const nLeft = kernel ? kernelPartition(kernel, q.from, q.start, q.end, q.split, q.nLeft) : partitionRows(store, q.from, q.start, q.end, ws.bins, q.split, q.nLeft);
    if (nLeft !== q.nLeft) throw new Error(`gbdt: a split counted ${q.nLeft} rows left but partitioned ${nLeft}`);
  };
  // now: partition the records at once; otherwise the Applied's part says how
  const apply = (leaf: Leaf, now: boolean): Applied => {
    const s = leaf.split!;
    const node = leaf.node;
    const cuts = ws.binning.cuts[s.feature];
    tree.feature[node] = s.feature;
    tree.bin[node] = s.bin;
    tree.threshold[node] = s.bin < cuts.length ? cuts[s.bin] : Number.MAX_VALUE;
    tree.missingLeft[node] = s.missingLeft;
    tree.gain[node] = s.gain;
    const leftNode = addNode(s.gLeft, s.hLeft, s.nLeft);
    const rightNode = addNode(s.gRight, s.hRight, s.nRight);
    tree.left[node] = leftNode;
    tree.right[node] = rightNode;
    const depth = leaf.depth + 1;
    const splitL = canSplit(depth, s.nLeft);
    const splitR = canSplit(depth, s.nRight);
    const rowSplit = { feature: s.feature, bin: s.bin, missingBin: valueBins[s.feature], missingLeft: s.missingLeft };
    if (scores && !splitL && !splitR) {
      if (kernel) kernelMarkSplit(kernel, leaf.side, leaf.start, leaf.end, rowSplit, leftNode);
      else markSplit(store, leaf.side, leaf.start, leaf.end, ws.bins, rowSplit, leftNode, ws.leafOf);
      give(leaf.hist);
      // both children stay in the list (leaf counts and pick order as when partitioned), marked routed
      const L: Leaf = { node: leftNode, side: 0, start: 0, end: 0, depth, g: s.gLeft, h: s.hLeft, hist: null, subtracted: false, derived: false, split: null };
      const R: Leaf = { node: rightNode, side: 0, start: 0, end: 0, depth, g: s.gRight, h: s.hRight, hist: null, subtracted: false, derived: false, split: null };
      return { L, R, parentHist: null, smallHist: null, smallLeft: true, splitL, splitR, job: null, part: null, parentDerived: leaf.derived };
    }
    const mid = leaf.start + s.nLeft;
    const side: Side = leaf.side === 0 ? 1 : 0;
    // only the smaller child's histogram is built; the larger is parent - smaller
    const smallLeft = s.nLeft <= s.nRight;
    const smallHist = splitL || splitR ? take() : null;
    const [a, b] = smallLeft ? [leaf.start, mid] : [mid, leaf.end];
    const L: Leaf = { node: leftNode, side, start: leaf.start, end: mid, depth, g: s.gLeft, h: s.hLeft, hist: null, subtracted: false, derived: false, split: null };
    const R: Leaf = { node: rightNode, side, start: mid, end: leaf.end, depth, g: s.gRight, h: s.hRight, hist: null, subtracted: false, derived: false, split: null };
    const job = smallHist ? { hist: smallHist, side, start: a, end: b } : null;
    const part: LevelJob = { from: leaf.side, start: leaf.start, end: leaf.end, split: rowSplit, nLeft: s.nLeft, hist: job };
    if (now) partition(part);
    return { L, R, parentHist: leaf.hist, smallHist, smallLeft, splitL, splitR, job, part: now ? null : part, parentDerived: leaf.derived };
  };
  // with the small child's histogram built: the large one's by subtraction, then both children's searches
  const finish = ({ L, R, parentHist, smallHist, smallLeft, splitL, splitR, parentDerived }: Applied) => {
    if (!parentHist) return;
    const [small, large, smallNeeded, largeNeeded] = smallLeft ? [L, R, splitL, splitR] : [R, L, splitR, splitL];
    if (smallHist && largeNeeded) {
      if (kernel && onKernel(kernel, parentHist) && onKernel(kernel, smallHist)) kernelSubtract(kernel, parentHist, smallHist, offsets, feats);
      else subtractHistogram(parentHist, smallHist, offsets, feats);
      large.hist = parentHist;
      // A built parent's bin and the smaller child's sum the same rows in the same order (stable partition) where the
      // larger child has none, so its empty bins come out exactly 0; and no bin with rows comes out 0 while every
      // row's hessian exceeds the summation error bound (cancels): the search's count shortcut then holds as on a
      // built histogram, and the larger child's rows need not be counted per bin.
      large.derived = true;
      large.subtracted = !exact && (parentDerived || !cancels);
    } else give(parentHist);
    if (smallNeeded) small.hist = smallHist;
    else give(smallHist);
    if (L.hist) search(L);
    if (R.hist) search(R);
  };

  if (p.growth === 'depthwise' && ws.levelwise(p.maxDepth)) {
    // Level by level: every split of a level applied, then all of the level's histograms built in one request
    // (one helper call for many nodes), then searched. Splits depend only on their node's rows, so the tree is
    // the one grown below, its nodes numbered in that order afterwards.
    const all: Leaf[] = [root];
    for (let level = root.split ? [root] : []; level.length > 0; ) {
      const applied = level.map((leaf) => apply(leaf, false));
      const jobs = applied.flatMap((x) => (x.job ? [x.job] : []));
      const parts = applied.flatMap((x) => (x.part ? [x.part] : []));
      let moved = 0;
      for (const q of parts) moved += q.end - q.start;
      if (parts.length > 0 && ws.share(moved)) {
        // the caller partitions and builds (helpers take whole nodes)
        ws.stats.builds += jobs.length;
        for (const j of jobs) ws.stats.rows += j.end - j.start;
        yield { jobs, groups, level: parts };
      } else {
        for (const q of parts) partition(q);
        if (jobs.length > 0 && !buildAll(jobs)) yield { jobs, groups };
      }
      leaveInitial();
      level = [];
      for (const x of applied) {
        finish(x);
        all.push(x.L, x.R);
        if (x.L.split) level.push(x.L);
        if (x.R.split) level.push(x.R);
      }
    }
    if (scores) {
      // before renumbering: the routed rows are marked with the nodes' ids of this loop
      for (const leaf of all) if (tree.left[leaf.node] < 0) markRows(store, leaf.side, leaf.start, leaf.end, leaf.node, ws.leafOf);
      applyLeaves(ws.leafOf, idx, rows, tree.value, scores, factors);
    }
    renumberDepthFirst(tree, leaves, all);
    if (scores) return { tree, leaves: [] };
  }
  while (p.growth === 'leafwise' ? leaves.length < p.numLeaves : !ws.levelwise(p.maxDepth)) {
    // leaf-wise: best gain first; depth-wise: any splittable leaf (the last one, so few histograms stay alive)
    let pick = -1;
    for (let l = leaves.length - 1; l >= 0; l--) {
      const s = leaves[l].split;
      if (!s) continue;
      if (p.growth === 'depthwise') {
        pick = l;
        break;
      }
      if (pick < 0 || s.gain > leaves[pick].split!.gain) pick = l;
    }
    if (pick < 0) break;
    const x = apply(leaves[pick], true);
    leaveInitial();
    if (x.job && !build(x.job.hist, x.job.side, x.job.start, x.job.end)) yield { jobs: [x.job], groups };
    finish(x);
    leaves[pick] = x.L;
    leaves.push(x.R);
  }
  for (const leaf of leaves) give(leaf.hist);
  if (scores) {
    // routed leaves have empty ranges: their rows are marked already
    for (const leaf of leaves) markRows(store, leaf.side, leaf.start, leaf.end, leaf.node, ws.leafOf);
    applyLeaves(ws.leafOf, idx, rows, tree.value, scores, factors);
    return { tree, leaves: [] };
  }
  return { tree, leaves: leaves.map(({ node, side, start, end }) => ({ node, side, start, end })) };
}

/**
 * Renumbers a tree grown level by level as the depth-first loop of growTreeSteps numbers it (children added
 * when the last splittable leaf of the list is split), and puts the final leaves into `leaves` in that loop's
 * order: the same tree, array for array. `all`: every node's Leaf, by node id.
 */
function renumberDepthFirst(tree: GbdtTree, leaves: Leaf[], all: Leaf[]): void {
  const n = tree.feature.length;
  const order = [0];
  const list = [0];
  for (;;) {
    let pick = list.length - 1;
    while (pick >= 0 && tree.left[list[pick]] < 0) pick--;
    if (pick < 0) break;
    const t = list[pick];
    order.push(tree.left[t], tree.right[t]);
    list[pick] = tree.left[t];
    list.push(tree.right[t]);
  }
  const id = new Int32Array(n);
  order.forEach((t, i) => (id[t] = i));
  for (const key of Object.keys(tree) as (keyof GbdtTree)[]) {
    const old = tree[key].slice() as (number | boolean)[];
    (tree[key] as (number | boolean)[]) = order.map((t) => old[t]);
  }
  for (let i = 0; i < n; i++) {
    if (tree.left[i] >= 0) {
      tree.left[i] = id[tree.left[i]];
      tree.right[i] = id[tree.right[i]];
    }
  }
  leaves.length = 0;
  for (const t of list) leaves.push({ ...all[t], node: id[t] });
}
