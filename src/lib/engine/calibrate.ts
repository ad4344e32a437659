// Measure, do not guess: time the kernels our models use on each available backend and pick the
// fastest. A software WebGPU adapter (SwiftShader) is never preferred over wasm.
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo, BackendName, InitBackendsOptions } from './backends';
import { initBackends } from './backends';

export interface CalibrationEntry {
  backend: BackendName;
  /** Best time of one round of the kernel suite after warm-up (NaN when unavailable). */
  ms: number;
  /** The first, untimed round: shader compilation (webgpu) or heap growth (wasm). */
  warmupMs: number;
  available: boolean;
  note: string;
}

export interface Calibration {
  chosen: BackendName;
  results: CalibrationEntry[];
}

export interface CalibrateOptions {
  /** Points in the k-means-like step (x 8 features, k = 8). */
  rows?: number;
  /** Timed rounds per backend; the fastest counts. */
  rounds?: number;
  /** Stop timing a backend after this many ms of timed rounds (slow software adapters). */
  budgetMs?: number;
}

/**
 * One round: a k-means Lloyd step (fused matMul + argMin + oneHot matMul + sum), an ALS-like
 * square matMul, and an elementwise + reduce; ends with a read back so the GPU really finishes.
 */
async function round(rows: number): Promise<void> {
  const outs = tf.tidy(() => {
    const x = tf.randomUniform([rows, 8], 0, 1, 'float32', 1);
    const c = tf.randomUniform([8, 8], 0, 1, 'float32', 2);
    const scores = tf.fused.matMul({ a: x, b: c, bias: tf.sum(tf.square(c), 0) });
    const labels = tf.argMin(scores, 1);
    const onehot = tf.cast(tf.oneHot(labels, 8), 'float32');
    const sums = tf.matMul(onehot, x, true, false);
    const u = tf.randomUniform([256, 32], 0, 1, 'float32', 3);
    const gram = tf.matMul(u, u, false, true);
    const reduced = tf.sum(tf.square(tf.sub(gram, tf.mean(gram))), 1);
    return [tf.sum(sums), tf.sum(reduced)];
  });
  await Promise.all(outs.map((t) => t.data()));
  tf.dispose(outs);
}

async function timeBackend(name: BackendName, o: Required<CalibrateOptions>): Promise<{ ms: number; warmupMs: number }> {
  if (!(await tf.setBackend(name))) return { ms: NaN, warmupMs: NaN };
  // Warm-up: WebGPU compiles shaders and wasm grows its heap on first use.
  const w0 = performance.now();
  await round(o.rows);
  const warmupMs = performance.now() - w0;
  let best = Infinity;
  let spent = 0;
  for (let r = 0; r < o.rounds && spent < o.budgetMs; r++) {
    const t0 = performance.now();
    await round(o.rows);
    const ms = performance.now() - t0;
    spent += ms;
    best = Math.min(best, ms);
  }
  return { ms: best, warmupMs };
}

/** Pick from measured times: fastest available, but software WebGPU only when wasm is missing. */
export function chooseBackend(results: CalibrationEntry[], infos: BackendInfo[]): BackendName {
  const wasmOk = results.some((r) => r.backend === 'wasm' && r.available && Number.isFinite(r.ms));
  const eligible = results.filter((r) => {
    if (!r.available || !Number.isFinite(r.ms)) return false;
    const software = infos.find((i) => i.name === r.backend)?.adapter?.software === true;
    return !(r.backend === 'webgpu' && software && wasmOk);
  });
  if (eligible.length === 0) return 'cpu';
  return eligible.reduce((a, b) => (b.ms < a.ms ? b : a)).backend;
}

export async function calibrate(infos: BackendInfo[], opts: CalibrateOptions = {}): Promise<Calibration> {
  const o: Required<CalibrateOptions> = { rows: 16_384, rounds: 3, budgetMs: 400, ...opts };
  if (!Number.isInteger(o.rows) || o.rows < 8) throw new Error(`rows must be an integer >= 8, got ${o.rows}`);
  if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error(`rounds must be an integer >= 1, got ${o.rounds}`);
  const results: CalibrationEntry[] = [];
  const wasmAvailable = infos.some((i) => i.name === 'wasm' && i.available);
  for (const info of infos) {
    if (!info.available) {
      results.push({ backend: info.name, ms: NaN, warmupMs: NaN, available: false, note: info.note });
      continue;
    }
    if (info.adapter?.software && wasmAvailable) {
      // It could not be chosen anyway, and compiling its shaders in software takes seconds.
      results.push({ backend: info.name, ms: NaN, warmupMs: NaN, available: true, note: `${info.note}; not timed: never preferred over wasm` });
      continue;
    }
    try {
      const t = await timeBackend(info.name, o);
      results.push({ backend: info.name, ...t, available: Number.isFinite(t.ms), note: info.note });
    } catch (err) {
      const note = `calibration failed: ${err instanceof Error ? err.message : String(err)}`;
      results.push({ backend: info.name, ms: NaN, warmupMs: NaN, available: false, note });
    }
  }
  const chosen = chooseBackend(results, infos);
  await tf.setBackend(chosen);
  return { chosen, results };
}

let engine: Promise<Calibration> | null = null;

/** First use: start the backends, calibrate once, switch to the fastest; later calls reuse it. */
export function ensureEngine(opts: InitBackendsOptions & CalibrateOptions = {}): Promise<Calibration> {
  engine ??= initBackends(opts).then((infos) => calibrate(infos, opts));
  return engine;
}
