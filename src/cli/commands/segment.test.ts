import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { run, spec } from './segment';
import { expectFlagChecks } from '../testing';

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

  it('applies the shared file flags: a headerless, semicolon, Windows-1252 file reads like its CSV', async () => {
    // Customer names told apart only by an accent, so the encoding decides who is who.
    const names = ['Zoë', 'Zoé', 'Ángel', 'Èngel', 'Renée', 'Renèe', 'Noël', 'Noèl'];
    const rows: string[][] = [];
    names.forEach((name, i) => {
      for (let t = 0; t <= i % 4; t++) rows.push([name, `2024-0${1 + ((i + t) % 9)}-1${t}`, (5 + i * 3.25 + t).toFixed(2)]);
    });
    const dir = mkdtempSync(join(tmpdir(), 'rl-seg-load-'));
    const csv = join(dir, 'plain.csv');
    writeFileSync(csv, ['customer,date,amount', ...rows.map((r) => r.join(','))].join('\n'));
    const odd = join(dir, 'odd.txt');
    writeFileSync(odd, Buffer.from(rows.map((r) => r.join(';')).join('\r\n'), 'latin1'));
    const model = ['--amount', 'amount', '--k', '2', '--restarts', '2', '--as-of', '2024-12-31'];
    const plain = await run([csv, '--customer', 'customer', '--date', 'date', ...model]);
    const flags = ['--no-header', '--columns', 'who,day,amount', '--delimiter', ';', '--encoding', 'windows-1252'];
    const read = await run([odd, ...flags, '--customer', 'who', '--date', 'day', ...model]);
    expect(plain.customers).toBe(8);
    expect({ ...read, seconds: 0 }).toEqual({ ...plain, seconds: 0 });
    // Each flag reaches the reader: a wrong one fails or reads something else.
    const at = (i: number, value: string) => flags.map((f, j) => (j === i ? value : f));
    await expect(run([odd, ...at(6, 'klingon'), '--customer', 'who', '--date', 'day', ...model])).rejects.toThrow('Unknown encoding "klingon"');
    await expect(run([odd, ...at(4, '#'), '--customer', 'who', '--date', 'day', ...model])).rejects.toThrow('Unsupported delimiter "#"');
    await expect(run([odd, ...at(2, 'a,b,c'), '--customer', 'who', '--date', 'day', ...model])).rejects.toThrow(/"who"/);
    // As UTF-8 each accented byte is invalid and becomes U+FFFD: the pairs merge into 4 customers.
    const utf8 = await run([odd, ...at(6, 'utf-8'), '--customer', 'who', '--date', 'day', ...model]);
    expect(utf8.customers).toBe(4);
  });

  it('refuses an unknown flag, naming it and its flags (the file flags too); --help lists them', async () => {
    await expectFlagChecks(run, spec);
  });
});
