// TEMPORARY: measures benchKmeans in headless Chromium for the report; delete after.
import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { benchKmeans } from '../../../src/lib/models/kmeans/bench';
import { initBackends } from '../../../src/lib/engine/backends';
import { wasmPaths } from './wasm-paths';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';

it('bench', async () => {
  const threads = 2;
  const infos = await initBackends({ wasmPaths, wasmThreads: threads });
  console.log('BENCH hw', navigator.hardwareConcurrency, JSON.stringify(infos.find((i) => i.name === 'wasm')));
  const runs = [
    ['wasm', 'tf', 25_000, 3, 5, 20],
    ['wasm', 'typed', 25_000, 3, 5, 20],
    ['wasm', 'tf', 100_000, 16, 8, 20],
    ['wasm', 'typed', 100_000, 16, 8, 20],
    ['wasm', 'tf', 1_000_000, 8, 8, 20],
    ['wasm', 'typed', 1_000_000, 8, 8, 20],
  ] as const;
  for (const [backend, path, rows, dims, k, iters] of runs) {
    await tf.setBackend(backend);
    const r = await benchKmeans(tf, { rows, dims, k, iters, path });
    console.log('BENCH', JSON.stringify(r));
  }
}, 600_000);
