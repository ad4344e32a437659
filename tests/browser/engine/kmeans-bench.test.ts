// TEMPORARY: measures benchKmeans in headless Chromium for the report; delete after.
import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { benchKmeans } from '../../../src/lib/models/kmeans/bench';
import { testBackends } from './for-each-backend';

it('bench', async () => {
  await testBackends();
  const out: unknown[] = [];
  for (const [backend, rows, dims] of [
    ['wasm', 100_000, 16],
    ['wasm', 1_000_000, 8],
    ['cpu', 100_000, 16],
    ['webgpu', 100_000, 16],
    ['webgpu', 1_000_000, 8],
  ] as const) {
    await tf.setBackend(backend);
    out.push(await benchKmeans(tf, { rows, dims, k: 8, iters: 20 }));
    console.log(JSON.stringify(out[out.length - 1]));
  }
  for (const [rows, dims] of [[100_000, 16], [1_000_000, 8]] as const) {
    console.log(JSON.stringify(await benchKmeans(tf, { rows, dims, k: 8, iters: 20, path: 'typed' })));
  }
}, 600_000);
