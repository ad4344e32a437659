// segment: compute-worker glue from stored columns to src/lib.
import type { SegmentApi } from '../../contract';

export const segmentApi: SegmentApi = {};
