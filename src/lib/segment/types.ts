// The segmentation capability's request and plain views: what the worker, the CLI and the page exchange
// (the contract re-exports them).
import type { SegmentSummary } from '../features/rfm/segments';
import type { RfmCounts } from '../features/rfm/rfm';
import type { Matrix } from '../models/kmeans/matrix';
import type { ProfileResult } from '../models/kmeans/profile';
import type { SweepResult } from '../models/kmeans/sweep';

export interface SegmentRequest {
  /** RFM features from transactions, or numeric attributes of a customers dataset. */
  source:
    | { kind: 'rfm'; datasetId: string; customer: string; date: string; amount?: string; quantity?: string; invoice?: string; asOf?: string; price?: string }
    | { kind: 'attributes'; datasetId: string; key: string };
  /** RFM feature names (recency, frequency, monetary, tenure, aov) or attribute column names. */
  features: string[];
  log: boolean;
  k: number | 'auto';
  restarts: number;
  seed: number;
}

/** What the page shows of a segmentation. */
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

/** Every customer of a segmentation: features, RFM scores, segment (for the CSV and the saved segmentation). */
export interface SegmentTable {
  datasetId: string;
  ids: string[];
  features: string[];
  /** The features per customer, row-major, in their own units. */
  x: Matrix;
  rfm: { r: Uint8Array; f: Uint8Array; m: Uint8Array; segment: Uint8Array } | null;
  /** Segment per customer, 0-based. */
  labels: Int32Array;
}

/** A segmentation run: its view and its table (kept in the worker and the result store). */
export interface SegmentRun {
  view: SegmentResult;
  table: SegmentTable;
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
