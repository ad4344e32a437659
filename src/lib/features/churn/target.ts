// Turns a user's two-valued column into a 0/1 churn label. Churn data arrives in every spelling
// (Yes/No, True/False, 1/0, VRAI/FAUX, churned/active), so the positive value is guessed from a
// list of churn-like words unless the caller names it.
import { getColumn, isNumericColumn, type Column, type Table } from '../../data/table';

export interface Target {
  column: string;
  /** 1 = positive (churned), 0 = negative, NaN = label missing (the row is left out). */
  y: Float32Array;
  positive: string;
  negative: string;
  positives: number;
  negatives: number;
  missing: number;
}

export const MIN_ROWS_PER_CLASS = 50;

const POSITIVE_WORDS = new Set([
  'yes', 'y', 'true', 't', '1', 'vrai', 'oui', 'si', 'sí', 'ja', 'churn', 'churned', 'left', 'exited',
  'lost', 'cancelled', 'canceled', 'inactive', 'lapsed', 'attrited', 'attrited customer', 'positive',
]);
const NEGATIVE_WORDS = new Set([
  'no', 'n', 'false', 'f', '0', 'faux', 'non', 'nein', 'stayed', 'active', 'retained', 'existing',
  'existing customer', 'negative',
]);

const norm = (s: string): string => s.trim().toLowerCase();

/** The distinct non-missing values of a column, as text, in order of first appearance. */
function distinctValues(c: Column, limit: number): string[] {
  const seen = new Set<string>();
  if (isNumericColumn(c)) {
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      seen.add(String(v));
      if (seen.size > limit) break;
    }
  } else {
    const used = new Uint8Array(c.dictionary.length);
    for (const code of c.codes) if (code >= 0) used[code] = 1;
    c.dictionary.forEach((d, i) => {
      if (used[i]) seen.add(d);
    });
  }
  return [...seen].slice(0, limit + 1);
}

function matchesValue(value: string, wanted: string, isBoolean: boolean): boolean {
  const v = norm(value);
  const w = norm(wanted);
  if (v === w) return true;
  if (Number(v) === Number(w) && v !== '' && w !== '') return true;
  // Boolean columns hold 0/1, but users name their text ("Yes", "True", "VRAI").
  if (isBoolean) return (v === '1' && POSITIVE_WORDS.has(w)) || (v === '0' && NEGATIVE_WORDS.has(w));
  return false;
}

/**
 * Encodes `column` as the churn label. `positive` names the churned value (case-insensitive; for
 * 0/1 columns any yes-like word means 1); by default a yes/true/1/churned-like value is taken.
 * Throws when the column is an identifier, has one value or more than two, or has fewer than
 * `minPerClass` rows in a class.
 */
export function encodeTarget(table: Table, column: string, positive?: string, minPerClass = MIN_ROWS_PER_CLASS): Target {
  const c = getColumn(table, column);
  if (c.type === 'id') throw new Error(`Target column "${column}" is an identifier (one value per row), not a two-valued label`);
  if (c.type === 'date') throw new Error(`Target column "${column}" holds dates, not a two-valued label`);
  const values = distinctValues(c, 12);
  if (values.length === 0) throw new Error(`Target column "${column}" is empty`);
  if (values.length === 1) throw new Error(`Target column "${column}" has only one value ("${values[0]}"); a churn model needs two classes`);
  if (values.length > 2) {
    const shown = values.slice(0, 5).map((v) => `"${v}"`).join(', ');
    const more = values.length > 5 ? ', ...' : '';
    throw new Error(`Target column "${column}" has ${values.length > 12 ? 'more than 12' : values.length} distinct values (${shown}${more}); it must have exactly two`);
  }
  const isBoolean = c.type === 'boolean';
  let posIndex: number;
  if (positive !== undefined) {
    posIndex = values.findIndex((v) => matchesValue(v, positive, isBoolean));
    if (posIndex < 0) throw new Error(`Positive value "${positive}" is not in target column "${column}" (values: "${values[0]}", "${values[1]}")`);
  } else {
    // Numbers are only guessed for 0/1: in 1/2 or 3/7 either could mean churned.
    const numbers = isNumericColumn(c) && !isBoolean;
    const zeroOne = values.every((v) => v === '0' || v === '1');
    const pos = values.map((v) => POSITIVE_WORDS.has(norm(v)));
    const neg = values.map((v) => NEGATIVE_WORDS.has(norm(v)));
    posIndex = numbers && !zeroOne ? -1 : pos[0] && !pos[1] ? 0 : pos[1] && !pos[0] ? 1 : neg[0] && !neg[1] ? 1 : neg[1] && !neg[0] ? 0 : -1;
    if (posIndex < 0) throw new Error(`Cannot tell which value of "${column}" means churned ("${values[0]}" or "${values[1]}"); name it as the positive value`);
  }
  const posText = values[posIndex];
  const negText = values[1 - posIndex];

  const y = new Float32Array(table.rows);
  let positives = 0;
  let negatives = 0;
  let missing = 0;
  if (isNumericColumn(c)) {
    const p = Number(posText);
    for (let i = 0; i < table.rows; i++) {
      const v = c.values[i];
      if (Number.isNaN(v)) y[i] = NaN;
      else y[i] = v === p ? 1 : 0;
    }
  } else {
    const pCode = c.dictionary.indexOf(posText);
    for (let i = 0; i < table.rows; i++) {
      const code = c.codes[i];
      y[i] = code < 0 ? NaN : code === pCode ? 1 : 0;
    }
  }
  for (const v of y) {
    if (Number.isNaN(v)) missing++;
    else if (v === 1) positives++;
    else negatives++;
  }
  const shown = (v: string): string => (isBoolean ? (v === '1' ? 'true' : 'false') : v);
  if (positives < minPerClass) throw new Error(`Only ${positives} rows have ${column} = "${shown(posText)}" (need at least ${minPerClass} of each class)`);
  if (negatives < minPerClass) throw new Error(`Only ${negatives} rows have ${column} = "${shown(negText)}" (need at least ${minPerClass} of each class)`);
  return { column, y, positive: shown(posText), negative: shown(negText), positives, negatives, missing };
}

/** Indices of the rows whose label is present. */
export function labelledRows(y: Float32Array): Int32Array {
  let n = 0;
  for (const v of y) if (!Number.isNaN(v)) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i])) out[k++] = i;
  return out;
}
