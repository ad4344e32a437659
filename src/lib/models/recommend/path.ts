// Which implementation 'auto' runs: the sparse gathers and scatters of ALS and the blocked
// inverse of EASE are slower as tfjs ops on the cpu and wasm backends than as plain loops
// (measured in headless Chromium on MovieLens 100K: ALS 64 factors x 15 iterations took
// 114 s as wasm ops and a few seconds as loops), so tensors are used only on a GPU backend.
import * as tf from '@tensorflow/tfjs';

export function plainLoopsFaster(backend: string = tf.getBackend()): boolean {
  return backend === 'cpu' || backend === 'wasm';
}
