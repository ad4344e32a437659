// The workspace file container ("RLWS"): a small header, then the payload (optionally gzip-compressed)
// cut into segments, each sealed on its own so memory stays at one segment whatever the file size.
//
//   0  "RLWS"                 4  version (1)     5  flags (1 = gzip, 2 = encrypted)   6  0x0000
//   8  segment size (u32, bytes of payload per segment; all big-endian)
//   encrypted only: 12 PBKDF2 iterations (u32)  16 salt (16)  32 IV prefix (8)  40 passphrase check (16)
//   then segments: u32 (bit 31 = last segment, bits 0-30 = sealed length), sealed bytes.
//
// Encrypted segments are AES-GCM 256 (IV = prefix + segment index); plain ones carry the first 16 bytes
// of SHA-256 over the same inputs. Either way the header, the segment's index and its "last" bit are
// authenticated, so a changed byte, reordered or dropped segments, and a cut-off file are all detected.
import { CHECK_BYTES, checkIterations, deriveKeys, PBKDF2_ITERATIONS, randomBytes, SALT_BYTES, sameBytes } from './passphrase';
import { ByteReader, concatBytes, fromStream, rechunk, toStream, type Bytes } from './streams';

export const MAGIC = 'RLWS';
export const FORMAT_VERSION = 1;
const FLAG_GZIP = 1;
const FLAG_ENCRYPTED = 2;
const PLAIN_HEADER = 12;
const ENCRYPTED_HEADER = 56;
const TAG_BYTES = 16;
const LAST = 0x8000_0000;
export const SEGMENT_BYTES = 1 << 20;
const MIN_SEGMENT = 1 << 10;
const MAX_SEGMENT = 64 << 20;

export type WorkspaceFileProblem = 'not-workspace' | 'version' | 'passphrase-needed' | 'wrong-passphrase' | 'damaged' | 'truncated';

/** A file that cannot be read, with a message a user can act on. */
export class WorkspaceFileError extends Error {
  readonly problem: WorkspaceFileProblem;
  constructor(problem: WorkspaceFileProblem, message: string) {
    super(message);
    this.name = 'WorkspaceFileError';
    this.problem = problem;
  }
}

export interface SealOptions {
  /** Encrypts when given (non-empty). */
  passphrase?: string;
  iterations?: number;
  /** gzip the payload (default true). */
  compress?: boolean;
  segmentBytes?: number;
}

export interface HeaderInfo {
  version: number;
  compressed: boolean;
  encrypted: boolean;
  iterations: number;
}

interface Header extends HeaderInfo {
  bytes: Bytes;
  segmentBytes: number;
  salt: Bytes;
  ivPrefix: Bytes;
  check: Bytes;
}

const damaged = (detail: string) => new WorkspaceFileError('damaged', `The file is damaged (${detail}).`);

