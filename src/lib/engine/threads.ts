// Helper threads for our WebAssembly kernels (k-means' is in models/kmeans/lloyd-wasm.ts with its own
// protocol; EASE's inverse, GBDT histograms and later kernels use this one). The caller owns one shared
// WebAssembly.Memory, hands it and the compiled module to every helper once, then asks helper h to call an
// export with plain numbers (byte offsets, ranges) while it runs its own share on this thread. This file only
// needs the helpers' promise-returning interface, so it stays free of any worker API: the app's helpers are
// Web Workers (workers/kernel.worker.ts, via workers/compute/kernel-helpers.ts), the CLI's are Node
// worker_threads, and with zero helpers everything runs on the caller's thread.

/** Helper threads that run kernel exports on the caller's shared memory. */
export interface KernelThreads {
  /** Helper threads besides the caller (0 = run everything on the caller's thread). */
  readonly count: number;
  /** Instantiate `module` on `memory` in every helper under `key` (imports: env.memory), before any call. */
  attach(key: string, module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<void>;
  /** Helper h calls export `fn` of the instance under `key`; resolves with its result (0 for none). */
  call(h: number, key: string, fn: string, args: number[]): Promise<number>;
  /** Let go of the instance and its memory (it can be hundreds of MB); ends serve() first. */
  detach(key: string): Promise<void>;
  /**
   * From now until detach, the helpers take `key`'s calls of these exports from a shared control block instead of
   * messages: a call costs microseconds, not a message round trip (0.3 ms in Chromium, several per GBDT tree). A
   * helper then runs nothing else until detach, and this thread blocks (Atomics.wait) in the awaits of those calls
   * until the helper is done: only for callers that may block (workers, Node) and kernels that hand over often.
   * False where it cannot (in-thread helpers, a page's main thread): calls keep going by message.
   */
  serve?(key: string, fns: string[]): boolean;
}

/** No helpers: for callers without shared memory, and for tests. */
export const NO_THREADS: KernelThreads = {
  count: 0,
  attach: () => Promise.resolve(),
  call: () => Promise.reject(new Error('no helper threads')),
  detach: () => Promise.resolve(),
};

type Export = (...args: number[]) => number | undefined;

// serve()'s control block, one per helper: i32 state, export index, argument count; then f64 result and arguments
const IDLE = 0;
const JOB = 1;
const DONE = 2;
const STOP = 3;
const FAILED = 4;
const MAX_ARGS = 28;
const CONTROL_BYTES = 16 + 8 * (1 + MAX_ARGS);
/** How long a waiting side spins before it sleeps: a futex wake-up costs tens of microseconds in a VM. */
const SPIN_MS = 0.2;

/** Waits while control[0] is `state`: spins a little, then sleeps. Returns the new state. */
function waitWhile(control: Int32Array, state: number): number {
  const until = performance.now() + SPIN_MS;
  for (let i = 0; ; i++) {
    const s = Atomics.load(control, 0);
    if (s !== state) return s;
    if ((i & 255) === 255 && performance.now() > until) break;
  }
  for (;;) {
    Atomics.wait(control, 0, state, 1000);
    const s = Atomics.load(control, 0);
    if (s !== state) return s;
  }
}

/** Whether this thread may block in Atomics.wait (not a page's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The helper thread's side. Ordering: a message is not a memory fence for shared memory, so every call goes
 * through a sequentially consistent Atomics operation on a fence word before (acquire what the caller wrote)
 * and after (release what the kernel wrote); the caller does the mirror image in callOn() below.
 */
export function threadHelper() {
  const attached = new Map<string, { exports: Record<string, Export>; fence: Int32Array }>();
  return {
    attachKernel(key: string, module: WebAssembly.Module, memory: WebAssembly.Memory, fence: Int32Array): void {
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      attached.set(key, { exports: instance.exports as unknown as Record<string, Export>, fence });
    },
    callKernel(key: string, fn: string, args: number[]): number {
      const a = attached.get(key);
      if (!a) throw new Error(`kernel helper: "${key}" is not attached`);
      const f = a.exports[fn];
      if (typeof f !== 'function') throw new Error(`kernel helper: "${key}" has no export "${fn}"`);
      Atomics.load(a.fence, 0);
      const out = f(...args) ?? 0;
      Atomics.add(a.fence, 0, 1);
      return out;
    },
    detachKernel(key: string): void {
      attached.delete(key);
    },
    /** Runs `key`'s jobs from the control block (kernelThreads' serve) until told to stop; a kernel's error ends it. */
    serveKernel(key: string, control: SharedArrayBuffer, fns: string[]): void {
      const a = attached.get(key);
      if (!a) throw new Error(`kernel helper: "${key}" is not attached`);
      const state = new Int32Array(control, 0, 4);
      const values = new Float64Array(control, 16, 1 + MAX_ARGS);
      const exports = fns.map((fn) => {
        const f = a.exports[fn];
        if (typeof f !== 'function') throw new Error(`kernel helper: "${key}" has no export "${fn}"`);
        return f;
      });
      for (let s = IDLE; ; ) {
        s = waitWhile(state, s);
        if (s !== JOB) return;
        try {
          values[0] = exports[state[1]](...Array.from(values.subarray(1, 1 + state[2]))) ?? 0;
        } catch (e) {
          Atomics.store(state, 0, FAILED);
          Atomics.notify(state, 0);
          throw e;
        }
        s = DONE;
        Atomics.store(state, 0, DONE);
        Atomics.notify(state, 0);
      }
    },
  };
}

export type ThreadHelperApi = ReturnType<typeof threadHelper>;

/** What a host (Web Workers or worker_threads) provides: the helper APIs, possibly remote (promise-returning). */
export type RemoteThreadHelper = {
  [K in keyof ThreadHelperApi]: (...args: Parameters<ThreadHelperApi[K]>) => Promise<ReturnType<ThreadHelperApi[K]>> | ReturnType<ThreadHelperApi[K]>;
};

/**
 * KernelThreads over a list of helper APIs (Comlink remotes in the browser, a message port wrapper in Node).
 * `threads`: whether the helpers run on other threads (then serve() can hand calls over on shared memory).
 */
export function kernelThreads(helpers: RemoteThreadHelper[], threads = false): KernelThreads {
  const fences = new Map<string, Int32Array>();
  const sessions = new Map<string, { fns: string[]; controls: Int32Array[]; values: Float64Array[]; served: Promise<unknown>[] }>();
  // a served call: the job goes now; the result is waited for (blocking) where the caller awaits it
  const served = (key: string, h: number, fn: string, args: number[]): Promise<number> | null => {
    const s = sessions.get(key);
    if (!s) return null;
    // a message would wait for the helper until detach
    const f = s.fns.indexOf(fn);
    if (f < 0 || args.length > MAX_ARGS) return Promise.reject(new Error(`kernel threads: "${key}" serves ${s.fns.join(', ')} (up to ${MAX_ARGS} arguments), not "${fn}"`));
    const control = s.controls[h];
    const values = s.values[h];
    if (Atomics.load(control, 0) === JOB) return Promise.reject(new Error(`kernel threads: helper ${h} is busy`));
    control[1] = f;
    control[2] = args.length;
    values.set(args, 1);
    Atomics.store(control, 0, JOB);
    Atomics.notify(control, 0);
    return Promise.resolve().then(() => {
      if (waitWhile(control, JOB) !== DONE) throw new Error(`kernel threads: helper ${h} failed on "${fn}"`);
      return values[0];
    });
  };
  return {
    count: helpers.length,
    async attach(key, module, memory) {
      const fence = new Int32Array(new SharedArrayBuffer(4));
      fences.set(key, fence);
      await Promise.all(helpers.map((h) => h.attachKernel(key, module, memory, fence)));
    },
    async call(h, key, fn, args) {
      const fast = served(key, h, fn, args);
      if (fast) return fast;
      const fence = fences.get(key);
      if (!fence) throw new Error(`kernel threads: "${key}" is not attached`);
      Atomics.add(fence, 0, 1); // release what this thread wrote before the call
      const out = await helpers[h].callKernel(key, fn, args);
      Atomics.load(fence, 0); // acquire what the helper wrote
      return out;
    },
    async detach(key) {
      const s = sessions.get(key);
      sessions.delete(key);
      if (s) {
        for (const c of s.controls) {
          Atomics.store(c, 0, STOP);
          Atomics.notify(c, 0);
        }
        // a helper's kernel error surfaces here (its call failed with a plain message)
        await Promise.all(s.served);
      }
      fences.delete(key);
      await Promise.all(helpers.map((h) => h.detachKernel(key)));
    },
    serve(key, fns) {
      if (!threads || sessions.has(key) || !fences.has(key) || !canBlock()) return false;
      const buffers = helpers.map(() => new SharedArrayBuffer(CONTROL_BYTES));
      sessions.set(key, {
        fns,
        controls: buffers.map((b) => new Int32Array(b, 0, 4)),
        values: buffers.map((b) => new Float64Array(b, 16, 1 + MAX_ARGS)),
        served: helpers.map((h, i) => {
          const p = Promise.resolve(h.serveKernel(key, buffers[i], fns));
          // awaited at detach; until then a failure is reported by the call that waited on it
          p.catch(() => {});
          return p;
        }),
      });
      return true;
    },
  };
}

/** Rows [start, end) of part p when n rows are split into parts near-equal contiguous ranges. */
export function splitRange(n: number, parts: number, p: number): [number, number] {
  return [Math.floor((n * p) / parts), Math.floor((n * (p + 1)) / parts)];
}

/**
 * A kernel's memory of `bytes` (whole 64 KiB pages, fixed: the kernels declare a maximum, so the memory must too,
 * and it never grows) and the module's instance on it (imports: env.memory), or null where the memory would pass
 * 2 GB or is refused.
 */
export function kernelInstance(module: WebAssembly.Module, bytes: number, shared: boolean): { memory: WebAssembly.Memory; exports: WebAssembly.Exports } | null {
  if (bytes > 2 ** 31) return null;
  const pages = Math.ceil(bytes / 65_536);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  } catch {
    return null;
  }
  return { memory, exports: new WebAssembly.Instance(module, { env: { memory } }).exports };
}

const decodeBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/**
 * A compiled-once kernel of a generated `<name>-kernel.generated.ts` (its shared-memory and plain builds):
 * the returned function gives the module, or null where it cannot compile here (no WebAssembly SIMD), so the
 * caller takes its TypeScript path.
 */
export function kernelModules(shared: string, plain: string): (useShared: boolean) => WebAssembly.Module | null {
  const compiled = new Map<boolean, WebAssembly.Module | null>();
  return (useShared) => {
    if (!compiled.has(useShared)) {
      let mod: WebAssembly.Module | null = null;
      try {
        mod = new WebAssembly.Module(decodeBase64(useShared ? shared : plain) as BufferSource);
      } catch {
        mod = null;
      }
      compiled.set(useShared, mod);
    }
    return compiled.get(useShared)!;
  };
}
