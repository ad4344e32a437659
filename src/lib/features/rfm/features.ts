// Per-customer RFM columns as a feature matrix for clustering.
import type { Matrix } from '../../models/kmeans/matrix';
import type { RfmResult } from './rfm';

export const RFM_FEATURES = ['recency', 'frequency', 'monetary', 'tenure', 'aov'] as const;
export type RfmFeature = (typeof RFM_FEATURES)[number];

export function parseRfmFeatures(names: string[]): RfmFeature[] {
  if (names.length === 0) throw new Error('features must name at least one of ' + RFM_FEATURES.join(', '));
  for (const f of names) {
    if (!(RFM_FEATURES as readonly string[]).includes(f)) {
      throw new Error(`Unknown feature "${f}" (use ${RFM_FEATURES.join(', ')})`);
    }
  }
  return names as RfmFeature[];
}

export function rfmMatrix(rfm: RfmResult, features: readonly RfmFeature[]): Matrix {
  const d = features.length;
  const n = rfm.customers;
  const data = new Float64Array(n * d);
  features.forEach((f, j) => {
    const col = rfm[f];
    for (let i = 0; i < n; i++) data[i * d + j] = col[i];
  });
  return { data, rows: n, cols: d };
}
