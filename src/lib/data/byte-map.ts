// A hash map from byte ranges (cells of a line still in the file's bytes) to what the typed import made of
// them: a dictionary code, or a parsed value and whether it was invalid. The byte path of the importer
// (Importer.pushBytes) asks it before decoding anything, so a categorical cell already seen costs a hash and
// a byte comparison, and only new distinct values are decoded to strings.

const EMPTY = -1;
/** Keys hashed by their length and three bytes; past this many, by every byte (as StringDict does). */
const QUICK_LIMIT = 48;

/** FNV-1a over bytes, finished with a multiply so low bits mix well. */
export function hashBytes(bytes: Uint8Array, a: number, b: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = a; i < b; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
}

/** Length plus first, middle and last bytes: enough to tell a few category values apart, in constant time. */
export function quickHashBytes(bytes: Uint8Array, a: number, b: number): number {
  const len = b - a;
  if (len === 0) return 0;
  const x = Math.imul(len ^ (bytes[a] << 8) ^ (bytes[b - 1] << 16) ^ (bytes[a + (len >> 1)] << 3), 0x9e3779b1);
  return x ^ (x >>> 16);
}

export class ByteMap {
  private arena = new Uint8Array(4096);
  private arenaView = new DataView(this.arena.buffer);
  private used = 0;
  /** Per key: hash, length, start in the arena (one cache line per probe, not three arrays). */
  private meta = new Int32Array(64 * 3);
  /** The value per key (a code, or a parsed number). */
  values = new Float64Array(64);
  /** Per key: 1 when the value was an invalid cell (its examples are counted on every hit). */
  flags = new Uint8Array(64);
  private slots = new Int32Array(256).fill(EMPTY);
  private mask = 255;
  private quick = true;
  size = 0;

  /** @param limit Keys kept at most (values past it are not cached: a column of mostly distinct dates). */
  constructor(readonly limit = Infinity) {}

  /** The hash find and insert take for bytes[a, b). */
  hash(bytes: Uint8Array, a: number, b: number): number {
    return this.quick ? quickHashBytes(bytes, a, b) : hashBytes(bytes, a, b);
  }

  /** The key index of bytes[a, b) with hash h (from `hash`), or -1; `view` is a DataView of the same bytes. */
  find(bytes: Uint8Array, view: DataView, a: number, b: number, h: number): number {
    const len = b - a;
    const meta = this.meta;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.slots[s];
      if (k === EMPTY) return -1;
      const m = k * 3;
      if (meta[m] !== h || meta[m + 1] !== len) continue;
      if (this.same(meta[m + 2], bytes, view, a, len)) return k;
    }
  }

  /** arena[base, base + len) === bytes[a, a + len), four bytes at a time. */
  private same(base: number, bytes: Uint8Array, view: DataView, a: number, len: number): boolean {
    const arena = this.arenaView;
    let i = 0;
    for (; i + 4 <= len; i += 4) if (arena.getInt32(base + i) !== view.getInt32(a + i)) return false;
    for (; i < len; i++) if (this.arena[base + i] !== bytes[a + i]) return false;
    return true;
  }

  /** Adds bytes[a, b) (not present) with its value; false when the map is full. */
  insert(bytes: Uint8Array, a: number, b: number, h: number, value: number, flag: number): boolean {
    if (this.size >= this.limit) return false;
    const len = b - a;
    if (this.used + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
      this.arenaView = new DataView(next.buffer);
    }
    this.arena.set(bytes.subarray(a, b), this.used);
    const k = this.size++;
    if (k === this.values.length) {
      const meta = new Int32Array(k * 6);
      meta.set(this.meta);
      this.meta = meta;
      const v = new Float64Array(k * 2);
      v.set(this.values);
      this.values = v;
      const f = new Uint8Array(k * 2);
      f.set(this.flags);
      this.flags = f;
    }
    const m = k * 3;
    this.meta[m] = h;
    this.meta[m + 1] = len;
    this.meta[m + 2] = this.used;
    this.values[k] = value;
    this.flags[k] = flag;
    this.used += len;
    if (this.quick && this.size > QUICK_LIMIT) {
      this.quick = false;
      for (let j = 0; j < this.size; j++) this.meta[j * 3] = hashBytes(this.arena, this.meta[j * 3 + 2], this.meta[j * 3 + 2] + this.meta[j * 3 + 1]);
      this.rehash(this.slots.length);
    } else if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(k);
    return true;
  }

  private place(k: number): void {
    let s = this.meta[k * 3] & this.mask;
    while (this.slots[s] !== EMPTY) s = (s + 1) & this.mask;
    this.slots[s] = k;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let k = 0; k < this.size; k++) this.place(k);
  }
}
