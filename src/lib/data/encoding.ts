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

/** A stretch of a file read for detection: its bytes and where they start in the file. */
export interface EncodingSample {
  bytes: Uint8Array;
  /** Byte offset of `bytes[0]` in the file. */
  at: number;
}

/** One invalid UTF-8 sequence: where it is and what it is. */
export interface InvalidBytes {
  /** Byte offset in the file. */
  offset: number;
  /** The bytes replaced by one U+FFFD, then the byte that broke the sequence (if any), for display. */
  bytes: number[];
  /** Physical line (1-based), once known. */
  line?: number;
}

export interface EncodingDecision extends EncodingInfo {
  /** Why this encoding, in words, when the choice needs saying (non-UTF-8, or UTF-8 with invalid bytes). */
  note: string | null;
  /** What reading the file as UTF-8 means (invalid bytes become U+FFFD), whatever was chosen; null when valid. */
  utf8Note: string | null;
  /** Invalid UTF-8 sequences seen in the samples (the first few), and how many in all. */
  invalid: InvalidBytes[];
  invalidCount: number;
  /** Valid multi-byte UTF-8 characters seen in the samples: the evidence for UTF-8. */
  utf8Chars: number;
  sampledBytes: number;
}

/** Invalid sequences kept with their bytes; the rest are counted. */
export const INVALID_KEPT = 20;

/**
 * Detects the encoding from BOMs, then UTF-8 validity of the first `sampleBytes` bytes (see
 * decideEncoding, which weighs samples from several places of a file).
 */
export function detectEncoding(bytes: Uint8Array, sampleBytes = DETECT_BYTES): EncodingInfo {
  const n = Math.min(bytes.length, sampleBytes);
  const d = decideEncoding([{ bytes: bytes.subarray(0, n), at: 0 }], bytes.length);
  return { encoding: d.encoding, bom: d.bom };
}

/**
 * Decides the encoding from samples of a file (its start first; others from its middle and end):
 * BOMs and UTF-16 from the start; otherwise UTF-8 unless the samples say otherwise. Windows-1252
 * (what browsers mean by "latin1") only when invalid UTF-8 sequences outnumber valid multi-byte
 * characters, so a UTF-8 file with a few broken bytes stays UTF-8 (and the bytes are reported),
 * while a Latin-1 file (no valid multi-byte character at all) is read as such, with a note saying why.
 * Binary files throw: a NUL byte or many control characters mean this is not a text table.
 */
export function decideEncoding(samples: readonly EncodingSample[], fileBytes: number): EncodingDecision {
  const first = samples[0]?.bytes ?? new Uint8Array(0);
  const n = first.length;
  const plain = (encoding: TextEncodingName, bom: number): EncodingDecision => ({ encoding, bom, note: null, utf8Note: null, invalid: [], invalidCount: 0, utf8Chars: 0, sampledBytes: 0 });
  let bom = 0;
  if (n >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) bom = 3;
  else if (n >= 2 && first[0] === 0xff && first[1] === 0xfe) return plain('utf-16le', 2);
  else if (n >= 2 && first[0] === 0xfe && first[1] === 0xff) return plain('utf-16be', 2);
  else {
    const u16 = utf16WithoutBom(first, Math.min(n, 4096));
    if (u16) return plain(u16, 0);
  }
  checkNotBinary(first, bom, n);
  const invalid: InvalidBytes[] = [];
  let invalidCount = 0;
  let utf8Chars = 0;
  let sampledBytes = 0;
  for (const s of samples) {
    const end = s.at + s.bytes.length;
    // A sample cut from the middle of a file may start or end inside a multi-byte character: not an error.
    const scan = scanUtf8(s.bytes, s.at === 0 ? bom : 0, s.bytes.length, s.at > 0, end < fileBytes, (bad) => {
      if (invalid.length < INVALID_KEPT) invalid.push({ ...bad, offset: bad.offset + s.at });
    });
    invalidCount += scan.invalid;
    utf8Chars += scan.chars;
    sampledBytes += s.bytes.length;
  }
  const size = formatMB(sampledBytes);
  const where = samples.length > 1 ? `in ${size} read from the start, middle and end of the file` : `in the first ${size}`;
  if (invalidCount === 0) return { encoding: 'utf-8', bom, note: null, utf8Note: null, invalid, invalidCount, utf8Chars, sampledBytes };
  const example = invalid[0] ? ` (first: byte${invalid[0].bytes.length > 1 ? 's' : ''} ${hexBytes(invalid[0].bytes)})` : '';
  const utf8Note = `Read as UTF-8 (${plural(utf8Chars, 'valid multi-byte character')} ${where}); ${plural(invalidCount, 'byte sequence')} there ${invalidCount === 1 ? 'is' : 'are'} not UTF-8 and ${invalidCount === 1 ? 'is' : 'are'} read as U+FFFD (\uFFFD): each is listed by line after the import.`;
  const evidence = { bom, utf8Note, invalid, invalidCount, utf8Chars, sampledBytes };
  if (bom === 0 && invalidCount > utf8Chars) {
    const note = `Read as Windows-1252 (Latin-1): ${plural(invalidCount, 'byte sequence')} ${where} ${invalidCount === 1 ? 'is' : 'are'} not UTF-8${example}, against ${plural(utf8Chars, 'valid UTF-8 character')}. Choose UTF-8 if accented letters look wrong.`;
    return { ...evidence, encoding: 'latin1', note };
  }
  return { ...evidence, encoding: 'utf-8', note: utf8Note };
}

