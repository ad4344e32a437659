// `npm run bench -- rec-auto-9724`: auto recommendations on the generated 610 x 9,724 x 100,000 shape end to end
// (the row): under 2 minutes, and the served model's HR@10 / NDCG@10 no lower than EASE alone at lambda
// 250 on the same test split (printed beside). REC_AUTO_BUDGET overrides the 120 s budget while developing.
import type { RecAutoFigures } from '../figures/rec-auto';
import type { BenchSection } from '../rows';

export const recAutoSection: BenchSection = {
  name: 'rec-auto-9724',
  async run(ctx) {
    const budget = process.env.REC_AUTO_BUDGET ? Number(process.env.REC_AUTO_BUDGET) : undefined;
    // A string: tsx's transpiled functions call a `__name` helper the page does not have.
    const f = (await ctx.page.evaluate(`window.rlBench.call('recAuto9724', ${budget ?? 'undefined'})`)) as RecAutoFigures;
    const quality = f.hr >= f.easeHr && f.ndcg >= f.easeNdcg;
    const shape = `${f.users} users x ${f.items.toLocaleString('en')} items x ${f.interactions.toLocaleString('en')} interactions`;
    return [
      {
        benchmark: `rec-auto-9724: auto recommendations end to end, ${shape}`,
        value: f.seconds,
        unit: 's',
        target: '< 120 s, HR@10 and NDCG@10 >= EASE lambda 250',
        pass: f.seconds < 120 && quality,
        backend: f.backend,
        note:
          `served ${f.served} (${f.setting}): HR@10 ${f.hr.toFixed(4)}, NDCG@10 ${f.ndcg.toFixed(4)}; ` +
          `EASE lambda 250 alone: HR@10 ${f.easeHr.toFixed(4)}, NDCG@10 ${f.easeNdcg.toFixed(4)} (${f.easeSeconds.toFixed(1)} s)` +
          (f.notes.length ? `; ${f.notes.join(' ')}` : ''),
      },
    ];
  },
};
