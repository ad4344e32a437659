// `npm run bench -- als-2m`: implicit ALS, 32 factors x 15 iterations (3 CG steps per row and sweep) on
// 100,000 users x 5,000 items x 2,000,000 draws (synthetic.ts, seed 3), in the bench worker with the app's
// kernel helpers. No same-run reference: the `implicit` library has no Debian package (apt-cache policy
// python3-implicit: none) and nothing else installed runs implicit ALS.
import type { AlsFigures } from '../figures/als';
import type { BenchSection, Row } from '../rows';

export const alsSection: BenchSection = {
  name: 'als-2m',
  async run(ctx) {
    const r = (await ctx.page.evaluate(`window.rlBench.call('alsFigures')`)) as AlsFigures;
    const row: Row = {
      benchmark: 'als-2m: ALS 32 factors, 15 iterations, 100,000 x 5,000, 2,000,000 interactions',
      value: r.seconds,
      unit: 's',
      target: '< 15 s',
      pass: r.seconds < 15,
      backend: r.engine,
      note: `${r.users} users x ${r.items} items, ${r.interactions} distinct interactions; ${r.helpers} kernel helper(s) + the worker; no same-run reference (no Debian package of implicit)`,
    };
    return [row];
  },
};
