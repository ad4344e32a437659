// The compact JSON of a run (the CLI prints it; the report reads the same numbers).
import type { Balance, Learner, UpliftRunResult, WithCi } from './types';

export interface UpliftSummary {
  rows: number;
  treated: number;
  control: number;
  /** Point values per learner (intervals in `intervals`). */
  models: Record<Learner, { qini: number; auuc: number; upliftAt10: number }>;
  best: Learner;
  /** The best learner's Qini 95% bootstrap interval. */
  qiniCi: [number, number];
  intervals: Record<Learner, { qini: [number, number]; auuc: [number, number]; upliftAt10: [number, number] }>;
  ate: { value: number; ci: [number, number] };
  oracle: { qini: number; auuc: number; upliftAt10: number; qiniCi: [number, number] } | null;
  balance: Pick<Balance, 'rule'> & { rows: { feature: string; level: string | null; treated: number; control: number; smd: number; test: string; p: number; flagged: boolean }[] };
  /** The randomisation warning, or null when no feature is flagged. */
  warning: string | null;
  notes: string[];
}

const r = (v: number, d = 5) => (Number.isFinite(v) ? Number(v.toFixed(d)) : v);
const ci = (w: WithCi): [number, number] => [r(w.lo), r(w.hi)];

export function summariseUplift(result: UpliftRunResult): UpliftSummary {
  const models = {} as UpliftSummary['models'];
  const intervals = {} as UpliftSummary['intervals'];
  for (const m of result.models) {
    const l = m.learner as Learner;
    models[l] = { qini: r(m.qini.value), auuc: r(m.auuc.value), upliftAt10: r(m.upliftAt10.value) };
    intervals[l] = { qini: ci(m.qini), auuc: ci(m.auuc), upliftAt10: ci(m.upliftAt10) };
  }
  const best = result.models.find((m) => m.learner === result.best)!;
  const o = result.oracle;
  return {
    rows: result.rows,
    treated: result.treated,
    control: result.control,
    models,
    best: result.best,
    qiniCi: ci(best.qini),
    intervals,
    ate: { value: r(result.ate.value), ci: ci(result.ate) },
    oracle: o ? { qini: r(o.qini.value), auuc: r(o.auuc.value), upliftAt10: r(o.upliftAt10.value), qiniCi: ci(o.qini) } : null,
    balance: { rule: result.balance.rule, rows: result.balance.rows.map((b) => ({ ...b, treated: r(b.treated), control: r(b.control), smd: r(b.smd, 4), p: r(b.p, 6) })) },
    warning: result.balance.warning,
    notes: result.notes,
  };
}
