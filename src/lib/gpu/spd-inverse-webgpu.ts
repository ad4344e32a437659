// EASE on WebGPU in float32: the Gram matrix X'X + lambda I built on the GPU from the sparse CSR
// (user blocks scattered to dense, then a tiled X_b' X_b product added in), and its inverse by
// blocked Gauss-Jordan as spdInverseTf does: per block of bs pivots the small bs x bs block is
// inverted on the CPU in float64 (one read-back), the panel D R and the n x n trailing update are
// our tiled WGSL product. The column panel is read as s_i R[t][i] (the sweep's sign symmetry, as in
// spdInverse), so no kernel reads the matrix it writes.
import type { Csr } from '../models/recommend/csr';
import { smallSpdInverse } from '../models/recommend/spd-inverse';
import type { ProgressFn } from '../progress';
import type { GpuContext } from './device';
import { checked, computePipeline, emptyBuffer, gpuContext, readBack, storageBuffer } from './device';

const TS = 64;
const TK = 16;

/**
 * O (m x n, row length ldo) from acc[i][j] = sum_t P[t][i] Q[t][j] (t < kd), by mode:
 * 0 panel:  O = acc = D R, except pivot columns k0..k1: O[i][j] = P[i][j - k0] (P = D);
 * 1 update: rows k0..k1: O[i][j] = Q[i - k0][j]; pivot columns O[i][j] = -s_i acc (= -A_iK D); others
 *           O[i][j] -= s_i acc (s_i = -1 below k0). spdInverseTf's single product with I + D in the pivot
 *           columns cancels catastrophically in float32 (A_iK - A_iK (I + D) with D small), so not here.
 * 2 gram:   O += acc (+ lambda on the diagonal).
 * 64 x 64 output tile per workgroup, 4 x 4 per thread, 16-deep slices of P and Q in workgroup memory.
 */
export const MATMUL_WGSL = /* wgsl */ `
struct Params { m: u32, n: u32, kd: u32, ldp: u32, ldq: u32, ldo: u32, k0: u32, k1: u32, mode: u32, lambda: f32, p0: u32, p1: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> P: array<f32>;
@group(0) @binding(2) var<storage, read> Q: array<f32>;
@group(0) @binding(3) var<storage, read_write> O: array<f32>;

const TS = ${TS}u;
const TK = ${TK}u;
var<workgroup> sp: array<f32, ${TS * TK}>;
var<workgroup> sq: array<f32, ${TS * TK}>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l3: vec3<u32>) {
  let tx = l3.x;
  let ty = l3.y;
  let li = ty * 16u + tx;
  let i0 = wid.y * TS;
  let j0 = wid.x * TS;
  var acc: array<f32, 16>;
  // Rows of the pivot block need no product in the update.
  let skip = p.mode == 1u && i0 >= p.k0 && i0 + TS <= p.k1;
  if (!skip) {
    for (var t0 = 0u; t0 < p.kd; t0 += TK) {
      for (var r = 0u; r < 4u; r++) {
        let e = li + r * 256u;
        let t = t0 + e / TS;
        let c = e % TS;
        var a = 0.0;
        var b = 0.0;
        if (t < p.kd && i0 + c < p.m) { a = P[t * p.ldp + i0 + c]; }
        if (t < p.kd && j0 + c < p.n) { b = Q[t * p.ldq + j0 + c]; }
        sp[e] = a;
        sq[e] = b;
      }
      workgroupBarrier();
      for (var tt = 0u; tt < TK; tt++) {
        let a = vec4<f32>(sp[tt * TS + ty * 4u], sp[tt * TS + ty * 4u + 1u], sp[tt * TS + ty * 4u + 2u], sp[tt * TS + ty * 4u + 3u]);
        let b = vec4<f32>(sq[tt * TS + tx * 4u], sq[tt * TS + tx * 4u + 1u], sq[tt * TS + tx * 4u + 2u], sq[tt * TS + tx * 4u + 3u]);
        for (var r = 0u; r < 4u; r++) {
          for (var c = 0u; c < 4u; c++) { acc[r * 4u + c] += a[r] * b[c]; }
        }
      }
      workgroupBarrier();
    }
  }
  for (var r = 0u; r < 4u; r++) {
    let i = i0 + ty * 4u + r;
    if (i >= p.m) { continue; }
    for (var c = 0u; c < 4u; c++) {
      let j = j0 + tx * 4u + c;
      if (j >= p.n) { continue; }
      let o = i * p.ldo + j;
      let v = acc[r * 4u + c];
      if (p.mode == 0u) {
        if (j >= p.k0 && j < p.k1) { O[o] = P[i * p.ldp + j - p.k0]; } else { O[o] = v; }
      } else if (p.mode == 1u) {
        let s = select(1.0, -1.0, i < p.k0);
        if (i >= p.k0 && i < p.k1) { O[o] = Q[(i - p.k0) * p.ldq + j]; } else if (j >= p.k0 && j < p.k1) { O[o] = -s * v; } else { O[o] -= s * v; }
      } else {
        O[o] += v + select(0.0, p.lambda, i == j);
      }
    }
  }
}
`;

