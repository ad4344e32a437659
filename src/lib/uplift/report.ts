// The report's Uplift section (src/lib/actions/report.ts renders it when a run exists): the campaign, the
// randomisation check, and each learner's Qini, AUUC and uplift at 10% with their intervals.
import { LEARNER_NAMES, type Learner, type UpliftRunResult, type WithCi } from './types';

/** What the report keeps of an uplift run. */
export interface UpliftReportPart {
  dataset: string;
  createdAt: number;
  rows: number;
  treated: number;
  control: number;
  outcome: string;
  ate: WithCi;
  folds: number;
  bootstrap: number;
  best: Learner;
  models: { name: string; best: boolean; qini: WithCi; auuc: WithCi; upliftAt10: WithCi }[];
  warning: string | null;
  rule: string;
}

export function upliftReportPart(r: UpliftRunResult, dataset: string, createdAt: number): UpliftReportPart {
  return {
    dataset,
    createdAt,
    rows: r.rows,
    treated: r.treated,
    control: r.control,
    outcome: `${r.outcome.column} = ${r.outcome.positive}`,
    ate: r.ate,
    folds: r.folds,
    bootstrap: r.bootstrap,
    best: r.best,
    models: r.models.map((m) => ({ name: LEARNER_NAMES[m.learner as Learner], best: m.learner === r.best, qini: m.qini, auuc: m.auuc, upliftAt10: m.upliftAt10 })),
    warning: r.balance.warning,
    rule: r.balance.rule,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '–');
const pts = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} pts` : '–');
const withCi = (w: WithCi, f: (v: number) => string) => `${f(w.value)} <span class="muted">(${f(w.lo)} to ${f(w.hi)})</span>`;

/** The HTML section ('' without a run). */
export function upliftReportSection(u: UpliftReportPart | null | undefined): string {
  if (!u) return '';
  const rows = u.models
    .map((m) => `<tr><td>${esc(m.name)}${m.best ? ' <b>(best)</b>' : ''}</td><td class="num">${withCi(m.qini, f4)}</td><td class="num">${withCi(m.auuc, f4)}</td><td class="num">${withCi(m.upliftAt10, pts)}</td></tr>`)
    .join('');
  const check = u.warning ? `<p><b>Randomisation check failed:</b> ${esc(u.warning)}</p>` : '<p class="muted">Randomisation check passed: treated and control look alike on every feature.</p>';
  return `<section><h2>Uplift (past campaign)</h2><p>${esc(u.dataset)}: ${u.rows.toLocaleString('en')} customers, ${u.treated.toLocaleString('en')} treated and ${u.control.toLocaleString('en')} control; ${esc(u.outcome)}, average effect ${withCi(u.ate, pts)}.</p>${check}<p class="muted">${esc(u.rule)}</p><table><thead><tr><th>Model</th><th>Qini</th><th>AUUC</th><th>Uplift in top 10%</th></tr></thead><tbody>${rows}</tbody></table><p class="muted">S-, T- and X-learners on gradient-boosted trees, scored out of fold (${u.folds} folds); 95% intervals from ${u.bootstrap} bootstrap resamples within treated and within control. Best = highest Qini.</p></section>`;
}
