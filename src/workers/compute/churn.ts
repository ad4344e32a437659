// churn: compute-worker glue from stored columns to src/lib.
import type { ChurnApi } from '../../contract';

export const churnApi: ChurnApi = {};
