// Cox regression on a customers table: the one wiring the compute worker, the CLI and the bench call.
// prepareCox encodes the chosen columns (categorical and two-valued covariates as `name=level` dummies
// against a reference level), runCox fits and adds per-customer remaining lifetimes and profile curves,
// summariseCox gives the CLI's JSON, CoxRows pages the per-customer table.
import { BOOLEAN_PAIRS } from '../data/values';
import { cellText, getColumn, isNumericColumn, type Table } from '../data/table';
import { toCsv } from '../export/csv';
import { coxCsvNote, phFailingColumns } from './cox-notes';
import { centredRisk, fitCox, profileSurvival, remainingLifetime, tailHazard, tailLifetime, type CoxData, type CoxFit, type CoxOptions } from '../models/survival/cox';

export interface CoxRequest {
  time: string;
  event: string;
  /** The event's value in a text or two-valued column (e.g. "Yes"); default: true/1 in a two-valued column. */
  eventValue?: string;
  covariates: string[];
  /** A customer id column for the per-customer table (optional). */
  id?: string;
  /** The covariate whose levels make the adjusted-survival profiles (default: the first categorical one). */
  profileBy?: string;
  phTransform?: CoxOptions['phTransform'];
  /** Per two-valued column, the import's reason ("boolean: only Yes and No"): names its level, e.g. Partner=Yes. */
  reasons?: Record<string, string | undefined>;
}

/** How a column became covariates. */
export interface CoxEncoding {
  column: string;
  kind: 'numeric' | 'indicator' | 'levels';
  /** Covariate names it produced. */
  names: string[];
  /** For 'levels' and a labelled 'indicator': the reference level (the others are against it). */
  reference?: string;
  levels?: string[];
  /** For 'numeric': the standard deviation over the rows fitted (a hazard ratio per SD is coef x sd). */
  sd?: number;
}

export interface CoxPrepared {
  data: CoxData;
  encodings: CoxEncoding[];
  /** Row of the table per model row. */
  rowIndex: Int32Array;
  dropped: { missing: number; nonPositiveTime: number };
}

const FALSE_LIKE = new Set(BOOLEAN_PAIRS.map((p) => p[1]));
const TRUE_LIKE = new Set(BOOLEAN_PAIRS.map((p) => p[0]));
const MAX_LEVELS = 30;

/** The two labels of a two-valued column from its import reason, true-like first; null when 0/1 or unknown. */
export function booleanLabels(reason: string | undefined): [string, string] | null {
  const m = reason?.match(/^boolean: only (.+) and (.+)$/);
  if (!m) return null;
  const [a, b] = [m[1], m[2]];
  if (a === '0' || a === '1') return null;
  if (TRUE_LIKE.has(a.toLowerCase()) && FALSE_LIKE.has(b.toLowerCase())) return [a, b];
  if (TRUE_LIKE.has(b.toLowerCase()) && FALSE_LIKE.has(a.toLowerCase())) return [b, a];
  return null;
}

function eventCodes(table: Table, request: CoxRequest): Float64Array {
  const col = getColumn(table, request.event);
  const out = new Float64Array(table.rows);
  const want = request.eventValue;
  if (isNumericColumn(col)) {
    if (col.type === 'date') throw new Error(`The event column "${col.name}" holds dates; choose a column that says whether the customer left (e.g. Churn = Yes).`);
    let target = 1;
    if (want !== undefined) {
      const labels = col.type === 'boolean' ? booleanLabels(request.reasons?.[col.name]) : null;
      if (labels && want.toLowerCase() === labels[0].toLowerCase()) target = 1;
      else if (labels && want.toLowerCase() === labels[1].toLowerCase()) target = 0;
      else if (Number.isFinite(Number(want))) target = Number(want);
      else throw new Error(`The event column "${col.name}" has no value "${want}"${labels ? ` (its values: ${labels.join(', ')})` : ''}.`);
    } else if (col.type !== 'boolean') {
      throw new Error(`Say which value of "${col.name}" is the event (--event-value), or choose a yes/no column.`);
    }
    for (let r = 0; r < table.rows; r++) out[r] = Number.isNaN(col.values[r]) ? NaN : col.values[r] === target ? 1 : 0;
    return out;
  }
  if (want === undefined) throw new Error(`Say which value of "${col.name}" is the event (its values: ${col.dictionary.slice(0, 8).join(', ')}).`);
  const code = col.dictionary.indexOf(want);
  if (code < 0) throw new Error(`The event column "${col.name}" has no value "${want}" (its values: ${col.dictionary.slice(0, 8).join(', ')}).`);
  for (let r = 0; r < table.rows; r++) out[r] = col.codes[r] < 0 ? NaN : col.codes[r] === code ? 1 : 0;
  return out;
}

