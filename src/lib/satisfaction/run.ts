// What the Satisfaction page and `cli satisfaction` run: the score's scale, NPS / CSAT overall, by month, by
// segment, and churn by promoter / passive / detractor with the score's odds ratio. A segment or churn label
// may come from a linked customers dataset (joined on a confirmed link's keys; the caller resolves the link).
import { encodeTarget } from '../features/churn/target';
import { scaleOf, wholeRange } from '../data/survey';
import { cellText, getColumn, isNumericColumn, type Column, type Table } from '../data/table';
import { groupOf, logistic1d, scoreGroups, shareEstimate, summarise } from './stats';
import type { ChurnByScore, SatisfactionChurn, SatisfactionRequest, SatisfactionResult, ScoreGroup } from './types';

export type { SatisfactionRequest };

/** A customers dataset joined to the survey through a confirmed link: `key` is its column, `surveyKey` the survey's. */
export interface LinkedTable {
  name: string;
  table: Table;
  key: string;
  surveyKey: string;
}

/** Segments beyond this many (by responses) are pooled as "other", so a chart stays readable. */
export const MAX_SEGMENTS = 20;

function has(t: Table | undefined, name: string | undefined): boolean {
  return !!t && !!name && t.columns.some((c) => c.name === name);
}

/** The survey row -> linked row map (-1 when the respondent is not in the linked dataset). */
function joinRows(survey: Table, linked: LinkedTable): Int32Array {
  const key = getColumn(linked.table, linked.key);
  const at = new Map<string, number>();
  for (let r = 0; r < linked.table.rows; r++) {
    const k = cellText(key, r);
    if (k !== '' && !at.has(k)) at.set(k, r);
  }
  const mine = getColumn(survey, linked.surveyKey);
  const out = new Int32Array(survey.rows);
  for (let i = 0; i < survey.rows; i++) out[i] = at.get(cellText(mine, i)) ?? -1;
  return out;
}

export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Checks the score column and returns its values and scale. */
export function readScore(survey: Table, name: string): { values: Float64Array; scale: SatisfactionResult['scale'] } {
  const c = getColumn(survey, name);
  const range = wholeRange(c);
  if (!isNumericColumn(c) || !range) throw new Error(`"${name}" is not a survey score: its values are not whole numbers`);
  const scale = scaleOf(range, name);
  if (!scale) throw new Error(`"${name}" is not a survey score: its values run ${range.min}-${range.max}, not 0-10, 1-5 or 1-7`);
  return { values: c.values, scale };
}

export function runSatisfaction(survey: Table, req: SatisfactionRequest, linked?: LinkedTable | null): SatisfactionResult {
  const { values: scores, scale } = readScore(survey, req.score);
  const groups = scoreGroups(scale);
  const notes: string[] = [];
  const valid: number[] = [];
  for (let i = 0; i < survey.rows; i++) if (groupOf(groups, scores[i]) >= 0) valid.push(i);
  const rows = Int32Array.from(valid);
  const skipped = survey.rows - rows.length;
  if (skipped > 0) notes.push(`${skipped.toLocaleString('en-US')} rows have no score and are left out.`);
  const join = linked ? joinRows(survey, linked) : null;
  if (linked && join) {
    let unmatched = 0;
    for (const i of rows) if (join[i] < 0) unmatched++;
    if (unmatched > 0) notes.push(`${unmatched.toLocaleString('en-US')} responses have no match in ${linked.name}.`);
  }

  const { min, max } = scale === 'nps' ? { min: 0, max: 10 } : { min: 1, max: scale === 'csat5' ? 5 : 7 };
  const counts = new Array<number>(max - min + 1).fill(0);
  for (const i of rows) counts[scores[i] - min]++;

  // Who answered: the named column, or the survey side of the link.
  const customerName = req.customer ?? linked?.surveyKey;
  const customer = customerName ? getColumn(survey, customerName) : null;
  const respondents = customer ? new Set(Array.from(rows, (i) => cellText(customer, i))).size : null;

  const dateCol = req.date ? getColumn(survey, req.date) : null;
  if (dateCol && dateCol.type !== 'date') throw new Error(`"${req.date}" holds no dates (it is ${dateCol.type})`);
  const dates = dateCol && isNumericColumn(dateCol) ? dateCol.values : null;

  return {
    score: req.score,
    scale,
    min,
    max,
    groups,
    overall: summarise(scores, scale, rows),
    skipped,
    distribution: counts.map((count, k) => ({ score: min + k, count })),
    respondents,
    date: req.date ?? null,
    byMonth: dates ? byMonth(scores, scale, rows, dates) : null,
    by: req.by ?? null,
    bySegment: req.by ? bySegment(survey, scores, scale, rows, req.by, linked ?? null, join, notes) : null,
    churn: req.label ? churnBy(survey, scores, groups, rows, req, customer, dates, linked ?? null, join, notes) : null,
    notes,
  };
}

