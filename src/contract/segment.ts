// Segmentation (RFM, k-means, PCA).
import type { ModelProgress } from './engine';
import type { SegmentSummary } from '../lib/features/rfm/segments';
import type { RfmCounts } from '../lib/features/rfm/rfm';
import type { ProfileResult } from '../lib/models/kmeans/profile';
import type { SweepResult } from '../lib/models/kmeans/sweep';
export type { SegmentSummary, RfmCounts, ProfileResult, SweepResult };
export { RFM_SEGMENTS } from '../lib/features/rfm/segments';
export { RFM_FEATURES } from '../lib/features/rfm/features';

export interface SegmentRequest {
  /** RFM features from transactions, or numeric attributes of a customers dataset. */
  source:
    | { kind: 'rfm'; datasetId: string; customer: string; date: string; amount?: string; quantity?: string; invoice?: string; asOf?: string }
    | { kind: 'attributes'; datasetId: string; key: string };
  /** RFM feature names (recency, frequency, monetary, tenure, aov) or attribute column names. */
  features: string[];
  log: boolean;
  k: number | 'auto';
  restarts: number;
  seed: number;
}

export interface SegmentResult {
  customers: number;
  features: string[];
  notes: string[];
  rfm: { asOf: string; segments: SegmentSummary[]; counts: RfmCounts } | null;
  k: number;
  inertia: number;
  silhouette: number;
  sizes: number[];
  /** Centre of each segment in the features' own units. */
  centres: number[][];
  profile: ProfileResult;
  sweep: SweepResult | null;
  /** 2-D PCA of a sample of customers, coloured by segment. */
  map: { x: Float32Array; y: Float32Array; labels: Int32Array; explained: number[] };
  backend: string;
  seconds: number;
}

export interface SegmentApi {
  segment(request: SegmentRequest, onProgress?: (p: ModelProgress) => void): Promise<SegmentResult>;
  /** Customers of the last segment() run with their features, scores and segment, as CSV. */
  segmentCsv(): Promise<string>;
  /** Stores the last run's segment per customer, for the action list; returns its id. */
  saveSegmentation(name: string): Promise<string>;
}

/** A saved segmentation: each customer's segment, as the action list joins it. */
export interface SavedSegmentation {
  id: string;
  name: string;
  createdAt: number;
  datasetId: string;
  customers: string[];
  /** The named segment per customer (RFM name, or "Segment k" for k-means only). */
  segment: string[];
}
