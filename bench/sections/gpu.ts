// `npm run bench -- gpu`: our WebGPU kernels (k-means assign-and-sum, EASE's inverse) against our wasm
// kernels in the same run. Timed only on a real GPU; on a software adapter (SwiftShader) it reports the
// small-data correctness run and says there is no GPU.
import type { GpuFigureOptions, GpuFigures } from '../figures/gpu';
import type { BenchSection, Row } from '../rows';
import { withReference } from '../rows';

export const gpuSection: BenchSection = {
  name: 'gpu',
  async run(ctx) {
    // GPU_BENCH_SMALL=1: the timed path on small sizes even on a software adapter (for development).
    const opts: GpuFigureOptions = process.env.GPU_BENCH_SMALL ? { force: true, rows: 20_000, n: 300 } : {};
    // A string: tsx's transpiled functions call a `__name` helper the page does not have.
    const r = (await ctx.page.evaluate(`window.rlBench.call('gpuFigures', ${JSON.stringify(opts)})`)) as GpuFigures;
    if (r.adapter === 'none') {
      return [{ benchmark: 'gpu: WebGPU kernels', value: NaN, unit: '-', target: '-', pass: null, note: 'no GPU: this browser has no WebGPU adapter' }];
    }
    const noGpu = r.software ? `no GPU: software adapter (${r.adapter})${opts.force ? ', timings meaningless' : ', correctness only'}` : undefined;
    return r.figures.map((f) => {
      const row: Row = {
        benchmark: `gpu: ${f.name}`,
        value: f.value,
        unit: f.unit,
        target: f.target ?? (f.reference !== undefined ? 'faster than wasm' : '-'),
        pass: f.pass ?? (f.reference !== undefined ? f.value < f.reference : null),
        backend: f.backend,
        note: [noGpu, f.note].filter(Boolean).join('; ') || undefined,
      };
      return f.reference !== undefined ? withReference(row, f.reference, f.referenceName ?? 'wasm kernel, same run', 'time') : row;
    });
  },
};
