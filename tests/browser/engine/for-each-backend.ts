// Write a browser test once, run it on every tfjs backend (as tfjs's describeWithFlags), and
// compare with the cpu result. A backend that cannot start fails its tests loudly unless it is
// listed in knownFailures with the reason.
import * as tf from '@tensorflow/tfjs';
// Static imports so Vite pre-bundles both backends before the tests start; discovered only at the
// dynamic import inside initBackends, they make Vite re-optimise mid-run and the import fails.
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect } from 'vitest';
import type { BackendInfo, BackendName } from '../../../src/lib/engine/backends';
import { BACKEND_NAMES, initBackends } from '../../../src/lib/engine/backends';
import { wasmPaths } from './wasm-paths';

export const ALL_BACKENDS: readonly BackendName[] = BACKEND_NAMES;

export function testBackends(): Promise<BackendInfo[]> {
  return initBackends({ wasmPaths });
}

export interface ForEachBackendOptions {
  backends?: readonly BackendName[];
  /** Backends expected to fail here, with why; their tests are skipped with the reason in the name. */
  knownFailures?: Partial<Record<BackendName, string>>;
}

export function forEachBackend(name: string, fn: (backend: BackendName) => void, opts: ForEachBackendOptions = {}): void {
  for (const backend of opts.backends ?? ALL_BACKENDS) {
    const known = opts.knownFailures?.[backend];
    if (known) {
      describe.skip(`${name} [${backend}] (known failure: ${known})`, () => fn(backend));
      continue;
    }
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        const info = (await testBackends()).find((b) => b.name === backend);
        if (!info?.available) throw new Error(`backend ${backend} is not available: ${info?.note ?? 'not probed'}`);
        await tf.setBackend(backend);
      });
      fn(backend);
    });
  }
}

/** Run fn on the cpu backend (the reference), then switch back. */
export async function onCpu<T>(fn: () => Promise<T> | T): Promise<T> {
  await testBackends();
  const previous = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return await fn();
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}

/** Elementwise |a - e| <= atol + rtol |e|, with the first offending index in the message. */
export function expectArraysClose(actual: ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-3, rtol = 1e-3): void {
  expect(actual.length, 'length').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]);
    if (!ok) expect(actual[i], `index ${i}`).toBeCloseTo(expected[i], 6);
  }
}
