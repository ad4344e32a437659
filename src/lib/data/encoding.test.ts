import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath } from '../../../tests/datasets';
import { checkEncodingName, createDecoder, decodeAll, detectEncoding, isValidUtf8 } from './encoding';

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
    expect(isValidUtf8(bytes, 0, bytes.length - 1, false)).toBe(false);
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
