// The in-memory, column-wise table every part of the app speaks. Plain data, no classes,
// so it crosses worker boundaries (structured clone / transfer) and IndexedDB unchanged.

export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'category' | 'id' | 'text';

/** Numbers, booleans (0/1) and dates (epoch milliseconds, UTC) share one shape; NaN = missing. */
export interface NumericColumn {
  name: string;
  type: 'integer' | 'number' | 'boolean' | 'date';
  values: Float64Array;
}

/** Dictionary-encoded strings; code -1 = missing. */
export interface CategoricalColumn {
  name: string;
  type: 'category' | 'id' | 'text';
  codes: Int32Array;
  dictionary: string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  rows: number;
  columns: Column[];
}

/** What a column means to the models; set by the user, suggested by the app. */
export type ColumnRole = 'customer' | 'date' | 'amount' | 'quantity' | 'item' | 'basket' | 'label' | 'satisfaction';

export const MISSING_CODE = -1;

export function isNumericColumn(c: Column): c is NumericColumn {
  return c.type === 'integer' || c.type === 'number' || c.type === 'boolean' || c.type === 'date';
}

export function isCategoricalColumn(c: Column): c is CategoricalColumn {
  return !isNumericColumn(c);
}

export function getColumn(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) {
    const names = table.columns.map((col) => col.name).join(', ');
    throw new Error(`No column "${name}" (columns: ${names})`);
  }
  return c;
}

/** The text of one cell, '' when missing: for display, keys and joins. */
export function cellText(c: Column, row: number): string {
  if (isNumericColumn(c)) {
    const v = c.values[row];
    if (Number.isNaN(v)) return '';
    if (c.type === 'date') return new Date(v).toISOString().slice(0, v % 86_400_000 === 0 ? 10 : 19);
    return String(v);
  }
  const code = c.codes[row];
  return code < 0 ? '' : c.dictionary[code];
}
