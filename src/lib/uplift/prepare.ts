// From a campaign table to the learners' inputs: the treatment and outcome as 0/1 (checked: two values
// each, enough rows in each arm and class), the customer key, and a numeric feature matrix (numbers as they
// are, categories one-hot over their most frequent levels).
import { cellText, getColumn, isNumericColumn, type CategoricalColumn, type Column, type Table } from '../data/table';
import type { UpliftRequest } from './types';

/** Fewer rows than this in an arm (or an outcome class) leave too little to fit and compare learners. */
export const MIN_PER_ARM = 50;
export const MIN_PER_OUTCOME = 20;
const MAX_LEVELS = 20;
const TREATED_WORDS = new Set(['1', 'true', 'yes', 'y', 't', 'treated', 'treatment', 'test', 'contacted', 'offer', 'targeted']);
const CONTROL_WORDS = new Set(['0', 'false', 'no', 'n', 'f', 'control', 'holdout', 'hold-out', 'not contacted', 'untreated']);
const GOOD_WORDS = new Set(['1', 'true', 'yes', 'y', 't', 'retained', 'stayed', 'converted', 'responded', 'renewed', 'active', 'success']);
const BAD_WORDS = new Set(['0', 'false', 'no', 'n', 'f', 'churned', 'lost', 'left', 'cancelled', 'canceled', 'lapsed', 'inactive']);
/** Names of known-truth columns of simulated campaigns: never features. */
const TRUTH_NAME = /^(true|known)[_ ]?(uplift|effect|cate)$/i;

export interface TwoValued {
  /** 1 = the chosen value, 0 = the other, 255 = missing. */
  codes: Uint8Array;
  chosen: string;
  other: string;
}

const norm = (s: string) => s.trim().toLowerCase();

function distinct(c: Column, rows: number, limit: number): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < rows && seen.size <= limit; i++) {
    const v = cellText(c, i);
    if (v !== '') seen.add(v);
  }
  return [...seen];
}

/** Encodes a two-valued column; `want` names the value coded 1, else it is guessed from `yes`/`no` word lists. */
export function encodeTwoValued(table: Table, column: string, what: 'treatment' | 'outcome', want?: string): TwoValued {
  const c = getColumn(table, column);
  const name = what === 'treatment' ? 'Treatment' : 'Outcome';
  const values = distinct(c, table.rows, 12);
  if (values.length === 0) throw new Error(`${name} column "${column}" is empty`);
  if (values.length === 1) {
    throw new Error(
      what === 'treatment'
        ? `Treatment column "${column}" has only one value ("${values[0]}"): a campaign needs both treated and control customers`
        : `Outcome column "${column}" has only one value ("${values[0]}"); it must have exactly two`,
    );
  }
  if (values.length > 2) {
    const shown = values.slice(0, 5).map((v) => `"${v}"`).join(', ');
    throw new Error(`${name} column "${column}" has ${values.length > 12 ? 'more than 12' : values.length} distinct values (${shown}${values.length > 5 ? ', ...' : ''}); it must have exactly two`);
  }
  // Boolean columns hold 0/1 whatever the file said (yes/no, true/false): shown as true/false, and any
  // yes-like word names 1.
  const isBoolean = c.type === 'boolean';
  const shown = (v: string) => (isBoolean ? (v === '1' ? 'true' : 'false') : v);
  const matches = (v: string, w: string) =>
    norm(v) === norm(w) || (Number(v) === Number(w) && w.trim() !== '') || (isBoolean && ((v === '1' && (TREATED_WORDS.has(norm(w)) || GOOD_WORDS.has(norm(w)))) || (v === '0' && (CONTROL_WORDS.has(norm(w)) || BAD_WORDS.has(norm(w))))));
  let chosen: number;
  if (want !== undefined) {
    chosen = values.findIndex((v) => matches(v, want));
    if (chosen < 0) throw new Error(`${what === 'treatment' ? 'Treated' : 'Positive'} value "${want}" is not in ${what} column "${column}" (values: "${shown(values[0])}", "${shown(values[1])}")`);
  } else {
    const yes = what === 'treatment' ? TREATED_WORDS : GOOD_WORDS;
    const no = what === 'treatment' ? CONTROL_WORDS : BAD_WORDS;
    const y = values.map((v) => yes.has(norm(v)));
    const n = values.map((v) => no.has(norm(v)));
    chosen = y[0] && !y[1] ? 0 : y[1] && !y[0] ? 1 : n[0] && !n[1] ? 1 : n[1] && !n[0] ? 0 : -1;
    if (chosen < 0) {
      throw new Error(`Cannot tell which value of "${column}" means ${what === 'treatment' ? 'treated' : 'the good outcome'} ("${shown(values[0])}" or "${shown(values[1])}"); name it`);
    }
  }
  const codes = new Uint8Array(table.rows);
  for (let i = 0; i < table.rows; i++) {
    const v = cellText(c, i);
    codes[i] = v === '' ? 255 : v === values[chosen] ? 1 : 0;
  }
  return { codes, chosen: shown(values[chosen]), other: shown(values[1 - chosen]) };
}

export interface PreparedUplift {
  /** Rows kept (treatment and outcome present), as indices of the table. */
  rows: Int32Array;
  treated: Uint8Array;
  outcome: Uint8Array;
  treatment: TwoValued;
  result: TwoValued;
  key: string | null;
  customers: string[];
  features: string[];
  /** The model matrix: rows x columns (one per number, one per kept category level). */
  X: Float32Array;
  columns: string[];
  truth: Float64Array | null;
  dropped: number;
  notes: string[];
}

