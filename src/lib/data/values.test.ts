import { describe, expect, it } from 'vitest';
import { daysFromCivil, isMissing, isMissingAt, numberShape, parseBooleanAt, parseDate, parseNumber, parseNumberAt } from './values';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, m - 1, d, h, mi, s);

describe('missing values', () => {
  it('knows the usual spellings, case-insensitive, after trimming', () => {
    for (const s of ['', ' ', '\t', 'NA', 'N/A', 'null', 'NULL', '?', '-', 'NaN', 'None', ' na ']) expect(isMissing(s), s).toBe(true);
    for (const s of ['0', 'No', 'Nan Goldin', 'none of them', 'a']) expect(isMissing(s), s).toBe(false);
  });
  it('works on a range of a longer string', () => {
    expect(isMissingAt('x, NA ,y', 2, 6)).toBe(true);
  });
});

describe('parseNumber', () => {
  it('reads integers and decimals exactly like Number()', () => {
    for (const s of ['0', '42', '-7', '+3', '29.85', '1889.5', '-0.001', '.5', '5.', '123456789012345', '0.1', '99.99'])
      expect(parseNumber(s), s).toBe(Number(s));
    expect(parseNumber(' 12 ')).toBe(12);
  });
  it('falls back to exact parsing for long mantissas and exponents', () => {
    expect(parseNumber('1234567890.1234567')).toBe(1234567890.1234567);
    expect(parseNumber('1.5e3')).toBe(1500);
  });
  it('reads thousands separators, currency, percent (kept as written) and accounting negatives', () => {
    expect(parseNumber('$1,200.00')).toBe(1200);
    expect(parseNumber('1,234,567')).toBe(1234567);
    expect(parseNumber('£ 3.50')).toBe(3.5);
    expect(parseNumber('12%')).toBe(12);
    expect(parseNumber('(1,200.50)')).toBe(-1200.5);
    expect(parseNumber('-$5')).toBe(-5);
  });
  it('reads decimal commas when told so', () => {
    expect(parseNumber('1.234,56', ',')).toBe(1234.56);
    expect(parseNumber('€ 12,50', ',')).toBe(12.5);
    expect(parseNumber('12,5', ',')).toBe(12.5);
    expect(parseNumber('1 234,5', ',')).toBe(1234.5);
    expect(parseNumber('1.5', ',')).toBeNaN();
  });
  it('returns NaN for non-numbers and bad grouping', () => {
    for (const s of ['', 'abc', '12abc', '1,2', '1.2.3', '-', '$', '--5']) expect(parseNumber(s), s).toBeNaN();
  });
  it('parses in place from a range', () => {
    expect(parseNumberAt('a,29.85,b', 2, 7)).toBe(29.85);
  });
});

describe('numberShape', () => {
  it('tells decimal marks apart and flags the ambiguous cases', () => {
    expect(numberShape('1,234.5')?.decimal).toBe('dot');
    expect(numberShape('1.234,5')?.decimal).toBe('comma');
    expect(numberShape('12,5')?.decimal).toBe('comma');
    expect(numberShape('1,234')?.decimal).toBe('ambiguous-comma');
    expect(numberShape('1.234.567')?.decimal).toBe('comma');
    expect(numberShape('42')?.decimal).toBe('none');
    expect(numberShape('$5')).toMatchObject({ currency: true, percent: false });
    expect(numberShape('5 %')).toMatchObject({ percent: true });
    expect(numberShape('abc')).toBeNull();
    expect(numberShape('2020-01-01')).toBeNull();
  });
});

describe('parseBooleanAt', () => {
  it('reads a pair case-insensitively', () => {
    const p = ['yes', 'no'] as const;
    expect(['Yes', 'NO', ' yes ', 'maybe'].map((s) => parseBooleanAt(s, 0, s.length, p))).toEqual([1, 0, 1, NaN]);
    const f = ['vrai', 'faux'] as const;
    expect(parseBooleanAt('VRAI', 0, 4, f)).toBe(1);
  });
});

describe('parseDate', () => {
  it('reads ISO dates, datetimes and timestamps with zones', () => {
    expect(parseDate('iso', '2010-12-01')).toBe(utc(2010, 12, 1));
    expect(parseDate('iso', '2010-12-01 08:26:00')).toBe(utc(2010, 12, 1, 8, 26));
    expect(parseDate('iso', '2010-12-01T08:26:00Z')).toBe(utc(2010, 12, 1, 8, 26));
    expect(parseDate('iso', '2010-12-01T08:26:00.250Z')).toBe(utc(2010, 12, 1, 8, 26) + 250);
    expect(parseDate('iso', '2010-12-01T10:26:00+02:00')).toBe(utc(2010, 12, 1, 8, 26));
    expect(parseDate('iso', '2010-12-01T03:26-0500')).toBe(utc(2010, 12, 1, 8, 26));
    expect(parseDate('iso', '2010/12/01')).toBe(utc(2010, 12, 1));
  });
  it('reads YYYYMMDD, M/D/YYYY H:MM, D/M/YYYY and DD-Mon-YYYY', () => {
    expect(parseDate('ymd8', '19970101')).toBe(utc(1997, 1, 1));
    expect(parseDate('mdy', '12/1/2010 8:26')).toBe(utc(2010, 12, 1, 8, 26));
    expect(parseDate('mdy', '12/1/2010 8:26 PM')).toBe(utc(2010, 12, 1, 20, 26));
    expect(parseDate('dmy', '23/04/2020')).toBe(utc(2020, 4, 23));
    expect(parseDate('dmy', '23.04.20')).toBe(utc(2020, 4, 23));
    expect(parseDate('dmon', '01-Jan-1995')).toBe(utc(1995, 1, 1));
    expect(parseDate('dmon', '5 September 2001')).toBe(utc(2001, 9, 5));
  });
  it('reads unix seconds and milliseconds', () => {
    expect(parseDate('unix-s', '881250949')).toBe(881250949000);
    expect(parseDate('unix-ms', '1700000000123')).toBe(1700000000123);
  });
  it('rejects impossible dates and trailing junk', () => {
    for (const [k, s] of [
      ['iso', '2021-02-29'],
      ['iso', '2020-13-01'],
      ['iso', '2020-01-01 25:00'],
      ['iso', '2020-01-01x'],
      ['ymd8', '19971301'],
      ['ymd8', '00001234'],
      ['mdy', '23/04/2020'],
      ['dmon', '01-Jab-1995'],
      ['dmon', '01-Janx-1995'],
    ] as const)
      expect(parseDate(k, s), `${k} ${s}`).toBeNaN();
    expect(parseDate('iso', '2020-02-29')).toBe(utc(2020, 2, 29));
  });
  it('counts days like Date.UTC, before and after 1970', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1900, 3, 1],
      [2000, 2, 29],
      [1601, 1, 1],
      [2100, 12, 31],
    ])
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(utc(y, m, d));
  });
});