/** Payload bytes in, file bytes out. */
export async function* sealWorkspace(payload: AsyncIterable<Uint8Array>, options: SealOptions = {}): AsyncGenerator<Bytes> {
  const compress = options.compress ?? true;
  const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
  if (!Number.isInteger(segmentBytes) || segmentBytes < MIN_SEGMENT || segmentBytes > MAX_SEGMENT) throw new Error(`Segment size must be ${MIN_SEGMENT} to ${MAX_SEGMENT} bytes (got ${segmentBytes})`);
  const encrypted = !!options.passphrase;
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  const header = new Uint8Array(encrypted ? ENCRYPTED_HEADER : PLAIN_HEADER);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode(MAGIC), 0);
  header[4] = FORMAT_VERSION;
  header[5] = (compress ? FLAG_GZIP : 0) | (encrypted ? FLAG_ENCRYPTED : 0);
  view.setUint32(8, segmentBytes);
  let key: CryptoKey | null = null;
  let ivPrefix = new Uint8Array(0);
  if (encrypted) {
    checkIterations(iterations);
    const salt = randomBytes(SALT_BYTES);
    ivPrefix = randomBytes(8);
    const keys = await deriveKeys(options.passphrase!, salt, iterations);
    key = keys.key;
    view.setUint32(12, iterations);
    header.set(salt, 16);
    header.set(ivPrefix, 32);
    header.set(keys.check, 40);
  }
  yield header;

  const source = compress ? fromStream(toStream(payload).pipeThrough(new CompressionStream('gzip'))) : payload;
  let index = 0;
  let previous: Bytes | null = null;
  const seal = async (data: Bytes, last: boolean): Promise<Bytes> => {
    const sealed = key ? await encrypt(key, ivPrefix, header, index, last, data) : concatBytes([data, await checksum(header, index, last, data)]);
    index++;
    const frame = new Uint8Array(4 + sealed.length);
    new DataView(frame.buffer).setUint32(0, (sealed.length | (last ? LAST : 0)) >>> 0);
    frame.set(sealed, 4);
    return frame;
  };
  for await (const piece of rechunk(source, segmentBytes)) {
    if (previous) yield await seal(previous, false);
    previous = piece;
  }
  yield await seal(previous ?? new Uint8Array(0), true);
}

/** What the first 8 bytes of a file say (for the UI: does it need a passphrase?); null if not a workspace file. */
export function describeHeader(first: Uint8Array): Pick<HeaderInfo, 'version' | 'encrypted' | 'compressed'> | null {
  if (first.length < 6 || new TextDecoder().decode(first.subarray(0, 4)) !== MAGIC) return null;
  return { version: first[4], compressed: (first[5] & FLAG_GZIP) !== 0, encrypted: (first[5] & FLAG_ENCRYPTED) !== 0 };
}

async function readHeader(reader: ByteReader): Promise<Header> {
  const start = await reader.read(PLAIN_HEADER);
  const info = describeHeader(start);
  if (!info) throw new WorkspaceFileError('not-workspace', 'This is not a Retention Lab workspace file (it does not start with "RLWS").');
  if (info.version !== FORMAT_VERSION) {
    throw new WorkspaceFileError('version', `This workspace file has format version ${info.version}; this app reads version ${FORMAT_VERSION}. Open it with a matching version of the app.`);
  }
  if (start.length < PLAIN_HEADER) throw new WorkspaceFileError('truncated', 'The file is incomplete: it ends inside its header.');
  if ((start[5] & ~(FLAG_GZIP | FLAG_ENCRYPTED)) !== 0 || start[6] !== 0 || start[7] !== 0) throw damaged('unknown header flags');
  const segmentBytes = new DataView(start.buffer).getUint32(8);
  if (segmentBytes < MIN_SEGMENT || segmentBytes > MAX_SEGMENT) throw damaged('bad segment size');
  if (!info.encrypted) return { ...info, bytes: start, segmentBytes, iterations: 0, salt: new Uint8Array(0), ivPrefix: new Uint8Array(0), check: new Uint8Array(0) };
  const rest = await reader.read(ENCRYPTED_HEADER - PLAIN_HEADER);
  if (rest.length < ENCRYPTED_HEADER - PLAIN_HEADER) throw new WorkspaceFileError('truncated', 'The file is incomplete: it ends inside its header.');
  const bytes = concatBytes([start, rest]);
  const iterations = new DataView(bytes.buffer).getUint32(12);
  try {
    checkIterations(iterations);
  } catch {
    throw damaged('bad key-derivation settings');
  }
  return { ...info, bytes, segmentBytes, iterations, salt: bytes.slice(16, 16 + SALT_BYTES), ivPrefix: bytes.slice(32, 40), check: bytes.slice(40, 40 + CHECK_BYTES) };
}

/**
 * File bytes in, verified payload bytes out. Throws WorkspaceFileError for a wrong or missing passphrase
 * (before any payload), and for damage or truncation (as soon as the damaged segment is reached: a
 * caller that must change nothing on failure consumes the whole stream before acting on it).
 */
