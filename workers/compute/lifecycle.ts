// Lifecycle views in the compute worker: stored columns in, one src/lib/lifecycle call, the result stored
// (kind 'lifecycle'); a cohort cell's customers saved as the segmentation the action list joins, by the same
// path as the churn monitor's "Target in the action list" (kind 'segmentation').
import type { LifecycleApi, LifecycleView } from '../../src/contract';
import { transactionColumns } from '../../src/lib/clv';
import { cellSegmentName, cohortCell, lifecycleCsv, runLifecycle } from '../../src/lib/lifecycle';
import { loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, saveResult } from '../../src/storage/results';

async function last() {
  const record = await loadResult('lifecycle');
  if (!record) throw new Error('Compute the lifecycle views first');
  return record.value;
}

export const lifecycleApi: LifecycleApi = {
  async lifecycle(request) {
    const table = await loadTable(request.datasetId, transactionColumns(request));
    const view: LifecycleView = { ...runLifecycle(table, request), request };
    const stored = await saveResult('lifecycle', view, { datasets: [request.datasetId], settings: request });
    if (!stored) throw new Error('The transactions were deleted while the lifecycle views were computed');
    return view;
  },

  async lifecycleLast() {
    const record = await loadResult('lifecycle');
    return record ? { view: record.value, stale: await changedSince(record) } : null;
  },

  async lifecycleCsv(kind) {
    return new Blob([lifecycleCsv(await last(), kind)], { type: 'text/csv' });
  },

  async cohortCellTarget(request) {
    const customers = cohortCell(await loadTable(request.datasetId, transactionColumns(request)), request);
    if (customers.length === 0) throw new Error('No customers in this cell: nothing to save');
    const name = cellSegmentName(request);
    const saved = { id: crypto.randomUUID(), name, createdAt: Date.now(), datasetId: request.datasetId, customers, segment: customers.map(() => name) };
    const record = await saveResult('segmentation', saved, { datasets: [request.datasetId], settings: { name } });
    if (!record) throw new Error('The transactions were deleted: nothing saved');
    return { name, customers: customers.length };
  },
};
