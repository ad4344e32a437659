// Best split of one node from its histogram. For every feature and cut, missing values are tried on
// both sides and the better side is kept (LightGBM's learned missing direction); a cut after the last
// value bin separates "missing" from "present", so missingness itself can carry the signal.

export interface SplitParams {
  l2: number;
  minSamplesLeaf: number;
  minChildHessian: number;
  minGainToSplit: number;
}

export interface Split {
  feature: number;
  /** Rows with bin <= bin go left (value bins only; the missing bin follows missingLeft). */
  bin: number;
  missingLeft: boolean;
  gain: number;
  gLeft: number;
  hLeft: number;
  nLeft: number;
  gRight: number;
  hRight: number;
  nRight: number;
}

/** Loss reduction of a split (twice the second-order gain, as LightGBM reports it). */
export function leafScore(g: number, h: number, l2: number): number {
  return (g * g) / (h + l2);
}

/**
 * Whether gl²/(hl+l2) + gr²/(hr+l2) may exceed `bar`, tested without dividing (two divisions per
 * candidate cut dominated the split search). The slack keeps every cut the exact test would accept;
 * the caller then decides with the exact gain, so results do not change.
 */
function beats(gl: number, hl: number, gr: number, hr: number, l2: number, bar: number): boolean {
  const dl = hl + l2;
  const dr = hr + l2;
  if (!(dl > 0 && dr > 0)) return true;
  return (gl * gl * dr + gr * gr * dl) * (1 + 1e-9) >= bar * dl * dr;
}

/**
 * Best split of a node from its [g, h] histogram. With counts (rows per bin, indexed like the
 * histogram's bins; only the listed features' need be filled) the search is exact: empty bins are
 * skipped and every child keeps minSamplesLeaf rows. Without counts it is a screen that ignores
 * row counts: its best gain is an upper bound of the exact one, and equals it (same split) whenever
 * the screened split keeps minSamplesLeaf rows on both sides, which tree.ts checks with the
 * screened feature's counts alone.
 */
export function findBestSplit(
  hist: Float64Array,
  counts: Float64Array | null,
  feats: Int32Array,
  offsets: Int32Array,
  valueBins: Int32Array,
  G: number,
  H: number,
  N: number,
  p: SplitParams,
): Split | null {
  return counts ? searchCounted(hist, counts, feats, offsets, valueBins, G, H, N, p) : screen(hist, feats, offsets, valueBins, G, H, p);
}

function searchCounted(
  hist: Float64Array,
  counts: Float64Array,
  feats: Int32Array,
  offsets: Int32Array,
  valueBins: Int32Array,
  G: number,
  H: number,
  N: number,
  p: SplitParams,
): Split | null {
  const { l2, minSamplesLeaf: minN, minChildHessian: minH } = p;
  const parent = leafScore(G, H, l2);
  // the best candidate lives in locals, not in an object per improvement: this runs for every bin of
  // every feature of every node
  let bestGain = Math.max(p.minGainToSplit, 1e-12);
  let bestF = -1;
  let bestBin = 0;
  let bestMl = false;
  let bestG = 0;
  let bestH = 0;
  let bestN = 0;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const o = offsets[f] * 2;
    const c = offsets[f];
    const nv = valueBins[f];
    const m = o + nv * 2;
    const gm = hist[m];
    const hm = hist[m + 1];
    const nm = counts[c + nv];
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < nv; b++) {
      const k = o + b * 2;
      const nb = counts[c + b];
      if (nb === 0) continue; // an empty bin offers the same cut as the one before it
      gl += hist[k];
      hl += hist[k + 1];
      nl += nb;
      // missing (if any) to the right
      let nr = N - nl;
      if (nl >= minN && nr >= minN && hl >= minH && H - hl >= minH && nr > 0 && beats(gl, hl, G - gl, H - hl, l2, parent + bestGain)) {
        const gain = leafScore(gl, hl, l2) + leafScore(G - gl, H - hl, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
          // no missing rows here: new missing values follow the bigger child
          bestMl = nm === 0 ? nl >= nr : false;
          bestG = gl;
          bestH = hl;
          bestN = nl;
        }
      }
      if (nm === 0 || b === nv - 1) continue;
      // missing to the left
      const nl2 = nl + nm;
      nr = N - nl2;
      const gl2 = gl + gm;
      const hl2 = hl + hm;
      if (nl2 >= minN && nr >= minN && hl2 >= minH && H - hl2 >= minH && beats(gl2, hl2, G - gl2, H - hl2, l2, parent + bestGain)) {
        const gain = leafScore(gl2, hl2, l2) + leafScore(G - gl2, H - hl2, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
          bestMl = true;
          bestG = gl2;
          bestH = hl2;
          bestN = nl2;
        }
      }
    }
  }
  if (bestF < 0) return null;
  return {
    feature: bestF,
    bin: bestBin,
    missingLeft: bestMl,
    gain: bestGain,
    gLeft: bestG,
    hLeft: bestH,
    nLeft: bestN,
    gRight: G - bestG,
    hRight: H - bestH,
    nRight: N - bestN,
  };
}

