import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { checkEncodingName, createDecoder, decideEncoding, decodeAll, describeInvalid, detectEncoding, invalidNotes, LineCounter, locateLines, scanUtf8, type InvalidBytes } from './encoding';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('detectEncoding', () => {
  it('finds UTF-8 with and without a BOM', () => {
    expect(detectEncoding(utf8('a,b\nÉté,1\n'))).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bom: 3 });
  });
  it('finds UTF-16 byte-order marks', () => {
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf-16be', bom: 2 });
  });
  it('finds UTF-16 without a BOM from its NUL pattern', () => {
    const le = new Uint8Array([...'id,name\n1,Zoé\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(detectEncoding(le)).toEqual({ encoding: 'utf-16le', bom: 0 });
    const be = new Uint8Array([...'id,name\n1,Zoé\n'].flatMap((c) => [0, c.charCodeAt(0)]));
    expect(detectEncoding(be)).toEqual({ encoding: 'utf-16be', bom: 0 });
  });
  it('reads invalid UTF-8 as latin1 (Windows-1252)', () => {
    expect(detectEncoding(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a])).encoding).toBe('latin1');
  });
  it('does not blame a multi-byte character cut by the end of the sample', () => {
    const bytes = utf8('ab€'); // € is 3 bytes
    expect(detectEncoding(bytes, bytes.length - 1).encoding).toBe('utf-8');
    // Cut mid-character: forgiven only when the cut is the sample's end.
    expect(scanUtf8(bytes, 0, bytes.length - 1, false, false).invalid).toBe(1);
    expect(scanUtf8(bytes, 0, bytes.length - 1, false, true).invalid).toBe(0);
  });
  it('rejects binary files, naming the NUL byte', () => {
    const bytes = utf8('PK'.padEnd(1300, 'x'));
    bytes[1234] = 0;
    expect(() => detectEncoding(bytes)).toThrow('looks like a binary file, not text (NUL byte at byte 1234)');
    const noisy = new Uint8Array(2000).map((_, i) => (i % 10 === 0 ? 3 : 65));
    expect(() => detectEncoding(noisy)).toThrow('control characters');
  });
  it('detects u.item as latin1 and decodes accented titles', () => {
    const bytes = new Uint8Array(readFileSync(datasetPath('movielens-100k/u.item')));
    expect(detectEncoding(bytes).encoding).toBe('latin1');
    const text = decodeAll(bytes, 'latin1');
    expect(text).toContain('543|Misérables, Les (1995)|');
    expect(text).toContain("C'est arrivé près de chez vous (1992)");
  });
  it('names bad encodings', () => {
    expect(checkEncodingName('UTF8')).toBe('utf-8');
    expect(checkEncodingName('windows-1252')).toBe('latin1');
    expect(() => checkEncodingName('ebcdic')).toThrow('Unknown encoding "ebcdic"');
  });
});

describe('createDecoder', () => {
  it('decodes UTF-8 split at every byte boundary, dropping only a leading BOM', () => {
    const text = '\uFEFFcafé,€5,😀\n\uFEFFx';
    const bytes = utf8(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (let cut2 = cut; cut2 <= bytes.length; cut2 += 3) {
        const d = createDecoder('utf-8');
        const out = d.decode(bytes.subarray(0, cut), false) + d.decode(bytes.subarray(cut, cut2), false) + d.decode(bytes.subarray(cut2), true);
        expect(out).toBe(text.slice(1));
      }
    }
  });
  it('maps Windows-1252 0x80-0x9F (euro, curly quotes) the way browsers do', () => {
    expect(decodeAll(new Uint8Array([0x80, 0x92, 0xe9, 0x81]), 'latin1')).toBe('€’é\u0081');
  });
  it('decodes UTF-16 with the BOM removed', () => {
    expect(decodeAll(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0xe9, 0]), 'utf-16le')).toBe('a,é');
  });
});

