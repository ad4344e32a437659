// Small byte-stream helpers shared by the workspace container: async iterables of bytes in and out, so
// the same code runs over a File's stream in a worker and over arrays in Node tests.

export type Bytes = Uint8Array<ArrayBuffer>;

/** An async iterable as a ReadableStream (pull-based, so a slow consumer holds back the producer). */
export function toStream(source: AsyncIterable<Uint8Array>): ReadableStream<Bytes> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Bytes>({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value as Bytes);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

export { fromStream } from '../streams';

/** Pieces of exactly `size` bytes (the last one shorter, possibly empty when the input is). */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Bytes> {
  let buf = new Uint8Array(size);
  let fill = 0;
  for await (const piece of source) {
    let at = 0;
    while (at < piece.length) {
      const n = Math.min(size - fill, piece.length - at);
      buf.set(piece.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === size) {
        yield buf;
        buf = new Uint8Array(size);
        fill = 0;
      }
    }
  }
  yield buf.slice(0, fill);
}

/** Reads exact byte counts from a stream of pieces of any size. */
export class ByteReader {
  #it: AsyncIterator<Uint8Array>;
  #pending: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#it = source[Symbol.asyncIterator]();
  }

  /** `n` bytes, or fewer only when the stream ends first. */
  async read(n: number): Promise<Bytes> {
    while (this.#buffered < n && !this.#ended) {
      const { done, value } = await this.#it.next();
      if (done) this.#ended = true;
      else if (value.length) {
        this.#pending.push(value);
        this.#buffered += value.length;
      }
    }
    const out = new Uint8Array(Math.min(n, this.#buffered));
    let fill = 0;
    while (fill < out.length) {
      const head = this.#pending[0];
      const take = Math.min(head.length, out.length - fill);
      out.set(head.subarray(0, take), fill);
      fill += take;
      if (take === head.length) this.#pending.shift();
      else this.#pending[0] = head.subarray(take);
    }
    this.#buffered -= out.length;
    return out;
  }

  /** True when nothing is left. */
  async atEnd(): Promise<boolean> {
    if (this.#buffered > 0) return false;
    const more = await this.read(1);
    if (more.length === 0) return true;
    this.#pending.unshift(more);
    this.#buffered += 1;
    return false;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Bytes {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new Error(`Not a hex string: "${hex.slice(0, 20)}"`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
