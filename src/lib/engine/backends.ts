// Which TensorFlow.js backends this environment can run: webgpu (a GPU adapter, possibly a
// software one), wasm (XNNPACK, SIMD, threads when cross-origin isolated) and cpu (plain JS).
// The wasm binaries' URLs come from the caller: Vite's `?url` imports must stay out of src/lib,
// which also runs in Node.
import * as tf from '@tensorflow/tfjs';

export const BACKEND_NAMES = ['webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The browser says this is a fallback (software) adapter. */
  isFallbackAdapter: boolean;
  /** Software rendering, by that flag or by name (SwiftShader): correct but slow. */
  software: boolean;
}

export interface BackendInfo {
  name: BackendName;
  available: boolean;
  /** Why it is unavailable, or what is worth knowing (software adapter, threads). */
  note: string;
  adapter?: AdapterInfo;
  simd?: boolean;
  threads?: number;
}

export interface InitBackendsOptions {
  /** For setWasmPaths: a folder prefix, or file name -> URL for the three tfjs-backend-wasm*.wasm files. */
  wasmPaths?: Record<string, string> | string;
  /**
   * wasm threads (needs cross-origin isolation); default tfjs's choice. tfjs caps its XNNPACK pool
   * at half of navigator.hardwareConcurrency whatever is asked (tfjs-backend-wasm backend.cc), so a
   * 2-core machine gets 1 thread; k-means uses its own kernel on every core for that reason.
   */
  wasmThreads?: number;
  /** Backends to try (default all three). */
  backends?: BackendName[];
}

export function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

function inBrowser(): boolean {
  // lib compiles for the page and for workers alike, so look both up on globalThis.
  const g = globalThis as { window?: unknown; WorkerGlobalScope?: unknown };
  return typeof g.window !== 'undefined' || typeof g.WorkerGlobalScope !== 'undefined';
}

let initialised: Promise<BackendInfo[]> | null = null;

/**
 * Register and initialise every backend that works here; resolves once, later calls get the same
 * answer (wasm paths can only be set before the wasm backend first starts). The active backend
 * is left as it was (tfjs's default until calibrate or setEngineBackend picks one).
 */
export function initBackends(opts: InitBackendsOptions = {}): Promise<BackendInfo[]> {
  // A rejected probe (bad options) must not stick: the next call may pass good ones.
  initialised ??= probeAll(opts).catch((err: unknown) => {
    initialised = null;
    throw err;
  });
  return initialised;
}

async function probeAll(opts: InitBackendsOptions): Promise<BackendInfo[]> {
  const wanted = opts.backends ?? [...BACKEND_NAMES];
  for (const b of wanted) if (!isBackendName(b)) throw new Error(`Unknown backend "${b}" (use ${BACKEND_NAMES.join(', ')})`);
  const t = opts.wasmThreads;
  if (t !== undefined && (!Number.isInteger(t) || t < 1)) throw new Error(`wasmThreads must be an integer >= 1, got ${t}`);
  await tf.ready();
  const previous = tf.getBackend();
  const out: BackendInfo[] = [];
  for (const name of BACKEND_NAMES) {
    if (!wanted.includes(name)) continue;
    try {
      out.push(name === 'webgpu' ? await probeWebGpu() : name === 'wasm' ? await probeWasm(opts) : await probeCpu());
    } catch (err) {
      out.push({ name, available: false, note: `failed to start: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
  return out;
}

async function probeCpu(): Promise<BackendInfo> {
  const ok = await tf.setBackend('cpu');
  return { name: 'cpu', available: ok, note: ok ? 'plain JavaScript' : 'failed to start' };
}

async function probeWasm(opts: InitBackendsOptions): Promise<BackendInfo> {
  if (!inBrowser()) return { name: 'wasm', available: false, note: 'not used in Node (cpu only)' };
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (opts.wasmPaths !== undefined) {
    if (typeof opts.wasmPaths === 'string') wasm.setWasmPaths(opts.wasmPaths);
    else wasm.setWasmPaths(opts.wasmPaths);
  }
  if (opts.wasmThreads !== undefined) wasm.setThreadsCount(opts.wasmThreads);
  const ok = await tf.setBackend('wasm');
  if (!ok) return { name: 'wasm', available: false, note: 'failed to start (are the .wasm files served at wasmPaths?)' };
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const multi = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const threads = multi ? wasm.getThreadsCount() : 1;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
  const note =
    `${simd ? 'SIMD' : 'no SIMD'}, ` +
    (multi
      ? `threaded build, ${threads} thread${threads === 1 ? '' : 's'}${threads < cores ? ` (tfjs uses at most half of the ${cores} logical cores)` : ''}`
      : `1 thread${isolated ? '' : ' (page is not cross-origin isolated)'}`);
  return { name: 'wasm', available: true, note, simd, threads };
}

async function probeWebGpu(): Promise<BackendInfo> {
  const gpu = typeof navigator !== 'undefined' ? (navigator as Navigator & { gpu?: GPU }).gpu : undefined;
  if (!gpu) return { name: 'webgpu', available: false, note: 'no WebGPU in this environment' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { name: 'webgpu', available: false, note: 'no WebGPU adapter' };
  const info = adapterInfo(adapter);
  await import('@tensorflow/tfjs-backend-webgpu');
  const ok = await tf.setBackend('webgpu');
  if (!ok) return { name: 'webgpu', available: false, note: 'failed to start', adapter: info };
  const what = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const note = info.software ? `software adapter (${what}): correct but slow` : what;
  return { name: 'webgpu', available: true, note, adapter: info };
}

function adapterInfo(adapter: GPUAdapter): AdapterInfo {
  const raw = (adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
  const legacyFallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const vendor = raw?.vendor ?? '';
  const architecture = raw?.architecture ?? '';
  const device = raw?.device ?? '';
  const description = raw?.description ?? '';
  const isFallbackAdapter = Boolean(raw?.isFallbackAdapter ?? legacyFallback);
  const software = isFallbackAdapter || /swiftshader|llvmpipe|software|warp/i.test(`${vendor} ${architecture} ${description}`);
  return { vendor, architecture, device, description, isFallbackAdapter, software };
}

/** Switch the active backend (the user's override); throws naming a bad or unavailable one. */
export async function setEngineBackend(name: string): Promise<BackendName> {
  if (!isBackendName(name)) throw new Error(`Unknown backend "${name}" (use ${BACKEND_NAMES.join(', ')})`);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`Backend "${name}" could not be started here`);
  return name;
}
