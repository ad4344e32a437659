import { describe, expect, it } from 'vitest';
import { buildWorld, csvField, customerId } from './world';

describe('world', () => {
  it('pads customer ids to at least six digits, more for huge workspaces', () => {
    expect(customerId(buildWorld({ customers: 10 }), 122)).toBe('C000123');
    expect(customerId(buildWorld({ customers: 12_000_000, products: 20 }), 0)).toBe('C00000001');
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField("O'Brien")).toBe("O'Brien");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});
