// Import helper: parses one slice of a file with the import's plan (src/lib/import/slices.ts). Spawned by
// the import worker (workers/import-helpers.ts) and terminated with it, so a cancel stops these too.
import './no-network';
import { expose, transfer } from 'comlink';
import type { ImportPlan } from '../src/lib/data/parse-table';
import { parseSlices, resultBuffers, SliceMemory, type SliceJob } from '../src/lib/import/slices';

// This helper's dictionaries, kept from slice to slice of the import (a helper lives for one import).
let memory: SliceMemory | null = null;

const api = {
  async parse(file: Blob, plan: ImportPlan, job: SliceJob) {
    if (job.first || !memory?.fits(plan)) memory = new SliceMemory(plan);
    const r = await parseSlices(file, plan, job, memory);
    // The column arrays move to the import worker without a copy.
    return transfer(r, resultBuffers(r));
  },
};

export type ImportSliceApi = typeof api;
expose(api);
