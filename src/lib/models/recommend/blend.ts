// Score fusion of two recommenders (EASE + ALS in the auto sweep): each model's scores are
// standardised per customer over the whole catalogue, then mixed with a weight tuned on the
// validation split. Standardising makes the weight mean the same for every customer, whatever
// the scale of either model's raw scores.
import type { Scorer } from './scorer';

export interface BlendModel extends Scorer {
  readonly parts: readonly [Scorer, Scorer];
  /** Share of the first model: score = w z(first) + (1 - w) z(second). */
  readonly weight: number;
}

export function blendScorers(first: Scorer, second: Scorer, weight: number): BlendModel {
  if (!(weight >= 0 && weight <= 1)) throw new Error(`Blend weight must be in [0, 1], got ${weight}`);
  if (first.nItems !== second.nItems) throw new Error(`Blended models disagree on items (${first.nItems} vs ${second.nItems})`);
  const n = first.nItems;
  let buf = new Float32Array(0);
  return {
    name: 'blend',
    nItems: n,
    parts: [first, second],
    weight,
    async score(users, out) {
      if (buf.length < users.length * n) buf = new Float32Array(users.length * n);
      const other = buf.subarray(0, users.length * n);
      await first.score(users, out);
      await second.score(users, other);
      for (let b = 0; b < users.length; b++) {
        const o = b * n;
        const [ma, sa] = meanSd(out, o, n);
        const [mb, sb] = meanSd(other, o, n);
        const wa = weight / sa;
        const wb = (1 - weight) / sb;
        for (let j = 0; j < n; j++) out[o + j] = wa * (out[o + j] - ma) + wb * (other[o + j] - mb);
      }
    },
    dispose() {
      first.dispose();
      second.dispose();
    },
  };
}

// A constant row (a customer with no history) has sd 0: it then contributes nothing but its order.
function meanSd(x: Float32Array, o: number, n: number): [number, number] {
  // Over finite scores only: EASE scores items it pruned (above its item cap) -Infinity, which stay last.
  let s = 0;
  let c = 0;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(x[o + j])) continue;
    s += x[o + j];
    c++;
  }
  const m = c > 0 ? s / c : 0;
  let v = 0;
  for (let j = 0; j < n; j++) if (Number.isFinite(x[o + j])) v += (x[o + j] - m) ** 2;
  const sd = Math.sqrt(v / Math.max(1, c));
  return [m, sd > 1e-12 ? sd : 1];
}
