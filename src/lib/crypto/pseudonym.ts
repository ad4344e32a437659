// Pseudonymisation of personal data at import: each distinct value becomes HMAC-SHA-256(workspace key,
// value) as truncated hex. The key is random per workspace, so the same email hashes alike in every
// dataset of this workspace (joins still work) but cannot be recomputed from a guess elsewhere.
import { randomBytes } from './passphrase';
import { fromHex, toHex } from './streams';

export type PiiAction = 'hash' | 'drop';

/** Hex characters kept: 64 bits, so a collision among a million distinct values has odds of about 1 in 36 million. */
export const PSEUDONYM_HEX = 16;
export const PSEUDONYM_KEY_BYTES = 32;

/** A new random workspace key, as hex (stored in settings). */
export function newPseudonymKey(): string {
  return toHex(randomBytes(PSEUDONYM_KEY_BYTES));
}

export async function importPseudonymKey(hex: string): Promise<CryptoKey> {
  const raw = fromHex(hex);
  if (raw.length !== PSEUDONYM_KEY_BYTES) throw new Error(`A pseudonymisation key has ${PSEUDONYM_KEY_BYTES} bytes (got ${raw.length})`);
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** Pseudonyms for a dictionary's values, in order (so category codes stay as they are). */
export async function pseudonymise(values: readonly string[], key: CryptoKey, batch = 2048): Promise<string[]> {
  const encoder = new TextEncoder();
  const out: string[] = new Array(values.length);
  for (let start = 0; start < values.length; start += batch) {
    const end = Math.min(values.length, start + batch);
    const sigs = await Promise.all(values.slice(start, end).map((v) => globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(v))));
    for (let i = 0; i < sigs.length; i++) out[start + i] = toHex(new Uint8Array(sigs[i], 0, PSEUDONYM_HEX / 2));
  }
  return out;
}

const PII_NAME = /e-?mail|(^|[^a-z])(first|last|full|given|family|sur|user|customer|contact|display)?_?name($|[^a-z])|^name|phone|mobile|^tel$|telephone|address|street|postcode|zip_?code|postal|birth|dob$|ssn|passport|national_?id|iban|credit_?card|ip_?addr/i;
const NOT_PII = /(product|item|category|brand|file|company|segment|plan|column|event|campaign|store|city|country|domain)_?name/i;

/** Whether a column's name suggests personal data (email, name, phone, address and the like). */
export function looksPersonal(columnName: string): boolean {
  const name = columnName.trim();
  return PII_NAME.test(name) && !NOT_PII.test(name);
}
