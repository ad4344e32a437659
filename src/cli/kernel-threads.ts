// Helper threads for our WebAssembly kernels in Node (CLI, unit tests, bench drivers): worker_threads that each
// run threadHelper() from src/lib/engine/threads.ts on the caller's shared WebAssembly memory, as the app's
// kernel Web Workers do. Workers are unref'd while idle so a CLI run exits when its work is done.
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { kernelThreads, NO_THREADS, type KernelThreads, type RemoteThreadHelper, type ThreadHelperApi } from '../lib/engine/threads';

type Reply = { id: number; result?: unknown; error?: string; ready?: boolean };

/** One helper thread behind a promise-returning interface; it keeps the process alive only while it has work. */
class NodeHelper {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly ready: Promise<void>;
  private next = 0;
  private started = false;
  constructor() {
    this.worker = new Worker(new URL('./kernel-thread.mjs', import.meta.url));
    this.worker.unref();
    let started: () => void = () => {};
    let failed: (e: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => ((started = resolve), (failed = reject)));
    this.worker.on('message', (m: Reply) => {
      if (m.ready) {
        this.started = true;
        return started();
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result);
    });
    this.worker.on('error', (e) => {
      failed(e);
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }
  async send<K extends keyof ThreadHelperApi>(method: K, args: Parameters<ThreadHelperApi[K]>): Promise<ReturnType<ThreadHelperApi[K]>> {
    const id = this.next++;
    const out = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.worker.ref();
    // Post at once when the helper is up: an await here would hold the message until the caller's own share
    // of the work is done (it runs synchronously after the call), and the helper would start only then.
    if (!this.started) await this.ready;
    this.worker.postMessage({ id, method, args });
    return out as Promise<ReturnType<ThreadHelperApi[K]>>;
  }
  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

let shared: { threads: KernelThreads; helpers: NodeHelper[] } | null = null;

/** Helpers besides the caller's thread: one per further core, at most 3 (as in the app). */
export function nodeHelperCount(): number {
  return Math.max(0, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4) - 1);
}

/** Node helper threads (started on first use and reused; `count` other than the current pool's replaces it). */
export function nodeKernelThreads(count = nodeHelperCount()): KernelThreads {
  if (count <= 0) return NO_THREADS;
  if (shared && shared.threads.count === count) return shared.threads;
  void closeNodeKernelThreads();
  const helpers = Array.from({ length: count }, () => new NodeHelper());
  const remotes: RemoteThreadHelper[] = helpers.map((h) => ({
    attachKernel: (...a) => h.send('attachKernel', a),
    callKernel: (...a) => h.send('callKernel', a),
    detachKernel: (...a) => h.send('detachKernel', a),
    serveKernel: (...a) => h.send('serveKernel', a),
  }));
  shared = { threads: kernelThreads(remotes, true), helpers };
  return shared.threads;
}

/** Stop the helper threads (tests; a CLI run needs not: idle helpers do not hold the process). */
export async function closeNodeKernelThreads(): Promise<void> {
  const s = shared;
  shared = null;
  if (s) await Promise.all(s.helpers.map((h) => h.terminate()));
}
