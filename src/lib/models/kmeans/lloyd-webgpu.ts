// Lloyd's algorithm on our own WebGPU compute kernel (WGSL): one dispatch per iteration assigns
// every point to its nearest centre and, in the same kernel, sums each workgroup's points per
// cluster (float32, no float atomics needed: threads own accumulator entries). Only the small
// per-workgroup partials come back; they are added in float64 here, so the centres keep float64
// accuracy across workgroups. Labels stay on the GPU until the end (or until a cluster empties
// and the shared relocation step needs them), so an iteration reads back kilobytes, not n labels.
import type { Matrix } from './matrix';
import type { LloydOptions, LloydResult } from './lloyd-common';
import { lloydLoop } from './lloyd-common';
import type { GpuContext } from '../../gpu/device';
import { checked, computePipeline, emptyBuffer, gpuContext, readBack, storageBuffer } from '../../gpu/device';

const WG = 256;
const PER = 8;
/** Points per workgroup: WG threads x PER points, their labels in workgroup memory (8 KB). */
export const CHUNK = WG * PER;
/** Features a point may have here (a private array in the kernel); more falls back to wasm. */
export const MAX_D = 32;

export const LLOYD_WGSL = /* wgsl */ `
struct Params { n: u32, d: u32, k: u32, groups: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> cen: array<f32>;
@group(0) @binding(3) var<storage, read_write> labels: array<i32>;
@group(0) @binding(4) var<storage, read_write> partial: array<f32>;

const WG = ${WG}u;
const PER = ${PER}u;
const CHUNK = ${CHUNK}u;
var<workgroup> wl: array<i32, CHUNK>;
var<workgroup> red: array<f32, WG>;
var<workgroup> changed: atomic<u32>;

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = wid.x * CHUNK;
  if (lid == 0u) { atomicStore(&changed, 0u); }
  workgroupBarrier();
  // Assign: nearest centre by squared distance, first index on ties (as the float64 paths).
  var xi: array<f32, ${MAX_D}>;
  var mine = 0u;
  for (var q = 0u; q < PER; q++) {
    let l = q * WG + lid;
    let i = base + l;
    var best = -1;
    if (i < p.n) {
      let off = i * p.d;
      for (var j = 0u; j < p.d; j++) { xi[j] = x[off + j]; }
      var bestD = bitcast<f32>(0x7f7fffffu);
      best = 0;
      for (var c = 0u; c < p.k; c++) {
        let co = c * p.d;
        var s = 0.0;
        for (var j = 0u; j < p.d; j++) { let t = xi[j] - cen[co + j]; s += t * t; }
        if (s < bestD) { bestD = s; best = i32(c); }
      }
      if (labels[i] != best) { mine++; labels[i] = best; }
    }
    wl[l] = best;
  }
  atomicAdd(&changed, mine);
  workgroupBarrier();
  // Sum: entry e = c (d + 1) + j holds cluster c's sum of feature j (j = d: its count). p.groups
  // threads share an entry when there are few entries, each over every groups-th point.
  let E = p.k * (p.d + 1u);
  let S = p.groups;
  let out = wid.x * (E + 1u);
  for (var t = lid; t < E * S; t += WG) {
    let e = t % E;
    let s = t / E;
    let c = i32(e / (p.d + 1u));
    let j = e % (p.d + 1u);
    var acc = 0.0;
    for (var l = s; l < CHUNK; l += S) {
      if (wl[l] == c) {
        if (j < p.d) { acc += x[(base + l) * p.d + j]; } else { acc += 1.0; }
      }
    }
    if (S == 1u) { partial[out + e] = acc; } else { red[t] = acc; }
  }
  workgroupBarrier();
  if (S > 1u && lid < E) {
    var acc = 0.0;
    for (var s = 0u; s < S; s++) { acc += red[s * E + lid]; }
    partial[out + lid] = acc;
  }
  if (lid == 0u) { partial[out + E] = f32(atomicLoad(&changed)); }
}
`;

