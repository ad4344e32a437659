// Buffers to hand over with a structured-clone message (Comlink.transfer) instead of copying them.

/** Every typed-array buffer inside a plain result (for Comlink.transfer). */
export function buffersOf(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) if (v && typeof v === 'object') buffersOf(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) if (v && typeof v === 'object') buffersOf(v, out);
  }
  return out;
}
