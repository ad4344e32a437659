// CSV of the Uplift page's tables: the model comparison (with intervals) and the balance table.
import { LEARNER_NAMES, type Learner, type UpliftRunResult } from './types';

const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '');
const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function upliftModelsCsv(r: UpliftRunResult): string {
  const head = 'model,qini,qini_lo,qini_hi,auuc,auuc_lo,auuc_hi,uplift_at_10,uplift_at_10_lo,uplift_at_10_hi,best';
  const rows = [...r.models, ...(r.oracle ? [r.oracle] : [])].map((m) =>
    [
      m.learner === 'oracle' ? 'oracle (true uplift)' : LEARNER_NAMES[m.learner as Learner],
      ...[m.qini, m.auuc, m.upliftAt10].flatMap((w) => [num(w.value), num(w.lo), num(w.hi)]),
      m.learner === r.best ? 'yes' : '',
    ].join(','),
  );
  return [head, ...rows].join('\n') + '\n';
}

export function upliftBalanceCsv(r: UpliftRunResult): string {
  const head = 'feature,level,treated,control,smd,test,p,flagged';
  const rows = r.balance.rows.map((b) => [field(b.feature), field(b.level ?? ''), num(b.treated), num(b.control), num(b.smd), b.test, num(b.p), b.flagged ? 'yes' : ''].join(','));
  return [head, ...rows].join('\n') + '\n';
}
