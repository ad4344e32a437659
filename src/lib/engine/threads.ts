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
  /** Let go of the instance and its memory (it can be hundreds of MB). */
  detach(key: string): Promise<void>;
}

/** No helpers: for callers without shared memory, and for tests. */
export const NO_THREADS: KernelThreads = {
  count: 0,
  attach: () => Promise.resolve(),
  call: () => Promise.reject(new Error('no helper threads')),
  detach: () => Promise.resolve(),
};

type Export = (...args: number[]) => number | undefined;

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
  };
}

export type ThreadHelperApi = ReturnType<typeof threadHelper>;

/** What a host (Web Workers or worker_threads) provides: the helper APIs, possibly remote (promise-returning). */
export type RemoteThreadHelper = {
  [K in keyof ThreadHelperApi]: (...args: Parameters<ThreadHelperApi[K]>) => Promise<ReturnType<ThreadHelperApi[K]>> | ReturnType<ThreadHelperApi[K]>;
};

/** KernelThreads over a list of helper APIs (Comlink remotes in the browser, a message port wrapper in Node). */
export function kernelThreads(helpers: RemoteThreadHelper[]): KernelThreads {
  const fences = new Map<string, Int32Array>();
  return {
    count: helpers.length,
    async attach(key, module, memory) {
      const fence = new Int32Array(new SharedArrayBuffer(4));
      fences.set(key, fence);
      await Promise.all(helpers.map((h) => h.attachKernel(key, module, memory, fence)));
    },
    async call(h, key, fn, args) {
      const fence = fences.get(key);
      if (!fence) throw new Error(`kernel threads: "${key}" is not attached`);
      Atomics.add(fence, 0, 1); // release what this thread wrote before the call
      const out = await helpers[h].callKernel(key, fn, args);
      Atomics.load(fence, 0); // acquire what the helper wrote
      return out;
    },
    async detach(key) {
      fences.delete(key);
      await Promise.all(helpers.map((h) => h.detachKernel(key)));
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