const plural = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
const formatMB = (bytes: number) => (bytes >= 1e5 ? `${(bytes / 1e6).toFixed(1)} MB` : `${bytes.toLocaleString('en-US')} bytes`);

export function hexBytes(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** "line 1,234: bytes C3 28 are not UTF-8; read as U+FFFD" */
export function describeInvalid(s: InvalidBytes): string {
  const where = s.line !== undefined ? `line ${s.line.toLocaleString('en-US')}` : `byte ${s.offset.toLocaleString('en-US')}`;
  return `${where}: byte${s.bytes.length > 1 ? 's' : ''} ${hexBytes(s.bytes)} ${s.bytes.length > 1 ? 'are' : 'is'} not UTF-8; read as U+FFFD`;
}

/** The notes an import adds for invalid UTF-8: one line per sequence (the first few), then a count of the rest. */
export function invalidNotes(invalid: readonly InvalidBytes[], count: number): string[] {
  if (count === 0) return [];
  const notes = [`${plural(count, 'invalid UTF-8 byte sequence')} read as U+FFFD (\uFFFD), the replacement character:`];
  for (const s of invalid) notes.push(describeInvalid(s));
  if (count > invalid.length) notes.push(`… and ${(count - invalid.length).toLocaleString('en-US')} more not listed`);
  return notes;
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

/**
 * Walks UTF-8 the way the WHATWG decoder does (each maximal invalid subpart becomes one U+FFFD), so
 * every sequence reported here is exactly one replacement character in the decoded text. Counts
 * valid multi-byte characters too (the evidence that a file is UTF-8). `partialStart` skips
 * continuation bytes at `from` (a sample cut mid-character); `partialEnd` forgives a sequence cut by `to`.
 */
export function scanUtf8(
  bytes: Uint8Array,
  from: number,
  to: number,
  partialStart: boolean,
  partialEnd: boolean,
  onInvalid?: (s: InvalidBytes) => void,
): { invalid: number; chars: number } {
  let i = from;
  if (partialStart) for (let k = 0; k < 3 && i < to && (bytes[i] & 0xc0) === 0x80; k++) i++;
  let invalid = 0;
  let chars = 0;
  const bad = (start: number, end: number) => {
    invalid++;
    if (onInvalid) onInvalid({ offset: start, bytes: Array.from(bytes.subarray(start, Math.min(to, end + 1))) });
  };
  while (i < to) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      bad(i, i);
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      if (j >= to) {
        ok = false;
        break;
      }
      const c = bytes[j];
      if (c < lower || c > upper) {
        ok = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
    }
    if (ok) chars++;
    else if (j < to || !partialEnd) bad(i, j);
    i = j;
  }
  return { invalid, chars };
}

/**
 * Physical line numbers for byte offsets, fed the file's bytes in order: LF, CRLF and a lone CR
 * each end a line, as the CSV tokenizer counts them (a quoted field's line breaks count too).
 */
export class LineCounter {
  private line = 1;
  private at = 0;
  private cr = false;

  /** Feeds the next bytes; sets `line` on each of `wanted` (sorted by offset) that falls in them. */
  feed(bytes: Uint8Array, wanted: InvalidBytes[]): void {
    const end = this.at + bytes.length;
    let w = wanted.findIndex((s) => s.line === undefined && s.offset >= this.at);
    let i = 0;
    while (w >= 0 && w < wanted.length && wanted[w].offset < end) {
      const stop = wanted[w].offset - this.at;
      this.count(bytes, i, stop);
      i = stop;
      wanted[w].line = this.line;
      w++;
    }
    this.count(bytes, i, bytes.length);
    this.at = end;
  }

  private count(bytes: Uint8Array, from: number, to: number): void {
    let line = this.line;
    let cr = this.cr;
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      if (b === 10) {
        if (!cr) line++;
        cr = false;
      } else if (b === 13) {
        line++;
        cr = true;
      } else cr = false;
    }
    this.line = line;
    this.cr = cr;
  }
}

