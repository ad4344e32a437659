// `npm run bench -- paretonbd-100k`: the Pareto/NBD fit (Fader-Hardie likelihood with 2F1) on a 100,000-customer
// summary simulated in the bench worker from CDNOW's parameters; target under 5 s. Reference: the BG/NBD fit of
// the same data in the same run (ratio > 1 = Pareto/NBD is slower). PARETONBD_BENCH_CUSTOMERS sets a smaller
// size for a quick check.
import type { ParetoNbdFigures } from '../figures/paretonbd';
import type { BenchSection, Row } from '../rows';
import { withReference } from '../rows';

export const paretoNbdSection: BenchSection = {
  name: 'paretonbd-100k',
  async run(ctx) {
    const customers = Number(process.env.PARETONBD_BENCH_CUSTOMERS ?? 100_000);
    const r = (await ctx.page.evaluate(`window.rlBench.call('paretoNbdFigures', ${customers})`)) as ParetoNbdFigures;
    const row: Row = {
      benchmark: `paretonbd-100k: Pareto/NBD fit, ${customers.toLocaleString('en')} customers (browser worker)`,
      value: r.seconds,
      unit: 's',
      target: '< 5 s',
      pass: customers >= 100_000 ? r.seconds < 5 : null,
      backend: 'js (compute worker code)',
      note:
        `${r.distinctRows.toLocaleString('en')} distinct (x, t_x, T) rows, ${r.iterations} BFGS iterations (numeric gradient); ` +
        `parameters within ${(r.maxRelativeError * 100).toFixed(1)}% of the generating ones`,
    };
    return [withReference(row, r.bgnbdSeconds, 'BG/NBD fit of the same customers (analytic gradient)', 'time')];
  },
};