function standardDeviation(v: Float64Array): number {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length || 1;
  let ss = 0;
  for (const x of v) ss += (x - m) * (x - m);
  return Math.sqrt(ss / Math.max(1, v.length - 1));
}

/** Encodes the request's columns; rows with a missing value or a time <= 0 (never at risk) are left out and counted. */
export function prepareCox(table: Table, request: CoxRequest): CoxPrepared {
  if (!request.covariates.length) throw new Error('Choose at least one covariate.');
  for (const c of request.covariates) {
    if (c === request.time || c === request.event) throw new Error(`"${c}" is the time or the event column; it cannot also be a covariate.`);
  }
  const timeCol = getColumn(table, request.time);
  if (!isNumericColumn(timeCol) || timeCol.type === 'date' || timeCol.type === 'boolean') {
    throw new Error(`The time column "${timeCol.name}" must hold numbers (how long each customer has been a customer, e.g. tenure in months).`);
  }
  const event = eventCodes(table, request);
  const cols = request.covariates.map((name) => getColumn(table, name));
  // Rows with every value present.
  const keep: number[] = [];
  let missing = 0, nonPositiveTime = 0;
  for (let r = 0; r < table.rows; r++) {
    const t = timeCol.values[r];
    let ok = !Number.isNaN(t) && !Number.isNaN(event[r]);
    for (const c of cols) if (ok) ok = isNumericColumn(c) ? !Number.isNaN(c.values[r]) : c.codes[r] >= 0;
    if (!ok) missing++;
    else if (!(t > 0)) nonPositiveTime++;
    else keep.push(r);
  }
  const n = keep.length;
  if (n === 0) throw new Error(`No rows left: ${missing} have a missing value and ${nonPositiveTime} a time of 0 or less.`);
  const encodings: CoxEncoding[] = [];
  const columns: Float64Array[] = [];
  for (const c of cols) {
    if (c.type === 'date' || c.type === 'id') throw new Error(`"${c.name}" is ${c.type === 'id' ? 'an id' : 'a date'} column: it cannot be a covariate.`);
    if (isNumericColumn(c) && c.type !== 'boolean') {
      const v = Float64Array.from(keep, (r) => c.values[r]);
      columns.push(v);
      encodings.push({ column: c.name, kind: 'numeric', names: [c.name], sd: standardDeviation(v) });
    } else if (isNumericColumn(c)) {
      const labels = booleanLabels(request.reasons?.[c.name]);
      const name = labels ? `${c.name}=${labels[0]}` : c.name;
      columns.push(Float64Array.from(keep, (r) => c.values[r]));
      encodings.push({ column: c.name, kind: 'indicator', names: [name], reference: labels?.[1], levels: labels ? [labels[0]] : undefined });
    } else {
      const counts = new Float64Array(c.dictionary.length);
      for (const r of keep) counts[c.codes[r]]++;
      const present = [...counts.keys()].filter((k) => counts[k] > 0);
      if (present.length > MAX_LEVELS) throw new Error(`"${c.name}" has ${present.length} different values: too many for a covariate (at most ${MAX_LEVELS}).`);
      const falseLike = present.length === 2 ? present.find((k) => FALSE_LIKE.has(c.dictionary[k].toLowerCase())) : undefined;
      const ref = falseLike ?? present.reduce((a, b) => (counts[b] > counts[a] ? b : a), present[0]);
      const others = present.filter((k) => k !== ref).sort((a, b) => c.dictionary[a].localeCompare(c.dictionary[b]));
      const names = others.map((k) => `${c.name}=${c.dictionary[k]}`);
      for (const k of others) columns.push(Float64Array.from(keep, (r) => (c.codes[r] === k ? 1 : 0)));
      encodings.push({ column: c.name, kind: 'levels', names, reference: c.dictionary[ref], levels: others.map((k) => c.dictionary[k]) });
    }
  }
  const names = encodings.flatMap((e) => e.names);
  const p = names.length;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) x[i * p + j] = columns[j][i];
  return {
    data: { time: Float64Array.from(keep, (r) => timeCol.values[r]), event: Float64Array.from(keep, (r) => event[r]), x, names },
    encodings,
    rowIndex: Int32Array.from(keep),
    dropped: { missing, nonPositiveTime },
  };
}

