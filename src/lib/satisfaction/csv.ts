// The Satisfaction page's tables as CSV (numbers unrounded but for the estimates' 2 decimals).
import { toCsv } from '../export/csv';
import type { SatisfactionResult, ScoreSummary } from './types';

export type SatisfactionTable = 'months' | 'segments' | 'churn';

const r2 = (v: number): number | string => (Number.isFinite(v) ? Math.round(v * 100) / 100 : '');

function summaryHeader(res: SatisfactionResult): string[] {
  return ['responses', ...res.groups.map((g) => g.name), ...(res.scale === 'nps' ? ['nps', 'nps_low', 'nps_high'] : []), 'mean', 'mean_low', 'mean_high', 'satisfied_pct'];
}

function summaryCells(res: SatisfactionResult, s: ScoreSummary): unknown[] {
  return [s.responses, ...s.groupCounts, ...(res.scale === 'nps' && s.nps ? [r2(s.nps.value), r2(s.nps.low), r2(s.nps.high)] : []), r2(s.mean.value), r2(s.mean.low), r2(s.mean.high), r2(s.satisfied.value)];
}

export function satisfactionCsv(res: SatisfactionResult, table: SatisfactionTable): string {
  if (table === 'months') return toCsv(['month', ...summaryHeader(res)], (res.byMonth ?? []).map((m) => [m.month, ...summaryCells(res, m)]));
  if (table === 'segments') return toCsv([res.by ?? 'segment', ...summaryHeader(res)], (res.bySegment ?? []).map((s) => [s.segment, ...summaryCells(res, s)]));
  const c = res.churn;
  const groups = (c?.byGroup ?? []).map((g) => [g.group, g.customers, g.churners, r2(g.rate.value), r2(g.rate.low), r2(g.rate.high)]);
  const scores = (c?.byScore ?? []).map((s) => [`score ${s.score}`, s.customers, s.churners, r2(s.rate), '', '']);
  return toCsv(['group', 'customers', 'churners', 'churn_pct', 'churn_low', 'churn_high'], [...groups, ...scores]);
}
