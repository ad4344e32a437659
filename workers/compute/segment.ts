// Segmentation in the compute worker: stored columns in, one src/lib/segment call, the run stored (kind
// 'segment'), its view out. Every customer's segment stays here (or in the store) for the CSV and the
// saved segmentation the action list reads (kind 'segmentation').
import { transfer } from 'comlink';
import type { SegmentApi, SegmentLast } from '../../src/contract';
import { runSegment, savedSegmentation, segmentColumns, segmentCsv, type SegmentTable } from '../../src/lib/segment';
import { buffersOf } from '../../src/lib/transfer';
import { loadTable } from '../../src/storage/datasets';
import { changedSince, loadResult, resultStored, saveResult } from '../../src/storage/results';
import { readyEngine } from './engine';
import { kernelHelpers } from './kernel-helpers';

/** A cache of the last run's table; empty after a restart, then reloaded from the store. */
let last: SegmentTable | null = null;

async function lastTable(): Promise<SegmentTable> {
  if (last && !(await resultStored('segment'))) last = null; // deleted with its dataset
  if (!last) {
    const record = await loadResult('segment');
    if (!record) throw new Error('Run a segmentation first');
    last = record.value.table;
  }
  return last;
}

export const segmentApi: SegmentApi = {
  async segment(request, onProgress) {
    const started = performance.now();
    const engine = await readyEngine();
    const table = await loadTable(request.source.datasetId, segmentColumns(request));
    const run = await runSegment(table, request, { helpers: kernelHelpers(), engine: engine.active, onProgress, started });
    last = run.table;
    await saveResult('segment', run, { datasets: [request.source.datasetId], settings: request });
    return transfer(run.view, buffersOf(run.view));
  },

  async segmentLast(): Promise<SegmentLast | null> {
    const record = await loadResult('segment');
    if (!record) return null;
    last = record.value.table;
    return { view: record.value.view, settings: record.settings as SegmentLast['settings'], stale: await changedSince(record) };
  },

  async segmentCsv() {
    return new Blob([segmentCsv(await lastTable())], { type: 'text/csv' });
  },

  async saveSegmentation(name) {
    const saved = savedSegmentation(await lastTable(), name, crypto.randomUUID(), Date.now());
    const record = await saveResult('segmentation', saved, { datasets: [saved.datasetId], settings: { name: saved.name } });
    if (!record) throw new Error('The dataset of this segmentation was deleted; run it again on another.');
    return saved.id;
  },
};
