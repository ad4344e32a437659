// Quintile scores 1-5. Ties stay together (a value's score is 1 + the number of quintile cut
// points strictly below it), so two customers with the same value never get different scores;
// the price is that a heavily tied feature (most customers buy once) may skip some scores.

/** The 20/40/60/80% quantiles of values (linear interpolation, as numpy's default). */
export function quintileCuts(values: Float64Array): number[] {
  if (values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return [0.2, 0.4, 0.6, 0.8].map((p) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}

/** 1..5 per value; reverse = true gives low values 5 (recency: recent is good). */
export function quintileScores(values: Float64Array, reverse = false): Uint8Array {
  const cuts = quintileCuts(values);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let below = 0;
    for (let c = 0; c < cuts.length; c++) if (cuts[c] < v) below++;
    out[i] = reverse ? 5 - below : 1 + below;
  }
  return out;
}
