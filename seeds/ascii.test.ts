import { describe, expect, it } from 'vitest';
import { AsciiBatch } from './ascii';

describe('AsciiBatch', () => {
  it('writes text, integers, cents, padded numbers and clocks', () => {
    const b = new AsciiBatch(4);
    b.reserve(200);
    b.text('I').padded(42, 8).comma().int(0).comma().int(-305).comma().int(1234567890).endRow();
    b.reserve(200);
    b.cents(1999).comma().cents(5).comma().cents(-1050).comma().cents(0).comma().padded(123456789, 3);
    b.text('2025-07-04').clock(9 * 3600 + 5 * 60 + 7).endRow();
    expect(b.rows).toBe(2);
    expect(b.take()).toBe('I00000042,0,-305,1234567890\n19.99,0.05,-10.50,0.00,1234567892025-07-04 09:05:07\n');
    expect(b.rows).toBe(0);
    expect(b.byteLength).toBe(0);
  });

  it('grows past its initial capacity without losing bytes', () => {
    const b = new AsciiBatch(8);
    for (let i = 0; i < 1000; i++) {
      b.reserve(16);
      b.int(i).endRow();
    }
    const lines = b.take().split('\n');
    expect(lines.length).toBe(1001);
    expect(lines[999]).toBe('999');
  });
});
