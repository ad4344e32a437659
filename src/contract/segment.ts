// Segmentation (RFM, k-means, PCA).
import type { ModelProgress } from './engine';
import type { SegmentRequest, SegmentResult } from '../lib/segment/types';
export type { SegmentRequest, SegmentResult, SavedSegmentation } from '../lib/segment/types';
export type { SegmentSummary } from '../lib/features/rfm/segments';
export type { RfmCounts } from '../lib/features/rfm/rfm';
export type { ProfileResult } from '../lib/models/kmeans/profile';
export type { SweepResult } from '../lib/models/kmeans/sweep';
export { RFM_SEGMENTS } from '../lib/features/rfm/segments';
export { RFM_FEATURES } from '../lib/features/rfm/features';

/** The last stored segmentation: its view, the request it ran with, and the datasets changed since ([] = current). */
export interface SegmentLast {
  view: SegmentResult;
  settings: SegmentRequest;
  stale: string[];
}

export interface SegmentApi {
  /** Segments the customers and stores the run (kind 'segment'). */
  segment(request: SegmentRequest, onProgress?: (p: ModelProgress) => void): Promise<SegmentResult>;
  /** The last stored segmentation, or null: what the page shows after a reload. */
  segmentLast(): Promise<SegmentLast | null>;
  /** Customers of the last run with their features, scores and segment, as a CSV file. */
  segmentCsv(): Promise<Blob>;
  /** Stores the last run's segment per customer for the action list (kind 'segmentation'); returns its id. */
  saveSegmentation(name: string): Promise<string>;
}