describe('decideEncoding: UTF-8 unless the evidence says otherwise', () => {
  // A UTF-8 file with "Zoë" on every row and two broken sequences near the start (the #12 reproduction).
  const rows = Array.from({ length: 2000 }, (_, i) => `${i + 1},Zoë,${i}`);
  const bytes = (() => {
    const b = utf8(`id,name,n\n${rows.join('\n')}\n`);
    const out = new Uint8Array(b.length);
    out.set(b);
    return out;
  })();
  const lineStart = (line: number) => {
    let at = 0;
    for (let l = 1; l < line; l++) at = bytes.indexOf(10, at) + 1;
    return at;
  };
  it('keeps UTF-8 when a few sequences are invalid, and says which', () => {
    const broken = bytes.slice();
    broken[lineStart(3)] = 0xc3; // "1,Zoë" -> C3 then ',' : C3 is cut short
    broken[lineStart(7)] = 0xff;
    const d = decideEncoding([{ bytes: broken, at: 0 }], broken.length);
    expect(d.encoding).toBe('utf-8');
    expect(d.invalidCount).toBe(2);
    expect(d.utf8Chars).toBe(2000);
    expect(d.note).toMatch(/Read as UTF-8 .*2 byte sequences there are not UTF-8 and are read as U\+FFFD/);
    locateLines(broken, d.invalid);
    expect(d.invalid.map(describeInvalid)).toEqual(['line 3: bytes C3 2C are not UTF-8; read as U+FFFD', 'line 7: byte FF is not UTF-8; read as U+FFFD']);
  });
  it('reads Windows-1252 only when no (or few) valid UTF-8 characters stand against the invalid ones, and says so', () => {
    const latin = new Uint8Array([...utf8('id,name\n1,Caf'), 0xe9, ...utf8('\n2,Zo'), 0xeb, 10]);
    const d = decideEncoding([{ bytes: latin, at: 0 }], latin.length);
    expect(d.encoding).toBe('latin1');
    expect(d.note).toMatch(/^Read as Windows-1252 \(Latin-1\): 2 byte sequences in the first 2\d bytes are not UTF-8 \(first: bytes E9 0A\), against 0 valid UTF-8 characters/);
  });
  it('looks past the start: Latin-1 bytes only in the middle and end samples decide', () => {
    const ascii = utf8('id,name\n' + '1,abc\n'.repeat(300_000));
    const mid = utf8('2,Caf').length;
    const a = new Uint8Array([...utf8('2,Caf'), 0xe9, 10]);
    const d = decideEncoding(
      [
        { bytes: ascii.subarray(0, 1 << 20), at: 0 },
        { bytes: a, at: 1_500_000 },
        { bytes: a, at: 1_800_000 - mid - 2 },
      ],
      1_800_000,
    );
    expect(d.encoding).toBe('latin1');
    expect(d.note).toMatch(/start, middle and end/);
  });
  it('does not blame characters cut by the edges of a middle sample', () => {
    const mid = utf8('ë,ë,ë');
    expect(decideEncoding([{ bytes: utf8('a,b\n'), at: 0 }, { bytes: mid.subarray(1, mid.length - 1), at: 100 }], 200)).toMatchObject({ encoding: 'utf-8', invalidCount: 0 });
  });
});

describe('scanUtf8 and the reporting decoder', () => {
  it('finds each maximal invalid subpart, as TextDecoder replaces them', () => {
    const cases = [[0xc3, 0x28], [0xe2, 0x82], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xf0, 0x9f, 0x98], [0x80]];
    for (const c of cases) {
      const b = new Uint8Array([0x61, ...c, 0x62]);
      const fffd = [...new TextDecoder().decode(b)].filter((ch) => ch === '\uFFFD').length;
      expect(scanUtf8(b, 0, b.length, false, false).invalid, c.join(' ')).toBe(fffd);
    }
  });
  it('reports every invalid sequence with its offset while streaming, wherever slices cut, and decodes as TextDecoder does', () => {
    const text = utf8('id,name\n1,Zoë\n2,€uro\n3,😀\n');
    const bytes = new Uint8Array([...text.subarray(0, 12), 0xc3, 0x28, ...text.subarray(12), 0xe2, 0x82, 0x0a, 0xff]);
    const expected = new TextDecoder().decode(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const found: InvalidBytes[] = [];
      const d = createDecoder('utf-8', { onInvalid: (s) => found.push(s) });
      const out = d.decode(bytes.subarray(0, cut), false) + d.decode(bytes.subarray(cut), true);
      expect(out, `cut ${cut}`).toBe(expected);
      expect(found.map((s) => s.offset), `cut ${cut}`).toEqual([12, bytes.length - 4, bytes.length - 1]);
    }
  });
  it('reports a character cut short by the end of the file', () => {
    const found: InvalidBytes[] = [];
    const d = createDecoder('utf-8', { onInvalid: (s) => found.push(s) });
    expect(d.decode(new Uint8Array([0x61, 0xe2]), false) + d.decode(new Uint8Array([0x82]), false) + d.decode(new Uint8Array(0), true)).toBe('a\uFFFD');
    expect(found).toEqual([{ offset: 1, bytes: [0xe2, 0x82] }]);
  });
  it('counts lines as the CSV tokenizer does (LF, CRLF, lone CR), across pieces', () => {
    const bytes = utf8('a\r\nb\rc\nd\ne');
    const wanted: InvalidBytes[] = [0, 3, 5, 7, 9].map((offset) => ({ offset, bytes: [] }));
    const lc = new LineCounter();
    lc.feed(bytes.subarray(0, 2), wanted);
    lc.feed(bytes.subarray(2, 8), wanted);
    lc.feed(bytes.subarray(8), wanted);
    expect(wanted.map((w) => w.line)).toEqual([1, 2, 3, 4, 5]);
  });
  it('lists invalid sequences in notes, capped with a count', () => {
    const many = Array.from({ length: 3 }, (_, i) => ({ offset: i, bytes: [0xff], line: i + 2 }));
    expect(invalidNotes(many, 25)).toEqual([
      '25 invalid UTF-8 byte sequences read as U+FFFD (\uFFFD), the replacement character:',
      'line 2: byte FF is not UTF-8; read as U+FFFD',
      'line 3: byte FF is not UTF-8; read as U+FFFD',
      'line 4: byte FF is not UTF-8; read as U+FFFD',
      '… and 22 more not listed',
    ]);
    expect(invalidNotes([], 0)).toEqual([]);
  });
});
