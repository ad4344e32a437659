import { describe, expect, it } from 'vitest';
import { importPseudonymKey, looksPersonal, newPseudonymKey, PSEUDONYM_HEX, pseudonymise } from './pseudonym';

describe('pseudonymisation', () => {
  it('maps each value to a stable keyed hex pseudonym', async () => {
    const hex = newPseudonymKey();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const key = await importPseudonymKey(hex);
    const values = ['a@example.com', 'b@example.com', 'a@example.com', ''];
    const out = await pseudonymise(values, key, 2);
    expect(out[0]).toMatch(new RegExp(`^[0-9a-f]{${PSEUDONYM_HEX}}$`));
    expect(out[0]).toBe(out[2]);
    expect(out[0]).not.toBe(out[1]);
    expect(await pseudonymise(values, await importPseudonymKey(hex))).toEqual(out);
    const other = await pseudonymise(values, await importPseudonymKey(newPseudonymKey()));
    expect(other[0]).not.toBe(out[0]);
  });

  it('matches RFC 4231 HMAC-SHA-256 (test case 2, truncated)', async () => {
    const key = await globalThis.crypto.subtle.importKey('raw', new TextEncoder().encode('Jefe'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect(await pseudonymise(['what do ya want for nothing?'], key)).toEqual(['5bdcc146bf60754e']);
  });

  it('suggests columns that look personal', () => {
    for (const n of ['email', 'Email Address', 'full_name', 'first_name', 'LastName', 'name', 'customer_name', 'phone', 'mobile', 'address', 'street', 'date_of_birth', 'username', 'surname']) expect(looksPersonal(n), n).toBe(true);
    for (const n of ['product_name', 'item_name', 'category', 'customer_id', 'amount', 'telco', 'filename', 'country', 'plan_name', 'tenure']) expect(looksPersonal(n), n).toBe(false);
  });
});
