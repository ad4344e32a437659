// The same benchmark in Node (V8, like Chromium). Slow (several seconds), so opt-in:
//   GBDT_BENCH=1 npx vitest run --project unit src/lib/models/gbdt/speed.test.ts
import { describe, expect, it } from 'vitest';
import { BENCHMARK_OPTIONS, benchmarkData, runBenchmark } from './speed';

describe('gbdt speed benchmark', () => {
  it('builds the benchmark data it claims', () => {
    const d = benchmarkData(1000, 30);
    expect(d.X.length).toBe(30_000);
    const rate = d.y.reduce((a, b) => a + b, 0) / d.rows;
    expect(rate).toBeGreaterThan(0.3);
    expect(rate).toBeLessThan(0.7);
  });

  it.skipIf(!process.env.GBDT_BENCH)('trains 100 depth-6 trees on 100,000 x 30 in under 5 s', () => {
    const data = benchmarkData();
    const cpu0 = process.cpuUsage();
    const r = runBenchmark(data);
    const cpu = process.cpuUsage(cpu0);
    // the defaults subsample rows and features (0.8 each): the speed a user gets out of the box
    const d = runBenchmark(data, { ...BENCHMARK_OPTIONS, subsample: undefined, colsample: undefined });
    console.log(
      `gbdt speed (node): all rows/features ${r.trainMs.toFixed(0)} ms wall, ` +
        `${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu (incl. predict); default subsampling ` +
        `${d.trainMs.toFixed(0)} ms wall; predict ${r.predictMs.toFixed(0)} ms; train AUC ${r.trainAuc.toFixed(4)}`,
    );
    expect(r.trees).toBe(100);
    expect(r.trainMs).toBeLessThan(5000);
  });
});
