import { describe, expect, it } from 'vitest';
import { StringDict, hashRange, ownString } from './dictionary';

describe('StringDict', () => {
  it('finds ranges of other strings, codes in first-seen order', () => {
    const d = new StringDict();
    const line = 'Yes,No,Yes,Maybe';
    expect(d.get(line, 0, 3)).toBeUndefined();
    expect(d.add('Yes')).toBe(0);
    expect(d.add('No')).toBe(1);
    expect(d.get(line, 7, 10)).toBe(0);
    expect(d.get(line, 4, 6)).toBe(1);
    expect(d.get(line, 11, 16)).toBeUndefined();
    expect(d.get(line, 0, 2)).toBeUndefined(); // "Ye": same prefix, different value
    expect(d.values).toEqual(['Yes', 'No']);
  });
  it('maps aliases (other spellings, missing tokens) without new values', () => {
    const d = new StringDict();
    d.add('17850');
    d.alias('17850.0', 0);
    d.alias('NA', -1);
    expect(d.get('x17850.0', 1, 8)).toBe(0);
    expect(d.get('NA', 0, 2)).toBe(-1);
    expect(d.values).toEqual(['17850']);
  });
  it('stays correct through many rehashes', () => {
    const d = new StringDict();
    for (let i = 0; i < 50_000; i++) expect(d.add(`v${i}`)).toBe(i);
    for (let i = 0; i < 50_000; i += 7) expect(d.get(`v${i}`, 0, `v${i}`.length)).toBe(i);
    expect(d.get('v50000', 0, 6)).toBeUndefined();
  });
  it('hashes a range like the same string on its own', () => {
    expect(hashRange('a,bc,d', 2, 4)).toBe(hashRange('bc', 0, 2));
    expect(hashRange('bc', 0, 2)).not.toBe(hashRange('cb', 0, 2));
  });
});

describe('ownString', () => {
  it('copies short and long ranges exactly', () => {
    const t = 'abc,' + 'x'.repeat(40) + ',z';
    expect(ownString(t, 0, 3)).toBe('abc');
    expect(ownString(t, 4, 44)).toBe('x'.repeat(40));
    expect(ownString(t, 4, 4)).toBe('');
  });
});
