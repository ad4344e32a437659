// The leakage audit, run before every churn training. A column recorded after the fact (a cancellation
// date, a "churn reason") makes the model look far better than it will be on new customers. Four checks,
// each on the columns the pipeline would use:
// - a single feature that alone separates churners (ROC AUC above 0.95 or below 0.05);
// - a near copy of the label (a split of one feature agrees with it on 99% of rows);
// - a column that only exists (or is only missing) for churned customers: its missingness is the label;
// - a date column with values after the cutoff (the snapshot's cutoff, the latest linked transaction,
//   or today), which cannot have been known when the prediction is made.
// Findings are warnings: the user excludes a column with one click; nothing is dropped silently.
import { getColumn, isNumericColumn, type Table } from '../../data/table';
import { rocAuc } from '../../metrics';
import type { PipelineOptions } from './options';
import { fitPipeline, transformTable, type FeatureMatrix } from './pipeline';

export type LeakageKind = 'copy' | 'auc' | 'only-churned' | 'future-date';

export interface LeakageFinding {
  column: string;
  /** Every check this column failed, the strongest first. */
  kinds: LeakageKind[];
  /** Why, in words (one sentence per failed check). */
  reason: string;
  /** The encoded feature of the AUC / copy checks, when one of those fired. */
  feature?: string;
  /** ROC AUC of that feature alone as a score. */
  auc?: number;
}

/** The name the inspection and the run have always used. */
export type LeakageWarning = LeakageFinding;

export interface LeakageOptions {
  /** Flag a single feature whose AUC is above this (or below 1 - this). */
  maxAuc: number;
  /** Flag a feature that agrees with the label on at least this share of rows (a near copy). */
  maxAgreement: number;
  /** Flag a missingness state (present, or missing) when at least this share of its rows churned... */
  onlyChurnedShare: number;
  /** ...it holds at least this many churned rows... */
  onlyChurnedMin: number;
  /** ...and at least this share of all churned rows. */
  onlyChurnedCover: number;
  /** The AUC and copy checks read at most this many rows (evenly spaced); the others read every row. */
  maxRows: number;
}

export const defaultLeakageOptions: LeakageOptions = { maxAuc: 0.95, maxAgreement: 0.99, onlyChurnedShare: 0.99, onlyChurnedMin: 10, onlyChurnedCover: 0.05, maxRows: 100_000 };

/** Instant after which a date cannot be known when predicting, and what it is, in words. */
export interface LeakageCutoff {
  at: number;
  /** e.g. "the label's cutoff", "the latest date of the linked transactions", "today". */
  what: string;
}

export interface LeakageAuditInput {
  table: Table;
  target: string;
  /** Labelled table rows and their 0/1 labels. */
  rows: Int32Array;
  y: ArrayLike<number>;
  /** Pipeline options of the training (columns the user excluded are not audited). */
  pipeline?: Partial<PipelineOptions>;
  /** Dates after this are flagged; without it no date check is made. */
  cutoff?: LeakageCutoff;
}

const KIND_ORDER: LeakageKind[] = ['copy', 'only-churned', 'future-date', 'auc'];
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const pct = (a: number, b: number): string => `${b ? ((100 * a) / b).toFixed(a === b || a === 0 ? 0 : 1) : '0'}%`;

type Found = { kinds: Set<LeakageKind>; reasons: Map<LeakageKind, string>; feature?: string; auc?: number; strength: number };

