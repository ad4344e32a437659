// actions: compute-worker glue from stored columns to src/lib.
import type { ActionsApi } from '../../contract';

export const actionsApi: ActionsApi = {};
