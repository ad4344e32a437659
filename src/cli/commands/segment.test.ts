import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run } from './segment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('segment command', () => {
  it('refuses --k above the number of distinct customers, and "auto" tries only K up to it', async () => {
    // Six customers, pairwise identical in recency, frequency and monetary: 3 distinct points.
    const rows = ['customer,date,amount'];
    for (const [a, b] of [['A', 'B'], ['C', 'D'], ['E', 'F']]) rows.push(`${a},2024-01-01,10.5`, `${b},2024-01-01,10.5`);
    rows.push('C,2024-02-01,20.25', 'D,2024-02-01,20.25', 'E,2024-03-15,5.75', 'F,2024-03-15,5.75', 'E,2024-03-20,5.5', 'F,2024-03-20,5.5');
    const file = join(mkdtempSync(join(tmpdir(), 'rl-seg-')), 'three.csv');
    writeFileSync(file, rows.join('\n'));
    const base = [file, '--customer', 'customer', '--date', 'date', '--amount', 'amount'];
    await expect(run([...base, '--k', '5'])).rejects.toThrow(/^K = 5 is more than the 3 distinct points in the data \(6 rows.*choose K = 3 or less/);
    const auto = await run([...base, '--k', 'auto', '--restarts', '2']);
    expect(auto.k).toBeLessThanOrEqual(3);
    expect(auto.segments.every((s) => s.size > 0)).toBe(true);
  });

  // Reference section 3: sklearn inertia 13016.8 at k = 5 (ours may be at most 0.5% above).
  it('segments CDNOW on log RFM with k = 5 like the reference', async () => {
    const out = await run([
      datasetPath('cdnow/CDNOW_master.txt'),
      '--customer', 'customer_id',
      '--date', 'date',
      '--amount', 'dollar_value',
      '--as-of', '1998-07-01',
      '--log',
      '--k', '5',
    ]);
    expect(Object.keys(out)).toEqual(['customers', 'k', 'inertia', 'silhouette', 'segments', 'rfmSegments', 'backend', 'seconds']);
    expect(out.customers).toBe(23_570);
    expect(out.k).toBe(5);
    expect(out.inertia).toBeLessThanOrEqual(13016.8 * 1.005);
    expect(out.inertia).toBeGreaterThan(13016.8 * 0.99);
    expect(out.silhouette).toBeCloseTo(0.411, 1);
    expect(out.segments.reduce((s, g) => s + g.size, 0)).toBe(23_570);
    expect(Object.keys(out.segments[0].center)).toEqual(['recency', 'frequency', 'monetary']);
    expect(Object.keys(out.rfmSegments)).toHaveLength(11);
    expect(Object.values(out.rfmSegments).reduce((a, b) => a + b, 0)).toBe(23_570);
  });

  it('reads a headerless file with named columns and picks K itself', async () => {
    const out = await run([
      datasetPath('cdnow/CDNOW_sample.txt'),
      '--no-header',
      '--columns', 'customer,sample,date,cds,dollars',
      '--customer', 'customer',
      '--date', 'date',
      '--amount', 'dollars',
      '--log',
      '--restarts', '2',
      '--features', 'recency,frequency',
    ]);
    expect(out.customers).toBe(2357);
    expect(out.k).toBeGreaterThanOrEqual(2);
    expect(out.k).toBeLessThanOrEqual(10);
    expect(out.segments).toHaveLength(out.k);
  });

  it('names bad flags', async () => {
    const file = datasetPath('cdnow/CDNOW_sample.txt');
    await expect(run([file, '--customer', 'a', '--date', 'b', '--k', 'many'])).rejects.toThrow(/"many"/);
    await expect(run([file, '--customer', 'a', '--date', 'b', '--features', 'recency,age'])).rejects.toThrow(/"age"/);
  });
});