export async function* openWorkspace(file: AsyncIterable<Uint8Array>, options: { passphrase?: string } = {}): AsyncGenerator<Bytes> {
  const reader = new ByteReader(file);
  const header = await readHeader(reader);
  let key: CryptoKey | null = null;
  if (header.encrypted) {
    if (!options.passphrase) throw new WorkspaceFileError('passphrase-needed', 'This workspace file is encrypted: enter its passphrase.');
    const keys = await deriveKeys(options.passphrase, header.salt, header.iterations);
    if (!sameBytes(keys.check, header.check)) throw new WorkspaceFileError('wrong-passphrase', 'Wrong passphrase (or the file’s header is damaged).');
    key = keys.key;
  }
  const segments = async function* (): AsyncGenerator<Bytes> {
    for (let index = 0; ; index++) {
      const word = await reader.read(4);
      if (word.length === 0) throw new WorkspaceFileError('truncated', 'The file is incomplete: it was cut off before its end.');
      if (word.length < 4) throw new WorkspaceFileError('truncated', 'The file is incomplete: it ends inside a segment.');
      const w = new DataView(word.buffer).getUint32(0);
      const last = (w & LAST) !== 0;
      const length = w & ~LAST;
      if (length < TAG_BYTES || length > header.segmentBytes + TAG_BYTES) throw damaged(`segment ${index + 1} has an impossible length`);
      const sealed = await reader.read(length);
      if (sealed.length < length) throw new WorkspaceFileError('truncated', 'The file is incomplete: it ends inside a segment.');
      let data: Bytes;
      if (key) {
        try {
          data = await decrypt(key, header.ivPrefix, header.bytes, index, last, sealed);
        } catch {
          throw damaged(`segment ${index + 1} failed its integrity check`);
        }
      } else {
        data = sealed.slice(0, length - TAG_BYTES);
        if (!sameBytes(await checksum(header.bytes, index, last, data), sealed.subarray(length - TAG_BYTES))) throw damaged(`segment ${index + 1} failed its integrity check`);
      }
      if (!last && data.length !== header.segmentBytes) throw damaged(`segment ${index + 1} is short`);
      if (data.length) yield data;
      if (last) {
        if (!(await reader.atEnd())) throw damaged('unexpected bytes after the last segment');
        return;
      }
    }
  };
  if (!header.compressed) {
    yield* segments();
    return;
  }
  const inflated = fromStream(toStream(segments()).pipeThrough(new DecompressionStream('gzip')));
  try {
    for await (const piece of inflated) yield piece as Bytes;
  } catch (e) {
    if (e instanceof WorkspaceFileError) throw e;
    throw damaged('its compressed data is invalid');
  }
}

function aad(header: Uint8Array, index: number, last: boolean): Bytes {
  const out = new Uint8Array(header.length + 5);
  out.set(header, 0);
  new DataView(out.buffer).setUint32(header.length, index);
  out[header.length + 4] = last ? 1 : 0;
  return out;
}

function iv(prefix: Uint8Array, index: number): Bytes {
  const out = new Uint8Array(12);
  out.set(prefix, 0);
  new DataView(out.buffer).setUint32(8, index);
  return out;
}

async function encrypt(key: CryptoKey, prefix: Uint8Array, header: Uint8Array, index: number, last: boolean, data: Bytes): Promise<Bytes> {
  return new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv(prefix, index), additionalData: aad(header, index, last) }, key, data));
}

async function decrypt(key: CryptoKey, prefix: Uint8Array, header: Uint8Array, index: number, last: boolean, sealed: Bytes): Promise<Bytes> {
  return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv(prefix, index), additionalData: aad(header, index, last) }, key, sealed));
}

async function checksum(header: Uint8Array, index: number, last: boolean, data: Uint8Array): Promise<Bytes> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', concatBytes([aad(header, index, last), data]));
  return new Uint8Array(digest, 0, TAG_BYTES).slice();
}
