// The early-warning monitor: two scorings of the same saved model compared. Who crossed into the
// high-risk band (customers matched by id), who left it, how far the score distribution moved
// (population stability index) and which model inputs drifted most (PSI per column). A scoring keeps
// binned summaries of its own columns, so the next one is compared without the previous raw data.
import { cellText, isNumericColumn, type Column, type Table } from '../data/table';
import type { ColumnStep } from '../features/churn/pipeline';
import type { SavedChurnModel } from '../models/churn/saved';

/** Scorings kept per saved model (the oldest go first). */
export const HISTORY_LIMIT = 12;
/** Bins of a numeric distribution: cut at the previous scoring's deciles. */
export const PSI_BINS = 10;
/** Share given to an empty bin, so that ln(a/e) stays finite. */
export const PSI_EPSILON = 1e-4;
/** The usual reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a major one. */
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
/** The high-risk band (BAND_NAMES[2]). */
export const HIGH_BAND = 2;

export type DriftReading = 'stable' | 'moderate' | 'major';

export function psiReading(psi: number): DriftReading {
  return psi > PSI_MAJOR ? 'major' : psi >= PSI_MODERATE ? 'moderate' : 'stable';
}

/**
 * One column (or the score) of a scoring, binned. Numeric: `counts[k]` for values <= edges[k] (and
 * above edges[k-1]), the last for values above every edge. Categorical: one count per level. Missing
 * values are counted apart, as their own bin.
 */
export type Distribution =
  | { kind: 'numeric'; edges: number[]; counts: number[]; missing: number }
  | { kind: 'categorical'; levels: string[]; counts: number[]; missing: number };

export interface ColumnSummary {
  column: string;
  dist: Distribution;
}

/** What a scoring keeps for the next comparison: every customer's score, and its binned distributions. */
export interface ScoringSnapshot {
  customers: string[];
  probability: Float64Array;
  band: Uint8Array;
  score: Distribution;
  columns: ColumnSummary[];
}

export interface DriftRow {
  feature: string;
  psi: number;
  reading: DriftReading;
}

/** Customers who crossed into the high band: before and after probability, riskiest (after) first. */
export interface CrossedList {
  customers: string[];
  before: Float64Array;
  after: Float64Array;
}

export interface MonitorComparison {
  /** Customers in both scorings (matched by id). */
  matched: number;
  crossedIntoHigh: number;
  leftHigh: number;
  psi: number;
  reading: DriftReading;
  /** PSI per model input column, largest first. */
  drift: DriftRow[];
  /** In words, when drift makes the model unreliable; null otherwise. */
  warning: string | null;
  crossed: CrossedList;
}

type Values = { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; texts: string[] };

/** The score's probabilities and bands per customer, as both a run and a saved-model scoring keep them. */
export interface ScoredCustomers {
  customers: string[];
  probability: Float64Array;
  band: Uint8Array;
}

/** The raw values of a model input column. Tolerates types a CSV read back may give (dates as text, numbers as text). */
export function stepValues(table: Table, step: ColumnStep): Values {
  const c: Column | undefined = table.columns.find((col) => col.name === step.column);
  if (!c) throw new Error(`No column "${step.column}" to compare (the model uses it)`);
  if (step.kind === 'categorical') return { kind: 'categorical', texts: Array.from({ length: table.rows }, (_, i) => cellText(c, i)) };
  if (isNumericColumn(c)) return { kind: 'numeric', values: c.values };
  const parse = step.kind === 'date' ? (s: string) => Date.parse(s) : (s: string) => (s.trim() === '' ? NaN : Number(s));
  return { kind: 'numeric', values: Float64Array.from({ length: table.rows }, (_, i) => parse(cellText(c, i))) };
}

