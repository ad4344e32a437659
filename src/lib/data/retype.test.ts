import { describe, expect, it } from 'vitest';
import { ColumnRetyper, describeInvalid, RetypeError, retypeColumn, retypeRefusal } from './retype';
import { cellText, isCategoricalColumn, isNumericColumn, type CategoricalColumn, type Column, type ColumnType, type NumericColumn } from './table';

const TYPES: ColumnType[] = ['integer', 'number', 'boolean', 'date', 'category', 'id', 'text'];
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

function text(name: string, values: (string | null)[], type: CategoricalColumn['type'] = 'category'): CategoricalColumn {
  const dictionary: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let c = dictionary.indexOf(v);
    if (c < 0) c = dictionary.push(v) - 1;
    return c;
  });
  return { name, type, codes, dictionary };
}

const num = (name: string, type: NumericColumn['type'], values: number[]): NumericColumn => ({ name, type, values: Float64Array.from(values) });
const texts = (c: Column) => Array.from({ length: isNumericColumn(c) ? c.values.length : c.codes.length }, (_, i) => cellText(c, i));
const values = (c: Column) => (isNumericColumn(c) ? Array.from(c.values) : []);

/** One column of each type, with a missing value in each. */
const SAMPLES: Record<ColumnType, Column> = {
  integer: num('n', 'integer', [1, 0, NaN, 20200105]),
  number: num('x', 'number', [1.5, 0, NaN, 1]),
  boolean: num('b', 'boolean', [1, 0, NaN, 1]),
  date: num('d', 'date', [day(2020, 1, 5), day(2021, 3, 1), NaN, day(2020, 1, 5)]),
  category: text('c', ['a', 'b', null, 'a']),
  id: text('i', ['17850', '13047', null, '17850'], 'id'),
  text: text('t', ['hello world', 'x', null, 'x'], 'text'),
};

describe('retypeColumn: every pair of types', () => {
  for (const from of TYPES) {
    for (const to of TYPES) {
      const refused = retypeRefusal('c', from, to);
      it(`${from} -> ${to}${refused ? ' is refused' : ''}`, () => {
        const col = SAMPLES[from];
        if (refused) {
          expect(() => retypeColumn(col, to)).toThrow(RetypeError);
          return;
        }
        const r = retypeColumn(col, to);
        expect(r.column.type).toBe(to);
        expect(r.column.name).toBe(col.name);
        // The row count never changes; missing stays missing.
        expect(texts(r.column)).toHaveLength(4);
        expect(texts(r.column)[2]).toBe('');
        // Accepted values + invalid + missing = rows.
        const present = texts(r.column).filter(Boolean).length;
        expect(present + r.invalid + 1).toBe(4);
        expect(r.invalidSample).toHaveLength(r.invalid);
        expect(isCategoricalColumn(r.column)).toBe(['category', 'id', 'text'].includes(to));
      });
    }
  }
  it('refuses exactly the meaningless changes, with a reason', () => {
    const refused = TYPES.flatMap((f) => TYPES.filter((t) => retypeRefusal('c', f, t)).map((t) => `${f}->${t}`));
    expect(refused).toEqual(['boolean->date', 'date->integer', 'date->number', 'date->boolean']);
    expect(retypeRefusal('Signup', 'date', 'number')).toMatch(/"Signup" holds dates.*category or text/);
  });
});

describe('text -> numeric', () => {
  it('reads each dictionary entry once and reports the others by row', () => {
    const col = text('amount', ['12', 'abc', '3.5', null, '12', 'n/a?', 'abc']);
    const r = retypeColumn(col, 'number');
    expect(values(r.column)).toEqual([12, NaN, 3.5, NaN, 12, NaN, NaN]);
    expect(r.invalid).toBe(3);
    expect(r.invalidSample).toEqual([
      { row: 2, text: 'abc', reason: 'is not a number' },
      { row: 6, text: 'n/a?', reason: 'is not a number' },
      { row: 7, text: 'abc', reason: 'is not a number' },
    ]);
    expect(describeInvalid(r.invalidSample[0])).toBe("row 2: 'abc' is not a number");
  });
  it('uses the decimal comma inference finds', () => {
    const r = retypeColumn(text('prix', ['1.234,5', '2,25', '7']), 'number');
    expect(values(r.column)).toEqual([1234.5, 2.25, 7]);
    expect(r.notes.join()).toMatch(/decimal comma/);
  });
  it('reads integers codes as integers', () => {
    const r = retypeColumn(SAMPLES.id, 'integer');
    expect(values(r.column)).toEqual([17850, 13047, NaN, 17850]);
    expect(r.invalid).toBe(0);
  });
  it('reads dates in the layout the values show (D/M/YYYY here)', () => {
    const r = retypeColumn(text('when', ['23/04/2020', '01/02/2020', 'soon']), 'date');
    expect(values(r.column)).toEqual([day(2020, 4, 23), day(2020, 2, 1), NaN]);
    expect(r.invalidSample).toEqual([{ row: 3, text: 'soon', reason: 'is not a date (D/M/YYYY)' }]);
    expect(r.notes).toContain('dates read as D/M/YYYY');
  });
  it('reads booleans with the pair that fits most values', () => {
    const r = retypeColumn(text('member', ['Yes', 'no', 'yes', 'maybe', null]), 'boolean');
    expect(values(r.column)).toEqual([1, 0, 1, NaN, NaN]);
    expect(r.invalidSample).toEqual([{ row: 4, text: 'maybe', reason: 'is not yes/no' }]);
  });
  it('takes a format the caller gives', () => {
    const r = retypeColumn(text('when', ['01/02/2020']), 'date', { format: { kind: 'date', date: 'mdy', ambiguous: false } });
    expect(values(r.column)).toEqual([day(2020, 1, 2)]);
  });
});