/** Sets the line of each invalid sequence from the whole file in memory. */
export function locateLines(bytes: Uint8Array, invalid: InvalidBytes[]): void {
  new LineCounter().feed(bytes, invalid);
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
  /**
   * Passes over `bytes` bytes that someone else read (the importer's byte path: whole ASCII lines), so
   * later offsets stay right. Only after a decode() that ended on a whole character.
   */
  advance?(bytes: number): void;
}

export interface DecoderOptions {
  /**
   * Called for each invalid UTF-8 sequence (read as U+FFFD), with its byte offset in the stream. The
   * check costs nothing on valid text: each slice is decoded strictly and only a failing slice is
   * walked again to find its bad bytes.
   */
  onInvalid?: (s: InvalidBytes) => void;
  /** File offset of the first byte (a later slice of a file): offsets given to onInvalid count from the file's start. */
  offset?: number;
  /** A later slice of a file: a U+FEFF at its start is text, not a byte-order mark. */
  keepBOM?: boolean;
}

export function createDecoder(encoding: TextEncodingName, opts: DecoderOptions = {}): ChunkDecoder {
  if (encoding === 'utf-8') return new Utf8Decoder(opts.onInvalid, opts.offset ?? 0, opts.keepBOM ?? false);
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
  private readonly strict: TextDecoder | null;
  private carry: Uint8Array | null = null;
  private first = true;
  /** Stream offset of the next byte given to decode(). */
  private pos = 0;

  constructor(
    private readonly onInvalid?: (s: InvalidBytes) => void,
    offset = 0,
    keepBOM = false,
  ) {
    this.pos = offset;
    this.first = !keepBOM;
    this.strict = onInvalid ? new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }) : null;
  }

  advance(bytes: number): void {
    if (this.carry) throw new Error('Utf8Decoder: advance() inside a character');
    this.pos += bytes;
    // A U+FEFF after these bytes is text, not a byte-order mark.
    if (bytes > 0) this.first = false;
  }

  decode(bytes: Uint8Array, last: boolean): string {
    const at = this.pos;
    this.pos += bytes.length;
    let head = '';
    let b = bytes;
    let bAt = at;
    if (this.carry) {
      const c = this.carry;
      this.carry = null;
      // Only continuation bytes complete a carried character; anything else starts a new one.
      const want = sequenceLength(c[0]) - c.length;
      let need = 0;
      while (need < want && need < b.length && (b[need] & 0xc0) === 0x80) need++;
      const joined = new Uint8Array(c.length + need);
      joined.set(c);
      joined.set(b.subarray(0, need), c.length);
      b = b.subarray(need);
      bAt += need;
      if (need < want && b.length === 0 && !last) {
        this.carry = joined;
        return '';
      }
      head = this.text(joined, at - c.length);
    }
    let cut = b.length;
    if (!last) {
      // Walk back over continuation bytes to the lead byte of the final character.
      let i = b.length - 1;
      while (i >= 0 && i >= b.length - 4 && (b[i] & 0xc0) === 0x80) i--;
      if (i >= 0 && b[i] >= 0xc2 && b[i] <= 0xf4 && i + sequenceLength(b[i]) > b.length) cut = i;
      if (cut < b.length) this.carry = b.slice(cut);
    }
    let text = head + this.text(b.subarray(0, cut), bAt);
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  private text(bytes: Uint8Array, at: number): string {
    if (!this.strict) return this.td.decode(bytes);
    try {
      return this.strict.decode(bytes);
    } catch {
      const report = this.onInvalid as (s: InvalidBytes) => void;
      scanUtf8(bytes, 0, bytes.length, false, false, (s) => report({ ...s, offset: s.offset + at }));
      return this.td.decode(bytes);
    }
  }
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Decodes a whole buffer (for samples and small files). */
export function decodeAll(bytes: Uint8Array, encoding: TextEncodingName): string {
  return createDecoder(encoding).decode(bytes, true);
}
