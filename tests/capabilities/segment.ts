// Segmentation cases that run twice: in Node on src/lib/segment directly (src/lib/segment/segment.test.ts)
// and in the browser through the compute worker on data imported by the import worker
// (tests/browser/segment-worker.test.ts). Each runner supplies a driver; the numbers are the same.
import { expect } from 'vitest';
import type { SavedSegmentation, SegmentRequest, SegmentResult } from '../../src/lib/segment';

export interface SegmentDriver {
  /** 'browser' runs k-means on the wasm kernel beside the engine; 'node' without helpers. */
  where: 'node' | 'browser';
  /** A public dataset under ../shared/datasets, or a text file, stored as the app stores it; returns its id. */
  dataset(source: { file: string; header?: boolean; columns?: string[] } | { text: string; name: string }): Promise<string>;
  segment(request: SegmentRequest): Promise<SegmentResult>;
  csv(): Promise<string>;
  /** The last run's segment per customer as saved for the action list. */
  save(name: string): Promise<SavedSegmentation>;
}

export interface SegmentCase {
  name: string;
  run(d: SegmentDriver): Promise<void>;
}

export const segmentCases: SegmentCase[] = [
  {
    name: 'reproduces the sklearn CDNOW inertia for k = 5 and gives RFM segments, a sweep and a map',
    async run(d) {
      const datasetId = await d.dataset({ file: 'cdnow/CDNOW_master.txt' });
      const source = { kind: 'rfm' as const, datasetId, customer: 'customer_id', date: 'date', amount: 'dollar_value', asOf: '1998-07-01' };
      const result = await d.segment({ source, features: ['recency', 'frequency', 'monetary'], log: true, k: 5, restarts: 10, seed: 0 });
      expect(result.customers).toBe(23570);
      expect(result.inertia / 13016.8).toBeLessThan(1.005);
      expect(result.silhouette).toBeGreaterThan(0.35);
      expect(result.sizes.reduce((a, b) => a + b, 0)).toBe(23570);
      expect(result.rfm?.segments.reduce((a, s) => a + s.customers, 0)).toBe(23570);
      expect(result.map.x.length).toBe(result.map.labels.length);
      if (d.where === 'browser') expect(result.backend).toMatch(/^wasm-simd kernel, 1 thread \(engine: (wasm|cpu|webgpu)\)$/);

      const csv = await d.csv();
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('customer,recency,frequency,monetary,r_score,f_score,m_score,rfm_segment,cluster');
      expect(lines).toHaveLength(23571);

      const saved = await d.save('  CDNOW RFM ');
      expect(saved.name).toBe('CDNOW RFM');
      expect(saved.datasetId).toBe(datasetId);
      expect(saved.customers).toHaveLength(23570);
      expect(saved.segment).toHaveLength(23570);
      // Named RFM segments, as in the CSV.
      const counts = new Map<string, number>();
      for (const s of saved.segment) counts.set(s, (counts.get(s) ?? 0) + 1);
      for (const s of result.rfm!.segments) expect(counts.get(s.name) ?? 0).toBe(s.customers);
    },
  },
  {
    name: 'suggests K from a sweep',
    async run(d) {
      const datasetId = await d.dataset({ file: 'cdnow/CDNOW_sample.txt', header: false, columns: ['customer', 'sample', 'date', 'cds', 'dollars'] });
      const source = { kind: 'rfm' as const, datasetId, customer: 'customer', date: 'date', amount: 'dollars' };
      const result = await d.segment({ source, features: ['recency', 'frequency', 'monetary'], log: true, k: 'auto', restarts: 3, seed: 1 });
      expect(result.sweep?.points.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(result.k).toBe(result.sweep?.suggestedK);
    },
  },
  {
    name: 'segments numeric attributes without a key: rows are numbered, missing cells take the median, segments are "Segment k"',
    async run(d) {
      const text = ['spend,visits', '10,1', '12,2', '11,', '200,20', '210,22', '205,21', '50,8', '55,9', '52,7'].join('\n');
      const datasetId = await d.dataset({ text, name: 'attributes.csv' });
      const result = await d.segment({ source: { kind: 'attributes', datasetId, key: '' }, features: ['spend', 'visits'], log: false, k: 3, restarts: 5, seed: 3 });
      expect(result.customers).toBe(9);
      expect(result.rfm).toBeNull();
      expect(result.sizes).toHaveLength(3);
      expect(result.sizes.reduce((a, b) => a + b, 0)).toBe(9);
      expect(result.notes.some((n) => n.includes('numbered by row'))).toBe(true);
      expect(result.notes.some((n) => n.includes('1 missing values of "visits" were set to its median (9)'))).toBe(true);
      const lines = (await d.csv()).trim().split('\r\n');
      expect(lines[0]).toBe('customer,spend,visits,cluster');
      expect(lines[3]).toMatch(/^row 3,11,9,\d$/);
      const saved = await d.save('');
      expect(saved.name).toBe('Segmentation');
      expect(saved.customers[0]).toBe('row 1');
      expect(new Set(saved.segment)).toEqual(new Set(['Segment 1', 'Segment 2', 'Segment 3']));
    },
  },
];