export interface CoxProfile {
  name: string;
  time: number[];
  survival: number[];
}

export interface CoxRun {
  fit: CoxFit;
  encodings: CoxEncoding[];
  dropped: CoxPrepared['dropped'];
  profiles: CoxProfile[];
  /** The column the profiles vary (others at their means), or null for the mean profile alone. */
  profileBy: string | null;
  /**
   * Per model row: table row, customer id (or row number), time, event, risk score exp(eta) and, for those still
   * at risk, the expected remaining lifetime (`remaining`: up to the last observed time, then the exponential
   * tail below) and its part up to the last observed time alone (`restricted`; absent in runs stored before it).
   */
  perCustomer: { row: Int32Array; id: string[]; time: Float64Array; event: Uint8Array; relativeRisk: Float64Array; remaining: Float64Array; restricted?: Float64Array };
  /** The baseline hazard per unit of time assumed past the last observed time (tailHazard); null: no tail, remaining = restricted. */
  tail?: { hazard: number; from: number; to: number } | null;
  /** The time column (its units are the lifetimes' units; absent in runs stored before it). */
  timeName?: string;
  seconds: number;
}

/**
 * Fits and adds what the page shows. The remaining lifetime is NaN for customers whose event happened. Past the
 * last observed time the baseline is unknown; a restricted mean alone gives the longest-tenure customers 0, so
 * the expected remaining lifetime adds an exponential tail at the late baseline hazard (named wherever shown).
 */
