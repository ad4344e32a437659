import { describe, expect, it } from 'vitest';
import { escapeCell, toCsv } from './csv';

describe('escapeCell', () => {
  it('neutralises spreadsheet formulas', () => {
    expect(escapeCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(escapeCell('+1+1')).toBe("'+1+1");
    expect(escapeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCell('-2+3')).toBe("'-2+3");
    expect(escapeCell('\tcmd')).toBe("'\tcmd");
  });
  it('keeps numbers, including negative ones, as numbers', () => {
    expect(escapeCell(-12.5)).toBe('-12.5');
    expect(escapeCell('-12.5')).toBe('-12.5');
    expect(escapeCell(NaN)).toBe('');
  });
  it('quotes delimiters, quotes and newlines', () => {
    expect(escapeCell('a,b')).toBe('"a,b"');
    expect(escapeCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCell('two\nlines')).toBe('"two\nlines"');
    expect(escapeCell('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('toCsv', () => {
  it('writes a header and CRLF rows', () => {
    expect(toCsv(['id', 'v'], [['a', 1], ['=1', null]])).toBe("id,v\r\na,1\r\n'=1,\r\n");
  });
});
