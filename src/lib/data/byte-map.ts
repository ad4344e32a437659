// A hash map from byte ranges (cells of a line still in the file's bytes) to what the typed import made of
// them: a dictionary code, or a parsed value and whether it was invalid. The byte path of the importer
// (Importer.pushBytes) asks it before decoding anything, so a categorical cell already seen costs a hash and
// a byte comparison, and only new distinct values are decoded to strings.

const EMPTY = -1;

/** FNV-1a over bytes, the same step the importer's line scan folds into its loop. */
export const FNV_START = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export function hashBytes(bytes: Uint8Array, a: number, b: number): number {
  let h = FNV_START;
  for (let i = a; i < b; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME);
  return h;
}

export class ByteMap {
  private arena = new Uint8Array(4096);
  private used = 0;
  private starts = new Int32Array(64);
  private lens = new Int32Array(64);
  private hashes = new Int32Array(64);
  /** The value per key (a code, or a parsed number). */
  values = new Float64Array(64);
  /** Per key: 1 when the value was an invalid cell (its examples are counted on every hit). */
  flags = new Uint8Array(64);
  private slots = new Int32Array(256).fill(EMPTY);
  private mask = 255;
  size = 0;

  /** @param limit Keys kept at most (values past it are not cached: a column of mostly distinct dates). */
  constructor(readonly limit = Infinity) {}

  /** The key index of bytes[a, b) with FNV hash h, or -1. */
  find(bytes: Uint8Array, a: number, b: number, h: number): number {
    const len = b - a;
    const arena = this.arena;
    for (let s = (h ^ (h >>> 15)) & this.mask; ; s = (s + 1) & this.mask) {
      const k = this.slots[s];
      if (k === EMPTY) return -1;
      if (this.hashes[k] !== h || this.lens[k] !== len) continue;
      const base = this.starts[k];
      let i = 0;
      while (i < len && arena[base + i] === bytes[a + i]) i++;
      if (i === len) return k;
    }
  }

  /** Adds bytes[a, b) (not present) with its value; false when the map is full. */
  insert(bytes: Uint8Array, a: number, b: number, h: number, value: number, flag: number): boolean {
    if (this.size >= this.limit) return false;
    const len = b - a;
    if (this.used + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + len));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    this.arena.set(bytes.subarray(a, b), this.used);
    const k = this.size++;
    if (k === this.starts.length) {
      this.starts = grow(this.starts);
      this.lens = grow(this.lens);
      this.hashes = grow(this.hashes);
      const v = new Float64Array(k * 2);
      v.set(this.values);
      this.values = v;
      const f = new Uint8Array(k * 2);
      f.set(this.flags);
      this.flags = f;
    }
    this.starts[k] = this.used;
    this.lens[k] = len;
    this.hashes[k] = h;
    this.values[k] = value;
    this.flags[k] = flag;
    this.used += len;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(k);
    return true;
  }

  private place(k: number): void {
    const h = this.hashes[k];
    let s = (h ^ (h >>> 15)) & this.mask;
    while (this.slots[s] !== EMPTY) s = (s + 1) & this.mask;
    this.slots[s] = k;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let k = 0; k < this.size; k++) this.place(k);
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