export function runCox(table: Table, request: CoxRequest, started = performance.now()): CoxRun {
  const prep = prepareCox(table, request);
  const { data } = prep;
  const n = data.time.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += data.event[i];
  if (events === n) {
    throw new Error(`Every one of the ${n} customers has the event ("${request.event}"), so nobody is still active: check the event column and its value.`);
  }
  const fit = fitCox(data, { phTransform: request.phTransform });
  // Each remaining lifetime walks the baseline from the customer's time on: with many distinct event times
  // (continuous times, millions of rows) that is done on a grid of REMAINING_GRID of them, not every one.
  const grid = thinBaseline(fit, REMAINING_GRID);
  const tail = tailHazard(fit);
  const p = data.names.length;
  const relativeRisk = new Float64Array(n);
  const remaining = new Float64Array(n);
  const restricted = new Float64Array(n);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = data.x[i * p + j];
    const eta = centredRisk(fit, row);
    relativeRisk[i] = Math.exp(eta);
    if (data.event[i]) {
      remaining[i] = restricted[i] = NaN;
      continue;
    }
    restricted[i] = remainingLifetime(fit, eta, data.time[i], grid);
    remaining[i] = tail ? restricted[i] + tailLifetime(fit, eta, data.time[i], tail.hazard) : restricted[i];
  }
  const idCol = request.id ? getColumn(table, request.id) : null;
  const id = Array.from(prep.rowIndex, (r) => (idCol ? cellText(idCol, r) : String(r + 1)));
  const { profiles, profileBy } = buildProfiles(fit, prep.encodings, request.profileBy);
  return {
    fit,
    encodings: prep.encodings,
    dropped: prep.dropped,
    profiles,
    profileBy,
    perCustomer: { row: prep.rowIndex, id, time: Float64Array.from(data.time), event: Uint8Array.from(data.event), relativeRisk, remaining, restricted },
    tail,
    timeName: request.time,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Distinct event times at most for the remaining lifetimes at full resolution; above it a grid of them. */
export const REMAINING_GRID = 500;

/** The baseline at `max` evenly spaced event times (always the last), when it has more (remainingLifetime's grid). */
export function thinBaseline(fit: CoxFit, max: number): CoxFit['baseline'] {
  const { time, cumulativeHazard } = fit.baseline;
  if (time.length <= max) return fit.baseline;
  const idx = [...new Set(Array.from({ length: max }, (_, k) => Math.round((k * (time.length - 1)) / (max - 1))))];
  // Each kept step carries the hazard of the middle of the jumps it stands for, so the error is centred, not one-sided.
  const mid = (k: number) => (k + 1 < idx.length ? cumulativeHazard[Math.round((idx[k] + idx[k + 1] - 1) / 2)] : cumulativeHazard[idx[k]]);
  return { time: idx.map((i) => time[i]), cumulativeHazard: idx.map((_, k) => mid(k)) };
}

/** Profiles: each level of one categorical covariate (up to 4), the other covariates at their means. */
function buildProfiles(fit: CoxFit, encodings: CoxEncoding[], by: string | undefined): { profiles: CoxProfile[]; profileBy: string | null } {
  const enc = by ? encodings.find((e) => e.column === by) : encodings.find((e) => e.kind !== 'numeric');
  if (by && !enc) throw new Error(`Profiles by "${by}": it is not one of the covariates.`);
  if (!enc || enc.kind === 'numeric') {
    const mean = profileSurvival(fit, fit.means);
    if (!enc) return { profiles: [{ name: 'average customer', ...mean }], profileBy: null };
    // A numeric covariate: its 10th, 50th and 90th percentiles are not kept, so use mean -/+ one standard error of nothing; say mean only.
    return { profiles: [{ name: `average customer`, ...mean }], profileBy: null };
  }
  const start = fit.names.indexOf(enc.names[0]);
  const levels = [enc.reference ?? '(reference)', ...(enc.levels ?? enc.names)].slice(0, 4);
  const profiles = levels.map((level, k) => {
    const x = fit.means.slice();
    for (let j = 0; j < enc.names.length; j++) x[start + j] = k === 0 ? 0 : j === k - 1 ? 1 : 0;
    const label = enc.kind === 'indicator' && !enc.reference ? `${enc.column} = ${k === 0 ? 0 : 1}` : `${enc.column} = ${level}`;
    return { name: label, ...profileSurvival(fit, x) };
  });
  return { profiles, profileBy: enc.column };
}

/** The CLI's JSON: by covariate name. */
export function summariseCox(run: CoxRun) {
  const by = (f: (c: CoxFit['covariates'][number]) => number) => Object.fromEntries(run.fit.covariates.map((c) => [c.name, f(c)]));
  return {
    rows: run.fit.rows,
    events: run.fit.events,
    dropped: run.dropped,
    coef: by((c) => c.coef),
    se: by((c) => c.se),
    hazardRatio: by((c) => c.hazardRatio),
    lower95: by((c) => c.lower),
    upper95: by((c) => c.upper),
    p: by((c) => c.p),
    loglik: run.fit.loglik,
    concordance: run.fit.concordance,
    ph: by((c) => c.phP),
    phGlobal: run.fit.phGlobal.p,
    phTransform: run.fit.phTransform,
    references: Object.fromEntries(run.encodings.filter((e) => e.reference).map((e) => [e.column, e.reference])),
    remainingLifetimeHorizon: run.fit.maxTime,
    /** Past the horizon the expected remaining lifetimes assume this constant baseline hazard (per unit of time, mean of from..to). */
    remainingTail: run.tail ?? null,
    hazardRatioPerSd: Object.fromEntries(run.encodings.filter((e) => e.sd !== undefined).map((e) => [e.column, Math.exp(run.fit.covariates[run.fit.names.indexOf(e.names[0])].coef * e.sd!)])),
  };
}

export type CoxSortKey = 'id' | 'time' | 'relativeRisk' | 'remaining' | 'restricted';

export interface CoxRowsQuery {
  sort: CoxSortKey;
  descending: boolean;
  offset: number;
  limit: number;
}

export interface CoxRow {
  id: string;
  time: number;
  event: boolean;
  relativeRisk: number;
  /** Null when the event happened. Includes the exponential tail past the last observed time (CoxRun.tail). */
  remaining: number | null;
  /** The part up to the last observed time (restricted mean); null when the event happened or in runs stored before it. */
  restricted: number | null;
}

export interface CoxRowsPage {
  total: number;
  offset: number;
  rows: CoxRow[];
}

/** The per-customer table, sorted once per key and paged (it stays in the worker). */
export class CoxRows {
  private orders = new Map<string, Int32Array>();
  constructor(readonly run: CoxRun) {}

  private order(sort: CoxSortKey, descending: boolean): Int32Array {
    const key = `${sort}:${descending}`;
    let o = this.orders.get(key);
    if (!o) {
      const pc = this.run.perCustomer;
      const idx = Array.from({ length: pc.id.length }, (_, i) => i);
      const sign = descending ? -1 : 1;
      const val = (i: number) => (sort === 'time' ? pc.time[i] : sort === 'relativeRisk' ? pc.relativeRisk[i] : sort === 'restricted' ? (pc.restricted?.[i] ?? NaN) : pc.remaining[i]);
      if (sort === 'id') idx.sort((a, b) => sign * pc.id[a].localeCompare(pc.id[b]) || a - b);
      // Customers with no remaining lifetime (the event happened) sort last either way.
      else idx.sort((a, b) => {
        const va = val(a), vb = val(b);
        if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(va) ? 1 : -1;
        return sign * (va - vb) || a - b;
      });
      o = Int32Array.from(idx);
      this.orders.set(key, o);
    }
    return o;
  }

  row(i: number): CoxRow {
    const pc = this.run.perCustomer;
    const value = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
    return { id: pc.id[i], time: pc.time[i], event: pc.event[i] === 1, relativeRisk: pc.relativeRisk[i], remaining: value(pc.remaining[i]), restricted: value(pc.restricted?.[i]) };
  }

  page(q: CoxRowsQuery): CoxRowsPage {
    const o = this.order(q.sort, q.descending);
    const limit = Math.max(0, Math.min(500, q.limit));
    const rows: CoxRow[] = [];
    for (let k = q.offset; k < Math.min(o.length, q.offset + limit); k++) rows.push(this.row(o[k]));
    return { total: o.length, offset: q.offset, rows };
  }

  csv(): string {
    const pc = this.run.perCustomer;
    const { fit, encodings, tail, timeName } = this.run;
    // The note (units, the extrapolated tail, a failed PH check) rides in its own column on the first row, so
    // the file stays one header and plain rows for a spreadsheet or a script.
    const note = coxCsvNote({ timeName, horizon: fit.maxTime, tail: !!tail, phColumns: phFailingColumns(fit.covariates, encodings) });
    const rows = pc.id.map((_, i) => {
      const r = this.row(i);
      return [r.id, r.time, r.event ? 1 : 0, r.relativeRisk, r.remaining ?? '', r.restricted ?? '', i === 0 ? note : ''];
    });
    // expected_remaining_lifetime includes the exponential tail past the last observed time; the last column stops there.
    return toCsv(['customer', 'time', 'event', 'relative_risk', 'expected_remaining_lifetime', 'remaining_up_to_last_observed_time', 'note'], rows);
  }
}

/**
 * The coefficient table as CSV. A numeric covariate's hazard ratio is per 1 unit of its column; with the
 * encodings, its standard deviation and the hazard ratio per standard deviation follow (empty for levels).
 */
export function coxCoefficientsCsv(fit: Pick<CoxFit, 'covariates'>, encodings: CoxEncoding[] = []): string {
  const sd = new Map(encodings.filter((e) => e.sd !== undefined).map((e) => [e.names[0], e.sd!]));
  return toCsv(
    ['covariate', 'coef', 'se', 'hazard_ratio', 'hr_lower_95', 'hr_upper_95', 'z', 'p', 'ph_chi_square', 'ph_p', 'sd', 'hazard_ratio_per_sd'],
    fit.covariates.map((c) => {
      const s = sd.get(c.name);
      return [c.name, c.coef, c.se, c.hazardRatio, c.lower, c.upper, c.z, c.p, c.phChiSquare, c.phP, s ?? null, s === undefined ? null : Math.exp(c.coef * s)];
    }),
  );
}