/** Up to PSI_BINS - 1 distinct cut points at the deciles of the non-missing values. */
export function decileEdges(values: ArrayLike<number>): number[] {
  const v = Float64Array.from(Array.prototype.filter.call(values, (x: number) => !Number.isNaN(x)) as number[]).sort();
  if (v.length === 0) return [];
  const edges: number[] = [];
  for (let k = 1; k < PSI_BINS; k++) {
    const e = v[Math.min(v.length - 1, Math.floor((k * v.length) / PSI_BINS))];
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  // The largest value needs no cut: everything above the last edge is the last bin anyway.
  if (edges[edges.length - 1] === v[v.length - 1]) edges.pop();
  return edges;
}

/** Bins numeric values on `edges` (computed from them when not given). */
export function numericDistribution(values: ArrayLike<number>, edges = decileEdges(values)): Distribution {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) {
      missing++;
      continue;
    }
    // The first edge >= x (binary search).
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]++;
  }
  return { kind: 'numeric', edges, counts, missing };
}

/** Counts texts per level ('' = missing); with given `levels`, unseen ones fall into one extra bin. */
export function categoricalDistribution(texts: readonly string[], levels?: readonly string[]): Distribution {
  const known = levels ? [...levels] : [...new Set(texts.filter((t) => t !== ''))].sort();
  const index = new Map(known.map((l, i) => [l, i]));
  const counts = new Array<number>(known.length + (levels ? 1 : 0)).fill(0);
  let missing = 0;
  for (const t of texts) {
    if (t === '') missing++;
    else counts[index.get(t) ?? known.length]++;
  }
  return { kind: 'categorical', levels: known, counts, missing };
}

