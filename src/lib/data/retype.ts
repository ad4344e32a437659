// Changing a stored column's type after import, without the file. The column is converted as it is
// stored (numbers as a Float64Array, text as dictionary codes), one block of rows at a time, so the
// import worker can re-encode a large column chunk by chunk. Nothing is lost silently: the row count
// never changes, and every value that does not fit the new type becomes missing and is counted, with
// its row and text kept for the user.
//
// - text -> number / integer / date / boolean: each DICTIONARY entry is parsed once, with the value
//   format inference picks for the chosen type (inferColumnAs) unless the caller gives one.
// - number / integer / boolean / date -> text: the numbers written as text (cellText).
// - integer <-> number, boolean -> integer / number, text kinds among themselves: only the type changes.
// - integer / number -> boolean: 0 and 1 are kept, anything else does not convert.
// - integer / number -> date: through their text (unix seconds, YYYYMMDD), as an import would read them.
// - date -> integer / number / boolean and boolean -> date are refused: an epoch in milliseconds or a
//   date made of 0 and 1 means nothing to a user.
import { inferColumnAs, type ValueFormat } from './infer';
import { cellText, isNumericColumn, type CategoricalColumn, type Column, type ColumnType, type NumericColumn } from './table';
import { DATE_KIND_LABEL, isMissing, parseBooleanAt, parseDate, parseNumber } from './values';

/** A value that did not convert: `row` is 1-based, counted over the stored (accepted) rows. */
export interface RetypeInvalid {
  row: number;
  text: string;
  /** e.g. "is not a number". */
  reason: string;
}

export interface RetypeOptions {
  /** How text is read as the new type; inferred from the dictionary (or sample) when omitted. */
  format?: ValueFormat;
  /** Invalid values kept with their row and text (all are counted). */
  maxExamples?: number;
}

/** The column as stored, before the change. */
export interface RetypeSource {
  name: string;
  type: ColumnType;
  /** The dictionary of a category / id / text column. */
  dictionary?: readonly string[] | null;
  /** Texts of some values of a numeric column, to infer a date format (see sampleTexts). */
  sample?: readonly string[];
}

export interface RetypeResult {
  column: Column;
  invalid: number;
  invalidSample: RetypeInvalid[];
  notes: string[];
}

export class RetypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetypeError';
  }
}

export const RETYPE_EXAMPLES = 20;
const INFER_SAMPLE = 20_000;

const TEXT_TYPES: ReadonlySet<ColumnType> = new Set(['category', 'id', 'text']);
export const isTextType = (t: ColumnType): boolean => TEXT_TYPES.has(t);

/** Why a change is refused, or null when it is allowed. */
export function retypeRefusal(name: string, from: ColumnType, to: ColumnType): string | null {
  if (from === 'date' && (to === 'integer' || to === 'number' || to === 'boolean')) {
    return `"${name}" holds dates: a date cannot become ${to === 'boolean' ? 'a boolean' : `a ${to}`} (its count of milliseconds since 1970 means nothing). Change it to category or text to keep the dates as text.`;
  }
  if (from === 'boolean' && to === 'date') return `"${name}" holds yes/no values: they cannot become dates.`;
  return null;
}

/** "row 17: 'abc' is not a number". */
export function describeInvalid(x: { row?: number; line?: number; text: string; reason?: string }): string {
  const where = x.row !== undefined ? `row ${x.row}` : `line ${x.line}`;
  return `${where}: '${x.text}' ${x.reason ?? 'did not fit the type'}`;
}

/** Distinct texts of a numeric column's first values, for inferring how to read them as dates. */
export function sampleTexts(type: NumericColumn['type'], values: Float64Array, max = 5000): string[] {
  const seen = new Set<string>();
  const col: NumericColumn = { name: '', type, values };
  for (let i = 0; i < values.length && seen.size < max; i++) {
    const t = cellText(col, i);
    if (t) seen.add(t);
  }
  return [...seen];
}