function byMonth(scores: Float64Array, scale: SatisfactionResult['scale'], rows: Int32Array, dates: Float64Array): SatisfactionResult['byMonth'] {
  const months = new Map<string, number[]>();
  for (const i of rows) {
    if (Number.isNaN(dates[i])) continue;
    const m = monthOf(dates[i]);
    let list = months.get(m);
    if (!list) months.set(m, (list = []));
    list.push(i);
  }
  return [...months.keys()].sort().map((month) => ({ month, ...summarise(scores, scale, months.get(month)!) }));
}

function segmentColumn(survey: Table, by: string, linked: LinkedTable | null): { column: Column; linked: boolean } {
  if (has(survey, by)) return { column: getColumn(survey, by), linked: false };
  if (linked && has(linked.table, by)) return { column: getColumn(linked.table, by), linked: true };
  throw new Error(`No column "${by}" in the survey${linked ? ` or in ${linked.name}` : ''}`);
}

function bySegment(
  survey: Table, scores: Float64Array, scale: SatisfactionResult['scale'], rows: Int32Array, by: string,
  linked: LinkedTable | null, join: Int32Array | null, notes: string[],
): SatisfactionResult['bySegment'] {
  const { column, linked: fromLink } = segmentColumn(survey, by, linked);
  const segments = new Map<string, number[]>();
  for (const i of rows) {
    const r = fromLink ? join![i] : i;
    const text = r < 0 ? '' : cellText(column, r);
    if (text === '') continue;
    let list = segments.get(text);
    if (!list) segments.set(text, (list = []));
    list.push(i);
  }
  let ranked = [...segments.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  if (ranked.length > MAX_SEGMENTS) {
    const rest = ranked.slice(MAX_SEGMENTS - 1).flatMap(([, list]) => list);
    notes.push(`"${by}" has ${ranked.length} values: the ${ranked.length - MAX_SEGMENTS + 1} smallest are pooled as "other".`);
    ranked = [...ranked.slice(0, MAX_SEGMENTS - 1), ['other', rest]];
  }
  return ranked.map(([segment, list]) => ({ segment, ...summarise(scores, scale, list) }));
}

function churnBy(
  survey: Table, scores: Float64Array, groups: ScoreGroup[], rows: Int32Array, req: SatisfactionRequest,
  customer: Column | null, dates: Float64Array | null, linked: LinkedTable | null, join: Int32Array | null, notes: string[],
): SatisfactionChurn {
  const label = req.label!;
  const fromLink = !has(survey, label) && !!linked && has(linked.table, label);
  if (!fromLink && !has(survey, label)) throw new Error(`No column "${label}" in the survey${linked ? ` or in ${linked.name}` : ''}`);
  const target = encodeTarget(fromLink ? linked!.table : survey, label, req.positive, 1);
  const yOf = (i: number): number => (fromLink ? (join![i] < 0 ? NaN : target.y[join![i]]) : target.y[i]);

  // One response per customer: the latest (by date, else the last row), so a customer who answered
  // five times counts once, with how they felt last.
  let use: number[] = Array.from(rows);
  if (customer) {
    const latest = new Map<string, number>();
    for (const i of rows) {
      const k = cellText(customer, i);
      if (k === '') continue;
      const prev = latest.get(k);
      if (prev === undefined || !dates || !(dates[prev] > dates[i])) latest.set(k, i);
    }
    use = [...latest.values()].sort((a, b) => a - b);
    if (use.length < rows.length) notes.push(`Churn uses each customer's latest response (${use.length.toLocaleString('en-US')} customers, ${rows.length.toLocaleString('en-US')} responses).`);
  }
  use = use.filter((i) => !Number.isNaN(yOf(i)));
  const x = Float64Array.from(use, (i) => scores[i]);
  const y = Float64Array.from(use, (i) => yOf(i));
  const byGroup = groups.map((g) => {
    let customers = 0;
    let churners = 0;
    for (let k = 0; k < x.length; k++) {
      if (x[k] < g.from || x[k] > g.to) continue;
      customers++;
      churners += y[k];
    }
    return { group: g.name, customers, churners, rate: shareEstimate(churners, customers) };
  });
  const perScore = new Map<number, { customers: number; churners: number }>();
  for (let k = 0; k < x.length; k++) {
    const s = perScore.get(x[k]) ?? { customers: 0, churners: 0 };
    s.customers++;
    s.churners += y[k];
    perScore.set(x[k], s);
  }
  const byScore: ChurnByScore[] = [...perScore.entries()].sort((a, b) => a[0] - b[0]).map(([score, s]) => ({ score, ...s, rate: (100 * s.churners) / s.customers }));
  const churners = y.reduce((s, v) => s + v, 0);
  return {
    label,
    source: fromLink ? linked!.name : 'survey',
    positive: target.positive,
    customers: use.length,
    churners,
    byGroup,
    byScore,
    effect: logistic1d(x, y),
  };
}