/** The best candidate of a screen so far (see screenFeatures); feature -1: none yet. */
export interface ScreenBest {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  g: number;
  h: number;
}

/** A screen's start: no candidate, and the least gain one must beat. */
export const screenStart = (p: SplitParams): ScreenBest => ({ gain: Math.max(p.minGainToSplit, 1e-12), feature: -1, bin: 0, missingLeft: false, g: 0, h: 0 });

/** The screen's result (see findBestSplit): row counts are NaN. */
export function screenedSplit(best: ScreenBest, G: number, H: number): Split | null {
  if (best.feature < 0) return null;
  return {
    feature: best.feature,
    bin: best.bin,
    missingLeft: best.missingLeft,
    gain: best.gain,
    gLeft: best.g,
    hLeft: best.h,
    nLeft: NaN,
    gRight: G - best.g,
    hRight: H - best.h,
    nRight: NaN,
  };
}

/** The search without row counts (see findBestSplit); row counts of the result are NaN. */
function screen(
  hist: Float64Array,
  feats: Int32Array,
  offsets: Int32Array,
  valueBins: Int32Array,
  G: number,
  H: number,
  p: SplitParams,
): Split | null {
  const best = screenStart(p);
  screenFeatures(hist, feats, 0, feats.length, offsets, valueBins, G, H, p, best);
  return screenedSplit(best, G, H);
}

/**
 * The screen over features feats[j0, j1), after the ones before (their best in `best`, updated here): a candidate
 * replaces it only when strictly better, so the split is the first best in feature and bin order (the kernel's
 * screen, hist-wasm.ts, runs the features without missing rows and leaves the others to this).
 */
export function screenFeatures(
  hist: Float64Array,
  feats: Int32Array,
  j0: number,
  j1: number,
  offsets: Int32Array,
  valueBins: Int32Array,
  G: number,
  H: number,
  p: SplitParams,
  best: ScreenBest,
): void {
  const { l2, minChildHessian: minH } = p;
  const parent = leafScore(G, H, l2);
  let bestGain = best.gain;
  let bestF = best.feature;
  let bestBin = best.bin;
  let bestMl = best.missingLeft;
  let bestG = best.g;
  let bestH = best.h;
  for (let j = j0; j < j1; j++) {
    const f = feats[j];
    const o = offsets[f] * 2;
    const nv = valueBins[f];
    const m = o + nv * 2;
    const gm = hist[m];
    const hm = hist[m + 1];
    // no missing rows (or only weightless ones): missing-left candidates repeat the missing-right ones
    const noMissing = gm === 0 && hm === 0;
    let gl = 0;
    let hl = 0;
    if (noMissing) {
      // the loop below without its missing-left candidates (the usual case): the same candidates in the same order
      // with the same arithmetic, beats() written out and its bar kept (it changes only with bestGain)
      let bar = parent + bestGain;
      for (let k = o, b = 0; b < nv; b++, k += 2) {
        const gb = hist[k];
        const hb = hist[k + 1];
        if (gb === 0 && hb === 0) continue;
        gl += gb;
        hl += hb;
        const gr = G - gl;
        const hr = H - hl;
        if (!(hl >= minH && hr >= minH)) continue;
        const dl = hl + l2;
        const dr = hr + l2;
        if (dl > 0 && dr > 0 && !((gl * gl * dr + gr * gr * dl) * (1 + 1e-9) >= bar * dl * dr)) continue;
        const gain = leafScore(gl, hl, l2) + leafScore(gr, hr, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bar = parent + bestGain;
          bestF = f;
          bestBin = b;
          bestMl = false;
          bestG = gl;
          bestH = hl;
        }
      }
      continue;
    }
    for (let b = 0; b < nv; b++) {
      const k = o + b * 2;
      const gb = hist[k];
      const hb = hist[k + 1];
      // an empty bin repeats the cut before it (exactly: adding zeros changes no sum)
      if (gb === 0 && hb === 0) continue;
      gl += gb;
      hl += hb;
      if (hl >= minH && H - hl >= minH && beats(gl, hl, G - gl, H - hl, l2, parent + bestGain)) {
        const gain = leafScore(gl, hl, l2) + leafScore(G - gl, H - hl, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
          bestMl = false;
          bestG = gl;
          bestH = hl;
        }
      }
      if (b === nv - 1 || noMissing) continue;
      const gl2 = gl + gm;
      const hl2 = hl + hm;
      if (hl2 >= minH && H - hl2 >= minH && beats(gl2, hl2, G - gl2, H - hl2, l2, parent + bestGain)) {
        const gain = leafScore(gl2, hl2, l2) + leafScore(G - gl2, H - hl2, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = f;
          bestBin = b;
          bestMl = true;
          bestG = gl2;
          bestH = hl2;
        }
      }
    }
  }
  best.gain = bestGain;
  best.feature = bestF;
  best.bin = bestBin;
  best.missingLeft = bestMl;
  best.g = bestG;
  best.h = bestH;
}