type Plan =
  | { kind: 'same' }
  /** Text codes -> numbers through a per-entry lookup. */
  | { kind: 'lookup'; values: Float64Array; reasons: (string | null)[] }
  /** Numbers -> dictionary codes. */
  | { kind: 'to-text' }
  /** Numbers -> 0/1. */
  | { kind: 'to-boolean' }
  /** Numbers -> dates through their text. */
  | { kind: 'to-date'; format: Extract<ValueFormat, { kind: 'date' }> };

/**
 * Converts one column block by block: `convert` each stored chunk in row order, then read `dictionary()`
 * (for text targets), `invalid` and `invalidSample`. `rewrites` is false when only the type changes.
 */
export class ColumnRetyper {
  readonly from: ColumnType;
  readonly to: ColumnType;
  readonly notes: string[] = [];
  readonly format: ValueFormat | null = null;
  invalid = 0;
  readonly invalidSample: RetypeInvalid[] = [];
  readonly #plan: Plan;
  readonly #name: string;
  readonly #max: number;
  readonly #codes = new Map<string, number>();
  readonly #dictionary: string[] = [];
  /** The dictionary before the change: the texts reported for values that do not convert. */
  readonly #source: readonly string[];
  #rows = 0;

  constructor(source: RetypeSource, to: ColumnType, options: RetypeOptions = {}) {
    const refusal = retypeRefusal(source.name, source.type, to);
    if (refusal) throw new RetypeError(refusal);
    this.from = source.type;
    this.to = to;
    this.#name = source.name;
    this.#max = options.maxExamples ?? RETYPE_EXAMPLES;
    this.#source = source.dictionary ?? [];
    const fromText = isTextType(source.type);
    const toText = isTextType(to);
    if (source.type === to || (fromText && toText) || (!fromText && !toText && (to === 'integer' || to === 'number'))) {
      this.#plan = { kind: 'same' };
      this.#dictionary = source.dictionary ? [...source.dictionary] : [];
    } else if (fromText) {
      const dictionary = source.dictionary ?? [];
      const format = options.format ?? inferColumnAs(source.name, to, dictionary.slice(0, INFER_SAMPLE)).format;
      this.format = format;
      this.#plan = lookupPlan(dictionary, to, format);
    } else if (toText) {
      this.#plan = { kind: 'to-text' };
    } else if (to === 'boolean') {
      this.#plan = { kind: 'to-boolean' };
    } else {
      // integer / number -> date
      const format = options.format ?? inferColumnAs(source.name, 'date', source.sample ?? []).format;
      if (format.kind !== 'date') throw new RetypeError(`"${source.name}": a date needs a date format, got "${format.kind}"`);
      this.format = format;
      this.#plan = { kind: 'to-date', format };
    }
    if (this.format?.kind === 'date') this.notes.push(`dates read as ${DATE_KIND_LABEL[this.format.date]}`);
    if (this.format?.kind === 'number' && this.format.decimal === ',') this.notes.push('decimal comma (1.234,56 = 1234.56)');
    if (this.format?.kind === 'boolean') this.notes.push(`read ${this.format.pair[0]} as true and ${this.format.pair[1]} as false`);
  }

  /** False when the stored values stay as they are and only the column's type changes. */
  get rewrites(): boolean {
    return this.#plan.kind !== 'same';
  }

  /** Whether stored chunks hold dictionary codes after the change. */
  get toText(): boolean {
    return isTextType(this.to);
  }

