// Text encoding detection from a file's first bytes, and a streaming decoder for what was found.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface EncodingInfo {
  encoding: TextEncodingName;
  /** Byte-order mark length (0 when absent); the decoder skips it. */
  bom: number;
}

const ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'latin1'];

/** How many leading bytes detection looks at by default. */
export const DETECT_BYTES = 1 << 20;

export function checkEncodingName(name: string): TextEncodingName {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf8') return 'utf-8';
  if (n === 'windows-1252' || n === 'cp1252' || n === 'iso-8859-1' || n === 'latin-1') return 'latin1';
  if ((ENCODINGS as readonly string[]).includes(n)) return n as TextEncodingName;
  throw new Error(`Unknown encoding "${name}" (use one of ${ENCODINGS.join(', ')})`);
}

/**
 * Detects the encoding from BOMs, then UTF-8 validity of the first `sampleBytes` bytes; anything
 * that is not valid UTF-8 is read as Windows-1252 (what browsers mean by "latin1"). Binary files
 * throw: a NUL byte or many control characters mean this is not a text table.
 */
export function detectEncoding(bytes: Uint8Array, sampleBytes = DETECT_BYTES): EncodingInfo {
  const n = Math.min(bytes.length, sampleBytes);
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    checkNotBinary(bytes, 3, n);
    return { encoding: 'utf-8', bom: 3 };
  }
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const u16 = utf16WithoutBom(bytes, Math.min(n, 4096));
  if (u16) return { encoding: u16, bom: 0 };
  checkNotBinary(bytes, 0, n);
  // A sample cut short of the whole file may end inside a multi-byte sequence: that is not an error.
  return { encoding: isValidUtf8(bytes, 0, n, n < bytes.length) ? 'utf-8' : 'latin1', bom: 0 };
}

/** Text in UTF-16 without a BOM has a NUL in every other byte (for Latin text); binary data does not. */
function utf16WithoutBom(bytes: Uint8Array, n: number): TextEncodingName | null {
  if (n < 16) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n >> 1;
  if (odd > 0.4 * pairs && even === 0) return 'utf-16le';
  if (even > 0.4 * pairs && odd === 0) return 'utf-16be';
  return null;
}

function checkNotBinary(bytes: Uint8Array, from: number, to: number): void {
  let control = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b >= 32) continue;
    if (b === 0) throw new Error(`This looks like a binary file, not text (NUL byte at byte ${i})`);
    // Tab, LF, FF, CR and the DOS end-of-file mark are normal in text files.
    if (b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 26) control++;
  }
  const len = to - from;
  if (len > 0 && control > 8 && control / len > 0.01) {
    throw new Error(`This looks like a binary file, not text (${control} control characters in the first ${len} bytes)`);
  }
}

/** Strict UTF-8 validation (no overlongs, no surrogates, max U+10FFFF). */
export function isValidUtf8(bytes: Uint8Array, from: number, to: number, allowTruncatedEnd: boolean): boolean {
  let i = from;
  while (i < to) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return false;
    }
    if (i + need >= to) {
      // The sequence runs past what we have: fine only when the sample was cut mid-character.
      for (let k = i + 1; k < to; k++) if ((bytes[k] & 0xc0) !== 0x80) return false;
      return allowTruncatedEnd;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

// Windows-1252 bytes 0x80..0x9F. Node's TextDecoder('windows-1252') leaves them as C1 controls
// (browsers do not), so decoded text is patched through this table to give the same result everywhere.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

function fixCp1252(s: string): string {
  return s.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** A streaming decoder: feed byte slices in order with `last` set on the final one. */
export interface ChunkDecoder {
  decode(bytes: Uint8Array, last: boolean): string;
}

export function createDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === 'utf-8') return new Utf8Decoder();
  const label = encoding === 'latin1' ? 'windows-1252' : encoding;
  // The BOM is dropped by TextDecoder itself (ignoreBOM false), so it never reaches the first header name.
  const td = new TextDecoder(label);
  if (encoding !== 'latin1') return { decode: (b, last) => td.decode(b, { stream: !last }) };
  return { decode: (b) => fixCp1252(td.decode(b)) };
}

/**
 * UTF-8 with `{stream: true}` takes a slow path in Node (2-3x slower than a one-shot decode), so
 * each slice is cut at the last complete character and decoded in one shot; the few bytes of a
 * split character are carried into the next slice.
 */
class Utf8Decoder implements ChunkDecoder {
  private readonly td = new TextDecoder('utf-8', { ignoreBOM: true });
  private carry: Uint8Array | null = null;
  private first = true;

  decode(bytes: Uint8Array, last: boolean): string {
    let head = '';
    let b = bytes;
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      const need = Math.min(sequenceLength(c[0]) - c.length, b.length);
      const joined = new Uint8Array(c.length + need);
      joined.set(c);
      joined.set(b.subarray(0, need), c.length);
      b = b.subarray(need);
      if (joined.length < sequenceLength(joined[0]) && !last) {
        this.carry = joined;
        return '';
      }
      head = this.td.decode(joined);
    }
    let cut = b.length;
    if (!last) {
      // Walk back over continuation bytes to the lead byte of the final character.
      let i = b.length - 1;
      while (i >= 0 && i >= b.length - 4 && (b[i] & 0xc0) === 0x80) i--;
      if (i >= 0 && b[i] >= 0xc0 && i + sequenceLength(b[i]) > b.length) cut = i;
      if (cut < b.length) this.carry = b.slice(cut);
    }
    let text = head + this.td.decode(b.subarray(0, cut));
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Decodes a whole buffer (for samples and small files). */
export function decodeAll(bytes: Uint8Array, encoding: TextEncodingName): string {
  return createDecoder(encoding).decode(bytes, true);
}
