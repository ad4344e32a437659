// Narrow typed arrays for storage: most columns are small integers (category codes, booleans, counts),
// and storing them as Int8/Int16 cuts IndexedDB bytes, and so import and re-open time, several-fold.
// Pure functions: the same bytes always decode to the same column.

export type StoredArray = Float64Array | Int32Array | Int16Array | Int8Array;

const INT_KINDS = [
  { Ctor: Int8Array, min: -128, max: 127 },
  { Ctor: Int16Array, min: -32768, max: 32767 },
  { Ctor: Int32Array, min: -2147483648, max: 2147483647 },
] as const;

/** Category codes (-1 = missing) in the narrowest signed type that holds them. */
export function packCodes(codes: Int32Array): Int8Array | Int16Array | Int32Array {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  if (max <= 127) return Int8Array.from(codes);
  if (max <= 32767) return Int16Array.from(codes);
  return codes;
}

/**
 * Numbers: when every present value is an integer that fits, the narrowest signed type with its minimum
 * standing for NaN; otherwise the Float64Array itself.
 */
export function packNumbers(values: Float64Array): StoredArray {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (!Number.isInteger(v) || Object.is(v, -0)) return values;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (const { Ctor, min, max } of INT_KINDS) {
    if (lo > min && hi <= max) {
      const out = new Ctor(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        out[i] = v !== v ? min : v;
      }
      return out;
    }
  }
  return values;
}

/** Writes a stored code chunk into `out` at `offset` (typed-array set widens with the sign kept). */
export function unpackCodes(stored: StoredArray, out: Int32Array, offset: number): void {
  out.set(stored, offset);
}

export function unpackNumbers(stored: StoredArray, out: Float64Array, offset: number): void {
  if (stored instanceof Float64Array) {
    out.set(stored, offset);
    return;
  }
  const missing = stored instanceof Int8Array ? -128 : stored instanceof Int16Array ? -32768 : -2147483648;
  for (let i = 0; i < stored.length; i++) {
    const v = stored[i];
    out[offset + i] = v === missing ? NaN : v;
  }
}
