// Risk bands. The cut-offs are quantiles of the out-of-fold probabilities of the training
// customers (honest scores, unlike in-sample ones): by default the riskiest 20% are "high", the
// next 30% "medium", the rest "low". They are stored as absolute probabilities in the saved model,
// so a customer scored later lands in the same band for the same probability.

export const BAND_NAMES = ['low', 'medium', 'high'] as const;
export type RiskBand = (typeof BAND_NAMES)[number];

export interface BandOptions {
  /** Share of training customers put in the high band. */
  highShare: number;
  /** Share put in the medium band. */
  mediumShare: number;
}

export const defaultBandOptions: BandOptions = { highShare: 0.2, mediumShare: 0.3 };

export interface RiskThresholds {
  /** Probability at or above which a customer is high risk. */
  high: number;
  /** Probability at or above which a customer is (at least) medium risk. */
  medium: number;
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function riskThresholds(probabilities: ArrayLike<number>, options: Partial<BandOptions> = {}): RiskThresholds {
  const o = { ...defaultBandOptions, ...options };
  if (!(o.highShare > 0 && o.highShare < 1)) throw new Error(`highShare must be in (0, 1), got ${o.highShare}`);
  if (!(o.mediumShare >= 0 && o.highShare + o.mediumShare < 1)) throw new Error(`mediumShare must be >= 0 with highShare + mediumShare < 1, got ${o.mediumShare}`);
  if (probabilities.length === 0) throw new Error('Cannot set risk bands from zero probabilities');
  const sorted = Float64Array.from(probabilities).sort();
  return { high: quantile(sorted, 1 - o.highShare), medium: quantile(sorted, 1 - o.highShare - o.mediumShare) };
}

/** Band index per probability: 0 low, 1 medium, 2 high (names in BAND_NAMES). */
export function assignBands(probabilities: ArrayLike<number>, t: RiskThresholds): Uint8Array {
  const out = new Uint8Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    out[i] = p >= t.high ? 2 : p >= t.medium ? 1 : 0;
  }
  return out;
}
