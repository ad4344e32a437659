// The `als-2m` bench section's worker side: ALS as the app fits it, with the app's kernel helper threads.
import * as tf from '@tensorflow/tfjs';
import { kernelThreadPool } from '../../workers/compute/kernel-helpers';
import { wasmPaths } from '../../workers/compute/wasm-paths';
import { ensureEngine } from '../../src/lib/engine/calibrate';
import { fitAls } from '../../src/lib/models/recommend/als';
import { plainLoopsFaster } from '../../src/lib/models/recommend/path';
import { syntheticInteractions } from '../../src/lib/models/recommend/synthetic';

export interface AlsFigures {
  seconds: number;
  users: number;
  items: number;
  interactions: number;
  helpers: number;
  engine: string;
}

/** ALS 32 factors x 15 iterations on 100,000 users x 5,000 items x 2,000,000 draws (synthetic.ts, seed 3). */
export async function alsFigures(): Promise<AlsFigures> {
  // The engine as the app's compute worker starts it (every backend probed, the fastest measured one
  // active): ALS's 'auto' runs tfjs ops on a GPU backend and our kernel on cpu / wasm.
  await ensureEngine({ wasmPaths });
  const big = syntheticInteractions({ users: 100_000, items: 5_000, interactions: 2_000_000, seed: 3 });
  const threads = kernelThreadPool();
  const t0 = performance.now();
  const model = await fitAls(big, { factors: 32, iterations: 15, threads });
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  const engine = plainLoopsFaster() ? 'wasm-simd kernel' : `tfjs ${tf.getBackend()}`;
  return { seconds, users: big.rows, items: big.cols, interactions: big.indices.length, helpers: threads.count, engine };
}