describe('numeric -> text', () => {
  it('writes numbers as text with one dictionary entry per distinct value', () => {
    const r = retypeColumn(num('area', 'integer', [415, 408, NaN, 415, 510]), 'category');
    const c = r.column as CategoricalColumn;
    expect(c.dictionary).toEqual(['415', '408', '510']);
    expect(Array.from(c.codes)).toEqual([0, 1, -1, 0, 2]);
    expect(r.invalid).toBe(0);
  });
  it('writes dates as ISO text and booleans as 1/0', () => {
    expect(texts(retypeColumn(SAMPLES.date, 'text').column)).toEqual(['2020-01-05', '2021-03-01', '', '2020-01-05']);
    expect(texts(retypeColumn(SAMPLES.boolean, 'category').column)).toEqual(['1', '0', '', '1']);
  });
  it('round-trips integer -> category -> integer', () => {
    const col = num('n', 'integer', [3, -7, NaN, 1234567, 3]);
    const back = retypeColumn(retypeColumn(col, 'category').column, 'integer');
    expect(values(back.column)).toEqual(values(col));
    expect(back.invalid).toBe(0);
  });
});

describe('between numeric types', () => {
  it('integer <-> number and boolean -> number keep the values', () => {
    expect(values(retypeColumn(SAMPLES.number, 'integer').column)).toEqual([1.5, 0, NaN, 1]);
    expect(values(retypeColumn(SAMPLES.integer, 'number').column)).toEqual([1, 0, NaN, 20200105]);
    expect(values(retypeColumn(SAMPLES.boolean, 'integer').column)).toEqual([1, 0, NaN, 1]);
  });
  it('number -> boolean keeps 0 and 1 and reports the rest', () => {
    const r = retypeColumn(num('flag', 'number', [0, 1, 2.5, NaN, 1]), 'boolean');
    expect(values(r.column)).toEqual([0, 1, NaN, NaN, 1]);
    expect(r.invalidSample).toEqual([{ row: 3, text: '2.5', reason: 'is not 0 or 1' }]);
  });
  it('integer -> date reads unix seconds through the text', () => {
    const r = retypeColumn(num('ts', 'integer', [1_600_000_000, 1_600_086_400, NaN]), 'date');
    expect(values(r.column)).toEqual([1_600_000_000_000, 1_600_086_400_000, NaN]);
  });
});

describe('ColumnRetyper, chunk by chunk', () => {
  it('numbers rows across chunks and builds one dictionary', () => {
    const r = new ColumnRetyper({ name: 'n', type: 'integer' }, 'category');
    const a = r.convert(Float64Array.from([5, 6])) as Int32Array;
    const b = r.convert(Float64Array.from([6, 7, NaN])) as Int32Array;
    expect([...a, ...b]).toEqual([0, 1, 1, 2, -1]);
    expect(r.dictionary()).toEqual(['5', '6', '7']);
    const back = new ColumnRetyper({ name: 'c', type: 'category', dictionary: ['1', 'x'] }, 'integer');
    back.convert(Int32Array.from([0, 0]));
    back.convert(Int32Array.from([1, 0, 1]));
    expect(back.invalid).toBe(2);
    expect(back.invalidSample.map((x) => x.row)).toEqual([3, 5]);
  });
  it('only relabels when the stored values stay the same', () => {
    expect(new ColumnRetyper({ name: 'c', type: 'category', dictionary: [] }, 'id').rewrites).toBe(false);
    expect(new ColumnRetyper({ name: 'n', type: 'integer' }, 'number').rewrites).toBe(false);
    expect(new ColumnRetyper({ name: 'n', type: 'integer' }, 'category').rewrites).toBe(true);
  });
  it('keeps at most maxExamples examples but counts them all', () => {
    const r = new ColumnRetyper({ name: 'c', type: 'category', dictionary: ['x'] }, 'number', { maxExamples: 2 });
    r.convert(new Int32Array(10));
    expect(r.invalid).toBe(10);
    expect(r.invalidSample).toHaveLength(2);
  });
});
