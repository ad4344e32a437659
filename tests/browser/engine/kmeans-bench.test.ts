// TEMPORARY: measures benchKmeans in headless Chromium for the report; delete after.
import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { benchKmeans } from '../../../src/lib/models/kmeans/bench';
import { testBackends } from './for-each-backend';

it('bench', async () => {
  await testBackends();
  const runs = [
    ['wasm', 'tf', 100_000, 16, 20],
    ['wasm', 'typed', 100_000, 16, 20],
    ['wasm', 'tf', 1_000_000, 8, 20],
    ['wasm', 'typed', 1_000_000, 8, 20],
    ['cpu', 'tf', 100_000, 16, 5],
    ['webgpu', 'tf', 100_000, 16, 3],
  ] as const;
  for (const [backend, path, rows, dims, iters] of runs) {
    await tf.setBackend(backend);
    const r = await benchKmeans(tf, { rows, dims, k: 8, iters, path });
    console.log('BENCH', JSON.stringify(r));
  }
}, 600_000);