/** PSI = sum over bins of (a - e) ln(a / e), on shares; an empty bin counts as PSI_EPSILON. */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  const te = expected.reduce((s, x) => s + x, 0);
  const ta = actual.reduce((s, x) => s + x, 0);
  if (te === 0 || ta === 0) return 0;
  let sum = 0;
  for (let k = 0; k < expected.length; k++) {
    const e = Math.max(expected[k] / te, PSI_EPSILON);
    const a = Math.max((actual[k] ?? 0) / ta, PSI_EPSILON);
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/** PSI of new values against a previous distribution, on the previous bins (plus missing, plus unseen levels). */
export function distributionPsi(prev: Distribution, values: Values): number {
  if (prev.kind === 'numeric') {
    const v = values.kind === 'numeric' ? values.values : Float64Array.from(values.texts, (t) => (t === '' ? NaN : Number(t)));
    const now = numericDistribution(v, prev.edges);
    return psi([...prev.counts, prev.missing], [...now.counts, now.missing]);
  }
  const texts = values.kind === 'categorical' ? values.texts : Array.from(values.values, (x) => (Number.isNaN(x) ? '' : String(x)));
  const now = categoricalDistribution(texts, prev.levels);
  // The previous scoring had no unseen level: its extra bin is empty.
  return psi([...prev.counts, 0, prev.missing], [...now.counts, now.missing]);
}

function summarizeValues(values: Values): Distribution {
  return values.kind === 'numeric' ? numericDistribution(values.values) : categoricalDistribution(values.texts);
}

/** A scoring's snapshot: its scores and the binned distribution of the score and of each model input column. */
export function summarizeScoring(saved: SavedChurnModel, table: Table, scored: ScoredCustomers): ScoringSnapshot {
  return {
    customers: scored.customers,
    probability: scored.probability,
    band: scored.band,
    score: numericDistribution(scored.probability),
    columns: saved.pipeline.steps.map((s) => ({ column: s.column, dist: summarizeValues(stepValues(table, s)) })),
  };
}

/** The warning in words when drift makes the model unreliable (a major shift), else null. */
export function driftWarning(scorePsi: number, drift: readonly DriftRow[]): string | null {
  const major = drift.filter((d) => d.reading === 'major');
  if (major.length) {
    const [first, ...rest] = major;
    const others = rest.slice(0, 2).map((d) => `${d.feature} (${d.psi.toFixed(2)})`);
    const also = others.length ? `; also ${others.join(', ')}` : '';
    return `${first.feature} shifted (PSI ${first.psi.toFixed(2)})${also}: the model was trained on a different mix; retrain`;
  }
  if (psiReading(scorePsi) === 'major') return `The risk scores shifted (PSI ${scorePsi.toFixed(2)}) though no input column moved much: check the new file before acting on these scores`;
  return null;
}

/** Compares a new scoring (its table and scores) with the previous one's snapshot. */
export function compareScorings(prev: ScoringSnapshot, saved: SavedChurnModel, table: Table, now: ScoredCustomers): MonitorComparison {
  const before = new Map<string, number>();
  prev.customers.forEach((c, i) => before.set(c, i));
  const crossedRows: { customer: string; before: number; after: number }[] = [];
  let matched = 0;
  let leftHigh = 0;
  now.customers.forEach((c, i) => {
    const j = before.get(c);
    if (j === undefined) return;
    matched++;
    const wasHigh = prev.band[j] === HIGH_BAND;
    const isHigh = now.band[i] === HIGH_BAND;
    if (!wasHigh && isHigh) crossedRows.push({ customer: c, before: prev.probability[j], after: now.probability[i] });
    else if (wasHigh && !isHigh) leftHigh++;
  });
  crossedRows.sort((a, b) => b.after - a.after || (a.customer < b.customer ? -1 : 1));
  const scorePsi = distributionPsi(prev.score, { kind: 'numeric', values: now.probability });
  const previous = new Map(prev.columns.map((c) => [c.column, c.dist]));
  const drift: DriftRow[] = [];
  for (const step of saved.pipeline.steps) {
    const dist = previous.get(step.column);
    if (!dist) continue;
    const p = distributionPsi(dist, stepValues(table, step));
    drift.push({ feature: step.column, psi: p, reading: psiReading(p) });
  }
  drift.sort((a, b) => b.psi - a.psi || (a.feature < b.feature ? -1 : 1));
  return {
    matched,
    crossedIntoHigh: crossedRows.length,
    leftHigh,
    psi: scorePsi,
    reading: psiReading(scorePsi),
    drift,
    warning: driftWarning(scorePsi, drift),
    crossed: {
      customers: crossedRows.map((r) => r.customer),
      before: Float64Array.from(crossedRows, (r) => r.before),
      after: Float64Array.from(crossedRows, (r) => r.after),
    },
  };
}

/** One scoring of a dataset with a saved model, as the history keeps it ('churn-scoring', named by its id). */
export interface StoredScoring {
  id: string;
  modelId: string;
  modelName: string;
  /** ISO time of the scoring (of training, for the baseline). */
  createdAt: string;
  datasetId: string;
  datasetName: string;
  /** The model's own training customers, recorded as its first scoring so the first new file has something to compare with. */
  baseline: boolean;
  snapshot: ScoringSnapshot;
}

/** A scoring as the monitor names it. */
export interface ScoringRef {
  id: string;
  createdAt: string;
  datasetId: string;
  datasetName: string;
  customers: number;
  baseline: boolean;
}

export function scoringRef(s: StoredScoring): ScoringRef {
  return { id: s.id, createdAt: s.createdAt, datasetId: s.datasetId, datasetName: s.datasetName, customers: s.snapshot.customers.length, baseline: s.baseline };
}

/** The last comparison ('churn-monitor'): the header badge and the Monitor section read it. */
export interface StoredMonitor {
  modelId: string;
  modelName: string;
  previous: ScoringRef;
  current: ScoringRef;
  /** Scorings of this model kept (at most HISTORY_LIMIT). */
  history: number;
  comparison: MonitorComparison;
}

/** What the page shows: the comparison without its customer list (paged from the worker). */
export type MonitorView = Omit<StoredMonitor, 'comparison'> & Omit<MonitorComparison, 'crossed'> & { historyLimit: number };

export function monitorView(m: StoredMonitor): MonitorView {
  const { comparison, ...rest } = m;
  const { crossed: _crossed, ...summary } = comparison;
  return { ...rest, ...summary, historyLimit: HISTORY_LIMIT };
}
