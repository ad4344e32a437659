// Import helper: parses one slice of a file with the import's plan (src/lib/import/slices.ts). Spawned by
// the import worker (workers/import-helpers.ts) and terminated with it, so a cancel stops these too.
import './no-network';
import { expose, transfer } from 'comlink';
import type { ImportPlan } from '../src/lib/data/parse-table';
import { parseSlices, resultBuffers, type SliceJob } from '../src/lib/import/slices';

const api = {
  async parse(file: Blob, plan: ImportPlan, job: SliceJob) {
    const r = await parseSlices(file, plan, job);
    // The column arrays move to the import worker without a copy.
    return transfer(r, resultBuffers(r));
  },
};

export type ImportSliceApi = typeof api;
expose(api);
