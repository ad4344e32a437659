import { describe, expect, it } from 'vitest';
import { deriveKeys, MIN_ITERATIONS, randomBytes, sameBytes } from './passphrase';

describe('passphrase keys', () => {
  it('derives the same check from the same passphrase and salt, another from another', async () => {
    const salt = randomBytes(16);
    const a = await deriveKeys('secret', salt, MIN_ITERATIONS);
    const b = await deriveKeys('secret', salt, MIN_ITERATIONS);
    const c = await deriveKeys('Secret', salt, MIN_ITERATIONS);
    expect(sameBytes(a.check, b.check)).toBe(true);
    expect(sameBytes(a.check, c.check)).toBe(false);
    expect(a.key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
  });

  it('refuses weak settings', async () => {
    await expect(deriveKeys('x', randomBytes(16), 1000)).rejects.toThrow('iterations');
    await expect(deriveKeys('', randomBytes(16), MIN_ITERATIONS)).rejects.toThrow('empty');
  });
});
