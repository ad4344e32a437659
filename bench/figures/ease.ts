// The `ease-9724` bench section's worker side: EASE's SPD inverse on our wasm kernel with the app's kernel
// helpers, and EASE as the app fits it, on the seeded ratings file the section wrote (same matrix as NumPy's).
import { kernelThreadPool } from '../../workers/compute/kernel-helpers';
import { csrFromTriples } from '../../src/lib/models/recommend/csr';
import { setEaseThreads } from '../../src/lib/models/recommend/ease';
import { fitModel } from '../../src/lib/models/recommend/models';
import { spdKernelFused, SpdKernelMatrix } from '../../src/lib/models/recommend/spd-inverse-wasm';

export interface EaseFigures {
  items: number;
  users: number;
  interactions: number;
  helpers: number;
  /** Seconds of the inverse alone (Gram in kernel memory before the clock starts). */
  inverseSeconds: number;
  /** Seconds of the app's EASE fit (fitModel, lambda 250): whatever path the app picks. */
  fitSeconds: number;
  /** P[0][0] of the inverse, to compare with NumPy's. */
  p00: number;
  /** Whether the float64 kernel ran with fused multiply-adds (relaxed SIMD) or the plain SIMD kernel. */
  fused: boolean;
}

/** `url`: a CSV of user,item index pairs (header first). */
export async function easeFigures(url: string, lambda: number): Promise<EaseFigures> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const text = await res.text();
  const lines = text.trim().split('\n').slice(1);
  const u = new Int32Array(lines.length);
  const it = new Int32Array(lines.length);
  lines.forEach((l, e) => {
    const c = l.indexOf(',');
    u[e] = Number(l.slice(0, c));
    it[e] = Number(l.slice(c + 1));
  });
  let users = 0;
  let items = 0;
  for (let e = 0; e < u.length; e++) {
    users = Math.max(users, u[e] + 1);
    items = Math.max(items, it[e] + 1);
  }
  const x = csrFromTriples(users, items, u, it);
  for (let p = 0; p < x.data.length; p++) x.data[p] = 1;
  const threads = kernelThreadPool();
  // (a) The inverse alone, on the Gram matrix + lambda I built into kernel memory.
  const m = SpdKernelMatrix.create(items, { threads });
  if (!m) throw new Error('wasm SIMD kernel unavailable');
  for (let r = 0; r < users; r++) {
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
      const row = m.rowStart(x.indices[p]);
      for (let q = p; q < x.indptr[r + 1]; q++) m.packed[row + x.indices[q]] += 1;
    }
  }
  for (let i = 0; i < items; i++) m.packed[m.rowStart(i) + i] += lambda;
  const t0 = performance.now();
  await m.invert({ threads });
  const inverseSeconds = (performance.now() - t0) / 1000;
  const p00 = m.get(0, 0);
  // (b) EASE as the app fits it (the same entry point the Recommendations run uses).
  setEaseThreads(() => threads);
  const t1 = performance.now();
  const model = await fitModel({ model: 'ease', params: { lambda } }, x);
  const fitSeconds = (performance.now() - t1) / 1000;
  model.dispose();
  return { items, users, interactions: x.indices.length, helpers: threads.count, inverseSeconds, fitSeconds, p00, fused: spdKernelFused() };
}
