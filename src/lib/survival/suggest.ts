// Default covariates of the Cox panel (and `cox --covariates auto`): the candidate columns most associated with
// the hazard one at a time (likelihood-ratio test of a Cox model with that column alone), skipping columns that
// restate the time (a running total such as TotalCharges grows with tenure: using it reads survival off time
// itself) and columns that duplicate one already chosen (telco's "No internet service" level repeats across six
// service columns: together they are collinear and the fit fails). Ranked by the LR test's normal score so that
// columns whose p underflows to 0 still order by strength and multi-level columns pay for their degrees of freedom.
import type { Table } from '../data/table';
import { fitCox, type CoxData } from '../models/survival/cox';
import { prepareCox, type CoxRequest } from './cox';

export interface CoxSuggestRequest extends Pick<CoxRequest, 'time' | 'event' | 'eventValue' | 'reasons'> {
  /** The columns that may be covariates (not the time, event or id). */
  candidates: string[];
  /** How many to choose at most (default 5). */
  max?: number;
}

export interface CoxSuggestion {
  /** The chosen covariates, strongest first. */
  chosen: string[];
  /** Every candidate that could be fitted alone: LR chi-square, its degrees of freedom and p, strongest first. */
  ranked: { column: string; chiSquare: number; df: number; p: number }[];
  /** Candidates left out, with the reason in words. */
  skipped: { column: string; reason: string }[];
  /** Rows the association was measured on (an evenly spaced sample of large tables). */
  sampleRows: number;
  /** Why these, in one sentence for the panel and the CLI. */
  rule: string;
}

/** Rows at most for the one-column fits: the ranking needs strength, not every row. */
export const SUGGEST_SAMPLE = 20_000;
/** |Pearson r| with the time at or above this: the column restates the time. */
export const TIME_CORRELATION = 0.7;
/** A candidate whose encoded columns keep less than this share of their spread once the chosen ones are projected out duplicates them (R² above 0.99). */
const RESIDUAL_SHARE = 0.1;

/** Normal score of a chi-square value (Wilson-Hilferty): monotone in p, finite where p underflows. */
function chiSquareScore(x: number, df: number): number {
  const a = 2 / (9 * df);
  return (Math.cbrt(Math.max(0, x) / df) - (1 - a)) / Math.sqrt(a);
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i], mb + b[i]];
  [ma, mb] = [ma / n, mb / n];
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const [da, db] = [a[i] - ma, b[i] - mb];
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Every `step`-th row of prepared data (all when step is 1). */
function sample(d: CoxData, step: number): CoxData {
  if (step <= 1) return d;
  const p = d.names.length;
  const keep = Array.from({ length: Math.ceil(d.time.length / step) }, (_, k) => k * step);
  const x = new Float64Array(keep.length * p);
  keep.forEach((i, k) => x.set(d.x.subarray(i * p, i * p + p), k * p));
  return { time: keep.map((i) => d.time[i]), event: keep.map((i) => d.event[i]), x, names: d.names };
}

