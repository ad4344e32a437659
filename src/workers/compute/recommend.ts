// recommend: compute-worker glue from stored columns to src/lib.
import type { RecommendApi } from '../../contract';

export const recommendApi: RecommendApi = {};