function defaultKey(table: Table, request: UpliftRequest): string | null {
  if (request.key) return getColumn(table, request.key).name;
  const id = table.columns.find((c) => c.type === 'id') ?? table.columns.find((c) => /^(customer|client|user)[_ ]?(id|key)$/i.test(c.name));
  return id?.name ?? null;
}

export function defaultFeatures(table: Table, request: Pick<UpliftRequest, 'treatment' | 'outcome' | 'key' | 'truth'>, key: string | null): string[] {
  const skip = new Set([request.treatment, request.outcome, key, request.truth].filter(Boolean));
  return table.columns.filter((c) => !skip.has(c.name) && !TRUTH_NAME.test(c.name) && c.type !== 'id' && c.type !== 'text').map((c) => c.name);
}

/** Checks and encodes; throws an Error a user can act on. */
export function prepareUplift(table: Table, request: UpliftRequest): PreparedUplift {
  if (request.treatment === request.outcome) throw new Error('The treatment and the outcome must be different columns');
  const treatment = encodeTwoValued(table, request.treatment, 'treatment', request.treated);
  const result = encodeTwoValued(table, request.outcome, 'outcome', request.positive);
  const keep: number[] = [];
  for (let i = 0; i < table.rows; i++) if (treatment.codes[i] !== 255 && result.codes[i] !== 255) keep.push(i);
  const rows = Int32Array.from(keep);
  const treated = Uint8Array.from(keep, (i) => treatment.codes[i]);
  const outcome = Uint8Array.from(keep, (i) => result.codes[i]);
  const nT = treated.reduce((s, v) => s + v, 0);
  const nC = rows.length - nT;
  const good = outcome.reduce((s, v) => s + v, 0);
  if (nT === 0) throw new Error(`No treated rows: no row has ${request.treatment} = "${treatment.chosen}" with an outcome`);
  if (nC === 0) throw new Error(`No control rows: every row with an outcome has ${request.treatment} = "${treatment.chosen}"`);
  if (nT < MIN_PER_ARM || nC < MIN_PER_ARM) {
    throw new Error(`Too few rows: ${nT} treated and ${nC} control (need at least ${MIN_PER_ARM} in each arm to fit and compare uplift models)`);
  }
  if (good < MIN_PER_OUTCOME || rows.length - good < MIN_PER_OUTCOME) {
    throw new Error(`Too few rows of one outcome: ${good} with ${request.outcome} = "${result.chosen}" and ${rows.length - good} with "${result.other}" (need at least ${MIN_PER_OUTCOME} of each)`);
  }
  const key = defaultKey(table, request);
  const keyCol = key ? getColumn(table, key) : null;
  const customers = Array.from(keep, (i) => (keyCol ? cellText(keyCol, i) : String(i + 1)));
  const features = request.features ?? defaultFeatures(table, request, key);
  for (const f of features) {
    if (f === request.treatment || f === request.outcome) throw new Error(`"${f}" cannot be a feature: it is the ${f === request.treatment ? 'treatment' : 'outcome'}`);
  }
  if (features.length === 0) throw new Error('No feature columns: the file needs customer features besides the key, treatment and outcome');
  const blocks: { name: string; get: (i: number) => number }[] = [];
  const notes: string[] = [];
  for (const f of features) {
    const c = getColumn(table, f);
    if (isNumericColumn(c)) blocks.push({ name: f, get: (i) => c.values[i] });
    else for (const b of levelColumns(c, keep, notes)) blocks.push(b);
  }
  const X = new Float32Array(keep.length * blocks.length);
  keep.forEach((i, j) => blocks.forEach((b, m) => (X[j * blocks.length + m] = b.get(i))));
  const truthCol = request.truth ? getColumn(table, request.truth) : null;
  if (truthCol && !isNumericColumn(truthCol)) throw new Error(`Truth column "${request.truth}" must hold numbers (each customer's known uplift)`);
  const truth = truthCol && isNumericColumn(truthCol) ? Float64Array.from(keep, (i) => truthCol.values[i]) : null;
  const dropped = table.rows - keep.length;
  if (dropped > 0) notes.push(`${dropped} rows without a treatment or an outcome were left out`);
  if (!key) notes.push('No customer key column: customers are numbered by row');
  return { rows, treated, outcome, treatment, result, key, customers, features, X, columns: blocks.map((b) => b.name), truth, dropped, notes };
}

/** One 0/1 column per level among the MAX_LEVELS most frequent (the rest and missing: all zeros). */
function levelColumns(c: CategoricalColumn, keep: number[], notes: string[]): { name: string; get: (i: number) => number }[] {
  const counts = new Float64Array(c.dictionary.length);
  for (const i of keep) if (c.codes[i] >= 0) counts[c.codes[i]]++;
  const levels = [...counts.keys()].filter((l) => counts[l] > 0).sort((a, b) => counts[b] - counts[a] || a - b);
  if (levels.length > MAX_LEVELS) notes.push(`"${c.name}" has ${levels.length} values: its ${MAX_LEVELS} most frequent are used`);
  return levels.slice(0, MAX_LEVELS).map((l) => ({ name: `${c.name}=${c.dictionary[l]}`, get: (i: number) => (c.codes[i] === l ? 1 : 0) }));
}