/** Rows u0 .. u0 + ub of the CSR, scattered into a dense ub x n block (zeroed before). */
export const SCATTER_WGSL = /* wgsl */ `
struct Params { u0: u32, ub: u32, n: u32, pad: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> indptr: array<u32>;
@group(0) @binding(2) var<storage, read> indices: array<u32>;
@group(0) @binding(3) var<storage, read> vals: array<f32>;
@group(0) @binding(4) var<storage, read_write> dense: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let r = g.x;
  if (r >= p.ub) { return; }
  let u = p.u0 + r;
  for (var q = indptr[u]; q < indptr[u + 1u]; q++) { dense[r * p.n + indices[q]] += vals[q]; }
}
`;

interface MatmulArgs {
  m: number;
  n: number;
  kd: number;
  ldp: number;
  ldq: number;
  ldo: number;
  k0?: number;
  k1?: number;
  mode: 0 | 1 | 2;
  lambda?: number;
}

function uniform(device: GPUDevice, words: ArrayBuffer): GPUBuffer {
  const buf = device.createBuffer({ size: words.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buf, 0, words);
  return buf;
}

function matmulParams(a: MatmulArgs): ArrayBuffer {
  const b = new ArrayBuffer(48);
  new Uint32Array(b).set([a.m, a.n, a.kd, a.ldp, a.ldq, a.ldo, a.k0 ?? 0, a.k1 ?? 0, a.mode]);
  new Float32Array(b)[9] = a.lambda ?? 0;
  return b;
}

/** An n x n float32 matrix on the GPU: built from a Gram or uploaded, inverted in place, read back. */
export class GpuSpdMatrix {
  private constructor(
    readonly gpu: GpuContext,
    readonly n: number,
    readonly buf: GPUBuffer,
  ) {}

  /** null where WebGPU is missing or n x n float32 does not fit one storage buffer. */
  static async create(n: number, ctx?: GpuContext | null): Promise<GpuSpdMatrix | null> {
    const gpu = ctx === undefined ? await gpuContext() : ctx;
    if (!gpu || n < 1 || n * n * 4 > gpu.device.limits.maxStorageBufferBindingSize) return null;
    return new GpuSpdMatrix(gpu, n, emptyBuffer(gpu.device, n * n * 4));
  }

  upload(a: ArrayLike<number>): void {
    if (a.length !== this.n * this.n) throw new Error(`Matrix has ${a.length} entries, expected ${this.n} x ${this.n}`);
    const f = a instanceof Float32Array ? a : Float32Array.from(a);
    this.gpu.device.queue.writeBuffer(this.buf, 0, f.buffer, f.byteOffset, f.byteLength);
  }

  /** Sets the matrix to X'X + lambda I (X users x n, CSR with column indices < n). */
  async gram(x: Csr, lambda: number): Promise<void> {
    const { device } = this.gpu;
    const n = this.n;
    if (x.cols !== n) throw new Error(`X has ${x.cols} columns, the matrix is ${n} x ${n}`);
    const [scatter, mm] = await Promise.all([computePipeline(device, SCATTER_WGSL), computePipeline(device, MATMUL_WGSL)]);
    // Dense user blocks of at most 64 MB (and 4,096 users): the product is what the GPU does well.
    const ub = Math.max(1, Math.min(x.rows, 4096, Math.floor((16 * 2 ** 20) / n)));
    const owned: GPUBuffer[] = [];
    const keep = (b: GPUBuffer) => (owned.push(b), b);
    try {
      const indptr = keep(storageBuffer(device, Uint32Array.from(x.indptr)));
      const indices = keep(storageBuffer(device, Uint32Array.from(x.indices)));
      const vals = keep(storageBuffer(device, Float32Array.from(x.data)));
      const dense = keep(emptyBuffer(device, ub * n * 4));
      const enc = device.createCommandEncoder();
      enc.clearBuffer(this.buf);
      if (x.rows === 0) {
        device.queue.submit([enc.finish()]);
        this.addDiagonal(lambda);
        return;
      }
      device.queue.submit([enc.finish()]);
      for (let u0 = 0; u0 < x.rows; u0 += ub) {
        const rows = Math.min(ub, x.rows - u0);
        await checked(device, () => {
          const e = device.createCommandEncoder();
          e.clearBuffer(dense);
          const sp = keep(uniform(device, Uint32Array.from([u0, rows, n, 0]).buffer));
          const mp = keep(uniform(device, matmulParams({ m: n, n, kd: rows, ldp: n, ldq: n, ldo: n, mode: 2, lambda: u0 === 0 ? lambda : 0 })));
          const pass = e.beginComputePass();
          pass.setPipeline(scatter);
          pass.setBindGroup(0, bindGroup(device, scatter, [sp, indptr, indices, vals, dense]));
          pass.dispatchWorkgroups(Math.ceil(rows / 64));
          pass.setPipeline(mm);
          pass.setBindGroup(0, bindGroup(device, mm, [mp, dense, dense, this.buf]));
          pass.dispatchWorkgroups(Math.ceil(n / TS), Math.ceil(n / TS));
          pass.end();
          device.queue.submit([e.finish()]);
        });
      }
      await device.queue.onSubmittedWorkDone();
    } finally {
      owned.forEach((b) => b.destroy());
    }
  }

  private addDiagonal(lambda: number): void {
    const diag = new Float32Array(1);
    diag[0] = lambda;
    for (let i = 0; i < this.n; i++) this.gpu.device.queue.writeBuffer(this.buf, (i * this.n + i) * 4, diag);
  }

  /** In-place inverse (the matrix must be SPD); throws if a pivot block is not positive definite. */
  async invert(opts: { blockSize?: number; onProgress?: ProgressFn } = {}): Promise<void> {
    const { device } = this.gpu;
    const n = this.n;
    // 128: the float64 pivot inverse on the CPU (bs^3) stays a few ms per block, the read-backs few.
    const bsMax = Math.min(n, opts.blockSize ?? 128);
    if (!(Number.isInteger(bsMax) && bsMax > 0)) throw new Error(`blockSize must be a positive integer, got ${bsMax}`);
    const mm = await computePipeline(device, MATMUL_WGSL);
    const r = emptyBuffer(device, bsMax * n * 4);
    const rn = emptyBuffer(device, bsMax * n * 4);
    const dBuf = emptyBuffer(device, bsMax * bsMax * 4);
    const stage = device.createBuffer({ size: bsMax * bsMax * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      for (let k0 = 0; k0 < n; k0 += bsMax) {
        const k1 = Math.min(n, k0 + bsMax);
        const bs = k1 - k0;
        const e = device.createCommandEncoder();
        e.copyBufferToBuffer(this.buf, k0 * n * 4, r, 0, bs * n * 4);
        for (let s = 0; s < bs; s++) e.copyBufferToBuffer(this.buf, ((k0 + s) * n + k0) * 4, stage, s * bs * 4, bs * 4);
        device.queue.submit([e.finish()]);
        await stage.mapAsync(GPUMapMode.READ, 0, bs * bs * 4);
        const d = Float64Array.from(new Float32Array(stage.getMappedRange(0, bs * bs * 4)));
        stage.unmap();
        smallSpdInverse(d, bs);
        // The kernel reads D transposed as the product's left factor: symmetrise its rounding.
        const df = new Float32Array(bs * bs);
        for (let s = 0; s < bs; s++) for (let t = 0; t < bs; t++) df[s * bs + t] = 0.5 * (d[s * bs + t] + d[t * bs + s]);
        device.queue.writeBuffer(dBuf, 0, df);
        await checked(device, () => {
          const p0 = uniform(device, matmulParams({ m: bs, n, kd: bs, ldp: bs, ldq: n, ldo: n, k0, k1, mode: 0 }));
          const p1 = uniform(device, matmulParams({ m: n, n, kd: bs, ldp: n, ldq: n, ldo: n, k0, k1, mode: 1 }));
          const enc = device.createCommandEncoder();
          const pass = enc.beginComputePass();
          pass.setPipeline(mm);
          pass.setBindGroup(0, bindGroup(device, mm, [p0, dBuf, r, rn]));
          pass.dispatchWorkgroups(Math.ceil(n / TS), Math.ceil(bs / TS));
          pass.setBindGroup(0, bindGroup(device, mm, [p1, r, rn, this.buf]));
          pass.dispatchWorkgroups(Math.ceil(n / TS), Math.ceil(n / TS));
          pass.end();
          device.queue.submit([enc.finish()]);
          p0.destroy();
          p1.destroy();
        });
        opts.onProgress?.({ stage: 'Inverting the item Gram matrix (GPU)', done: k1, total: n });
      }
      await device.queue.onSubmittedWorkDone();
    } finally {
      [r, rn, dBuf, stage].forEach((b) => b.destroy());
    }
  }

  async read(): Promise<Float32Array> {
    return new Float32Array(await readBack(this.gpu.device, this.buf, this.n * this.n * 4));
  }

  dispose(): void {
    this.buf.destroy();
  }
}

function bindGroup(device: GPUDevice, pl: GPUComputePipeline, buffers: GPUBuffer[]): GPUBindGroup {
  return device.createBindGroup({ layout: pl.getBindGroupLayout(0), entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })) });
}