/** Audits the columns a churn pipeline would use on `rows`; one finding per column, most suspicious first. */
export function leakageAudit(input: LeakageAuditInput, options: Partial<LeakageOptions> = {}): LeakageFinding[] {
  const o = { ...defaultLeakageOptions, ...options };
  const { table, target, rows, y } = input;
  if (y.length !== rows.length) throw new Error(`y has ${y.length} labels for ${rows.length} rows`);
  if (rows.length === 0) return [];
  const pipeline = fitPipeline(table, target, rows, input.pipeline);
  const found = new Map<string, Found>();
  const add = (column: string, kind: LeakageKind, reason: string, strength: number, extra: { feature?: string; auc?: number } = {}): void => {
    let f = found.get(column);
    if (!f) found.set(column, (f = { kinds: new Set(), reasons: new Map(), strength: 0 }));
    if (f.kinds.has(kind)) return;
    f.kinds.add(kind);
    f.reasons.set(kind, reason);
    f.strength = Math.max(f.strength, strength);
    if (extra.feature !== undefined && f.feature === undefined) Object.assign(f, extra);
  };

  // Separation and near copies, on the encoded features of (up to maxRows) labelled rows.
  const step = Math.max(1, Math.ceil(rows.length / o.maxRows));
  const sample = step === 1 ? Int32Array.from(rows.keys()) : Int32Array.from({ length: Math.ceil(rows.length / step) }, (_, i) => i * step);
  const ySample = Float64Array.from(sample, (i) => y[i]);
  const fm = transformTable(pipeline, table, Int32Array.from(sample, (i) => rows[i]));
  for (const f of featureFindings(fm, ySample, o)) add(f.column, f.kind, f.reason, f.strength, { feature: f.feature, auc: f.auc });

  let churned = 0;
  for (let i = 0; i < y.length; i++) churned += y[i] === 1 ? 1 : 0;
  const others = rows.length - churned;
  for (const s of pipeline.steps) {
    const c = getColumn(table, s.column);
    const missingAt = isNumericColumn(c) ? (r: number) => Number.isNaN(c.values[r]) : (r: number) => c.codes[r] < 0;
    // Missingness vs label: a state (has a value / has none) that is almost only churned customers.
    let presentPos = 0;
    let presentNeg = 0;
    rows.forEach((r, i) => {
      if (missingAt(r)) return;
      if (y[i] === 1) presentPos++;
      else presentNeg++;
    });
    const states = [
      { what: 'has a value', pos: presentPos, neg: presentNeg, words: 'only exists for churned customers' },
      { what: 'is empty', pos: churned - presentPos, neg: others - presentNeg, words: 'is only missing for churned customers' },
    ];
    for (const st of states) {
      const n = st.pos + st.neg;
      if (n && st.pos / n >= o.onlyChurnedShare && st.pos >= o.onlyChurnedMin && st.pos >= o.onlyChurnedCover * churned && others > 0 && churned / rows.length < o.onlyChurnedShare) {
        add(
          c.name,
          'only-churned',
          `"${c.name}" ${st.words}: it ${st.what} for ${st.pos} of ${churned} churned (${pct(st.pos, churned)}) and ${st.neg} of ${others} other customers (${pct(st.neg, others)}); it is probably filled in when or after a customer leaves`,
          1,
        );
      }
    }
    // Dates after the cutoff (every row of the table: a future date anywhere means the column is written later).
    if (c.type === 'date' && input.cutoff && isNumericColumn(c)) {
      let after = 0;
      let present = 0;
      let latest = -Infinity;
      for (const v of c.values) {
        if (Number.isNaN(v)) continue;
        present++;
        if (v > input.cutoff.at) after++;
        if (v > latest) latest = v;
      }
      if (after > 0) {
        add(
          c.name,
          'future-date',
          `"${c.name}" has ${after} of ${present} dates after ${input.cutoff.what} (${isoDay(input.cutoff.at)}), up to ${isoDay(latest)}: those cannot be known when the prediction is made`,
          0.99,
        );
      }
    }
  }

  return [...found.entries()]
    .sort((a, b) => b[1].strength - a[1].strength || (a[0] < b[0] ? -1 : 1))
    .map(([column, f]) => {
      const kinds = KIND_ORDER.filter((k) => f.kinds.has(k));
      return {
        column,
        kinds,
        reason: kinds.map((k) => f.reasons.get(k)).join('; '),
        ...(f.feature !== undefined ? { feature: f.feature, auc: f.auc } : {}),
      };
    });
}

/** AUC and near-copy checks per encoded feature: at most one per source column (its most suspicious feature). */
function featureFindings(fm: FeatureMatrix, y: ArrayLike<number>, o: LeakageOptions): { column: string; kind: LeakageKind; reason: string; feature: string; auc: number; strength: number }[] {
  const { X, rows, features: d } = fm;
  let pos = 0;
  for (let i = 0; i < rows; i++) pos += y[i] === 1 ? 1 : 0;
  if (pos === 0 || pos === rows) return [];
  const col = new Float64Array(rows);
  const worst = new Map<number, { column: string; kind: LeakageKind; reason: string; feature: string; auc: number; strength: number }>();
  for (let j = 0; j < d; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      col[i] = X[i * d + j];
      if (col[i] < lo) lo = col[i];
      if (col[i] > hi) hi = col[i];
    }
    if (lo === hi) continue;
    const auc = rocAuc(y, col);
    // Agreement of the feature split at its midpoint with the label, in either direction.
    let agree = 0;
    const mid = (lo + hi) / 2;
    for (let i = 0; i < rows; i++) if ((col[i] > mid ? 1 : 0) === y[i]) agree++;
    const agreement = Math.max(agree, rows - agree) / rows;
    const strength = Math.max(auc, 1 - auc);
    const label = fm.labels[j];
    let hit: { kind: LeakageKind; reason: string } | null = null;
    if (agreement >= o.maxAgreement) hit = { kind: 'copy', reason: `"${label}" is a near copy of the label (matches it on ${(agreement * 100).toFixed(1)}% of rows); it may be recorded after churn` };
    else if (strength > o.maxAuc) hit = { kind: 'auc', reason: `"${label}" alone separates churned customers almost perfectly (AUC ${auc.toFixed(3)}); check it is known before a customer churns` };
    if (!hit) continue;
    const g = fm.groups[j];
    const prev = worst.get(g);
    const s = hit.kind === 'copy' ? 1 + strength : strength;
    if (!prev || s > prev.strength) worst.set(g, { column: fm.groupNames[g], ...hit, feature: fm.names[j], auc, strength: s });
  }
  return [...worst.values()];
}

/** The pre-audit name, on a feature matrix: only the AUC and near-copy checks. */
export function leakageWarnings(fm: FeatureMatrix, y: ArrayLike<number>, options: Partial<LeakageOptions> = {}): LeakageFinding[] {
  if (y.length !== fm.rows) throw new Error(`y has ${y.length} labels for ${fm.rows} rows`);
  return featureFindings(fm, y, { ...defaultLeakageOptions, ...options })
    .sort((a, b) => b.strength - a.strength)
    .map((f) => ({ column: f.column, kinds: [f.kind], reason: f.reason, feature: f.feature, auc: f.auc }));
}
