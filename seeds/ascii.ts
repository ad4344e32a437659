// A batch of ASCII CSV text assembled byte by byte. Building ten million rows from template
// strings spends most of its time collecting the garbage; writing digits into one growing byte
// array and decoding it once per batch does not.

const COMMA = 44;
const NEWLINE = 10;
const MINUS = 45;
const DOT = 46;
const COLON = 58;
const SPACE = 32;
const ZERO = 48;
const decoder = new TextDecoder();

export class AsciiBatch {
  private buf: Uint8Array;
  private len = 0;
  /** Rows ended since the last take(). */
  rows = 0;

  constructor(capacity = 1 << 20) {
    this.buf = new Uint8Array(capacity);
  }

  /** Room for n more bytes. Callers reserve a row's worth before writing it. */
  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** ASCII text (ids, dates): one byte per character. */
  text(s: string): this {
    const buf = this.buf;
    let len = this.len;
    for (let i = 0; i < s.length; i++) buf[len++] = s.charCodeAt(i);
    this.len = len;
    return this;
  }

  /** Integer in decimal. */
  int(n: number): this {
    const buf = this.buf;
    if (n < 0) {
      buf[this.len++] = MINUS;
      n = -n;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let at = this.len + digits - 1;
    for (let i = 0; i < digits; i++) {
      const q = Math.floor(n / 10);
      buf[at--] = ZERO + (n - q * 10);
      n = q;
    }
    this.len += digits;
    return this;
  }

  /** Whole cents as a decimal amount with two places: -1050 -> -10.50. */
  cents(c: number): this {
    if (c < 0) {
      this.buf[this.len++] = MINUS;
      c = -c;
    }
    const whole = Math.floor(c / 100);
    const frac = c - whole * 100;
    this.int(whole);
    const buf = this.buf;
    buf[this.len++] = DOT;
    buf[this.len++] = ZERO + Math.floor(frac / 10);
    buf[this.len++] = ZERO + (frac % 10);
    return this;
  }

  /** Zero-padded integer of the given width (wider numbers keep all their digits). */
  padded(n: number, width: number): this {
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = digits; i < width; i++) this.buf[this.len++] = ZERO;
    return this.int(n);
  }

  /** ` HH:MM:SS` of a second of the day, after a date. */
  clock(secondOfDay: number): this {
    const h = Math.floor(secondOfDay / 3600);
    const m = Math.floor((secondOfDay - h * 3600) / 60);
    const s = secondOfDay - h * 3600 - m * 60;
    const buf = this.buf;
    let len = this.len;
    buf[len++] = SPACE;
    buf[len++] = ZERO + Math.floor(h / 10);
    buf[len++] = ZERO + (h % 10);
    buf[len++] = COLON;
    buf[len++] = ZERO + Math.floor(m / 10);
    buf[len++] = ZERO + (m % 10);
    buf[len++] = COLON;
    buf[len++] = ZERO + Math.floor(s / 10);
    buf[len++] = ZERO + (s % 10);
    this.len = len;
    return this;
  }

  comma(): this {
    this.buf[this.len++] = COMMA;
    return this;
  }

  endRow(): this {
    this.buf[this.len++] = NEWLINE;
    this.rows++;
    return this;
  }

  get byteLength(): number {
    return this.len;
  }

  /** The batch as a string; the batch starts empty again. */
  take(): string {
    const s = decoder.decode(this.buf.subarray(0, this.len));
    this.len = 0;
    this.rows = 0;
    return s;
  }
}