/** Inverse of a dense SPD matrix (row-major n x n) on the GPU, float32; null where WebGPU cannot run it. */
export async function spdInverseWebgpu(a: ArrayLike<number>, n: number, opts: { blockSize?: number; onProgress?: ProgressFn } = {}): Promise<Float32Array | null> {
  const m = await GpuSpdMatrix.create(n);
  if (!m) return null;
  try {
    m.upload(a);
    await m.invert(opts);
    return await m.read();
  } finally {
    m.dispose();
  }
}

/** EASE weights W[i][j] = -P[i][j] / P[j][j] (zero diagonal), P = (X'X + lambda I)^-1, all on the GPU but the division; null where it cannot run. */
export async function easeWeightsWebgpu(x: Csr, lambda: number, onProgress?: ProgressFn): Promise<Float32Array | null> {
  const n = x.cols;
  const m = await GpuSpdMatrix.create(n);
  if (!m) return null;
  try {
    await m.gram(x, lambda);
    await m.invert({ onProgress });
    const p = await m.read();
    const diag = new Float32Array(n);
    for (let i = 0; i < n; i++) diag[i] = p[i * n + i];
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) p[row + j] = i === j ? 0 : -p[row + j] / diag[j];
    }
    return p;
  } finally {
    m.dispose();
  }
}
