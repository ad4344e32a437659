// Passphrase -> AES-GCM 256 key with PBKDF2-SHA256 (WebCrypto, native in browsers and Node 20).
// The same derivation also yields a 16-byte check value stored in the file's header, so a wrong
// passphrase is told apart from a damaged file before any data is decrypted.
import type { Bytes } from './streams';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the brief's floor is 310,000. */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_ITERATIONS = 310_000;
/** Refuse absurd counts from a file's header (they would hang the tab). */
export const MAX_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
export const CHECK_BYTES = 16;

export interface PassphraseKeys {
  key: CryptoKey;
  /** Proves the passphrase without decrypting anything. */
  check: Bytes;
}

export function checkIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new Error(`PBKDF2 iterations must be an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS} (got ${iterations})`);
  }
}

export async function deriveKeys(passphrase: string, salt: Bytes, iterations: number = PBKDF2_ITERATIONS): Promise<PassphraseKeys> {
  if (passphrase === '') throw new Error('The passphrase is empty');
  checkIterations(iterations);
  if (salt.length !== SALT_BYTES) throw new Error(`The salt must be ${SALT_BYTES} bytes (got ${salt.length})`);
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, (32 + CHECK_BYTES) * 8));
  const key = await subtle.importKey('raw', bits.slice(0, 32), { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const check = bits.slice(32);
  bits.fill(0);
  return { key, check };
}

export function randomBytes(n: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** Constant-time comparison of two byte strings of equal length. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
