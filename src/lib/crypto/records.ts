// The workspace payload: a sequence of records, each a JSON document followed by the raw bytes of the
// typed arrays it holds (little-endian, as every platform the app runs on). JSON alone would lose what
// IndexedDB keeps (typed arrays, NaN, -0, undefined, Dates, Maps, Sets), so those are tagged:
// {"$t": kind, ...}; a stored object that itself has a "$t" key is wrapped as {"$t":"o","v":{...}}.
//
//   record = u32 JSON length (big-endian) · JSON {"t": table, "v": value, "b": [byte lengths]} · bytes...
import { ByteReader, type Bytes } from './streams';

export interface PayloadRecord {
  table: string;
  value: unknown;
}

const ARRAY_KINDS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type ArrayKind = keyof typeof ARRAY_KINDS;
const MAX_JSON = 256 << 20;

if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) throw new Error('Workspace files need a little-endian platform');

/** One record as byte pieces (the typed arrays' own bytes are not copied). */
export function encodeRecord(table: string, value: unknown): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const json = new TextEncoder().encode(JSON.stringify({ t: table, v: tag(value, parts, new Set()), b: parts.map((p) => p.byteLength) }));
  const head = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, json.length);
  return [head, json, ...parts];
}

function tag(value: unknown, parts: Uint8Array[], seen: Set<object>): unknown {
  switch (typeof value) {
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $t: 'n', v: Object.is(value, -0) ? '-0' : String(value) };
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $t: 'u' };
    case 'bigint':
      return { $t: 'bi', v: value.toString() };
    case 'object':
      break;
    default:
      throw new Error(`Cannot store a ${typeof value} in a workspace file`);
  }
  if (value === null) return null;
  if (ArrayBuffer.isView(value)) {
    const kind = value.constructor.name;
    if (!(kind in ARRAY_KINDS)) throw new Error(`Cannot store a ${kind} in a workspace file`);
    parts.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return { $t: 'a', k: kind, i: parts.length - 1 };
  }
  if (value instanceof ArrayBuffer) {
    parts.push(new Uint8Array(value));
    return { $t: 'ab', i: parts.length - 1 };
  }
  if (seen.has(value)) throw new Error('Cannot store a value that contains itself in a workspace file');
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => tag(v, parts, seen));
    if (value instanceof Date) return { $t: 'd', v: value.getTime() };
    if (value instanceof Map) return { $t: 'm', v: [...value].map(([k, v]) => [tag(k, parts, seen), tag(v, parts, seen)]) };
    if (value instanceof Set) return { $t: 's', v: [...value].map((v) => tag(v, parts, seen)) };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = tag(v, parts, seen);
    return '$t' in out ? { $t: 'o', v: out } : out;
  } finally {
    seen.delete(value);
  }
}

function untag(value: unknown, parts: Bytes[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => untag(v, parts));
  const o = value as Record<string, unknown>;
  if (!('$t' in o)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = untag(v, parts);
    return out;
  }
  switch (o.$t) {
    case 'n':
      return o.v === '-0' ? -0 : Number(o.v);
    case 'u':
      return undefined;
    case 'bi':
      return BigInt(String(o.v));
    case 'd':
      return new Date(Number(o.v));
    case 'm':
      return new Map((o.v as [unknown, unknown][]).map(([k, v]) => [untag(k, parts), untag(v, parts)]));
    case 's':
      return new Set((o.v as unknown[]).map((v) => untag(v, parts)));
    case 'o': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o.v as Record<string, unknown>)) out[k] = untag(v, parts);
      return out;
    }
    case 'ab':
      return part(parts, o.i).buffer;
    case 'a': {
      const kind = String(o.k);
      if (!Object.hasOwn(ARRAY_KINDS, kind)) throw new Error(`unknown array kind "${kind}"`);
      const Ctor = ARRAY_KINDS[kind as ArrayKind];
      const bytes = part(parts, o.i);
      if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error(`a ${kind} of ${bytes.byteLength} bytes`);
      return new Ctor(bytes.buffer);
    }
    default:
      throw new Error(`unknown tag "${String(o.$t)}"`);
  }
}

function part(parts: Bytes[], i: unknown): Bytes {
  if (typeof i !== 'number' || !parts[i]) throw new Error('a reference to missing bytes');
  return parts[i];
}

/** Records from payload bytes; throws (message naming the problem) when the bytes do not parse. */
export async function* decodeRecords(payload: AsyncIterable<Uint8Array>): AsyncGenerator<PayloadRecord> {
  const reader = new ByteReader(payload);
  for (let n = 1; ; n++) {
    const head = await reader.read(4);
    if (head.length === 0) return;
    const fail = (why: string) => new Error(`record ${n}: ${why}`);
    if (head.length < 4) throw fail('cut off');
    const length = new DataView(head.buffer).getUint32(0);
    if (length > MAX_JSON) throw fail('impossible length');
    const json = await reader.read(length);
    if (json.length < length) throw fail('cut off');
    let doc: { t?: unknown; v?: unknown; b?: unknown };
    try {
      doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
    } catch {
      throw fail('not valid JSON');
    }
    if (typeof doc !== 'object' || doc === null || typeof doc.t !== 'string' || !Array.isArray(doc.b) || !doc.b.every((x) => Number.isInteger(x) && x >= 0)) throw fail('not a record');
    const parts: Bytes[] = [];
    for (const size of doc.b as number[]) {
      const bytes = await reader.read(size);
      if (bytes.length < size) throw fail('cut off');
      parts.push(bytes);
    }
    let value: unknown;
    try {
      value = untag(doc.v, parts);
    } catch (e) {
      throw fail(e instanceof Error ? e.message : String(e));
    }
    yield { table: doc.t, value };
  }
}
