// One WebGPU device for our own WGSL kernels (k-means, EASE), separate from tfjs's: ours asks for
// the adapter's largest storage buffers, which tfjs's default limits would refuse for 1M-row data.
// Works in a page or a worker (navigator.gpu), never in Node; null wherever WebGPU is missing.

export interface GpuContext {
  device: GPUDevice;
  /** Software adapter (SwiftShader and the like): correct but far slower than wasm. */
  software: boolean;
  /** Adapter vendor / architecture / description, for notes and bench rows. */
  label: string;
}

let pending: Promise<GpuContext | null> | null = null;

/** The shared device, requested once; a lost device is requested again on the next call. */
export function gpuContext(): Promise<GpuContext | null> {
  pending ??= requestContext().catch(() => null);
  return pending;
}

async function requestContext(): Promise<GpuContext | null> {
  const gpu = typeof navigator !== 'undefined' ? (navigator as Navigator & { gpu?: GPU }).gpu : undefined;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const lim = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
    },
  });
  void device.lost.then(() => {
    pending = null;
  });
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
  const label = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  const software = Boolean(info?.isFallbackAdapter) || /swiftshader|llvmpipe|software|warp/i.test(label);
  return { device, software, label };
}

/** A storage buffer holding data (copied now). */
export function storageBuffer(device: GPUDevice, data: Float32Array | Int32Array | Uint32Array, extraUsage = 0): GPUBuffer {
  const buf = device.createBuffer({ size: Math.max(16, Math.ceil(data.byteLength / 4) * 4), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC | extraUsage });
  device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
  return buf;
}

/** An empty storage buffer of `bytes` (rounded up to 16). */
export function emptyBuffer(device: GPUDevice, bytes: number): GPUBuffer {
  return device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
}

/** Copy `bytes` from src at offset into a fresh mappable buffer and read them back as float32. */
export async function readBack(device: GPUDevice, src: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offset, staging, 0, Math.ceil(bytes / 4) * 4);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0, bytes);
  staging.unmap();
  staging.destroy();
  return out;
}

/** Throw the first validation error raised while fn's commands were recorded and submitted. */
export async function checked<T>(device: GPUDevice, fn: () => T): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const out = fn();
  const oom = await device.popErrorScope();
  const bad = await device.popErrorScope();
  const err = oom ?? bad;
  if (err) throw new Error(`WebGPU: ${err.message}`);
  return out;
}

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** A compute pipeline for WGSL code (entry point main), compiled once per device; rejects with the compiler's errors. */
export function computePipeline(device: GPUDevice, code: string): Promise<GPUComputePipeline> {
  let byCode = pipelines.get(device);
  if (!byCode) pipelines.set(device, (byCode = new Map()));
  let pl = byCode.get(code);
  if (!pl) {
    pl = (async () => {
      const module = device.createShaderModule({ code });
      const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
      if (errors.length) throw new Error(`WGSL: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
      return device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    })();
    byCode.set(code, pl);
  }
  return pl;
}