export function suggestCovariates(table: Table, request: CoxSuggestRequest): CoxSuggestion {
  const max = request.max ?? 5;
  const step = Math.max(1, Math.ceil(table.rows / SUGGEST_SAMPLE));
  const skipped: CoxSuggestion['skipped'] = [];
  const fitted: { column: string; chiSquare: number; df: number; p: number; score: number; names: string[]; vectors: Float64Array[] }[] = [];
  // The table rows the duplicate check compares columns on (every step-th row).
  const rows = Math.ceil(table.rows / step);
  for (const column of request.candidates) {
    let prep;
    try {
      prep = prepareCox(table, { time: request.time, event: request.event, eventValue: request.eventValue, reasons: request.reasons, covariates: [column] });
    } catch (e) {
      skipped.push({ column, reason: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const { data, encodings, rowIndex } = prep;
    if (encodings[0].kind === 'numeric') {
      // Whole numbers nearly all different: a number that names a row or customer, not an attribute.
      const distinct = new Set(data.x).size;
      if (data.x.every(Number.isInteger) && distinct >= 0.95 * data.x.length && distinct > 50) {
        skipped.push({ column, reason: `${distinct.toLocaleString('en')} different whole numbers in ${data.x.length.toLocaleString('en')} rows: an id or row number, not an attribute` });
        continue;
      }
      const r = pearson(data.x, data.time);
      if (Math.abs(r) >= TIME_CORRELATION) {
        skipped.push({ column, reason: `moves with ${request.time} (r = ${r.toFixed(2)}): it restates the time as a customer rather than explaining it` });
        continue;
      }
    }
    try {
      const fit = fitCox(sample(data, step), { maxIterations: 20 });
      const df = data.names.length;
      // Each encoded column on the comparison rows, centred; rows this column lacks count as its mean.
      const p = data.names.length;
      const at = new Int32Array(table.rows).fill(-1);
      rowIndex.forEach((r, i) => (at[r] = i));
      const vectors = data.names.map((_, j) => {
        const v = new Float64Array(rows);
        let sum = 0, count = 0;
        for (let k = 0; k < rows; k++) {
          const i = at[k * step];
          v[k] = i >= 0 ? data.x[i * p + j] : NaN;
          if (i >= 0) [sum, count] = [sum + v[k], count + 1];
        }
        const mean = count ? sum / count : 0;
        for (let k = 0; k < rows; k++) v[k] = Number.isNaN(v[k]) ? 0 : v[k] - mean;
        return v;
      });
      fitted.push({ column, chiSquare: fit.lrChiSquare, df, p: fit.lrP, score: chiSquareScore(fit.lrChiSquare, df), names: data.names, vectors });
    } catch (e) {
      skipped.push({ column, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  fitted.sort((a, b) => b.score - a.score || a.column.localeCompare(b.column));
  // Greedy: strongest first, unless what it encodes is (nearly) spanned by the columns already chosen.
  const basis: Float64Array[] = [];
  const owner: string[] = [];
  const chosen: string[] = [];
  const significant = fitted.filter((f) => f.p < 0.05);
  for (const f of significant.length ? significant : fitted.slice(0, Math.min(3, max))) {
    if (chosen.length >= max) break;
    // Each encoded column's residual, and how much of it each chosen column explained (to name them).
    const explained = f.vectors.map(() => new Map<string, number>());
    const residuals = f.vectors.map((v, j) => {
      const r = Float64Array.from(v);
      basis.forEach((b, q) => {
        let dot = 0;
        for (let k = 0; k < r.length; k++) dot += r[k] * b[k];
        for (let k = 0; k < r.length; k++) r[k] -= dot * b[k];
        explained[j].set(owner[q], (explained[j].get(owner[q]) ?? 0) + dot * dot);
      });
      return r;
    });
    const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const dup = f.vectors.findIndex((v, j) => norm(residuals[j]) < RESIDUAL_SHARE * norm(v));
    if (dup >= 0) {
      const total = norm(f.vectors[dup]) ** 2;
      const by = chosen.filter((c) => (explained[dup].get(c) ?? 0) > 0.1 * total);
      skipped.push({ column: f.column, reason: `${f.names[dup]} repeats ${by.join(' and ')} (collinear: the fit cannot take both)` });
      continue;
    }
    chosen.push(f.column);
    // Orthonormalise its residuals into the basis (modified Gram-Schmidt).
    for (const r of residuals) {
      for (const b of basis) {
        let dot = 0;
        for (let k = 0; k < r.length; k++) dot += r[k] * b[k];
        for (let k = 0; k < r.length; k++) r[k] -= dot * b[k];
      }
      const n = norm(r);
      if (n > 0) {
        basis.push(r.map((x) => x / n));
        owner.push(f.column);
      }
    }
  }
  const rule = !fitted.length
    ? `No attribute could be fitted against ${request.event}${skipped.length ? `: ${skipped[0].reason}` : ''}.`
    : significant.length
    ? `The ${chosen.length} attributes most associated with ${request.event} one at a time (likelihood-ratio test of a Cox model with each alone, p < 0.05), leaving out columns that restate ${request.time} or repeat a chosen one.`
    : `No attribute is clearly associated with ${request.event} on its own (every p ≥ 0.05): the ${chosen.length} strongest are chosen to start from.`;
  return { chosen, ranked: fitted.map(({ column, chiSquare, df, p }) => ({ column, chiSquare, df, p })), skipped, sampleRows: Math.ceil(table.rows / step), rule };
}
