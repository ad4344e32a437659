// The report of a built list: gathers what report.ts renders (the pipeline's parts, the datasets, the
// action summary by segment and band, and customer rows only when asked for).
import { queryRows, rowView } from './query';
import { buildReport } from './report';
import type { ReportData } from './report-types';
import { summariseRun } from './run';
import type { ActionsRun } from './views';
import type { UpliftReportPart } from '../uplift/report';
import type { SbgReportPart } from '../sbg/report';
import type { CoxReportPart } from '../survival/cox-report';
import type { ClvModelsReportPart } from '../clv/report';

export interface ReportOptions {
  includeCustomers: boolean;
  title?: string;
  /** The Uplift page's last run, when one exists (its own section). */
  uplift?: UpliftReportPart | null;
  /** The Subscriptions tab's last sBG fit, when one exists (its own section). */
  sbg?: SbgReportPart | null;
  /** The Survival tab's last Cox regression, when one exists (its own section). */
  cox?: CoxReportPart | null;
  /** The Lifetime value tab's purchase-model comparison, when its stored run has one. */
  clvModels?: ClvModelsReportPart | null;
}

/** One line per dataset the list came from. */
export type ReportDataset = ReportData['datasets'][number];

export function reportData(run: ActionsRun, datasets: ReportDataset[], options: ReportOptions, createdAt = new Date().toISOString()): ReportData {
  const { result, request } = run;
  const { list } = result;
  const s = summariseRun(run);
  const bySegment = new Map<string, { customers: number; valueAtRisk: number }>();
  list.segment.forEach((seg, i) => {
    const e = bySegment.get(seg) ?? { customers: 0, valueAtRisk: 0 };
    e.customers++;
    if (!Number.isNaN(list.valueAtRisk[i])) e.valueAtRisk += list.valueAtRisk[i];
    bySegment.set(seg, e);
  });
  return {
    ...result.report,
    title: options.title?.trim() || 'Retention report',
    createdAt,
    datasets,
    sources: result.sources,
    actions: {
      customers: list.customers.length,
      counts: s.actions,
      bySegment: [...bySegment.entries()].map(([segment, v]) => ({ segment, ...v })).sort((a, b) => b.valueAtRisk - a.valueAtRisk),
      byBand: s.bands,
      disagreements: s.disagreements,
      rules: request.rules,
    },
    profit: s.profit,
    uplift: options.uplift ?? null,
    sbg: options.sbg ?? null,
    cox: options.cox ?? null,
    clvModels: options.clvModels ?? null,
    notes: result.notes,
    table: options.includeCustomers ? Array.from(queryRows(list, { sort: 'valueAtRisk', descending: true }), (i) => rowView(list, i)) : null,
  };
}

/** The self-contained HTML report (no script, no request). */
export function reportHtml(run: ActionsRun, datasets: ReportDataset[], options: ReportOptions): string {
  return buildReport(reportData(run, datasets, options));
}

/** A dataset's line in the report: name, size and roles. */
export function reportDataset(meta: { name: string; rows: number; columns: readonly unknown[]; roles?: Partial<Record<string, string>> }): ReportDataset {
  const roles = Object.entries(meta.roles ?? {})
    .map(([role, col]) => `${role}: ${col}`)
    .join(', ');
  return { name: meta.name, rows: meta.rows, columns: meta.columns.length, roles };
}
