// Segmentation: RFM from transactions, or numeric attributes of customers, then k-means with the K sweep,
// profile and 2-D map the page charts. The one wiring of these models: the compute worker, the CLI and the
// bench call these functions.
import { cellText, getColumn, isNumericColumn, type Table } from '../data/table';
import { toCsv } from '../export/csv';
import { rfmMatrix } from '../features/rfm/features';
import { computeRfm, type RfmResult } from '../features/rfm/rfm';
import { RFM_SEGMENTS } from '../features/rfm/segments';
import type { KernelHelpers } from '../models/kmeans/lloyd-wasm';
import type { Matrix } from '../models/kmeans/matrix';
import { segmentFeatures } from '../models/kmeans/segment-features';
import type { ProgressFn } from '../progress';
import type { SavedSegmentation, SegmentRequest, SegmentRun, SegmentTable } from './types';

/** The columns of its dataset a request reads. */
export function segmentColumns(request: SegmentRequest): string[] {
  const s = request.source;
  if (s.kind === 'rfm') return [s.customer, s.date, s.amount, s.price, s.quantity, s.invoice].filter((c): c is string => Boolean(c));
  return [...(s.key ? [s.key] : []), ...request.features];
}

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

/** The customers to segment: ids, the feature matrix, RFM (from transactions) and notes on the data. */
export function prepareSegment(table: Table, request: SegmentRequest): { ids: string[]; x: Matrix; rfm: RfmResult | null; notes: string[] } {
  const notes: string[] = [];
  const s = request.source;
  if (s.kind === 'rfm') {
    const rfm = computeRfm(table, { customer: s.customer, date: s.date, amount: s.amount, price: s.price, quantity: s.quantity, invoice: s.invoice, asOf: s.asOf || undefined });
    notes.push(...rfm.notes);
    return { ids: rfm.customerIds, x: rfmMatrix(rfm, request.features as Parameters<typeof rfmMatrix>[1]), rfm, notes };
  }
  return { ...attributeMatrix(table, s.key, request.features, notes), rfm: null, notes };
}

const isTfBackend = (name: string) => ['webgpu', 'wasm', 'cpu'].includes(name);

export interface SegmentRunOptions {
  /** Threads sharing the wasm k-means kernel (the worker's helpers; none in the CLI). */
  helpers?: KernelHelpers;
  /** The engine's active backend, named beside a k-means path off tfjs (the rest of the page ran on it). */
  engine?: string;
  onProgress?: ProgressFn;
  /** When loading began (performance.now()), for `seconds`. */
  started?: number;
}

/** Segments a dataset's customers: the view the page shows and every customer's segment. */
export async function runSegment(table: Table, request: SegmentRequest, options: SegmentRunOptions = {}): Promise<SegmentRun> {
  const started = options.started ?? performance.now();
  const { ids, x, rfm, notes } = prepareSegment(table, request);
  if (x.rows < 3) throw new Error(`Only ${x.rows} customers: too few to segment`);
  const result = await segmentFeatures(x, request.features, {
    k: request.k,
    log: request.log,
    standardize: true,
    restarts: request.restarts,
    seed: request.seed,
    kMax: Math.min(10, x.rows - 1),
    helpers: options.helpers,
    onProgress: options.onProgress,
  });
  const points = result.map.points;
  const backend = result.fit.backend;
  return {
    view: {
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
        x: Float32Array.from({ length: points.rows }, (_, i) => points.data[i * points.cols]),
        y: Float32Array.from({ length: points.rows }, (_, i) => (points.cols > 1 ? points.data[i * points.cols + 1] : 0)),
        labels: Int32Array.from(result.map.sample, (i) => result.fit.labels[i]),
        explained: result.map.explainedVarianceRatio,
      },
      backend: isTfBackend(backend) || !options.engine ? backend : `${backend.replace('typed-arrays', 'typed arrays')} (engine: ${options.engine})`,
      seconds: (performance.now() - started) / 1000,
    },
    table: {
      datasetId: request.source.datasetId,
      ids,
      features: [...request.features],
      x,
      rfm: rfm && { r: rfm.r, f: rfm.f, m: rfm.m, segment: rfm.segment },
      labels: result.fit.labels,
    },
  };
}

/** Customers with their features, RFM scores and segment, as a formula-safe CSV. */
export function segmentCsv(t: SegmentTable): string {
  const { ids, rfm, labels, features, x } = t;
  const header = ['customer', ...features, ...(rfm ? ['r_score', 'f_score', 'm_score', 'rfm_segment'] : []), 'cluster'];
  const rows = ids.map((id, i) => [
    id,
    ...features.map((_, j) => x.data[i * x.cols + j]),
    ...(rfm ? [rfm.r[i], rfm.f[i], rfm.m[i], RFM_SEGMENTS[rfm.segment[i]]] : []),
    labels[i] + 1,
  ]);
  return toCsv(header, rows);
}

/** Each customer's named segment (RFM name, or "Segment k" for k-means only), for the action list. */
export function savedSegmentation(t: SegmentTable, name: string, id: string, createdAt: number): SavedSegmentation {
  return {
    id,
    name: name.trim() || 'Segmentation',
    createdAt,
    datasetId: t.datasetId,
    customers: t.ids,
    segment: t.ids.map((_, i) => (t.rfm ? RFM_SEGMENTS[t.rfm.segment[i]] : `Segment ${t.labels[i] + 1}`)),
  };
}
