import { describe, expect, it } from 'vitest';
import { CsvTokenizer, checkDelimiter, countBreaks, tokenize, type Delimiter, type RecordView } from './csv';

interface Rec {
  line: number;
  fields: string[];
  raw: string;
  unterminated: boolean;
}

function records(chunks: string[], delimiter: Delimiter = ',', maxRecordChars?: number): Rec[] {
  const out: Rec[] = [];
  const t = new CsvTokenizer(
    delimiter,
    (r: RecordView) => {
      out.push({ line: r.line, fields: Array.from({ length: r.count }, (_, i) => r.field(i)), raw: r.raw(), unterminated: r.unterminated || r.tooLong });
    },
    maxRecordChars,
  );
  for (const c of chunks) t.push(c);
  t.finish();
  return out;
}

/** Every way of cutting `text` into two chunks gives the same records. */
function everySplit(text: string, delimiter: Delimiter = ','): Rec[] {
  const whole = records([text], delimiter);
  for (let i = 0; i <= text.length; i++) expect(records([text.slice(0, i), text.slice(i)], delimiter)).toEqual(whole);
  return whole;
}

describe('CsvTokenizer', () => {
  it('splits fields and records with LF, CRLF and CR, counting physical lines', () => {
    const recs = everySplit('a,b\r\n1,2\n3,4\r5,6');
    expect(recs.map((r) => r.fields)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6']]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });
  it('handles quoted delimiters, doubled quotes and newlines inside quotes across chunks', () => {
    const recs = everySplit('id,text\n1,"a, ""b""\r\nc"\n2,x\n');
    expect(recs.map((r) => r.fields)).toEqual([['id', 'text'], ['1', 'a, "b"\r\nc'], ['2', 'x']]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(recs[1].raw).toBe('1,"a, ""b""\r\nc"');
  });
  it('gives the same records for any chunking of a long file, including records longer than a chunk', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const lines = ['id,note,x'];
    for (let i = 0; i < 400; i++) {
      const note = i === 150 ? `"${'long ""quoted"" text\n'.repeat(600)}"` : i % 9 === 0 ? `"multi\r\nline, ${i}"` : `plain ${i}`;
      lines.push(`${i},${note},${(i * 1.5).toFixed(1)}`);
    }
    const text = lines.join('\r\n');
    const whole = records([text]);
    expect(whole.length).toBe(401);
    expect(whole[151].fields[1].length).toBe(600 * 'long "quoted" text\n'.length);
    for (let trial = 0; trial < 5; trial++) {
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(rand() * 9000);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      expect(records(chunks)).toEqual(whole);
    }
  });
  it('keeps empty fields and a trailing delimiter', () => {
    expect(everySplit('a,,c,\n,\n').map((r) => r.fields)).toEqual([['a', '', 'c', ''], ['', '']]);
  });
  it('gives a blank line one empty field', () => {
    const recs = records(['a\n\n  \nb']);
    expect(recs.map((r) => r.fields)).toEqual([['a'], [''], ['  '], ['b']]);
  });
  it('reads runs of spaces and tabs as one delimiter in whitespace mode, trimming the ends', () => {
    const recs = everySplit(' customer_id  date number_of_cds\r\n 00001 19970101  1\r\n\t00002\t \t19970112 "a b"\r\n   \r\n', 'whitespace');
    expect(recs.map((r) => r.fields)).toEqual([['customer_id', 'date', 'number_of_cds'], ['00001', '19970101', '1'], ['00002', '19970112', 'a b'], ['']]);
  });
  it('rejects only the line of a quote that never closes, then carries on', () => {
    const recs = everySplit('a,b\n1,"oops\n2,3\n');
    expect(recs.map((r) => [r.line, r.unterminated, r.raw])).toEqual([
      [1, false, 'a,b'],
      [2, true, '1,"oops'],
      [3, false, '2,3'],
    ]);
  });
  it('gives up on a record past the size limit: rejects its first line and resumes after it', () => {
    const lines = ['a,b', '1,"stray', ...Array.from({ length: 20 }, (_, i) => `${i},x`)];
    const text = lines.join('\n') + '\n';
    const chunks = text.match(/[^]{1,6}/g) ?? [];
    const recs = records(chunks, ',', 30);
    expect(recs[1]).toMatchObject({ line: 2, unterminated: true, raw: '1,"stray' });
    expect(recs.slice(2).map((r) => r.fields)).toEqual(Array.from({ length: 20 }, (_, i) => [String(i), 'x']));
    expect(recs.at(-1)?.line).toBe(22);
    const long = records(['a,b\n', 'x'.repeat(25), 'y'.repeat(25), 'z'.repeat(25), '\n1,2\n'], ',', 30);
    expect(long.map((r) => [r.line, r.unterminated])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(long[2].fields).toEqual(['1', '2']);
  });
  it('keeps text after a closing quote (lenient) and reads a stray quote inside a field literally', () => {
    expect(records(['"ab"c,d"e\n']).map((r) => r.fields)).toEqual([['abc', 'd"e']]);
  });
  it('supports ; | and tab', () => {
    expect(tokenize('a;b|c\td', ';').fields).toEqual([['a', 'b|c\td']]);
    expect(tokenize('a;b|c\td', '|').fields).toEqual([['a;b', 'c\td']]);
    expect(tokenize('a;b|c\td', '\t').fields).toEqual([['a;b|c', 'd']]);
  });
  it('grows past 32 fields', () => {
    const row = Array.from({ length: 100 }, (_, i) => `f${i}`);
    expect(tokenize(row.join(','), ',').fields[0]).toEqual(row);
  });
  it('names unsupported delimiters', () => {
    expect(checkDelimiter('tab')).toBe('\t');
    expect(() => checkDelimiter('#')).toThrow('Unsupported delimiter "#"');
  });
  it('reads quote-free lines (the indexOf fast path) as a plain split does, in any chunking, around quoted lines and the size limit', () => {
    let seed = 7;
    const rnd = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    for (const d of [',', ';', '\t', '|'] as const) {
      for (let trial = 0; trial < 40; trial++) {
        const lines: string[] = [];
        const expected: { fields: string[]; tooLong: boolean }[] = [];
        let text = '';
        const nLines = 1 + rnd(30);
        for (let l = 0; l < nLines; l++) {
          // Up to 40 fields (past the view's initial 32), some empty, some with the other delimiters.
          const fields = Array.from({ length: 1 + (rnd(5) === 0 ? rnd(40) : rnd(4)) }, () => Array.from({ length: rnd(4) }, () => 'ab ,;\t|x'[rnd(9)]).join('').split(d).join(''));
          const quoted = rnd(6) === 0;
          const line = quoted ? `"${fields[0]}${d}q"${d}${fields.slice(1).join(d)}` : fields.join(d);
          if (quoted) fields[0] = `${fields[0]}${d}q`;
          if (quoted && fields.length === 1) fields.push('');
          // (An empty line between a CR and an LF would be one CRLF break, not a line; an empty last
          // line without a break is no record.)
          const breaks = line === '' && text.endsWith('\r') ? ['\r\n', '\r'] : ['\n', '\r\n', '\r'];
          const end = l === nLines - 1 && rnd(2) ? '' : breaks[rnd(breaks.length)];
          if (line === '' && end === '') break;
          lines.push(line);
          expected.push({ fields, tooLong: line.length > 60 });
          text += line + end;
        }
        const want = expected.map((e, i) => (e.tooLong ? { line: i + 1, raw: lines[i], unterminated: true } : { line: i + 1, fields: e.fields, raw: lines[i], unterminated: false }));
        const cut: string[] = [];
        for (let i = 0; i < text.length; ) {
          const k = 1 + rnd(50);
          cut.push(text.slice(i, i + k));
          i += k;
        }
        for (const chunks of [[text], cut]) {
          const got = records(chunks, d, 60).map((r) => (r.unterminated ? { line: r.line, raw: r.raw, unterminated: true } : r));
          expect(got).toEqual(want);
        }
      }
    }
  });
  it('counts line breaks of every style', () => {
    expect(countBreaks('a\r\nb\nc\rd', 0, 8)).toBe(3);
  });
});