  /** Converts the next block of rows (Int32Array codes for text columns, Float64Array otherwise). */
  convert(chunk: Float64Array | Int32Array): Float64Array | Int32Array {
    const first = this.#rows;
    this.#rows += chunk.length;
    const plan = this.#plan;
    switch (plan.kind) {
      case 'same':
        return chunk;
      case 'lookup': {
        const codes = chunk as Int32Array;
        const out = new Float64Array(codes.length);
        for (let i = 0; i < codes.length; i++) {
          const c = codes[i];
          if (c < 0) out[i] = NaN;
          else {
            const v = plan.values[c];
            out[i] = v;
            if (v !== v && plan.reasons[c]) this.#bad(first + i, this.#sourceText(c), plan.reasons[c]);
          }
        }
        return out;
      }
      case 'to-text': {
        const col: NumericColumn = { name: this.#name, type: this.from as NumericColumn['type'], values: chunk as Float64Array };
        const out = new Int32Array(chunk.length);
        for (let i = 0; i < out.length; i++) {
          const t = cellText(col, i);
          if (!t) {
            out[i] = -1;
            continue;
          }
          let code = this.#codes.get(t);
          if (code === undefined) {
            code = this.#dictionary.length;
            this.#dictionary.push(t);
            this.#codes.set(t, code);
          }
          out[i] = code;
        }
        return out;
      }
      case 'to-boolean': {
        const values = chunk as Float64Array;
        const out = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++) {
          const v = values[i];
          if (v === 0 || v === 1 || v !== v) out[i] = v;
          else {
            out[i] = NaN;
            this.#bad(first + i, String(v), 'is not 0 or 1');
          }
        }
        return out;
      }
      case 'to-date': {
        const col: NumericColumn = { name: this.#name, type: this.from as NumericColumn['type'], values: chunk as Float64Array };
        const out = new Float64Array(chunk.length);
        const reason = `is not a date (${DATE_KIND_LABEL[plan.format.date]})`;
        for (let i = 0; i < out.length; i++) {
          const t = cellText(col, i);
          if (!t) {
            out[i] = NaN;
            continue;
          }
          const v = parseDate(plan.format.date, t);
          out[i] = v;
          if (v !== v) this.#bad(first + i, t, reason);
        }
        return out;
      }
    }
  }

  /** The dictionary after the change (text targets), null for numeric targets. */
  dictionary(): string[] | null {
    return this.toText ? this.#dictionary : null;
  }

  #sourceText(code: number): string {
    return this.#source[code] ?? '';
  }

  #bad(row: number, text: string, reason: string): void {
    this.invalid++;
    if (this.invalidSample.length < this.#max) this.invalidSample.push({ row: row + 1, text, reason });
  }
}

function lookupPlan(dictionary: readonly string[], to: ColumnType, format: ValueFormat): Plan {
  const values = new Float64Array(dictionary.length);
  const reasons: (string | null)[] = new Array(dictionary.length).fill(null);
  let read: (t: string) => number;
  let reason: string;
  if (to === 'integer' || to === 'number') {
    if (format.kind !== 'number') throw new RetypeError(`a ${to} needs a number format, got "${format.kind}"`);
    read = (t) => parseNumber(t, format.decimal);
    reason = 'is not a number';
  } else if (to === 'date') {
    if (format.kind !== 'date') throw new RetypeError(`a date needs a date format, got "${format.kind}"`);
    read = (t) => parseDate(format.date, t);
    reason = `is not a date (${DATE_KIND_LABEL[format.date]})`;
  } else if (to === 'boolean') {
    if (format.kind !== 'boolean') throw new RetypeError(`a boolean needs a true/false pair, got "${format.kind}"`);
    read = (t) => parseBooleanAt(t, 0, t.length, format.pair);
    reason = `is not ${format.pair[0]}/${format.pair[1]}`;
  } else {
    throw new RetypeError(`cannot read text as ${to}`);
  }
  for (let i = 0; i < dictionary.length; i++) {
    const t = dictionary[i];
    const v = isMissing(t) ? NaN : read(t);
    values[i] = v;
    if (v !== v && !isMissing(t)) reasons[i] = reason;
  }
  return { kind: 'lookup', values, reasons };
}

/** Converts a whole in-memory column (the worker does the same chunk by chunk). */
export function retypeColumn(col: Column, to: ColumnType, options: RetypeOptions = {}): RetypeResult {
  const numeric = isNumericColumn(col);
  const source: RetypeSource = numeric
    ? { name: col.name, type: col.type, sample: to === 'date' ? sampleTexts(col.type, col.values) : undefined }
    : { name: col.name, type: col.type, dictionary: col.dictionary };
  const r = new ColumnRetyper(source, to, options);
  const data = r.convert(numeric ? col.values : col.codes);
  const column: Column = r.toText
    ? ({ name: col.name, type: to, codes: data as Int32Array, dictionary: r.dictionary() ?? [] } as CategoricalColumn)
    : ({ name: col.name, type: to, values: data as Float64Array } as NumericColumn);
  return { column, invalid: r.invalid, invalidSample: r.invalidSample, notes: r.notes };
}
