// Campaign hold-out: a seeded random control group, stratified by risk band so treatment and
// control carry the same mix of risk (within each band, round(share x band size) go to control).
import { createRng, shuffleInPlace } from '../random';

export interface HoldoutAssignment {
  /** The chosen customers' row indices, in the order given. */
  rows: Int32Array;
  /** 1 = control, 0 = treatment, per entry of `rows`. */
  control: Uint8Array;
  /** Per stratum (band index, -1 for no band): customers and control size. */
  strata: { band: number; customers: number; control: number }[];
}

export function assignHoldout(rows: Int32Array, band: ArrayLike<number>, share: number, seed: number): HoldoutAssignment {
  if (!(share > 0 && share < 1)) throw new Error(`control share must be between 0 and 1 (exclusive), got ${share}`);
  if (!Number.isFinite(seed)) throw new Error(`seed must be a number, got ${seed}`);
  const rng = createRng(seed);
  const byBand = new Map<number, number[]>();
  rows.forEach((r, k) => {
    const b = band[r];
    const list = byBand.get(b) ?? [];
    list.push(k);
    byBand.set(b, list);
  });
  const control = new Uint8Array(rows.length);
  const strata: HoldoutAssignment['strata'] = [];
  for (const b of [...byBand.keys()].sort((x, y) => x - y)) {
    const members = Int32Array.from(byBand.get(b)!);
    shuffleInPlace(members, rng);
    const nControl = Math.round(share * members.length);
    for (let j = 0; j < nControl; j++) control[members[j]] = 1;
    strata.push({ band: b, customers: members.length, control: nControl });
  }
  return { rows, control, strata };
}