/** Points uploaded once (float32) to the GPU for one k; reused across restarts, disposed after. */
export class GpuPoints {
  readonly groups: number;
  readonly entries: number;
  private constructor(
    readonly gpu: GpuContext,
    readonly rows: number,
    readonly cols: number,
    readonly k: number,
    readonly points: GPUBuffer,
  ) {
    this.groups = Math.ceil(rows / CHUNK);
    this.entries = k * (cols + 1);
  }

  /** null where WebGPU is missing or the data does not fit its buffers (the caller falls back). */
  static async upload(x: Matrix, k: number, ctx?: GpuContext | null): Promise<GpuPoints | null> {
    const gpu = ctx === undefined ? await gpuContext() : ctx;
    if (!gpu || x.cols > MAX_D || x.rows === 0) return null;
    const lim = gpu.device.limits;
    const bytes = x.rows * x.cols * 4;
    if (bytes > lim.maxStorageBufferBindingSize || Math.ceil(x.rows / CHUNK) > lim.maxComputeWorkgroupsPerDimension) return null;
    const buf = await checked(gpu.device, () => storageBuffer(gpu.device, Float32Array.from(x.data)));
    return new GpuPoints(gpu, x.rows, x.cols, k, buf);
  }

  dispose(): void {
    this.points.destroy();
  }
}

/**
 * Lloyd iterations from init on the GPU kernel. x holds the same points in float64: the rare move
 * of an empty cluster to the farthest point uses it, as in every other path.
 */
export async function lloydWebgpu(gp: GpuPoints, x: Matrix, init: Float64Array, k: number, opts: LloydOptions): Promise<LloydResult> {
  const n = x.rows;
  const d = x.cols;
  if (gp.rows !== n || gp.cols !== d || gp.k !== k) throw new Error(`points on the GPU are ${gp.rows} x ${gp.cols} (k ${gp.k}), data is ${n} x ${d} (k ${k})`);
  const { device } = gp.gpu;
  const E = gp.entries;
  const partialBytes = gp.groups * (E + 1) * 4;
  const params = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(params, 0, Uint32Array.from([n, d, k, E <= WG ? Math.floor(WG / E) : 1]));
  const centresBuf = emptyBuffer(device, k * d * 4);
  const labelsBuf = emptyBuffer(device, n * 4);
  const partial = emptyBuffer(device, partialBytes);
  const pl = await computePipeline(device, LLOYD_WGSL);
  const bind = device.createBindGroup({
    layout: pl.getBindGroupLayout(0),
    entries: [params, gp.points, centresBuf, labelsBuf, partial].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const labels = new Int32Array(n);
  // The host labels changed (start, or an empty cluster took a point): upload before the next pass.
  let hostChanged = true;
  try {
    const result = await lloydLoop(x, labels, init, k, opts, async (centres, sums, counts, final) => {
      if (hostChanged) device.queue.writeBuffer(labelsBuf, 0, labels.buffer, labels.byteOffset, labels.byteLength);
      hostChanged = false;
      device.queue.writeBuffer(centresBuf, 0, Float32Array.from(centres));
      await checked(device, () => {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(pl);
        pass.setBindGroup(0, bind);
        pass.dispatchWorkgroups(gp.groups);
        pass.end();
        device.queue.submit([enc.finish()]);
      });
      if (final) return 0;
      const part = new Float32Array(await readBack(device, partial, partialBytes));
      sums.fill(0);
      counts.fill(0);
      let changed = 0;
      for (let g = 0; g < gp.groups; g++) {
        const o = g * (E + 1);
        for (let c = 0; c < k; c++) {
          const co = o + c * (d + 1);
          for (let j = 0; j < d; j++) sums[c * d + j] += part[co + j];
          counts[c] += part[co + d];
        }
        changed += part[o + E];
      }
      if (counts.some((c) => c === 0)) {
        // The shared step moves a point into the empty cluster using the labels, on the host.
        labels.set(new Int32Array(await readBack(device, labelsBuf, n * 4)));
        hostChanged = true;
      }
      return changed;
    });
    // The GPU holds the last assignment, unless a relocation on the host came after it.
    if (!hostChanged) labels.set(new Int32Array(await readBack(device, labelsBuf, n * 4)));
    return result;
  } finally {
    params.destroy();
    centresBuf.destroy();
    labelsBuf.destroy();
    partial.destroy();
  }
}
