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

export function findBestSplit(
  hist: Float64Array,
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
  let bestGain = Math.max(p.minGainToSplit, 1e-12);
  let best: Split | null = null;
  for (let j = 0; j < feats.length; j++) {
    const f = feats[j];
    const o = offsets[f] * 3;
    const nv = valueBins[f];
    const m = o + nv * 3;
    const gm = hist[m];
    const hm = hist[m + 1];
    const nm = hist[m + 2];
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < nv; b++) {
      const k = o + b * 3;
      gl += hist[k];
      hl += hist[k + 1];
      nl += hist[k + 2];
      if (nl === 0) continue;
      // missing (if any) to the right
      let nr = N - nl;
      if (nl >= minN && nr >= minN && hl >= minH && H - hl >= minH && nr > 0) {
        const gain = leafScore(gl, hl, l2) + leafScore(G - gl, H - hl, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          // no missing rows here: new missing values follow the bigger child
          const ml = nm === 0 ? nl >= nr : false;
          best = { feature: f, bin: b, missingLeft: ml, gain, gLeft: gl, hLeft: hl, nLeft: nl, gRight: G - gl, hRight: H - hl, nRight: nr };
        }
      }
      if (nm === 0 || b === nv - 1) continue;
      // missing to the left
      const nl2 = nl + nm;
      nr = N - nl2;
      const gl2 = gl + gm;
      const hl2 = hl + hm;
      if (nl2 >= minN && nr >= minN && hl2 >= minH && H - hl2 >= minH) {
        const gain = leafScore(gl2, hl2, l2) + leafScore(G - gl2, H - hl2, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best = { feature: f, bin: b, missingLeft: true, gain, gLeft: gl2, hLeft: hl2, nLeft: nl2, gRight: G - gl2, hRight: H - hl2, nRight: nr };
        }
      }
    }
  }
  return best;
}
