// A string dictionary that looks up a range of a larger string without slicing it: the importer
// hashes the field in place and only allocates a string for values it has not seen.
//
// Most categorical columns have a handful of values, so while the dictionary is small the hash
// looks at only the length and three characters (constant time, no pass over the text); the one
// full comparison a lookup needs anyway settles collisions. Past QUICK_LIMIT keys (ids, free text)
// it switches to a full FNV hash so probe chains stay short.

const EMPTY = -1;
const QUICK_LIMIT = 48;

export class StringDict {
  /** Distinct values in code order. */
  readonly values: string[] = [];
  private keys: string[] = [];
  /** Per key: its code, or -1 for spellings that mean "missing". */
  private keyCodes = new Int32Array(64);
  private hashes = new Int32Array(64);
  private slots = new Int32Array(256).fill(EMPTY);
  private mask = 255;
  private quick = true;

  /** The code of t[a, b), or undefined when the value is new. */
  get(t: string, a: number, b: number): number | undefined {
    const h = this.quick ? quickHash(t, a, b) : hashRange(t, a, b);
    const len = b - a;
    const keys = this.keys;
    const slots = this.slots;
    const hashes = this.hashes;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[s];
      if (k === EMPTY) return undefined;
      if (hashes[k] !== h) continue;
      const key = keys[k];
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && key.charCodeAt(i) === t.charCodeAt(a + i)) i++;
      if (i === len) return this.keyCodes[k];
    }
  }

  /** Adds a new value with the next code and returns it. */
  add(value: string): number {
    const code = this.values.length;
    this.values.push(value);
    this.alias(value, code);
    return code;
  }

  /** Maps another spelling to an existing code (or to -1, "missing"). */
  alias(key: string, code: number): void {
    const k = this.keys.length;
    if (k === this.keyCodes.length) {
      this.keyCodes = grow(this.keyCodes);
      this.hashes = grow(this.hashes);
    }
    this.keys.push(key);
    this.keyCodes[k] = code;
    if (this.quick && k >= QUICK_LIMIT) {
      this.quick = false;
      for (let j = 0; j < k; j++) this.hashes[j] = hashRange(this.keys[j], 0, this.keys[j].length);
      this.hashes[k] = hashRange(key, 0, key.length);
      this.rehash(this.slots.length);
      return;
    }
    const h = this.quick ? quickHash(key, 0, key.length) : hashRange(key, 0, key.length);
    this.hashes[k] = h;
    if ((k + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(k, h);
  }

  private place(k: number, h: number): void {
    let s = h & this.mask;
    while (this.slots[s] !== EMPTY) s = (s + 1) & this.mask;
    this.slots[s] = k;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = this.slots.length - 1;
    for (let k = 0; k < this.keys.length; k++) this.place(k, this.hashes[k]);
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** FNV-1a over UTF-16 code units, finished with a multiply so low bits mix well. */
export function hashRange(t: string, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
}

/** Length plus first, middle and last characters: enough to tell a few category values apart. */
export function quickHash(t: string, a: number, b: number): number {
  const len = b - a;
  if (len === 0) return 0;
  const x = Math.imul(len ^ (t.charCodeAt(a) << 8) ^ (t.charCodeAt(b - 1) << 16) ^ (t.charCodeAt(a + (len >> 1)) << 3), 0x9e3779b1);
  return x ^ (x >>> 16);
}

/**
 * A copy of t[a, b) that does not keep `t` alive. V8 makes slices of 13+ characters views into
 * their parent, so a dictionary value sliced from a 1 MB chunk of text would pin that chunk for as
 * long as the table lives; concatenating and re-slicing forces a copy of just the value.
 */
export function ownString(t: string, a: number, b: number): string {
  return b - a < 13 ? t.slice(a, b) : (' ' + t.slice(a, b)).slice(1);
}
