// Segmentation in the compute worker: RFM from transactions, then k-means on RFM features or on
// numeric customer attributes, with the K sweep, profile and 2-D map the page charts.
import { transfer } from 'comlink';
import type { SavedSegmentation, SegmentApi, SegmentRequest, SegmentResult } from '../../src/contract';
import { cellText, getColumn, isNumericColumn, type Table } from '../../src/lib/data/table';
import { toCsv } from '../../src/lib/export/csv';
import { rfmMatrix } from '../../src/lib/features/rfm/features';
import { computeRfm, type RfmResult } from '../../src/lib/features/rfm/rfm';
import { RFM_SEGMENTS } from '../../src/lib/features/rfm/segments';
import type { Matrix } from '../../src/lib/models/kmeans/matrix';
import { segmentFeatures } from '../../src/lib/models/kmeans/segment-features';
import { loadTable, setSetting } from '../../src/storage/datasets';
import { buffersOf } from '../../src/lib/transfer';
import { readyEngine } from './engine';
import { kernelHelpers } from './kernel-helpers';

let last: { datasetId: string; ids: string[]; rfm: RfmResult | null; labels: Int32Array; features: string[]; x: Matrix } | null = null;

/** Numeric attribute columns as a matrix; missing cells take the column median (stated in notes). */
function attributeMatrix(table: Table, key: string, columns: string[], notes: string[]): { ids: string[]; x: Matrix } {
  // No key column (''): customers are numbered by row, and the notes say so.
  const keyCol = key ? getColumn(table, key) : null;
  if (!keyCol) notes.push('This dataset has no customer key column, so customers are numbered by row ("row 1", "row 2", ...).');
  const cols = columns.map((name) => {
    const c = getColumn(table, name);
    if (!isNumericColumn(c)) throw new Error(`"${name}" is not numeric (${c.type}); k-means needs numeric features`);
    return c.values;
  });
  const n = table.rows;
  const data = new Float64Array(n * cols.length);
  cols.forEach((values, j) => {
    const present = Array.from(values).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    if (present.length === 0) throw new Error(`"${columns[j]}" has no values`);
    const median = present[Math.floor(present.length / 2)];
    const missing = n - present.length;
    if (missing) notes.push(`${missing} missing values of "${columns[j]}" were set to its median (${median}).`);
    for (let i = 0; i < n; i++) data[i * cols.length + j] = Number.isNaN(values[i]) ? median : values[i];
  });
  return { ids: Array.from({ length: n }, (_, i) => (keyCol ? cellText(keyCol, i) : `row ${i + 1}`)), x: { data, rows: n, cols: cols.length } };
}

async function segment(request: SegmentRequest, onProgress?: (p: { stage: string; done: number; total: number }) => void): Promise<SegmentResult> {
  const started = performance.now();
  const engine = await readyEngine();
  const notes: string[] = [];
  let rfm: RfmResult | null = null;
  let ids: string[];
  let x: Matrix;
  if (request.source.kind === 'rfm') {
    const s = request.source;
    const table = await loadTable(s.datasetId, [s.customer, s.date, s.amount, s.quantity, s.invoice].filter((c): c is string => Boolean(c)));
    rfm = computeRfm(table, { customer: s.customer, date: s.date, amount: s.amount, quantity: s.quantity, invoice: s.invoice, asOf: s.asOf || undefined });
    notes.push(...rfm.notes);
    ids = rfm.customerIds;
    x = rfmMatrix(rfm, request.features as Parameters<typeof rfmMatrix>[1]);
  } else {
    const s = request.source;
    const table = await loadTable(s.datasetId, [...(s.key ? [s.key] : []), ...request.features]);
    ({ ids, x } = attributeMatrix(table, s.key, request.features, notes));
  }
  if (x.rows < 3) throw new Error(`Only ${x.rows} customers: too few to segment`);
  const result = await segmentFeatures(x, request.features, {
    k: request.k,
    log: request.log,
    standardize: true,
    restarts: request.restarts,
    seed: request.seed,
    kMax: Math.min(10, x.rows - 1),
    helpers: kernelHelpers(),
    onProgress,
  });
  last = { datasetId: request.source.datasetId, ids, rfm, labels: result.fit.labels, features: request.features, x };
  const out: SegmentResult = {
    customers: x.rows,
    features: request.features,
    notes,
    rfm: rfm && { asOf: rfm.asOf, segments: rfm.segments, counts: rfm.counts },
    k: result.k,
    inertia: result.fit.inertia,
    silhouette: result.silhouette,
    sizes: result.fit.sizes,
    centres: Array.from({ length: result.k }, (_, c) => Array.from(result.fit.centresOriginal.data.subarray(c * x.cols, (c + 1) * x.cols))),
    profile: result.profile,
    sweep: result.sweep,
    map: {
      x: Float32Array.from({ length: result.map.points.rows }, (_, i) => result.map.points.data[i * result.map.points.cols]),
      y: Float32Array.from({ length: result.map.points.rows }, (_, i) => (result.map.points.cols > 1 ? result.map.points.data[i * result.map.points.cols + 1] : 0)),
      labels: Int32Array.from(result.map.sample, (i) => result.fit.labels[i]),
      explained: result.map.explainedVarianceRatio,
    },
    // k-means off the tfjs backends still names the engine, which the rest of the page ran on.
    backend: isTfBackend(result.fit.backend) ? result.fit.backend : `${result.fit.backend.replace('typed-arrays', 'typed arrays')} (engine: ${engine.active})`,
    seconds: (performance.now() - started) / 1000,
  };
  return transfer(out, buffersOf(out));
}

/** Customers with their features, RFM scores and segment, as a formula-safe CSV. */
async function segmentCsv(): Promise<string> {
  if (!last) throw new Error('Run a segmentation first');
  const { ids, rfm, labels, features, x } = last;
  const header = ['customer', ...features, ...(rfm ? ['r_score', 'f_score', 'm_score', 'rfm_segment'] : []), 'cluster'];
  const rows = ids.map((id, i) => [
    id,
    ...features.map((_, j) => x.data[i * x.cols + j]),
    ...(rfm ? [rfm.r[i], rfm.f[i], rfm.m[i], RFM_SEGMENTS[rfm.segment[i]]] : []),
    labels[i] + 1,
  ]);
  return toCsv(header, rows);
}

const isTfBackend = (name: string) => ['webgpu', 'wasm', 'cpu'].includes(name);

export const SEGMENTATION_KEY = 'segmentation';

async function saveSegmentation(name: string): Promise<string> {
  if (!last) throw new Error('Run a segmentation first');
  const { rfm, labels } = last;
  const saved: SavedSegmentation = {
    id: crypto.randomUUID(),
    name: name.trim() || 'Segmentation',
    createdAt: Date.now(),
    datasetId: last.datasetId,
    customers: last.ids,
    segment: last.ids.map((_, i) => (rfm ? RFM_SEGMENTS[rfm.segment[i]] : `Segment ${labels[i] + 1}`)),
  };
  await setSetting(SEGMENTATION_KEY, saved);
  return saved.id;
}

export const segmentApi: SegmentApi = { segment, segmentCsv, saveSegmentation };
